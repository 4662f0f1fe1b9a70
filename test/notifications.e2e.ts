import { createTestApp, TEST_WECHAT, type TestApp } from '@msz/server/testing/test-app';
import { Resident } from './support/resident';
import { Staff } from './support/staff';

const TEMPLATE_SEND = '/cgi-bin/message/template/send';

/** Notifications survive WeChat's routine failures: none lost, none doubled. */
describe('notification delivery through the outbox', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let jingxi: string;

  beforeAll(async () => {
    sut = await createTestApp();
    dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
    jingxi = ((await dispatcher.call('GET', '/api/units')).body as Array<{ id: string; name: string }>).find((u) => u.name === '井溪镇')!.id;
  });
  afterAll(() => sut?.close());

  async function assignNewCase(openid: string): Promise<string> {
    const number = (await new Resident(sut.baseUrl, openid).say('井溪镇五村的水渠堵了，田里进不了水')).reply!.match(/MS\d{8}-\d{4}/)![0];
    const c = (await dispatcher.call('GET', '/api/cases?status=accepted')).body.items.find((x: { number: string }) => x.number === number);
    expect((await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: jingxi })).status).toBe(200);
    return c.id;
  }
  const outboxRow = async (caseId: string) =>
    (await sut.ds.query(`SELECT status, attempts, last_error FROM outbox_message WHERE case_id = $1 AND kind = 'case_assigned'`, [caseId]))[0];
  /** Lets the backoff pass without waiting for it. */
  const timePasses = () => sut.ds.query(`UPDATE outbox_message SET next_attempt_at = now() WHERE status = 'pending'`);

  it('retries a failed send with backoff and delivers it exactly once', async () => {
    const before = sut.wechat.sent.length;
    const caseId = await assignNewCase('o_notify_retry_01');
    sut.wechat.failNext(TEMPLATE_SEND, -1, 2, 'system error');

    expect(await sut.outbox.drain()).toBe(0);
    expect(await outboxRow(caseId)).toMatchObject({ status: 'pending', attempts: 1, last_error: expect.stringContaining('-1') });
    expect(await sut.outbox.drain()).toBe(0); // not due yet: backoff holds it
    await timePasses();
    expect(await sut.outbox.drain()).toBe(0);
    await timePasses();
    expect(await sut.outbox.drain()).toBe(1);
    expect(await outboxRow(caseId)).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    const delivered = sut.wechat.sent.slice(before);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ touser: 'o_demo_handler_jingxi', template_id: TEST_WECHAT.templates.assigned });
    await timePasses();
    expect(await sut.outbox.drain()).toBe(0);
  });

  it('waits out WeChat’s quota without spending attempts, and never fails the backlog for it', async () => {
    const first = await assignNewCase('o_notify_quota_01');
    const second = await assignNewCase('o_notify_quota_02');
    sut.wechat.failNext(TEMPLATE_SEND, 45009, 2, 'reach max api daily quota limit');
    expect(await sut.outbox.drain()).toBe(0); // both hit the quota; the run stops there
    expect(await outboxRow(first)).toMatchObject({ status: 'pending', attempts: 0, last_error: expect.stringContaining('45009') });
    expect(await outboxRow(second)).toMatchObject({ status: 'pending', attempts: 0 });
    const [{ waits }] = await sut.ds.query(`SELECT (next_attempt_at - now()) > interval '50 minutes' AS waits FROM outbox_message WHERE case_id = $1`, [first]);
    expect(waits).toBe(true);
    await timePasses();
    expect(await sut.outbox.drain()).toBe(2);
  });

  it('refreshes an invalidated token once and delivers once', async () => {
    const before = sut.wechat.sent.length;
    const tokensBefore = sut.wechat.issuedTokens();
    await assignNewCase('o_notify_token_01');
    sut.wechat.failNext(TEMPLATE_SEND, 40001, 1);
    expect(await sut.outbox.drain()).toBe(1);
    expect(sut.wechat.sent.slice(before)).toHaveLength(1);
    expect(sut.wechat.issuedTokens() - tokensBefore).toBeLessThanOrEqual(1);
  });

  it('uses the city’s own template field names when configured', async () => {
    const custom = await createTestApp({ WECHAT_TEMPLATE_FIELDS: JSON.stringify({ case_assigned: { character_string1: 'keyword1', thing2: 'keyword2' } }) });
    try {
      const admin = await Staff.login(custom.baseUrl, 'dispatcher');
      const town = ((await admin.call('GET', '/api/units')).body as Array<{ id: string; name: string }>).find((u) => u.name === '井溪镇')!.id;
      const number = (await new Resident(custom.baseUrl, 'o_notify_fields_01').say('井溪镇十村的路灯坏了')).reply!.match(/MS\d{8}-\d{4}/)![0];
      const c = (await admin.call('GET', '/api/cases?status=accepted')).body.items.find((x: { number: string }) => x.number === number);
      await admin.call('POST', `/api/cases/${c.id}/assign`, { unitId: town });
      await custom.outbox.drain();
      const [msg] = custom.wechat.sent.filter((m) => m.template_id === TEST_WECHAT.templates.assigned);
      expect(Object.keys(msg.data!).sort()).toEqual(['keyword1', 'keyword2', 'thing4', 'time3']);
      expect(msg.data!.keyword1.value).toBe(number);
    } finally {
      await custom.close();
    }
  });

  it('stops retrying what WeChat will never accept and keeps the reason for staff', async () => {
    const before = sut.wechat.sent.length;
    const caseId = await assignNewCase('o_notify_refused_01');
    sut.wechat.failNext(TEMPLATE_SEND, 43101, 1);
    expect(await sut.outbox.drain()).toBe(0);
    expect(await outboxRow(caseId)).toMatchObject({ status: 'failed', attempts: 1, last_error: expect.stringContaining('43101') });
    await timePasses();
    expect(await sut.outbox.drain()).toBe(0);
    expect(sut.wechat.sent.slice(before)).toHaveLength(0);
  });
});
