import { CasesService } from '@msz/server/modules/cases/cases.service';
import { ConversationService } from '@msz/server/modules/wechat/conversation.service';
import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { CASE_NUMBER, numberIn, Resident } from './support/resident';

/** The chat filing path's budget (issue 12): dedup, conversation state, the case and its first step fold into few statements. */
const MAX_ROUND_TRIPS = 4;

describe('the chat filing path', () => {
  let sut: TestApp;
  let statements: string[] | null = null;

  beforeAll(async () => {
    sut = await createTestApp();
    // Every statement the server sends goes through the DataSource's logger, BEGIN and COMMIT included.
    const logger = sut.ds.logger;
    const logQuery = logger.logQuery.bind(logger);
    logger.logQuery = (query, parameters, runner) => {
      statements?.push(query);
      return logQuery(query, parameters, runner);
    };
  });
  afterAll(() => sut?.close());

  async function counted<T>(work: () => Promise<T>): Promise<{ result: T; trips: string[] }> {
    statements = [];
    try {
      const result = await work();
      return { result, trips: statements };
    } finally {
      statements = null;
    }
  }

  const shown = (trips: string[]) => trips.map((q) => q.replace(/\s+/g, ' ').slice(0, 90)).join('\n');

  it(`files a new case from a text message in at most ${MAX_ROUND_TRIPS} round trips`, async () => {
    // The day's first filing creates its number sequences, and a resident's first message looks up
    // their unionid: once each, not the filing path.
    numberIn((await new Resident(sut.baseUrl, 'o_round_trips_00').say('桥头的垃圾好几天没人收')).reply);
    const resident = new Resident(sut.baseUrl, 'o_round_trips_01');
    await resident.say('帮助');
    const { result, trips } = await counted(() => resident.say('村口的路灯坏了三天了，晚上很黑'));
    expect(result.reply).toMatch(CASE_NUMBER);
    expect(trips.length > MAX_ROUND_TRIPS ? shown(trips) : trips.length).toBeLessThanOrEqual(MAX_ROUND_TRIPS);
  });

  it(`adds a follow-up to the case just filed in at most ${MAX_ROUND_TRIPS} round trips`, async () => {
    const resident = new Resident(sut.baseUrl, 'o_round_trips_02');
    const number = numberIn((await resident.say('小区门口的井盖松了，车一压就响')).reply);
    const { result, trips } = await counted(() => resident.say('就在三单元门口'));
    expect(result.reply).toContain(`文字已补充到受理编号${number}`);
    expect(trips.length > MAX_ROUND_TRIPS ? shown(trips) : trips.length).toBeLessThanOrEqual(MAX_ROUND_TRIPS);
  });

  it(`files a case from a photo, and adds a voice message to it, in at most ${MAX_ROUND_TRIPS} round trips each`, async () => {
    const resident = new Resident(sut.baseUrl, 'o_round_trips_04');
    await resident.say('帮助');
    const filed = await counted(() => resident.photo('media_round_trips_01'));
    const number = numberIn(filed.result.reply);
    expect(filed.trips.length > MAX_ROUND_TRIPS ? shown(filed.trips) : filed.trips.length).toBeLessThanOrEqual(MAX_ROUND_TRIPS);
    const added = await counted(() => resident.voice('media_round_trips_02', '就在桥头'));
    expect(added.result.reply).toContain(`已补充到受理编号${number}`);
    expect(added.trips.length > MAX_ROUND_TRIPS ? shown(added.trips) : added.trips.length).toBeLessThanOrEqual(MAX_ROUND_TRIPS);
    // Both kept with the case, waiting for the worker to download them.
    const rows: Array<{ media_id: string; kind: string; status: string }> = await sut.ds.query(
      `SELECT a.media_id, a.kind, a.status FROM case_attachment a JOIN case_file c ON c.id = a.case_id WHERE c.number = $1 ORDER BY a.media_id`,
      [number],
    );
    expect(rows.map((r) => [r.media_id, r.kind])).toEqual([
      ['media_round_trips_01', 'image'],
      ['media_round_trips_02', 'voice'],
    ]);
  });

  it('files messages that arrive together in one transaction: BEGIN and COMMIT once for the batch, 2 statements per message', async () => {
    // Concurrent webhook calls reach the conversation in the same turn of the event loop, as these do.
    const conversation = sut.app.get(ConversationService);
    const openids = Array.from({ length: 8 }, (_, i) => `o_round_trips_batch_${i}`);
    for (const openid of openids) await new Resident(sut.baseUrl, openid).say('帮助'); // first contacts
    await sut.app.get(CasesService).prepareNumbersAhead(new Date()); // once a day, before a batch
    const now = Math.floor(Date.now() / 1000);
    const { result, trips } = await counted(() =>
      Promise.all(
        openids.map((openid, i) =>
          conversation.handle({ ToUserName: 'gh_test', FromUserName: openid, CreateTime: String(now), createTime: now, MsgType: 'text', Content: `第${i + 1}组的路灯坏了`, MsgId: `88100${i}` }),
        ),
      ),
    );
    expect(new Set(result.map((r) => numberIn(r?.content ?? null))).size).toBe(openids.length);
    expect(trips.filter((q) => /^START TRANSACTION/i.test(q.trim()))).toHaveLength(1);
    // On a PostgreSQL server each step's statements go in one write (pipelined): 4 round trips for the batch.
    const budget = 2 + 2 * openids.length;
    expect(trips.length > budget ? shown(trips) : trips.length).toBeLessThanOrEqual(budget);
  });

  it('answers a repeated message from its first reply without filing again', async () => {
    const resident = new Resident(sut.baseUrl, 'o_round_trips_03');
    const first = await resident.say('河边护栏倒了，孩子放学要经过', { msgId: '8800001' });
    const { result, trips } = await counted(() => resident.say('河边护栏倒了，孩子放学要经过', { msgId: '8800001' }));
    expect(result.reply).toBe(first.reply);
    expect(trips.length > MAX_ROUND_TRIPS ? shown(trips) : trips.length).toBeLessThanOrEqual(MAX_ROUND_TRIPS);
  });
});
