/**
 * Embedded PostgreSQL (PGlite) for TypeORM, with real transaction isolation.
 *
 * ```ts
 * const db = await openPglite(dataDir);            // undefined → in memory
 * const ds = new DataSource({
 *   type: 'postgres',
 *   driver: createPgliteDriver(db),                 // instead of require('pg')
 *   database: 'postgres',                           // optional; PGlite's only database
 *   installExtensions: false, uuidExtension: 'pgcrypto', // gen_random_uuid() is built in
 *   entities, migrations, synchronize: false,
 * });
 * ```
 * No host/port/username/password are needed. PGlite is one session: each query runner holds it
 * exclusively from its first query until it is released, and the others wait (FIFO) up to
 * `checkoutTimeoutMs` (30 s). So inside `dataSource.transaction(em => …)` use `em` only: a second
 * connection requested from the same flow waits for itself and fails with
 * PgliteCheckoutTimeoutError. A runner released inside an open transaction is rolled back.
 * Do not call `db.query`/`db.exec` directly while a DataSource uses the instance.
 *
 * `dataSource.destroy()` closes the instance once no other DataSource uses it (`closeOnEnd`,
 * default true); pass `{ closeOnEnd: false }` to keep it open. An unclosed instance keeps Node
 * alive for up to 10 s (PostgreSQL's idle statistics timer) and leaves its files unclean.
 *
 * Start PGlite only through `openPglite`: under jest it loads PGlite outside the test sandbox,
 * where PGlite's own `import()` calls work (a bare `PGlite.create()` in a jest test crashes the
 * worker with ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG).
 */
export {
  createPgliteDriver,
  DEFAULT_CHECKOUT_TIMEOUT_MS,
  PgliteCheckoutTimeoutError,
  PgliteLeasedClient,
  PglitePool,
  type PgliteDriver,
  type PgliteDriverOptions,
} from './driver';
export { openPglite } from './open';
