import * as http from 'http';
import type { AddressInfo } from 'net';
import { inspect, types } from 'util';
import { FakeWechat } from '../fake';
import { RoutedApi } from './co-api';
import { InMemoryTokenStore, WechatApiClient, WechatApiError, type AccessToken, type TemplateMessage } from './index';

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

const client = (store = new InMemoryTokenStore(), extra: { timeoutMs?: number; baseUrl?: string } = {}) =>
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

  it('uses a stored token only while it has more than 60 s left', async () => {
    const store = new InMemoryTokenStore();
    const fresh = await client(store).getAccessToken(); // a real token, 7200 s
    await store.save({ accessToken: fresh, expiresAt: Date.now() + 61_000 });
    expect(await client(store).getAccessToken()).toBe(fresh);
    expect(hits(STABLE)).toBe(1);
    await store.save({ accessToken: fresh, expiresAt: Date.now() + 59_000 });
    await client(store).getAccessToken();
    expect(hits(STABLE)).toBe(2);
    expect(((await store.get()) as AccessToken).expiresAt).toBeGreaterThan(Date.now() + 7000_000);
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

  it('propagates the fake rejecting a wrong secret (40125) from stable_token', async () => {
    const c = new WechatApiClient({ appid: OA.appid, secret: 'wrong-secret', baseUrl: srv.baseUrl, tokenStore: new InMemoryTokenStore() });
    await expect(c.sendTemplate(msg)).rejects.toMatchObject({ errcode: 40125, path: STABLE });
    expect(fake.sent).toHaveLength(0);
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
