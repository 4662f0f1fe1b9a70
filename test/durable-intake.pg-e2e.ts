import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { loadConfig } from '@msz/server/config/app-config';
import { expectNothingLost, runOutage } from './support/outage';
import { Resident } from './support/resident';

// pg is the server's dependency, not this package's.
const { Client } = createRequire(join(__dirname, '../apps/server/package.json'))('pg') as {
  Client: new (url: string) => { connect(): Promise<void>; query(sql: string): Promise<unknown>; end(): Promise<void> };
};

/**
 * The real outage: PostgreSQL refuses the database and kills its sessions (as a restart does)
 * while residents are writing, then lets it back in. Needs a PostgreSQL server.
 */
describe('nothing lost while PostgreSQL is away', () => {
  let sut: TestApp;
  let admin: InstanceType<typeof Client>;
  let database: string;

  beforeAll(async () => {
    sut = await createTestApp();
    database = new URL(sut.config.databaseUrl!).pathname.slice(1);
    admin = new Client(loadConfig().databaseUrl!);
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin?.end();
    await sut?.close();
  });

  it('files every demand once, in order, after PostgreSQL drops every session and comes back', async () => {
    // Load that is in flight when PostgreSQL goes: each of these must end as exactly one case.
    const busy = Array.from({ length: 30 }, (_, i) => new Resident(sut.baseUrl, `o_busy_${String(i).padStart(3, '0')}`));
    let inFlight: Promise<unknown> = Promise.resolve();
    const stop = async () => {
      inFlight = Promise.all(busy.map((r, i) => r.say(`白沙镇${i}号水管爆了`)));
      await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}' AND pid <> pg_backend_pid()`);
    };
    const start = async () => {
      await new Promise((r) => setTimeout(r, 1_500)); // a restart takes a second or two
      await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
      await inFlight;
    };
    const outcome = await runOutage(sut, 40, stop, start);
    await expectNothingLost(sut, outcome);

    const filed: Array<{ resident_openid: string; n: number }> = await sut.ds.query(
      `SELECT resident_openid, count(*)::int AS n FROM case_file WHERE resident_openid LIKE 'o_busy_%' GROUP BY resident_openid`,
    );
    expect(filed).toHaveLength(30);
    expect(filed.every((f) => f.n === 1)).toBe(true);
  });
});
