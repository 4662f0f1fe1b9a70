import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createPgliteDriver, openPglite } from './index';

jest.setTimeout(60_000);

async function dataSourceAt(dataDir: string): Promise<DataSource> {
  const db = await openPglite(dataDir);
  // No host, port, user or database: TypeORM asks PGlite for its database name.
  const ds = new DataSource({ type: 'postgres', driver: createPgliteDriver(db) });
  await ds.initialize();
  expect(ds.driver.database).toBe('postgres');
  return ds;
}

describe('openPglite', () => {
  let tmp: string;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'pglite-spec-'));
  });

  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('keeps data on disk across close and reopen', async () => {
    const dir = join(tmp, 'nested', 'pglite'); // created on demand
    const first = await dataSourceAt(dir);
    await first.query(`CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL, at timestamptz NOT NULL, meta jsonb)`);
    await first.transaction(async (em) => {
      await em.query(`INSERT INTO note VALUES (1, $1, $2, $3)`, ['kept', new Date('2024-01-02T03:04:05Z'), { n: 1 }]);
    });
    const rolledBack = first.transaction(async (em) => {
      await em.query(`INSERT INTO note VALUES (2, 'discarded', now(), NULL)`);
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    await first.destroy(); // closes PGlite: the DataSource owned it
    expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);

    const second = await dataSourceAt(dir);
    try {
      expect(await second.query('SELECT id, body, at, meta FROM note ORDER BY id')).toEqual([
        { id: 1, body: 'kept', at: new Date('2024-01-02T03:04:05Z'), meta: { n: 1 } },
      ]);
    } finally {
      await second.destroy();
    }
  });

  it('keeps an in-memory database apart from every other', async () => {
    const a = await openPglite();
    const b = await openPglite();
    try {
      await a.exec('CREATE TABLE only_in_a (id int)');
      const found = await b.query(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'only_in_a'`);
      expect(found.rows).toEqual([{ n: 0 }]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses an empty folder name', async () => {
    await expect(openPglite('  ')).rejects.toThrow(/dataDir must be a folder path/);
  });
});
