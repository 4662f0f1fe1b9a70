import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { OutboxService } from '@msz/server/modules/notifications/outbox.service';
import { randomUUID } from 'node:crypto';
import { callApi, residentToken } from './support/api';
import { Resident } from './support/resident';
import { Staff } from './support/staff';
import { startSecondInstance, type SecondInstance } from './support/second-instance';

/**
 * Two server instances on one PostgreSQL database, as a city would run them behind a load balancer.
 * Needs a real server: PGlite is one connection in one process.
 */
describe('two server instances on one PostgreSQL database', () => {
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

  it('issues unique, gap-free case numbers to residents filing on both at once', async () => {
    const filings = Array.from({ length: 40 }, (_, i) =>
      new Resident(i % 2 ? first.baseUrl : secondUrl, `o_concurrent_${String(i).padStart(3, '0')}`).say(`八台镇第${i}号路灯坏了，晚上很黑`),
    );
    const replies = await Promise.all(filings);
    const numbers = replies.map((r) => r.reply!.match(/MS\d{8}-(\d{4})/)![1]).map(Number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('delivers each notification exactly once when both instances drain the outbox together', async () => {
    const dispatcher = await Staff.login(first.baseUrl, 'dispatcher');
    const units = (await dispatcher.call('GET', '/api/units')).body as Array<{ id: string; name: string }>;
    const batai = units.find((u) => u.name === '八台镇')!.id;
    const { items } = (await dispatcher.call('GET', '/api/cases?status=accepted&limit=200')).body;
    await Promise.all(items.map((c: { id: string }) => dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: batai })));

    const before = first.wechat.sent.length;
    const [a, b] = await Promise.all([first.outbox.drain(), second.app.get(OutboxService).drain()]);
    expect(a + b).toBe(items.length);
    const assigned = first.wechat.sent.slice(before).filter((m) => m.touser === 'o_demo_handler_batai');
    expect(assigned).toHaveLength(items.length);
    expect(new Set(assigned.map((m) => m.client_msg_id)).size).toBe(items.length);
    const [{ pending }] = await first.ds.query(`SELECT count(*)::int AS pending FROM outbox_message WHERE status <> 'sent'`);
    expect(pending).toBe(0);
  });

  it('lets one of several staff acting on a case at once win; the others get 409 and change nothing', async () => {
    const number = (await new Resident(first.baseUrl, 'o_race_01').say('黄钟镇的渡船停了，学生过不了河')).reply!.match(/MS\d{8}-\d{4}/)![0];
    const dispatchers = [await Staff.login(first.baseUrl, 'dispatcher'), await Staff.login(secondUrl, 'dispatcher')];
    const c = (await dispatchers[0].call('GET', '/api/cases?status=accepted&limit=200')).body.items.find((x: { number: string }) => x.number === number);
    const units = (await dispatchers[0].call('GET', '/api/units')).body as Array<{ id: string; level: string }>;
    const towns = units.filter((u) => u.level !== 'city');

    // Optimistic: everyone acts on the version they saw.
    const assigns = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        dispatchers[i % 2].call('POST', `/api/cases/${c.id}/assign`, { unitId: towns[i % towns.length].id, expectedVersion: c.version }),
      ),
    );
    expect(assigns.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    expect(assigns.filter((r) => r.status === 409).every((r) => r.body.code === 'CONFLICT')).toBe(true);

    // Without a version the lifecycle itself refuses the repeats.
    const handlerUnit = assigns.find((r) => r.status === 200)!.body.unitId as string;
    const [{ username: handlerName }] = await first.ds.query(`SELECT username FROM staff_user WHERE unit_id = $1 AND role = 'handler'`, [handlerUnit]);
    const handlers = [await Staff.login(first.baseUrl, handlerName), await Staff.login(secondUrl, handlerName)];
    const signs = await Promise.all(Array.from({ length: 6 }, (_, i) => handlers[i % 2].call('POST', `/api/cases/${c.id}/sign-for`)));
    expect(signs.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);

    const detail = (await dispatchers[0].call('GET', `/api/cases/${c.id}`)).body;
    expect(detail.timeline.map((t: { action: string }) => t.action)).toEqual(['file', 'assign', 'sign_for']);
  });

  it('gives a phone number bound by several accounts at once to exactly one of them, answering every one', async () => {
    const openids = Array.from({ length: 8 }, (_, i) => `o_phone_race_${i}`);
    const tokens = await Promise.all(openids.map((o, i) => residentToken(i % 2 ? first.baseUrl : secondUrl, o)));
    for (let round = 0; round < 3; round++) {
      const binds = await Promise.all(tokens.map((t, i) => callApi(i % 2 ? first.baseUrl : secondUrl, t, 'POST', '/api/my/phone', { code: `phone-13700006666.${randomUUID()}` })));
      expect(binds.map((b) => b.status)).toEqual(tokens.map(() => 200));
      const holders: Array<{ openid: string }> = await first.ds.query(`SELECT openid FROM resident_account WHERE phone = '13700006666'`);
      expect(holders).toHaveLength(1);
    }
  });
});
