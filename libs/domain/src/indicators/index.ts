export * from './periods';
export * from './case-measures';
export * from './counters';
export * from './indicators';
export * from './league-standards';
export * from './league';
