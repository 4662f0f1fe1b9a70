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

  it('answers a repeated message from its first reply without filing again', async () => {
    const resident = new Resident(sut.baseUrl, 'o_round_trips_03');
    const first = await resident.say('河边护栏倒了，孩子放学要经过', { msgId: '8800001' });
    const { result, trips } = await counted(() => resident.say('河边护栏倒了，孩子放学要经过', { msgId: '8800001' }));
    expect(result.reply).toBe(first.reply);
    expect(trips.length > MAX_ROUND_TRIPS ? shown(trips) : trips.length).toBeLessThanOrEqual(MAX_ROUND_TRIPS);
  });
});
