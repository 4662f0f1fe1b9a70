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
 * `checkoutTimeoutMs`. So inside `dataSource.transaction(em => …)` use `em` only: a second
 * connection requested from the same flow waits for itself and fails with
 * PgliteCheckoutTimeoutError. Do not call `db.query`/`db.exec` directly while a DataSource uses
 * the instance.
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
