import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { Staff } from './support/staff';
import { startSecondInstance, type SecondInstance } from './support/second-instance';

/**
 * An admin's change on one instance reaches another within seconds, through PostgreSQL's
 * LISTEN/NOTIFY. Background polling is off in tests (WORKER_POLL_MS=0), so nothing else could
 * carry the change. Needs a real server: PGlite is one connection in one process.
 */
describe('settings changed on one instance reach the other', () => {
  let first: TestApp;
  let second: SecondInstance;
  let secondUrl: string;

  beforeAll(async () => {
    first = await createTestApp();
    second = await startSecondInstance(first);
    secondUrl = second.baseUrl;
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  /** Asks every 100 ms until `seen` holds; returns how long it took. */
  async function within(ms: number, seen: () => Promise<boolean>): Promise<number> {
    const started = Date.now();
    while (!(await seen())) {
      if (Date.now() - started > ms) throw new Error(`not seen within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return Date.now() - started;
  }

  it('the taxonomy', async () => {
    const admin = await Staff.login(first.baseUrl, 'admin');
    const reader = await Staff.login(secondUrl, 'dispatcher');
    const taxonomy = (await admin.call('GET', '/api/taxonomy')).body;
    const code = taxonomy.subItems[0].code as string;
    const renamed = { ...taxonomy, subItems: taxonomy.subItems.map((s: { code: string }) => (s.code === code ? { ...s, name: '道路桥梁（新）' } : s)) };
    const nameOnSecond = async () => (await reader.call('GET', '/api/taxonomy')).body.subItems.find((s: { code: string }) => s.code === code).name;
    expect(await nameOnSecond()).not.toBe('道路桥梁（新）');

    expect((await admin.call('PUT', '/api/taxonomy', renamed)).status).toBe(200);
    expect(await within(3_000, async () => (await nameOnSecond()) === '道路桥梁（新）')).toBeLessThan(3_000);
  });

  it('the working-day calendar', async () => {
    const admin = await Staff.login(secondUrl, 'admin');
    const reader = await Staff.login(first.baseUrl, 'dispatcher');
    const covered = async () => ((await reader.call('GET', '/api/calendar/coverage')).body.coveredYears as number[]).includes(2027);
    expect(await covered()).toBe(false);

    expect((await admin.call('PUT', '/api/calendar/years/2027', { days: [{ day: '2027-01-01', workday: false, note: '元旦' }] })).status).toBe(200);
    expect(await within(3_000, covered)).toBeLessThan(3_000);
  });

  it('a change made while an instance’s listening connection was cut, once it reconnects', async () => {
    const admin = await Staff.login(first.baseUrl, 'admin');
    const reader = await Staff.login(secondUrl, 'dispatcher');
    const taxonomy = (await admin.call('GET', '/api/taxonomy')).body;
    const code = taxonomy.subItems[1].code as string;
    const nameOnSecond = async () => (await reader.call('GET', '/api/taxonomy')).body.subItems.find((s: { code: string }) => s.code === code).name;

    // Both instances lose their LISTEN sessions (a restart of PostgreSQL, a proxy timing out).
    const [{ cut }] = await first.ds.query(
      `SELECT count(pg_terminate_backend(pid))::int AS cut FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN msz_settings'`,
    );
    expect(cut).toBe(2);
    const renamed = { ...taxonomy, subItems: taxonomy.subItems.map((s: { code: string }) => (s.code === code ? { ...s, name: '断线时改的名' } : s)) };
    expect((await admin.call('PUT', '/api/taxonomy', renamed)).status).toBe(200);
    expect(await within(8_000, async () => (await nameOnSecond()) === '断线时改的名')).toBeLessThan(8_000);
  });
});
