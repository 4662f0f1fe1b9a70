import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DatabaseTarget {
  /** A PostgreSQL server; when absent, embedded PGlite. */
  url?: string;
  /** Where PGlite keeps its files; null keeps it in memory (tests). */
  dataDir: string | null;
  /** In-memory PGlite only: start from this dump (see writeMigratedPgliteSnapshot) instead of an empty cluster. */
  pgliteSnapshot?: string;
}

const common = {
  type: 'postgres',
  entities: ENTITIES,
  migrations: MIGRATIONS,
  // The schema changes only through committed migrations.
  synchronize: false,
  migrationsRun: false,
  migrationsTransactionMode: 'each',
  // gen_random_uuid() is built into PostgreSQL 13+; no extension to install (PGlite has none).
  uuidExtension: 'pgcrypto',
  installExtensions: false,
} as const;

/** Connections a process holds to a PostgreSQL server (node-postgres' pool). */
const SERVER_POOL_SIZE = 10;

export async function createDataSource(target: DatabaseTarget): Promise<DataSource> {
  if (target.url) {
    return new DataSource({ ...common, url: target.url, extra: { max: SERVER_POOL_SIZE } } as DataSourceOptions);
  }
  // Loaded only when needed: a server deployment never pays for the WASM build.
  const { createPgliteDriver, openPglite } = await import('./pglite');
  const snapshot = target.dataDir === null && target.pgliteSnapshot ? new Blob([await readFile(target.pgliteSnapshot)]) : undefined;
  const db = await openPglite(target.dataDir === null ? undefined : join(target.dataDir, 'pglite'), { snapshot });
  return new DataSource({ ...common, database: 'postgres', driver: createPgliteDriver(db, { closeOnEnd: true }) } as DataSourceOptions);
}

/** How many connections the data source may hold at once: its pool's size on a server, 1 on PGlite. */
export function connectionsOf(ds: DataSource): number {
  return (ds.options as { extra?: { max?: number } }).extra?.max ?? 1;
}

const MIGRATION_LOCK = 7_012_345; // any constant shared by every instance of this app

/**
 * Runs pending migrations. On a server, several instances may start at once, so they queue
 * on an advisory lock; PGlite has one connection and one process, so it needs none.
 */
export async function migrate(ds: DataSource, onServer: boolean): Promise<void> {
  if (!onServer) {
    await ds.runMigrations({ transaction: 'each' });
    return;
  }
  const lock = ds.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
}

/**
 * Writes a dump of an in-memory PGlite with every migration applied, for tests that start many
 * databases: they still run `migrate` (a no-op on the snapshot), so the real path is exercised.
 * Written to a temporary name and renamed, so parallel writers never leave a torn file.
 */
export async function writeMigratedPgliteSnapshot(file: string): Promise<void> {
  const { createPgliteDriver, openPglite } = await import('./pglite');
  const db = await openPglite();
  const ds = new DataSource({ ...common, database: 'postgres', driver: createPgliteDriver(db, { closeOnEnd: false }) } as DataSourceOptions);
  try {
    await ds.initialize();
    await migrate(ds, false);
    await ds.destroy();
    const dump = await db.dumpDataDir('none');
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
  } finally {
    await db.close();
  }
}

/** SQL the entities would need beyond the committed migrations: empty when they agree. */
export async function pendingSchemaChanges(ds: DataSource): Promise<string[]> {
  const log = await ds.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}
