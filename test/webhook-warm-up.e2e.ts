import { warmUp } from '@msz/server/app.factory';
import { WebhookEndpoint } from '@msz/server/modules/wechat/webhook.endpoint';
import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { numberIn, Resident } from './support/resident';

/**
 * Before the server takes traffic it rehearses the webhook's path with made-up residents
 * (WebhookEndpoint.rehearse): the whole filing runs, and nothing of it may stay.
 */
describe('the webhook warm-up', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(() => sut?.close());

  const counts = async () =>
    (
      await sut.ds.query(
        `SELECT (SELECT count(*) FROM case_file)::int AS cases, (SELECT count(*) FROM case_timeline)::int AS steps,
                (SELECT count(*) FROM wechat_inbound)::int AS inbound, (SELECT count(*) FROM wechat_session)::int AS sessions,
                (SELECT count(*) FROM resident_identity)::int AS identities, (SELECT count(*) FROM outbox_message)::int AS outbox,
                (SELECT count(*) FROM pg_class WHERE relkind = 'S' AND relname LIKE 'case_no_%')::int AS sequences`,
      )
    )[0] as Record<string, number>;

  it('files and follows up every made-up message, then keeps nothing and asks WeChat nothing', async () => {
    const before = await counts();
    const wechatCalls = sut.wechat.requests.length;

    const replies = await sut.app.get(WebhookEndpoint).rehearse(2, 3);

    // 2 connections × 3 residents × (a complaint, then a follow-up): all through the filing path,
    // numbered on days long past (each group its own), not on today's sequence.
    expect(replies).toHaveLength(12);
    const numbers = replies.map((r) => numberIn(r?.content ?? null));
    expect(new Set(numbers).size).toBe(6);
    for (const n of numbers) expect(n).toMatch(/^MS2000010[13]-000[1-3]$/);
    expect(await counts()).toEqual(before);
    expect(sut.wechat.requests.length).toBe(wechatCalls);
  });

  it('warms the whole pool as the server does before it listens, and leaves today’s case numbers to the residents', async () => {
    const before = await counts();
    const wechatCalls = sut.wechat.requests.length;
    // Every connection of the pool (10 on a server, PGlite's one), a complaint and a follow-up from each made-up resident.
    expect(await warmUp(sut.app)).toBeGreaterThanOrEqual(2 * 20);
    expect(await counts()).toEqual(before);
    expect(sut.wechat.requests.length).toBe(wechatCalls);
    // The first real case is number 1 of the day.
    const { reply } = await new Resident(sut.baseUrl, 'o_after_warm_up_0000000000001').say('村口的路灯坏了三天了，晚上看不见路');
    expect(numberIn(reply)).toMatch(/-0001$/);
  });
});
