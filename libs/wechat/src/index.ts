// The WeChat protocol, knowing nothing of cases. The server imports from here only.
export * from './webhook';
export * from './api';
export * from './fake';
export * from './pay';
