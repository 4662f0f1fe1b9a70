import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * A database of its own for one test suite or benchmark on a PostgreSQL server, dropped afterwards,
 * so suites can run in parallel against one server without seeing each other's rows.
 */
export async function createScratchDatabase(serverUrl: string, options: { tablespace?: string } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `msz_t_${randomBytes(6).toString('hex')}`;
  // A tablespace puts the whole database elsewhere (the analytics bench's compressed volume); a name, never SQL.
  if (options.tablespace !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.tablespace)) throw new Error(`not a tablespace name: ${options.tablespace}`);
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${options.tablespace ? ` TABLESPACE ${options.tablespace}` : ''}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
