import { Initial1795681762129 } from './1795681762129-Initial';

// Committed migrations, oldest first. Never edit one that has landed: add a new one.
export const MIGRATIONS: Function[] = [Initial1795681762129];
