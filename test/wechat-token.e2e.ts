import { WechatApiClient } from '@msz/wechat';
import { PgTokenStore, TOKEN_MEMORY_MARGIN_MS } from '@msz/server/modules/wechat/pg-token-store';
import { createTestApp, TEST_WECHAT, type TestApp } from '@msz/server/testing/test-app';

/** The shared access token is read from the database when it may have changed, not on every WeChat call. */
describe(PgTokenStore.name, () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(() => sut?.close());

  /** How many times `work` reads the token table. */
  async function tokenReads(work: () => Promise<unknown>): Promise<number> {
    let reads = 0;
    const spy: TestApp['ds']['subscribers'][number] = {
      beforeQuery: (e) => {
        if (/^\s*SELECT[\s\S]*wechat_access_token/i.test(e.query)) reads += 1;
      },
    };
    sut.ds.subscribers.push(spy);
    try {
      await work();
    } finally {
      sut.ds.subscribers.splice(sut.ds.subscribers.indexOf(spy), 1);
    }
    return reads;
  }

  /** A client as one server process builds it: its own store over the shared table. */
  const processClient = (store: PgTokenStore) =>
    new WechatApiClient({ appid: TEST_WECHAT.appid, secret: TEST_WECHAT.secret, baseUrl: sut.config.wechat.apiBase, tokenStore: store });

  it('reads the token once for many calls, and still refreshes when WeChat rejects it (40001)', async () => {
    const client = processClient(new PgTokenStore(sut.ds, TEST_WECHAT.appid));
    const calls = () => Promise.all(Array.from({ length: 10 }, (_, i) => client.getUserInfo(`o_token_user_${i}`)));

    // The first call reads the table (and again under the refresh lock); the next ten read nothing.
    expect(await tokenReads(() => client.getUserInfo('o_token_user_first'))).toBeLessThanOrEqual(2);
    expect(await tokenReads(calls)).toBe(0);

    // WeChat forgets every token: the held one answers 40001, is dropped, and a fresh one is fetched and shared.
    const rejected = await client.getAccessToken();
    sut.wechat.reset();
    expect(await tokenReads(() => client.getUserInfo('o_token_user_again'))).toBeGreaterThan(0);
    expect(await client.getAccessToken()).not.toBe(rejected);
    expect(await tokenReads(calls)).toBe(0);
    const shared = await new PgTokenStore(sut.ds, TEST_WECHAT.appid).get();
    expect(shared?.accessToken).toBe(await client.getAccessToken());
  });

  it('reads the table again once the held token is close to expiry, and finds what another process saved', async () => {
    const appid = 'wx_token_store_test';
    const mine = new PgTokenStore(sut.ds, appid);
    const other = new PgTokenStore(sut.ds, appid);
    await mine.save({ accessToken: 'TOKEN_A', expiresAt: Date.now() + 2 * 3_600_000 });

    // Far from expiry: held in memory, even though another process has saved a newer one meanwhile.
    await other.save({ accessToken: 'TOKEN_B', expiresAt: Date.now() + 2 * 3_600_000 });
    expect(await tokenReads(async () => expect(await mine.get()).toMatchObject({ accessToken: 'TOKEN_A' }))).toBe(0);

    // Near expiry: every look goes to the table.
    await mine.save({ accessToken: 'TOKEN_C', expiresAt: Date.now() + TOKEN_MEMORY_MARGIN_MS - 60_000 });
    await other.save({ accessToken: 'TOKEN_D', expiresAt: Date.now() + 2 * 3_600_000 });
    expect(await tokenReads(async () => expect(await mine.get()).toMatchObject({ accessToken: 'TOKEN_D' }))).toBe(1);
    expect(await tokenReads(() => mine.get())).toBe(0); // TOKEN_D is far from expiry: held now

    // WeChat rejects TOKEN_D after another process saved TOKEN_E: the held copy is dropped, TOKEN_E is kept and read.
    await other.save({ accessToken: 'TOKEN_E', expiresAt: Date.now() + 2 * 3_600_000 });
    await mine.expireIf('TOKEN_D');
    expect(await tokenReads(async () => expect(await mine.get()).toMatchObject({ accessToken: 'TOKEN_E' }))).toBe(1);
  });
});
