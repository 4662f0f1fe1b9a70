import type { InboundMessage } from '@msz/wechat';
import { CasesService } from '@msz/server/modules/cases/cases.service';
import { ConversationService } from '@msz/server/modules/wechat/conversation.service';
import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { CASE_NUMBER, numberIn, Resident } from './support/resident';

/**
 * Messages that arrive together are filed in one transaction (group commit). Handed to the
 * conversation in the same turn of the event loop, as concurrent webhook calls are, they share a batch.
 */
describe('chat messages filed together', () => {
  let sut: TestApp;
  let conversation: ConversationService;
  let statements: string[] | null = null;
  let msgId = 9_100_000_000;

  beforeAll(async () => {
    // Both apps bound to one open-platform account: WeChat answers unionids (the first-contact case below).
    sut = await createTestApp({}, { openPlatform: true });
    conversation = sut.app.get(ConversationService);
    const logger = sut.ds.logger;
    const logQuery = logger.logQuery.bind(logger);
    logger.logQuery = (query, parameters, runner) => {
      statements?.push(query);
      return logQuery(query, parameters, runner);
    };
  });
  afterAll(() => sut?.close());

  const text = (openid: string, content: string, id = String(msgId++)): InboundMessage => ({
    ToUserName: 'gh_test',
    FromUserName: openid,
    CreateTime: String(Math.floor(Date.now() / 1000)),
    createTime: Math.floor(Date.now() / 1000),
    MsgType: 'text',
    Content: content,
    MsgId: id,
  });

  /** Known residents (their first contact done), so only the filing path is counted. */
  async function known(...openids: string[]): Promise<void> {
    for (const openid of openids) await new Resident(sut.baseUrl, openid).say('帮助');
  }

  const casesOf = async (openid: string): Promise<string[]> =>
    (await sut.ds.query(`SELECT number FROM case_file WHERE resident_openid = $1 ORDER BY number`, [openid])).map((r: { number: string }) => r.number);
  const transactions = (trips: string[]) => trips.filter((q) => /^(START TRANSACTION|BEGIN)/i.test(q.trim())).length;

  it('files two residents’ messages in one transaction, each with its own case and reply', async () => {
    await known('o_batch_a1', 'o_batch_a2');
    // The day's number sequences are made once a day, before a batch (their own transaction): not the filing path.
    await sut.app.get(CasesService).prepareNumbersAhead(new Date());
    statements = [];
    const [a, b] = await Promise.all([conversation.handle(text('o_batch_a1', '村口的路灯坏了三天了')), conversation.handle(text('o_batch_a2', '小区门口的井盖松了'))]);
    const trips = statements;
    statements = null;
    const [na, nb] = [numberIn(a?.content ?? null), numberIn(b?.content ?? null)];
    expect(na).not.toBe(nb);
    expect(await casesOf('o_batch_a1')).toEqual([na]);
    expect(await casesOf('o_batch_a2')).toEqual([nb]);
    // One BEGIN and one COMMIT for both: 2 + 2 per message, not 4 per message.
    expect(transactions(trips)).toBe(1);
    expect(trips.length > 6 ? trips.map((q) => q.replace(/\s+/g, ' ').slice(0, 100)).join('\n') : trips.length).toBeLessThanOrEqual(2 + 2 * 2);
  });

  it('answers a WeChat retry in the same batch with the first reply, filing once', async () => {
    await known('o_batch_b1');
    const msg = text('o_batch_b1', '河边护栏倒了，孩子放学要经过');
    const [first, retry] = await Promise.all([conversation.handle(msg), conversation.handle({ ...msg })]);
    expect(first?.content).toMatch(CASE_NUMBER);
    expect(retry).toEqual(first);
    expect(await casesOf('o_batch_b1')).toEqual([numberIn(first?.content ?? null)]);
    const [{ n }] = await sut.ds.query(`SELECT count(*)::int AS n FROM wechat_inbound WHERE openid = $1 AND dedup_key = $2`, ['o_batch_b1', `msg:${msg.MsgId}`]);
    expect(n).toBe(1);
  });

  it('keeps one resident’s two messages in order: the second adds to the case the first filed', async () => {
    await known('o_batch_c1', 'o_batch_c2');
    const [filed, added, other] = await Promise.all([
      conversation.handle(text('o_batch_c1', '桥头的垃圾好几天没人收')),
      conversation.handle(text('o_batch_c1', '就在桥头东边')),
      conversation.handle(text('o_batch_c2', '八台镇五村停水两天了')),
    ]);
    const number = numberIn(filed?.content ?? null);
    expect(added?.content).toContain(`文字已补充到受理编号${number}`);
    expect(await casesOf('o_batch_c1')).toEqual([number]);
    expect(await casesOf('o_batch_c2')).toEqual([numberIn(other?.content ?? null)]);
  });

  it('links a burst of first contacts, reading what is known of them all in one statement and asking WeChat of them all in one call', async () => {
    const openids = ['o_batch_e1', 'o_batch_e2', 'o_batch_e3'];
    openids.forEach((openid, i) => sut.wechat.linkUnionid(`oUnion_batch_e${i}`, openid, `o_mini_batch_e${i}`));
    const asked = () => sut.wechat.requests.filter((r) => r.path.startsWith('/cgi-bin/user/info')).map((r) => r.path);
    const askedBefore = asked().length;
    statements = [];
    const replies = await Promise.all(openids.map((openid, i) => conversation.handle(text(openid, `第${i + 1}村的水渠堵了`))));
    const trips = statements;
    statements = null;
    for (const reply of replies) expect(reply?.content).toMatch(CASE_NUMBER);
    const identity = trips.filter((q) => /resident_identity/.test(q) && !/^\s*WITH ins AS/.test(q));
    // One read for the three; WeChat's answers come back one by one, each recorded as it comes (together when they come together).
    const kinds = identity.map((q) => q.trim().split(/\s+/)[0]);
    expect(kinds.filter((k) => k === 'SELECT')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'INSERT').length).toBeLessThanOrEqual(openids.length);
    const rows: Array<{ openid: string; unionid: string }> = await sut.ds.query(`SELECT openid, unionid FROM resident_identity WHERE openid = ANY($1) ORDER BY openid`, [openids]);
    expect(rows).toEqual(openids.map((openid, i) => ({ openid, unionid: `oUnion_batch_e${i}` })));
    expect(asked().slice(askedBefore)).toEqual(['/cgi-bin/user/info/batchget']);
  });

  it('loses none of a batch when one of its messages fails: the others are filed, the failing one fails alone', async () => {
    await known('o_batch_d1', 'o_batch_d2', 'o_batch_d3');
    // PostgreSQL refuses a NUL character in text: that message's statement fails, and with it the batch's transaction.
    const broken = text('o_batch_d2', '井溪镇的广播\u0000喇叭坏了');
    const outcomes = await Promise.allSettled([
      conversation.handle(text('o_batch_d1', '草坝镇的路面塌了一个坑')),
      conversation.handle(broken),
      conversation.handle(text('o_batch_d3', '村委会门口的路灯不亮')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const [d1, , d3] = outcomes.map((o) => (o.status === 'fulfilled' ? (o.value?.content ?? null) : null));
    expect(await casesOf('o_batch_d1')).toEqual([numberIn(d1)]);
    expect(await casesOf('o_batch_d3')).toEqual([numberIn(d3)]);
    expect(await casesOf('o_batch_d2')).toEqual([]);
    // Nothing of the failed message was kept: when WeChat retries it (or the journal replays it), it is new.
    const [{ n }] = await sut.ds.query(`SELECT count(*)::int AS n FROM wechat_inbound WHERE openid = $1 AND dedup_key = $2`, ['o_batch_d2', `msg:${broken.MsgId}`]);
    expect(n).toBe(0);
    // The resident's next message is filed as usual.
    expect((await conversation.handle(text('o_batch_d2', '井溪镇的广播喇叭坏了')))?.content).toMatch(CASE_NUMBER);
  });
});
