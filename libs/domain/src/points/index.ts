export * from './ledger';
export * from './review';
export * from './catalogue';
export * from './reward';
