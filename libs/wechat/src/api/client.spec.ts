import * as http from 'http';
import type { AddressInfo } from 'net';
import { inspect, types } from 'util';
import { FakeWechat } from '../fake';
import { RoutedApi } from './co-api';
import {
  InMemoryTokenStore,
  MediaTooLargeError,
  WechatApiClient,
  WechatApiError,
  type AccessToken,
  type BizSubscribeMessage,
  type RefreshExclusiveOptions,
  type SubscribeMessage,
  type TemplateMessage,
  type TokenStore,
  type WechatApiClientOptions,
} from './index';

const OA = { appid: 'wxoa0000000000001', secret: 'oa-secret-must-not-leak' };
const MINI = { appid: 'wxmini000000000001', secret: 'mini-secret-must-not-leak' };
const TPL = 'tpl_case_accepted';
const TEMPLATE = '/cgi-bin/message/template/send';
const STABLE = '/cgi-bin/stable_token';

/** Records compare-and-expire calls; `beforeExpire` lets a test act as another server instance. */
class SpyStore extends InMemoryTokenStore {
  readonly expired: string[] = [];
  beforeExpire?: () => Promise<void>;
  override async expireIf(accessToken: string): Promise<void> {
    this.expired.push(accessToken);
    await this.beforeExpire?.();
    return super.expireIf(accessToken);
  }
}

let clock: number;
let fake: FakeWechat;
let srv: { baseUrl: string; close(): Promise<void> };

beforeEach(async () => {
  clock = Date.now();
  fake = new FakeWechat({ ...OA, templateIds: [TPL], miniprogram: MINI, now: () => clock });
  srv = await fake.listen();
});
afterEach(() => srv.close());

const client = (store: TokenStore = new InMemoryTokenStore(), extra: Partial<WechatApiClientOptions> = {}) =>
  new WechatApiClient({ ...OA, baseUrl: srv.baseUrl, tokenStore: store, ...extra });
const hits = (path: string) => fake.requests.filter((r) => r.path === path).length;
const msg: TemplateMessage = { touser: 'oUser_000001', template_id: TPL, data: { thing1: { value: '您的诉求已受理' } } };

describe('InMemoryTokenStore', () => {
  it('compare-and-expire keeps a different (newer) token and forgets the same one', async () => {
    const store = new InMemoryTokenStore();
    await store.save({ accessToken: 'T2', expiresAt: 1 });
    await store.expireIf('T1');
    expect(await store.get()).toEqual({ accessToken: 'T2', expiresAt: 1 });
    await store.expireIf('T2');
    expect(await store.get()).toBeNull();
  });
});

describe('WechatApiClient tokens', () => {
  it('fetches the token once via stable_token and shares it through the store across two clients', async () => {
    const store = new InMemoryTokenStore();
    const a = client(store);
    const b = client(store);
    const ta = await a.getAccessToken();
    const tb = await b.getAccessToken();
    expect(tb).toBe(ta);
    await a.sendTemplate(msg);
    await b.sendTemplate(msg);
    expect(hits(STABLE)).toBe(1);
    expect(hits('/cgi-bin/token')).toBe(0);
    expect(fake.issuedTokens()).toBe(1);
    expect(fake.sent).toHaveLength(2);
    const saved = (await store.get()) as AccessToken;
    expect(saved.accessToken).toBe(ta);
    expect(saved.expiresAt).toBeGreaterThan(Date.now() + 7190_000);
    expect(saved.expiresAt).toBeLessThanOrEqual(Date.now() + 7200_000);
  });

  it('fetches once for concurrent callers of one instance', async () => {
    const c = client();
    const tokens = await Promise.all([1, 2, 3, 4, 5].map(() => c.getAccessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(hits(STABLE)).toBe(1);
  });

  it('refreshes a token with less than 5 minutes left before use; refreshBeforeMs moves that line', async () => {
    const store = new InMemoryTokenStore();
    const fresh = await client(store).getAccessToken(); // a real token, 7200 s
    await store.save({ accessToken: fresh, expiresAt: Date.now() + 5 * 60_000 + 2_000 });
    expect(await client(store).getAccessToken()).toBe(fresh);
    expect(hits(STABLE)).toBe(1);
    await store.save({ accessToken: fresh, expiresAt: Date.now() + 5 * 60_000 - 1_000 });
    await client(store).getAccessToken();
    expect(hits(STABLE)).toBe(2);
    expect(((await store.get()) as AccessToken).expiresAt).toBeGreaterThan(Date.now() + 7000_000);

    const oneMinute = (s: InMemoryTokenStore) => client(s, { refreshBeforeMs: 60_000 });
    await store.save({ accessToken: fresh, expiresAt: Date.now() + 61_000 });
    expect(await oneMinute(store).getAccessToken()).toBe(fresh);
    expect(hits(STABLE)).toBe(2);
    await store.save({ accessToken: fresh, expiresAt: Date.now() + 59_000 });
    await oneMinute(store).getAccessToken();
    expect(hits(STABLE)).toBe(3);
  });

  it('refuses a refreshBeforeMs below 60 s or above 5 minutes', () => {
    expect(() => client(new InMemoryTokenStore(), { refreshBeforeMs: 59_999 })).toThrow(/refreshBeforeMs/);
    expect(() => client(new InMemoryTokenStore(), { refreshBeforeMs: 5 * 60_000 + 1 })).toThrow(/refreshBeforeMs/);
  });

  it('a send never starts with a nearly dead token: 4 minutes left at WeChat too → a new token first', async () => {
    const store = new InMemoryTokenStore();
    const c = client(store);
    const t1 = await c.getAccessToken();
    clock += (7200 - 240) * 1000; // the fake: T1 has 4 minutes left
    await store.save({ accessToken: t1, expiresAt: Date.now() + 240_000 }); // and so the store says
    await c.sendTemplate(msg);
    const t2 = ((await store.get()) as AccessToken).accessToken;
    expect(t2).not.toBe(t1);
    expect(fake.issuedTokens()).toBe(2);
    expect(fake.requests.map((r) => r.path)).toEqual([STABLE, STABLE, TEMPLATE]); // refreshed before the send
    expect(fake.sent).toHaveLength(1);
  });

  it('on an injected 40001 expires the failed token once, refetches, and delivers exactly once', async () => {
    const store = new SpyStore();
    const c = client(store);
    const t1 = await c.getAccessToken();
    fake.failNext(TEMPLATE, 40001);
    const res = await c.sendTemplate(msg);
    expect(store.expired).toEqual([t1]);
    expect(hits(STABLE)).toBe(2); // refetched (stable_token in normal mode answers the still-valid token)
    expect(hits(TEMPLATE)).toBe(2);
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]?.msgid).toBe(res.msgid);
  });

  it('compare-and-expire: a store already holding a newer token is not expired, and that token is used', async () => {
    const store = new SpyStore();
    const c = client(store);
    const t1 = await c.getAccessToken();
    let t2 = '';
    store.beforeExpire = async () => {
      // Another server instance saw the failure first: it force-refreshed (invalidating T1 at
      // WeChat) and saved T2 in the shared store.
      const r = await fetch(`${srv.baseUrl}${STABLE}`, {
        method: 'POST',
        body: JSON.stringify({ grant_type: 'client_credential', ...OA, force_refresh: true }),
      });
      t2 = ((await r.json()) as { access_token: string }).access_token;
      await store.save({ accessToken: t2, expiresAt: Date.now() + 7200_000 });
    };
    fake.failNext(TEMPLATE, 40001);
    await c.sendTemplate(msg);
    expect(store.expired).toEqual([t1]);
    expect(t2).not.toBe(t1);
    expect(((await store.get()) as AccessToken).accessToken).toBe(t2); // not expired
    expect(hits(STABLE)).toBe(2); // the client's first fetch + the other instance's force refresh
    expect(fake.issuedTokens()).toBe(2);
    expect(hits(TEMPLATE)).toBe(2);
    expect(fake.sent).toHaveLength(1); // the retry went out with T2 (T1 is dead at the fake)
  });

  it('recovers from a token the fake has expired (42001) with a new one', async () => {
    const store = new SpyStore();
    const c = client(store);
    const t1 = await c.getAccessToken();
    clock += 7200_000; // the fake's clock: T1 is now expired there, though the store still trusts it
    await c.sendTemplate(msg);
    expect(store.expired).toEqual([t1]);
    expect(fake.issuedTokens()).toBe(2);
    expect(((await store.get()) as AccessToken).accessToken).not.toBe(t1);
    expect(fake.sent).toHaveLength(1);
  });

  it('retries only once: a second 40001 is thrown', async () => {
    const c = client();
    fake.failNext(TEMPLATE, 40001, 2);
    const err = await c.sendTemplate(msg).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatApiError);
    expect((err as WechatApiError).errcode).toBe(40001);
    expect(hits(TEMPLATE)).toBe(2);
    expect(fake.sent).toHaveLength(0);
  });
});

describe('WechatApiClient calls', () => {
  it('sends a template message that the fake records with the exact fields', async () => {
    const full: TemplateMessage = {
      touser: 'oUser_000001',
      template_id: TPL,
      url: 'https://example.cn/case/2026-000123',
      miniprogram: { appid: MINI.appid, pagepath: 'pages/case/detail?id=123' },
      data: { character_string1: { value: '2026-000123' }, thing2: { value: '已派单至市住建局' } },
      client_msg_id: 'case-123-dispatched',
    };
    const res = await client().sendTemplate(full);
    expect(fake.sent).toEqual([{ kind: 'template', ...full, msgid: res.msgid, at: clock }]);
    expect(res.msgidText).toBe(String(res.msgid));
  });

  it('keeps the exact digits of a msgid above 2^53 in msgidText', async () => {
    // WeChat has answered 19-digit msgids; the fake's are small, so a one-off server answers here.
    const big = http.createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json; encoding=utf-8');
      req.resume();
      res.end(req.url?.startsWith(STABLE) ? '{"access_token":"T","expires_in":7200}' : '{"errcode":0,"errmsg":"ok","msgid":3662956322040938501}');
    });
    await new Promise<void>((r) => big.listen(0, '127.0.0.1', r));
    try {
      const c = new WechatApiClient({ ...OA, baseUrl: `http://127.0.0.1:${(big.address() as AddressInfo).port}`, tokenStore: new InMemoryTokenStore() });
      const res = await c.sendTemplate(msg);
      expect(res.msgidText).toBe('3662956322040938501');
      expect(res.msgid).toBe(Number('3662956322040938501'));
    } finally {
      big.closeAllConnections();
      await new Promise((r) => big.close(r));
    }
  });

  it('throws WechatApiError 45009 with errmsg and path, without retrying', async () => {
    const store = new SpyStore();
    const c = client(store);
    fake.failNext(TEMPLATE, 45009);
    const err = await c.sendTemplate(msg).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatApiError);
    expect(err).toMatchObject({ errcode: 45009, path: TEMPLATE, errmsg: expect.stringMatching(/^reach max api daily quota limit/) });
    expect(store.expired).toEqual([]);
    expect(hits(TEMPLATE)).toBe(1);
  });

  it('surfaces an invalid template id as 40037 and a malformed openid as 40003', async () => {
    const c = client();
    await expect(c.sendTemplate({ ...msg, template_id: 'tpl_not_configured' })).rejects.toMatchObject({ errcode: 40037, path: TEMPLATE });
    await expect(c.sendTemplate({ ...msg, touser: '' })).rejects.toMatchObject({ errcode: 40003 });
    expect(fake.sent).toHaveLength(0);
  });

  it('sends custom text messages', async () => {
    fake.userMessagedAt('oUser_000001');
    await client().sendCustomText('oUser_000001', '您的诉求已办结，请评价');
    expect(fake.sent).toEqual([{ kind: 'custom', touser: 'oUser_000001', content: '您的诉求已办结，请评价', msgid: expect.any(Number), at: clock }]);
  });

  it('code2Session: code-<openid> logs in; a used or unknown code is 40029', async () => {
    const c = client();
    await expect(c.code2Session('code-oMini_000007', MINI)).resolves.toEqual({ openid: 'oMini_000007', session_key: expect.any(String) });
    const used = await c.code2Session('code-oMini_000007', MINI).catch((e: unknown) => e);
    expect(used).toBeInstanceOf(WechatApiError);
    expect(used).toMatchObject({ errcode: 40029, path: '/sns/jscode2session' });
    expect(String((used as Error).message)).not.toContain(MINI.secret);
    await expect(c.code2Session('081xYz', MINI)).rejects.toMatchObject({ errcode: 40029 });
    await expect(c.code2Session('code-oMini_000008', { ...MINI, secret: 'wrong' })).rejects.toMatchObject({ errcode: 40125 });
    expect(fake.issuedTokens()).toBe(0); // no access_token needed
  });

  it('getUserInfo and code2Session answer the unionid that makes two openids one person, when WeChat gives one', async () => {
    expect(await client().getUserInfo('oOa_000001')).toEqual({ openid: 'oOa_000001', subscribed: true });
    await srv.close();
    fake = new FakeWechat({ ...OA, templateIds: [TPL], miniprogram: MINI, now: () => clock, openPlatform: true });
    srv = await fake.listen();
    fake.linkUnionid('oUnion_000001', 'oOa_000001', 'oMini_000009');
    const c = client();
    await expect(c.getUserInfo('oOa_000001')).resolves.toEqual({ openid: 'oOa_000001', subscribed: true, unionid: 'oUnion_000001' });
    await expect(c.code2Session('code-oMini_000009', MINI)).resolves.toEqual({ openid: 'oMini_000009', session_key: expect.any(String), unionid: 'oUnion_000001' });
    fake.unfollow('oOa_000001');
    await expect(c.getUserInfo('oOa_000001')).resolves.toEqual({ openid: 'oOa_000001', subscribed: false, unionid: 'oUnion_000001' });
    await expect(c.getUserInfo('not an openid')).rejects.toMatchObject({ errcode: 40003, path: '/cgi-bin/user/info' });
  });

  it('getUserInfos answers what getUserInfo does, for up to 100 openids in one call', async () => {
    await srv.close();
    fake = new FakeWechat({ ...OA, templateIds: [TPL], miniprogram: MINI, now: () => clock, openPlatform: true });
    srv = await fake.listen();
    fake.linkUnionid('oUnion_000002', 'oOa_000002', 'oMini_000010');
    fake.unfollow('oOa_000003');
    const c = client();
    const openids = ['oOa_000002', 'oOa_000003', 'oOa_000004'];
    const sut = await c.getUserInfos(openids);
    expect(sut).toEqual([
      { openid: 'oOa_000002', subscribed: true, unionid: 'oUnion_000002' },
      { openid: 'oOa_000003', subscribed: false, unionid: expect.any(String) },
      { openid: 'oOa_000004', subscribed: true, unionid: expect.any(String) },
    ]);
    expect(sut).toEqual(await Promise.all(openids.map((o) => c.getUserInfo(o))));
    expect(fake.requests.filter((r) => r.path === '/cgi-bin/user/info/batchget')).toHaveLength(1);
    await expect(c.getUserInfos(['oOa_000002', 'not an openid'])).rejects.toMatchObject({ errcode: 40003, path: '/cgi-bin/user/info/batchget' });
    await expect(c.getUserInfos([])).rejects.toThrow(RangeError);
    await expect(c.getUserInfos(Array.from({ length: 101 }, (_, i) => `oOa_${String(i).padStart(6, '0')}`))).rejects.toThrow(RangeError);
  });

  it('propagates the fake rejecting a wrong secret (40125) from stable_token', async () => {
    const c = new WechatApiClient({ appid: OA.appid, secret: 'wrong-secret', baseUrl: srv.baseUrl, tokenStore: new InMemoryTokenStore() });
    await expect(c.sendTemplate(msg)).rejects.toMatchObject({ errcode: 40125, path: STABLE });
    expect(fake.sent).toHaveLength(0);
  });
});

describe('subscription messages and user states', () => {
  const SUBSCRIBE = '/cgi-bin/message/subscribe/send';
  const BIZSEND = '/cgi-bin/message/subscribe/bizsend';
  const sub: SubscribeMessage = {
    touser: 'oMini_000001',
    template_id: TPL,
    page: 'pages/case/detail?id=123',
    data: { character_string1: { value: '2026-000123' }, thing2: { value: '已派单至市住建局' } },
    miniprogram_state: 'trial',
    lang: 'zh_CN',
  };
  const biz: BizSubscribeMessage = {
    touser: 'oUser_000001',
    template_id: TPL,
    page: 'https://example.cn/case/2026-000123',
    miniprogram: { appid: MINI.appid, pagepath: 'pages/case/detail?id=123' },
    data: { thing1: { value: '您的诉求已办结' } },
  };
  const withMini = (miniStore: TokenStore = new InMemoryTokenStore(), oaStore: TokenStore = new InMemoryTokenStore()) =>
    client(oaStore, { miniprogram: { ...MINI, tokenStore: miniStore } });

  it("sendSubscribe: the fake records the exact fields, sent with the mini program's token, not the official account's", async () => {
    const oaStore = new InMemoryTokenStore();
    const miniStore = new InMemoryTokenStore();
    const c = withMini(miniStore, oaStore);
    await c.sendSubscribe(sub);
    expect(fake.sent).toEqual([{ kind: 'subscribe', ...sub, msgid: expect.any(Number), at: clock }]);
    // one token fetched, for the mini program, into its own store; the fake answers 48001 to an OA token here
    expect(hits(STABLE)).toBe(1);
    expect(await oaStore.get()).toBeNull();
    const miniToken = ((await miniStore.get()) as AccessToken).accessToken;
    const oaToken = await c.getAccessToken();
    expect(oaToken).not.toBe(miniToken);
    const withOaToken = await fetch(`${srv.baseUrl}${SUBSCRIBE}?access_token=${oaToken}`, { method: 'POST', body: JSON.stringify(sub) });
    expect(((await withOaToken.json()) as { errcode: number }).errcode).toBe(48001);
    expect(fake.sent).toHaveLength(1);
  });

  it("sendSubscribe retries a 40001 on the mini program's store only", async () => {
    const oaStore = new SpyStore();
    const miniStore = new SpyStore();
    const c = withMini(miniStore, oaStore);
    await c.sendSubscribe(sub);
    const t1 = ((await miniStore.get()) as AccessToken).accessToken;
    fake.failNext(SUBSCRIBE, 40001);
    await c.sendSubscribe(sub);
    expect(miniStore.expired).toEqual([t1]);
    expect(oaStore.expired).toEqual([]);
    expect(await oaStore.get()).toBeNull();
    expect(fake.sent.map((m) => m.kind)).toEqual(['subscribe', 'subscribe']);
  });

  it("getPhoneNumber: exchanges a code with the mini program's token for WeChat's phone_info", async () => {
    const oaStore = new InMemoryTokenStore();
    const miniStore = new InMemoryTokenStore();
    const c = withMini(miniStore, oaStore);
    await expect(c.getPhoneNumber('phone-13800001234.n1')).resolves.toEqual({
      phoneNumber: '13800001234',
      purePhoneNumber: '13800001234',
      countryCode: '86',
      watermark: { timestamp: Math.floor(clock / 1000), appid: MINI.appid },
    });
    expect(await oaStore.get()).toBeNull(); // the official account's token is never fetched
    const used = await c.getPhoneNumber('phone-13800001234.n1').catch((e: unknown) => e);
    expect(used).toBeInstanceOf(WechatApiError);
    expect(used).toMatchObject({ errcode: 40029, path: '/wxa/business/getuserphonenumber' });
    expect(String((used as Error).message)).not.toContain('13800001234');
    await expect(c.getPhoneNumber('0a1b2c')).rejects.toMatchObject({ errcode: 40029 });
  });

  it("getPhoneNumber retries a 40001 once on the mini program's store, and throws the second", async () => {
    const oaStore = new SpyStore();
    const miniStore = new SpyStore();
    const c = withMini(miniStore, oaStore);
    await c.getPhoneNumber('phone-13800001234.r1');
    const t1 = ((await miniStore.get()) as AccessToken).accessToken;
    fake.failNext('/wxa/business/getuserphonenumber', 40001);
    await expect(c.getPhoneNumber('phone-13800001234.r2')).resolves.toMatchObject({ purePhoneNumber: '13800001234' });
    expect(miniStore.expired).toEqual([t1]);
    expect(oaStore.expired).toEqual([]);
    fake.failNext('/wxa/business/getuserphonenumber', 42001, 2);
    await expect(c.getPhoneNumber('phone-13800001234.r3')).rejects.toMatchObject({ errcode: 42001 });
  });

  it('getPhoneNumber without the miniprogram option throws a clear Error, before any request', async () => {
    const err = await client().getPhoneNumber('phone-13800001234').catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(WechatApiError);
    expect((err as Error).message).toMatch(/getPhoneNumber needs the mini program/);
    expect(fake.requests).toHaveLength(0);
  });

  it('sendSubscribe without the miniprogram option throws a clear Error, before any request', async () => {
    const err = await client().sendSubscribe(sub).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(WechatApiError);
    expect((err as Error).message).toMatch(/sendSubscribe needs the mini program.*miniprogram/);
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a miniprogram option sharing the official account store or appid, or missing credentials', () => {
    const store = new InMemoryTokenStore();
    expect(() => client(store, { miniprogram: { ...MINI, tokenStore: store } })).toThrow(/tokenStore must not be/);
    expect(() => client(new InMemoryTokenStore(), { miniprogram: { ...OA, tokenStore: new InMemoryTokenStore() } })).toThrow(/must differ/);
    expect(() => client(new InMemoryTokenStore(), { miniprogram: { ...MINI, secret: '', tokenStore: new InMemoryTokenStore() } })).toThrow(/appid and secret/);
  });

  it("sendBizSubscribe: the fake records kind bizsubscribe with the exact fields, with the official account's token", async () => {
    const miniStore = new InMemoryTokenStore();
    await withMini(miniStore).sendBizSubscribe(biz);
    expect(fake.sent).toEqual([{ kind: 'bizsubscribe', ...biz, msgid: expect.any(Number), at: clock }]);
    expect(await miniStore.get()).toBeNull(); // the bizsend route answers 48001 to a mini-program token
    expect(hits(BIZSEND)).toBe(1);
  });

  it('43101 for a user refusing subscriptions, on sendSubscribe and sendBizSubscribe', async () => {
    fake.refuseSubscription(sub.touser);
    fake.refuseSubscription(biz.touser);
    const c = withMini();
    const a = await c.sendSubscribe(sub).catch((e: unknown) => e);
    expect(a).toBeInstanceOf(WechatApiError);
    expect(a).toMatchObject({ errcode: 43101, path: SUBSCRIBE, errmsg: expect.stringMatching(/^user refuse to accept the msg/) });
    const b = await c.sendBizSubscribe(biz).catch((e: unknown) => e);
    expect(b).toBeInstanceOf(WechatApiError);
    expect(b).toMatchObject({ errcode: 43101, path: BIZSEND });
    expect(fake.sent).toHaveLength(0);
    expect(hits(SUBSCRIBE) + hits(BIZSEND)).toBe(2); // not retried
  });

  it('43004 for an unfollowed user on sendTemplate', async () => {
    fake.unfollow(msg.touser);
    const err = await client().sendTemplate(msg).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatApiError);
    expect(err).toMatchObject({ errcode: 43004, path: TEMPLATE, errmsg: expect.stringMatching(/^require subscribe/) });
    expect(fake.sent).toHaveLength(0);
    await expect(client().sendTemplate({ ...msg, touser: 'oUser_000002' })).resolves.toMatchObject({ msgid: expect.any(Number) });
  });

  it('sendCustomText: 45015 outside the 48 h window, delivered within it', async () => {
    const c = client();
    const CUSTOM = '/cgi-bin/message/custom/send';
    const never = await c.sendCustomText('oUser_000001', '请评价').catch((e: unknown) => e);
    expect(never).toBeInstanceOf(WechatApiError);
    expect(never).toMatchObject({ errcode: 45015, path: CUSTOM, errmsg: expect.stringMatching(/^response out of time limit/) });
    fake.userMessagedAt('oUser_000001', clock - 49 * 3_600_000);
    await expect(c.sendCustomText('oUser_000001', '请评价')).rejects.toMatchObject({ errcode: 45015, path: CUSTOM });
    expect(fake.sent).toHaveLength(0);
    fake.userMessagedAt('oUser_000001', clock - 47 * 3_600_000);
    await c.sendCustomText('oUser_000001', '请评价');
    expect(fake.sent).toEqual([{ kind: 'custom', touser: 'oUser_000001', content: '请评价', msgid: expect.any(Number), at: clock }]);
  });
});

describe('baseUrl', () => {
  it('routes every call to the configured baseUrl, including a path prefix', async () => {
    const seen: string[] = [];
    const mount = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      if (!req.url?.startsWith('/wechat-fake/')) {
        res.statusCode = 404;
        res.end();
        return;
      }
      req.url = req.url.slice('/wechat-fake'.length);
      fake.handler(req, res);
    });
    await new Promise<void>((r) => mount.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(mount.address() as AddressInfo).port}/wechat-fake/`;
      const c = client(new InMemoryTokenStore(), { baseUrl: base });
      fake.userMessagedAt('oUser_000001');
      expect(c.baseUrl).toBe(base.replace(/\/$/, ''));
      await c.sendTemplate(msg);
      await c.sendCustomText('oUser_000001', 'hi');
      await c.code2Session('code-oMini_000001', MINI);
      expect(fake.requests.map((r) => r.path)).toEqual([STABLE, TEMPLATE, '/cgi-bin/message/custom/send', '/sns/jscode2session']);
      expect(seen).toHaveLength(4);
      expect(seen.every((u) => u.startsWith('/wechat-fake/'))).toBe(true);
    } finally {
      mount.closeAllConnections();
      await new Promise((r) => mount.close(r));
    }
  });

  it("reroutes co-wechat-api's hard-coded URLs and refuses other hosts", async () => {
    const api = new RoutedApi({ ...OA, baseUrl: srv.baseUrl, tokenStore: new InMemoryTokenStore() });
    expect(api.resolve('https://api.weixin.qq.com/shakearound/device/search?access_token=x')).toBe(`${srv.baseUrl}/shakearound/device/search?access_token=x`);
    expect(api.resolve('http://file.api.weixin.qq.com/cgi-bin/media/upload?type=image')).toBe(`${srv.baseUrl}/cgi-bin/media/upload?type=image`);
    expect(() => api.resolve('https://evil.example.com/cgi-bin/token')).toThrow(/refusing/);
    expect(() => api.resolve(`${srv.baseUrl}evil.example.com/x`)).toThrow(/refusing/);

    // a real co-wechat-api method whose URL is hard-coded to https://api.weixin.qq.com/semantic/…
    const semantic = (api as unknown as { semantic(uid: string, opts: object): Promise<unknown> }).semantic.bind(api);
    const err = await semantic('oUser_000001', { query: '查一下', category: 'restaurant' }).catch((e: unknown) => e);
    expect(fake.requests.map((r) => r.path)).toEqual([STABLE, '/semantic/semproxy/search']);
    expect(err).toBeInstanceOf(Error); // the fake does not implement it: 404
    expect(String((err as Error).message)).not.toMatch(/access_token=(?!\*)/);
  });
});

describe('no secrets or tokens in errors or dumps', () => {
  it('scrubs the token from a timeout error, and the fake still applies the late call', async () => {
    const c = client(new InMemoryTokenStore(), { timeoutMs: 200 });
    const token = await c.getAccessToken();
    fake.delayNext(TEMPLATE, 600);
    const err = await c.sendTemplate(msg).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(WechatApiError);
    expect(`${(err as Error).message}\n${(err as Error).stack}`).not.toContain(token);
    expect((err as Error).message).toContain('access_token=***');
    await new Promise((r) => setTimeout(r, 700));
    expect(fake.sent).toHaveLength(1); // outcome unknown to the caller: WeChat may have delivered
  });

  it('scrubs the token from a dropped-connection error', async () => {
    const c = client();
    const token = await c.getAccessToken();
    fake.dropNext(TEMPLATE);
    const err = await c.sendTemplate(msg).catch((e: unknown) => e);
    expect(types.isNativeError(err)).toBe(true); // a Node core error: another realm than jest's Error
    expect(err).not.toBeInstanceOf(WechatApiError);
    expect(`${(err as Error).message}\n${(err as Error).stack}`).not.toContain(token);
    expect(fake.sent).toHaveLength(0);
  });

  it('does not show the secret when the client is inspected or serialised', () => {
    const c = client();
    expect(inspect(c, { depth: 10 })).not.toContain(OA.secret);
    expect(JSON.stringify(c)).not.toContain(OA.secret);
    const api = new RoutedApi({ ...OA, baseUrl: srv.baseUrl, tokenStore: new InMemoryTokenStore() });
    expect(inspect(api, { depth: 10 })).not.toContain(OA.secret);
    expect(api.appsecret).toBe(OA.secret);
  });
});

/** The same store without refreshExclusive: what a store without a lock does. */
class NoLockStore implements TokenStore {
  readonly inner = new InMemoryTokenStore();
  get = () => this.inner.get();
  save = (t: AccessToken) => this.inner.save(t);
  expireIf = (t: string) => this.inner.expireIf(t);
}

/** Counts saves, checks that `refresh` itself saves nothing, records the options given. */
class LockSpyStore extends InMemoryTokenStore {
  saves = 0;
  readonly calls: (RefreshExclusiveOptions | undefined)[] = [];
  readonly savesInsideRefresh: number[] = [];
  readonly expired: string[] = [];
  override async save(t: AccessToken): Promise<void> {
    this.saves += 1;
    return super.save(t);
  }
  override async expireIf(accessToken: string): Promise<void> {
    this.expired.push(accessToken);
    return super.expireIf(accessToken);
  }
  override async refreshExclusive(refresh: () => Promise<AccessToken>, opts?: RefreshExclusiveOptions): Promise<AccessToken> {
    this.calls.push(opts);
    return super.refreshExclusive(async () => {
      const before = this.saves;
      const t = await refresh();
      this.savesInsideRefresh.push(this.saves - before);
      return t;
    }, opts);
  }
}

describe('InMemoryTokenStore.refreshExclusive', () => {
  it('runs one refresh at a time; a waiter that finds a good enough token does not refresh', async () => {
    const store = new InMemoryTokenStore();
    let calls = 0;
    const slow = async (): Promise<AccessToken> => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 30));
      return { accessToken: `T${calls}`, expiresAt: Date.now() + 7200_000 };
    };
    const opts = { minExpiresAt: Date.now() + 300_000 };
    const [a, b] = await Promise.all([store.refreshExclusive(slow, opts), store.refreshExclusive(slow, opts)]);
    expect(calls).toBe(1);
    expect(a.accessToken).toBe('T1');
    expect(b.accessToken).toBe('T1');
    expect((await store.get())?.accessToken).toBe('T1');
  });

  it('refreshes a stored token not valid past minExpiresAt, and releases the lock when refresh throws', async () => {
    const store = new InMemoryTokenStore();
    await store.save({ accessToken: 'OLD', expiresAt: Date.now() + 200_000 });
    await expect(
      store.refreshExclusive(async () => {
        throw new Error('WeChat down');
      }, { minExpiresAt: Date.now() + 300_000 }),
    ).rejects.toThrow('WeChat down');
    expect((await store.get())?.accessToken).toBe('OLD');
    const t = await store.refreshExclusive(async () => ({ accessToken: 'NEW', expiresAt: Date.now() + 7200_000 }), {
      minExpiresAt: Date.now() + 300_000,
    });
    expect(t.accessToken).toBe('NEW');
    expect((await store.get())?.accessToken).toBe('NEW');
  });
});

describe('token refresh across instances (refreshExclusive)', () => {
  /** Two clients on one store, a token with 2 minutes left (at WeChat too), both sending at once. */
  async function race(store: TokenStore): Promise<{ t1: string }> {
    const a = client(store);
    const b = client(store);
    const t1 = await a.getAccessToken();
    clock += (7200 - 120) * 1000;
    await store.save({ accessToken: t1, expiresAt: Date.now() + 120_000 });
    fake.delayNext(STABLE, 50, 2); // keep each refresh in flight long enough for the other to overlap
    await Promise.all([a.sendTemplate(msg), b.sendTemplate(msg)]);
    expect(fake.sent).toHaveLength(2);
    return { t1 };
  }

  it('two clients sharing a store with refreshExclusive refresh exactly once', async () => {
    const store = new LockSpyStore();
    const { t1 } = await race(store);
    expect(fake.issuedTokens()).toBe(2); // T1, then one new token
    expect(hits(STABLE)).toBe(2); // the first fetch + exactly one refresh
    const t2 = ((await store.get()) as AccessToken).accessToken;
    expect(t2).not.toBe(t1);
    expect(store.calls).toHaveLength(3); // first fetch, then both instances took the lock…
    expect(store.savesInsideRefresh).toEqual([0, 0]); // …but refresh() ran twice in all, saving nothing itself
    expect(store.saves).toBe(3); // first fetch (by the store), the test's save, the one refresh
  });

  it('control: the same race on a store without refreshExclusive refreshes twice', async () => {
    await race(new NoLockStore());
    expect(hits(STABLE)).toBe(3); // the first fetch + one refresh per instance
  });

  it('passes minExpiresAt = now + refreshBeforeMs and uses the lock after a 40001 too', async () => {
    const store = new LockSpyStore();
    const c = client(store, { refreshBeforeMs: 120_000 });
    const before = Date.now();
    const t1 = await c.getAccessToken();
    expect(store.calls).toHaveLength(1);
    const min = store.calls[0]?.minExpiresAt as number;
    expect(min).toBeGreaterThanOrEqual(before + 120_000);
    expect(min).toBeLessThanOrEqual(Date.now() + 120_000);

    fake.failNext(TEMPLATE, 40001);
    await c.sendTemplate(msg);
    expect(store.expired).toEqual([t1]);
    expect(store.calls).toHaveLength(2);
    expect(store.savesInsideRefresh).toEqual([0, 0]);
    expect(hits(TEMPLATE)).toBe(2);
    expect(fake.sent).toHaveLength(1);
  });

  it('rejects a store whose refreshExclusive answers an expired token', async () => {
    const store = new InMemoryTokenStore();
    store.refreshExclusive = async () => ({ accessToken: 'DEAD', expiresAt: Date.now() - 1 });
    await expect(client(store).sendTemplate(msg)).rejects.toThrow(/refreshExclusive returned no usable token/);
    expect(hits(TEMPLATE)).toBe(0);
  });
});

const MEDIA = '/cgi-bin/media/get';
const bytes = (n: number, seed = 1) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff));

/** A one-off server answering stable_token and media/get as `media` says; closed by the returned function. */
async function oneOff(media: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    if (req.url?.startsWith(STABLE)) {
      res.setHeader('Content-Type', 'application/json');
      res.end('{"access_token":"ONEOFF_TOKEN_123","expires_in":7200}');
      return;
    }
    media(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

describe('WechatApiClient.getMedia', () => {
  it('downloads an image: exact bytes, content type and filename', async () => {
    const data = bytes(70_000);
    fake.addMedia('MEDIA_IMG_1', { data, contentType: 'image/jpeg' });
    const media = await client().getMedia('MEDIA_IMG_1');
    expect(Buffer.isBuffer(media.data)).toBe(true);
    expect(media.data.equals(data)).toBe(true);
    expect(media).toEqual({ data: expect.any(Buffer), contentType: 'image/jpeg', filename: 'MEDIA_IMG_1.jpg' });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${STABLE}`, `GET ${MEDIA}`]);
  });

  it('downloads voice with the filename WeChat gives', async () => {
    const data = bytes(3_000, 7);
    fake.addMedia('MEDIA_VOICE_1', { data, contentType: 'audio/amr', filename: '语音留言.amr' });
    const media = await client().getMedia('MEDIA_VOICE_1');
    expect(media.data.equals(data)).toBe(true);
    expect(media.contentType).toBe('audio/amr');
    expect(media.filename).toBe('语音留言.amr');
  });

  it('downloads a video through its video_url, mapped onto a baseUrl with a path, without the token', async () => {
    const seen: string[] = [];
    const mount = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      req.url = (req.url ?? '').replace(/^\/wx/, '');
      fake.handler(req, res);
    });
    await new Promise<void>((r) => mount.listen(0, '127.0.0.1', r));
    try {
      const data = bytes(150_000, 3);
      fake.addMedia('MEDIA_VIDEO_1', { data, contentType: 'video/mp4' });
      const c = client(new InMemoryTokenStore(), { baseUrl: `http://127.0.0.1:${(mount.address() as AddressInfo).port}/wx` });
      const token = await c.getAccessToken();
      const media = await c.getMedia('MEDIA_VIDEO_1');
      expect(media.data.equals(data)).toBe(true);
      expect(media.contentType).toBe('video/mp4');
      expect(media.filename).toBeUndefined();
      expect(fake.requests.map((r) => r.path)).toEqual([STABLE, MEDIA, '/fake-media/MEDIA_VIDEO_1']);
      const download = seen[2] as string;
      expect(download).toMatch(/^\/wx\/fake-media\/MEDIA_VIDEO_1\?vkey=/);
      expect(download).not.toContain(token);
      expect(download).not.toContain('access_token');
    } finally {
      mount.closeAllConnections();
      await new Promise((r) => mount.close(r));
    }
  });

  it('unknown media → WechatApiError 40007, without retry', async () => {
    const c = client();
    const err = await c.getMedia('NO_SUCH_MEDIA').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatApiError);
    expect(err).toMatchObject({ errcode: 40007, path: MEDIA, errmsg: expect.stringMatching(/^invalid media_id/) });
    expect(hits(MEDIA)).toBe(1);
  });

  it('media older than 3 days (fake clock) → 40007; a millisecond before, it downloads', async () => {
    fake.addMedia('MEDIA_OLD', { data: bytes(10), contentType: 'image/png' });
    const c = client();
    clock += 3 * 86_400_000 - 1;
    await expect(c.getMedia('MEDIA_OLD')).resolves.toMatchObject({ contentType: 'image/png', filename: 'MEDIA_OLD.png' });
    clock += 1;
    await expect(c.getMedia('MEDIA_OLD')).rejects.toMatchObject({ errcode: 40007, path: MEDIA });
  });

  it('40001 then success: expires the token once, retries once, and returns the media', async () => {
    const data = bytes(500);
    fake.addMedia('MEDIA_IMG_2', { data, contentType: 'image/jpeg' });
    const store = new SpyStore();
    const c = client(store);
    const t1 = await c.getAccessToken();
    fake.failNext(MEDIA, 40001);
    const media = await c.getMedia('MEDIA_IMG_2');
    expect(media.data.equals(data)).toBe(true);
    expect(store.expired).toEqual([t1]);
    expect(hits(MEDIA)).toBe(2);
    expect(hits(STABLE)).toBe(2);
  });

  it('a second 40001 is thrown, not retried again', async () => {
    fake.addMedia('MEDIA_IMG_3', { data: bytes(5), contentType: 'image/jpeg' });
    fake.failNext(MEDIA, 40001, 2);
    await expect(client().getMedia('MEDIA_IMG_3')).rejects.toMatchObject({ errcode: 40001, path: MEDIA });
    expect(hits(MEDIA)).toBe(2);
  });

  it('caps the size (Content-Length): a media over mediaMaxBytes fails with MediaTooLargeError', async () => {
    fake.addMedia('MEDIA_BIG', { data: bytes(1001), contentType: 'image/jpeg' });
    fake.addMedia('MEDIA_FITS', { data: bytes(1000), contentType: 'image/jpeg' });
    const c = client(new InMemoryTokenStore(), { mediaMaxBytes: 1000 });
    const token = await c.getAccessToken();
    await expect(c.getMedia('MEDIA_FITS')).resolves.toMatchObject({ contentType: 'image/jpeg' });
    const err = await c.getMedia('MEDIA_BIG').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaTooLargeError);
    expect(err).toMatchObject({ limitBytes: 1000, sizeBytes: 1001, path: MEDIA });
    expect((err as Error).message).toBe(`WeChat media ${MEDIA} is larger than the 1000-byte limit (Content-Length 1001)`);
    expect((err as Error).stack).not.toContain(token);
  });

  it('caps the size of a video download too, and of a body sent without Content-Length', async () => {
    fake.addMedia('MEDIA_VIDEO_BIG', { data: bytes(5000), contentType: 'video/mp4' });
    const err = await client(new InMemoryTokenStore(), { mediaMaxBytes: 4096 }).getMedia('MEDIA_VIDEO_BIG').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaTooLargeError);
    expect((err as MediaTooLargeError).path).toMatch(/^127\.0\.0\.1:\d+\/fake-media\/MEDIA_VIDEO_BIG$/);

    const chunked = await oneOff((_req, res) => {
      res.setHeader('Content-Type', 'image/jpeg'); // no Content-Length: chunked
      res.write(bytes(800));
      setTimeout(() => res.end(bytes(800)), 20);
    });
    try {
      const c = new WechatApiClient({ ...OA, baseUrl: chunked.baseUrl, tokenStore: new InMemoryTokenStore(), mediaMaxBytes: 1000 });
      const e2 = await c.getMedia('ANY').catch((e: unknown) => e);
      expect(e2).toBeInstanceOf(MediaTooLargeError);
      expect((e2 as Error).message).toMatch(/larger than the 1000-byte limit \(aborted after 1600 bytes\)/);
    } finally {
      await chunked.close();
    }
  });

  it('never puts the token in errors: timeout, dropped connection, errcode, HTTP status', async () => {
    fake.addMedia('MEDIA_IMG_4', { data: bytes(100), contentType: 'image/jpeg' });
    const c = client(new InMemoryTokenStore(), { mediaTimeoutMs: 200 });
    const token = await c.getAccessToken();
    const errors: unknown[] = [];
    fake.delayNext(MEDIA, 600);
    errors.push(await c.getMedia('MEDIA_IMG_4').catch((e: unknown) => e));
    fake.dropNext(MEDIA);
    errors.push(await c.getMedia('MEDIA_IMG_4').catch((e: unknown) => e));
    errors.push(await c.getMedia('NOPE').catch((e: unknown) => e));
    fake.failNext(MEDIA, 45009);
    errors.push(await c.getMedia('MEDIA_IMG_4').catch((e: unknown) => e));
    expect((errors[0] as Error).message).toBe(`WeChat GET ${MEDIA} timed out after 200 ms`);
    expect((errors[1] as Error).message).toMatch(new RegExp(`^WeChat GET ${MEDIA} failed: `));
    expect(errors[2]).toMatchObject({ errcode: 40007 });
    expect(errors[3]).toMatchObject({ errcode: 45009 });
    for (const e of errors) {
      expect(e).toBeInstanceOf(Error);
      expect(`${(e as Error).message}\n${(e as Error).stack}\n${inspect(e)}`).not.toContain(token);
    }

    const teapot = await oneOff((_req, res) => {
      res.statusCode = 502;
      res.end('bad gateway');
    });
    try {
      const c2 = new WechatApiClient({ ...OA, baseUrl: teapot.baseUrl, tokenStore: new InMemoryTokenStore() });
      const e = await c2.getMedia('ANY').catch((x: unknown) => x);
      expect((e as Error).message).toBe(`WeChat GET ${MEDIA}: HTTP status 502`);
      expect(inspect(e)).not.toContain('ONEOFF_TOKEN_123');
    } finally {
      await teapot.close();
    }
  });

  it('refuses a video_url on a host that is neither WeChat nor the baseUrl, unless listed in videoDownloadHosts', async () => {
    const video = bytes(2000, 9);
    const cdn = http.createServer((req, res) => {
      res.setHeader('Content-Type', 'video/mp4');
      res.end(video);
    });
    await new Promise<void>((r) => cdn.listen(0, '127.0.0.1', r));
    const cdnUrl = `http://localhost:${(cdn.address() as AddressInfo).port}/v/abc.mp4?vkey=secretkey`;
    const api = await oneOff((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ video_url: cdnUrl }));
    });
    try {
      const refused = new WechatApiClient({ ...OA, baseUrl: api.baseUrl, tokenStore: new InMemoryTokenStore() });
      const err = await refused.getMedia('VID').catch((e: unknown) => e);
      expect((err as Error).message).toMatch(/^refusing to download video from localhost:\d+: not a WeChat host/);
      expect((err as Error).message).not.toContain('secretkey');

      const allowed = new WechatApiClient({ ...OA, baseUrl: api.baseUrl, tokenStore: new InMemoryTokenStore(), videoDownloadHosts: ['localhost'] });
      const media = await allowed.getMedia('VID');
      expect(media.data.equals(video)).toBe(true);
      expect(media.contentType).toBe('video/mp4');
    } finally {
      cdn.closeAllConnections();
      await new Promise((r) => cdn.close(r));
      await api.close();
    }
  });

  it('follows a video redirect only to an allowed place', async () => {
    const video = bytes(3000, 5);
    const cdn = http.createServer((req, res) => {
      if (req.url === '/go-home') {
        res.statusCode = 302;
        res.setHeader('Location', '/real.mp4');
      } else if (req.url === '/go-away') {
        res.statusCode = 302;
        res.setHeader('Location', 'http://elsewhere.example.net/x.mp4');
      } else {
        res.setHeader('Content-Type', 'video/mp4');
        res.end(video);
        return;
      }
      res.end();
    });
    await new Promise<void>((r) => cdn.listen(0, '127.0.0.1', r));
    const port = (cdn.address() as AddressInfo).port;
    const next = ['/go-home', '/go-away'];
    const api = await oneOff((_req, res) => {
      res.setHeader('Content-Type', 'text/plain');
      res.end(JSON.stringify({ video_url: `http://localhost:${port}${next.shift()}` }));
    });
    try {
      const c = new WechatApiClient({ ...OA, baseUrl: api.baseUrl, tokenStore: new InMemoryTokenStore(), videoDownloadHosts: ['localhost'] });
      expect((await c.getMedia('VID')).data.equals(video)).toBe(true);
      await expect(c.getMedia('VID')).rejects.toThrow(/^refusing to download video from elsewhere\.example\.net/);
    } finally {
      cdn.closeAllConnections();
      await new Promise((r) => cdn.close(r));
      await api.close();
    }
  });

  it('answers an unparsable application/json body and a JSON without errcode or video_url with clear errors', async () => {
    const bodies = ['{"errcode":', '{"hello":"world"}'];
    const srv2 = await oneOff((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(bodies.shift());
    });
    try {
      const c = new WechatApiClient({ ...OA, baseUrl: srv2.baseUrl, tokenStore: new InMemoryTokenStore() });
      await expect(c.getMedia('X')).rejects.toThrow(`WeChat GET ${MEDIA}: unparsable JSON response`);
      await expect(c.getMedia('X')).rejects.toThrow(/unexpected JSON response/);
    } finally {
      await srv2.close();
    }
  });
});
