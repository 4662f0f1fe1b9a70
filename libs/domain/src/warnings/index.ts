export * from './warning-level';
export * from './thresholds';
export * from './poisson';
export * from './area-warnings';
export * from './warning-lifecycle';
