import * as http from 'http';
import type { AddressInfo } from 'net';
import { FakeWechat, type FakeWechatOptions } from './index';

const OA = { appid: 'wxoa0000000000001', secret: 'oa-secret-0001' };
const MINI = { appid: 'wxmini000000000001', secret: 'mini-secret-0001' };
const TPL = 'tpl_case_accepted';
const TEMPLATE = '/cgi-bin/message/template/send';
const CUSTOM = '/cgi-bin/message/custom/send';
const SUBSCRIBE = '/cgi-bin/message/subscribe/send';
const BIZSEND = '/cgi-bin/message/subscribe/bizsend';
const STABLE = '/cgi-bin/stable_token';

type Json = Record<string, any>;  

let clock: number;
let fake: FakeWechat;
let srv: { baseUrl: string; close(): Promise<void> };

async function setup(extra: Partial<FakeWechatOptions> = {}): Promise<void> {
  await srv?.close();
  clock = Date.UTC(2026, 0, 5, 2, 0, 0);
  fake = new FakeWechat({ ...OA, templateIds: [TPL, 'tpl_other'], miniprogram: MINI, now: () => clock, ...extra });
  srv = await fake.listen();
}

async function call(path: string, opts: { method?: string; query?: Record<string, string>; body?: unknown; raw?: string } = {}): Promise<{ status: number; json: Json }> {
  const url = new URL(srv.baseUrl + path);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const method = opts.method ?? (opts.body !== undefined || opts.raw !== undefined ? 'POST' : 'GET');
  const body = opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined);
  const res = await fetch(url, { method, body, headers: body !== undefined ? { 'content-type': 'application/json' } : undefined });
  return { status: res.status, json: (await res.json()) as Json };
}

async function stableToken(app = OA, force = false): Promise<Json> {
  return (await call(STABLE, { body: { grant_type: 'client_credential', appid: app.appid, secret: app.secret, force_refresh: force } })).json;
}

async function token(app = OA): Promise<string> {
  const json = await stableToken(app);
  expect(typeof json.access_token).toBe('string');
  return json.access_token as string;
}

const template = (accessToken: string, body: unknown) => call(TEMPLATE, { query: { access_token: accessToken }, body });
const goodTemplate = { touser: 'oUser_000001', template_id: TPL, data: { thing1: { value: '已受理' } } };

beforeEach(() => setup());
afterAll(() => srv?.close());

describe('token endpoints', () => {
  it('GET /cgi-bin/token validates grant_type, appid and secret, and issues a 7200 s token', async () => {
    const q = (over: Record<string, string>) => ({ query: { grant_type: 'client_credential', ...OA, ...over } });
    expect((await call('/cgi-bin/token', q({ secret: 'wrong' }))).json.errcode).toBe(40125);
    expect((await call('/cgi-bin/token', q({ appid: 'wxunknown' }))).json.errcode).toBe(40013);
    expect((await call('/cgi-bin/token', q({ grant_type: 'password' }))).json.errcode).toBe(40002);
    expect((await call('/cgi-bin/token', { query: { grant_type: 'client_credential', appid: OA.appid } })).json.errcode).toBe(41004);
    const ok = (await call('/cgi-bin/token', q({}))).json;
    expect(ok).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    expect(fake.issuedTokens()).toBe(1);
  });

  it('GET /cgi-bin/token issues a new token per call; the previous one lives 5 more minutes', async () => {
    const q = { query: { grant_type: 'client_credential', ...OA } };
    const first = (await call('/cgi-bin/token', q)).json.access_token as string;
    const second = (await call('/cgi-bin/token', q)).json.access_token as string;
    expect(second).not.toBe(first);
    expect((await template(first, goodTemplate)).json.errcode).toBe(0);
    clock += 5 * 60_000;
    expect((await template(first, goodTemplate)).json.errcode).toBe(42001);
    expect((await template(second, goodTemplate)).json.errcode).toBe(0);
  });

  it('stable_token rejects a wrong secret (40125), unknown appid (40013), GET (43002) and bad JSON (47001)', async () => {
    expect((await stableToken({ appid: OA.appid, secret: 'not-the-secret' })).errcode).toBe(40125);
    expect((await stableToken({ appid: 'wxnobody', secret: OA.secret })).errcode).toBe(40013);
    expect((await call(STABLE, { method: 'GET' })).json.errcode).toBe(43002);
    const bad = (await call(STABLE, { raw: '{"grant_type":' })).json;
    expect(bad.errcode).toBe(47001);
    expect(bad.errmsg).toMatch(/^data format error rid: /);
    expect((await call(STABLE, { raw: '' })).json.errcode).toBe(44002);
    expect(fake.issuedTokens()).toBe(0);
  });

  it('stable_token normal mode returns the current token with the seconds left, renewing in the last 5 minutes', async () => {
    const a = await stableToken();
    expect(a.expires_in).toBe(7200);
    clock += 1000 * 1000;
    const b = await stableToken();
    expect(b).toEqual({ access_token: a.access_token, expires_in: 6200 });
    expect(fake.issuedTokens()).toBe(1);

    clock += (6200 - 299) * 1000; // 299 s left: the platform hands out a new one
    const c = await stableToken();
    expect(c.access_token).not.toBe(a.access_token);
    expect(c.expires_in).toBe(7200);
    expect((await template(a.access_token, goodTemplate)).json.errcode).toBe(0); // old still valid…
    clock += 300 * 1000;
    expect((await template(a.access_token, goodTemplate)).json.errcode).toBe(42001); // …until it expires
    expect((await template(c.access_token, goodTemplate)).json.errcode).toBe(0);
  });

  it('stable_token force_refresh invalidates the previous token; a second force within 30 s changes nothing', async () => {
    const a = await stableToken();
    const b = await stableToken(OA, true);
    expect(b.access_token).not.toBe(a.access_token);
    expect((await template(a.access_token, goodTemplate)).json.errcode).toBe(40001);
    clock += 10_000;
    expect((await stableToken(OA, true)).access_token).toBe(b.access_token);
    clock += 30_000;
    expect((await stableToken(OA, true)).access_token).not.toBe(b.access_token);
    expect(fake.issuedTokens()).toBe(3);
  });

  it('stable_token force_refresh is limited to 20 a day (45009)', async () => {
    for (let i = 0; i < 20; i++) {
      expect((await stableToken(OA, true)).access_token).toEqual(expect.any(String));
      clock += 31_000;
    }
    expect((await stableToken(OA, true)).errcode).toBe(45009);
    expect((await stableToken()).access_token).toEqual(expect.any(String)); // normal mode unaffected
  });

  it('rejects a missing (41001), unknown (40001) and expired (42001) access_token', async () => {
    expect((await call(TEMPLATE, { body: goodTemplate })).json.errcode).toBe(41001);
    const unknown = (await template('not-a-token', goodTemplate)).json;
    expect(unknown.errcode).toBe(40001);
    expect(unknown.errmsg).toMatch(/^invalid credential, access_token is invalid or not latest rid: /);
    const t = await token();
    clock += 7200 * 1000 - 1;
    expect((await template(t, goodTemplate)).json.errcode).toBe(0);
    clock += 1;
    const expired = (await template(t, goodTemplate)).json;
    expect(expired.errcode).toBe(42001);
    expect(expired.errmsg).toMatch(/^access_token expired/);
    expect(fake.sent).toHaveLength(1);
  });
});

describe('message endpoints', () => {
  it('template/send records the exact fields and answers {errcode:0, errmsg:ok, msgid}', async () => {
    const t = await token();
    clock += 5000;
    const body = {
      ...goodTemplate,
      url: 'https://example.cn/case/1',
      miniprogram: { appid: MINI.appid, pagepath: 'pages/case/index?id=1' },
      client_msg_id: 'case-1-accepted',
      color: '#000000',
    };
    const res = await template(t, body);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
    expect(fake.sent).toEqual([
      {
        kind: 'template',
        touser: 'oUser_000001',
        template_id: TPL,
        data: { thing1: { value: '已受理' } },
        url: 'https://example.cn/case/1',
        miniprogram: { appid: MINI.appid, pagepath: 'pages/case/index?id=1' },
        client_msg_id: 'case-1-accepted',
        msgid: res.json.msgid,
        at: clock,
      },
    ]);
  });

  it('template/send validates touser (40003), template_id (40037), JSON (47001), empty body (44002), data (47003)', async () => {
    const t = await token();
    expect((await template(t, { ...goodTemplate, touser: undefined })).json.errcode).toBe(40003);
    expect((await template(t, { ...goodTemplate, touser: 'bad openid!' })).json.errcode).toBe(40003);
    expect((await template(t, { ...goodTemplate, template_id: 'tpl_unknown' })).json.errcode).toBe(40037);
    expect((await template(t, { ...goodTemplate, template_id: undefined })).json.errcode).toBe(40037);
    expect((await call(TEMPLATE, { query: { access_token: t }, raw: '{touser:' })).json.errcode).toBe(47001);
    expect((await call(TEMPLATE, { query: { access_token: t }, raw: '' })).json.errcode).toBe(44002);
    const data = (await template(t, { ...goodTemplate, data: { amount1: { value: 12 } } })).json;
    expect(data.errcode).toBe(47003);
    expect(data.errmsg).toMatch(/data\.amount1\.value/);
    expect((await call(TEMPLATE, { query: { access_token: t } })).json.errcode).toBe(43002);
    expect(fake.sent).toHaveLength(0);
  });

  it('accepts any template id when templateIds is undefined', async () => {
    await setup({ templateIds: undefined });
    const t = await token();
    expect((await template(t, { ...goodTemplate, template_id: 'whatever' })).json.errcode).toBe(0);
  });

  it('template/send de-duplicates (touser, client_msg_id) for 10 minutes', async () => {
    const t = await token();
    const body = { ...goodTemplate, client_msg_id: 'dup-1' };
    const a = (await template(t, body)).json;
    const b = (await template(t, body)).json;
    expect(b).toEqual(a);
    expect(fake.sent).toHaveLength(1);
    expect((await template(t, { ...body, touser: 'oUser_000002' })).json.msgid).not.toBe(a.msgid);
    clock += 10 * 60_000;
    expect((await template(t, body)).json.msgid).not.toBe(a.msgid);
    expect(fake.sent).toHaveLength(3);
  });

  it('template/send refuses a mini-program token (48001)', async () => {
    const mt = await token(MINI);
    expect((await template(mt, goodTemplate)).json.errcode).toBe(48001);
  });

  it('custom/send records text and answers without msgid; validates msgtype and content', async () => {
    const t = await token();
    fake.userMessagedAt('oUser_000001');
    const q = { query: { access_token: t } };
    const res = await call(CUSTOM, { ...q, body: { touser: 'oUser_000001', msgtype: 'text', text: { content: '您的诉求已办结' } } });
    expect(res.json).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(fake.sent).toEqual([{ kind: 'custom', touser: 'oUser_000001', content: '您的诉求已办结', msgid: expect.any(Number), at: clock }]);
    expect((await call(CUSTOM, { ...q, body: { touser: 'oUser_000001', msgtype: 'fax', fax: {} } })).json.errcode).toBe(40008);
    expect((await call(CUSTOM, { ...q, body: { touser: 'oUser_000001', msgtype: 'text', text: {} } })).json.errcode).toBe(44004);
    expect((await call(CUSTOM, { ...q, body: { msgtype: 'text', text: { content: 'x' } } })).json.errcode).toBe(40003);
    expect(fake.sent).toHaveLength(1);
  });

  it('subscribe/send needs the mini-program token, records page and data, and requires data', async () => {
    const mt = await token(MINI);
    const body = { touser: 'oMini_000001', template_id: TPL, page: 'pages/case/index?id=9', data: { thing2: { value: '已派单' } }, miniprogram_state: 'formal' };
    const res = await call(SUBSCRIBE, { query: { access_token: mt }, body });
    expect(res.json).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
    expect(fake.sent).toEqual([
      {
        kind: 'subscribe',
        touser: 'oMini_000001',
        template_id: TPL,
        page: 'pages/case/index?id=9',
        data: { thing2: { value: '已派单' } },
        miniprogram_state: 'formal',
        msgid: res.json.msgid,
        at: clock,
      },
    ]);
    expect((await call(SUBSCRIBE, { query: { access_token: await token(OA) }, body })).json.errcode).toBe(48001);
    expect((await call(SUBSCRIBE, { query: { access_token: mt }, body: { ...body, data: undefined } })).json.errcode).toBe(47003);
    expect((await call(SUBSCRIBE, { query: { access_token: mt }, body: { ...body, template_id: 'nope' } })).json.errcode).toBe(40037);
  });
});

describe('subscription notifications and user states', () => {
  const bizBody = {
    touser: 'oUser_000001',
    template_id: TPL,
    page: 'https://example.cn/case/9',
    miniprogram: { appid: MINI.appid, pagepath: 'pages/case/index?id=9' },
    data: { thing1: { value: '已办结' } },
  };
  const bizsend = (accessToken: string, body: unknown) => call(BIZSEND, { query: { access_token: accessToken }, body });
  const custom = (accessToken: string, touser = 'oUser_000001') =>
    call(CUSTOM, { query: { access_token: accessToken }, body: { touser, msgtype: 'text', text: { content: '请评价' } } });

  it('subscribe/bizsend records kind bizsubscribe with the exact fields; official-account token only', async () => {
    const t = await token();
    const res = await bizsend(t, bizBody);
    expect(res.json).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
    expect(fake.sent).toEqual([{ kind: 'bizsubscribe', ...bizBody, msgid: res.json.msgid, at: clock }]);
    expect((await bizsend(await token(MINI), bizBody)).json.errcode).toBe(48001);
    expect((await call('/__fake/messages', { query: { kind: 'bizsubscribe' } })).json.messages).toHaveLength(1);
    expect((await call('/__fake/messages', { query: { kind: 'subscribe' } })).json.messages).toHaveLength(0);
  });

  it('subscribe/bizsend validates touser (40003), template_id (40037), data (47003), miniprogram (47001), method (43002)', async () => {
    const t = await token();
    expect((await bizsend(t, { ...bizBody, touser: 'x' })).json.errcode).toBe(40003);
    expect((await bizsend(t, { ...bizBody, template_id: 'tpl_unknown' })).json.errcode).toBe(40037);
    expect((await bizsend(t, { ...bizBody, data: undefined })).json.errcode).toBe(47003);
    expect((await bizsend(t, { ...bizBody, data: {} })).json.errcode).toBe(47003);
    expect((await bizsend(t, { ...bizBody, data: { thing1: { value: 1 } } })).json.errcode).toBe(47003);
    expect((await bizsend(t, { ...bizBody, miniprogram: 'pages/x' })).json.errcode).toBe(47001);
    expect((await call(BIZSEND, { query: { access_token: t } })).json.errcode).toBe(43002);
    expect(fake.sent).toHaveLength(0);
  });

  it('refuseSubscription: 43101 on subscribe/send and bizsend for that user only, nothing recorded', async () => {
    const t = await token();
    const mt = await token(MINI);
    fake.refuseSubscription('oUser_000001');
    fake.refuseSubscription('oMini_000001');
    const refused = await bizsend(t, bizBody);
    expect(refused.json.errcode).toBe(43101);
    expect(refused.json.errmsg).toMatch(/^user refuse to accept the msg rid: /);
    const sub = { touser: 'oMini_000001', template_id: TPL, data: { thing2: { value: '已派单' } } };
    expect((await call(SUBSCRIBE, { query: { access_token: mt }, body: sub })).json.errcode).toBe(43101);
    expect(fake.sent).toHaveLength(0);
    expect((await bizsend(t, { ...bizBody, touser: 'oUser_000002' })).json.errcode).toBe(0);
    expect((await call(SUBSCRIBE, { query: { access_token: mt }, body: { ...sub, touser: 'oMini_000002' } })).json.errcode).toBe(0);
    expect((await template(t, goodTemplate)).json.errcode).toBe(0); // template messages do not need a subscription
    expect(fake.sent.map((m) => `${m.kind} ${m.touser}`)).toEqual(['bizsubscribe oUser_000002', 'subscribe oMini_000002', 'template oUser_000001']);
  });

  it('unfollow: 43004 on template/send and custom/send for that user only', async () => {
    const t = await token();
    fake.userMessagedAt('oUser_000001');
    fake.unfollow('oUser_000001');
    const res = await template(t, goodTemplate);
    expect(res.json.errcode).toBe(43004);
    expect(res.json.errmsg).toMatch(/^require subscribe rid: /);
    expect((await custom(t)).json.errcode).toBe(43004);
    expect(fake.sent).toHaveLength(0);
    expect((await template(t, { ...goodTemplate, touser: 'oUser_000002' })).json.errcode).toBe(0);
    expect(fake.sent).toHaveLength(1);
  });

  it('custom/send answers 45015 outside the 48 h window; userMessagedAt opens it', async () => {
    const t = await token();
    const never = await custom(t);
    expect(never.json.errcode).toBe(45015);
    expect(never.json.errmsg).toMatch(/^response out of time limit/);
    fake.userMessagedAt('oUser_000001', clock - 48 * 3_600_000 + 1);
    expect((await custom(t)).json).toEqual({ errcode: 0, errmsg: 'ok' });
    clock += 1; // exactly 48 h since the user's message
    expect((await custom(t)).json.errcode).toBe(45015);
    fake.userMessagedAt('oUser_000001'); // messaged again, now
    expect((await custom(t)).json.errcode).toBe(0);
    expect((await custom(t, 'oUser_000002')).json.errcode).toBe(45015);
    expect(fake.sent.map((m) => m.kind)).toEqual(['custom', 'custom']);
  });

  it('customServiceWindowOpen: true lets custom/send reach any user; reset forgets user states', async () => {
    await setup({ customServiceWindowOpen: true });
    let t = await token();
    expect((await custom(t, 'oAnyone_0001')).json.errcode).toBe(0);
    await setup();
    t = await token();
    fake.userMessagedAt('oUser_000001');
    fake.unfollow('oUser_000002');
    fake.refuseSubscription('oUser_000003');
    fake.reset();
    t = await token();
    expect((await custom(t)).json.errcode).toBe(45015);
    expect((await template(t, { ...goodTemplate, touser: 'oUser_000002' })).json.errcode).toBe(0);
    expect((await bizsend(t, { ...bizBody, touser: 'oUser_000003' })).json.errcode).toBe(0);
  });

  it('failNext, delayNext and dropNext apply to subscribe/bizsend', async () => {
    const t = await token();
    fake.failNext(BIZSEND, 45009);
    expect((await bizsend(t, bizBody)).json.errcode).toBe(45009);
    fake.dropNext(BIZSEND);
    await expect(bizsend(t, bizBody)).rejects.toThrow();
    fake.delayNext(BIZSEND, 200);
    const started = Date.now();
    expect((await bizsend(t, bizBody)).json.errcode).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    expect(fake.sent).toHaveLength(1);
  });

  it('user-state methods validate their arguments', () => {
    expect(() => fake.userMessagedAt('')).toThrow(/openid/);
    expect(() => fake.userMessagedAt('oUser_000001', Number.NaN)).toThrow(/at/);
    expect(() => fake.refuseSubscription('')).toThrow(/openid/);
    expect(() => fake.unfollow('')).toThrow(/openid/);
  });
});

describe('jscode2session', () => {
  const login = (query: Record<string, string>) =>
    call('/sns/jscode2session', { query: { appid: MINI.appid, secret: MINI.secret, grant_type: 'authorization_code', ...query } });

  it('maps code-<openid> to that openid once; unknown or used codes are 40029', async () => {
    const first = await login({ js_code: 'code-oMini_000042' });
    expect(first.json).toEqual({ session_key: expect.any(String), openid: 'oMini_000042' });
    expect((await login({ js_code: 'code-oMini_000042' })).json.errcode).toBe(40029);
    const unknown = (await login({ js_code: '071abcDEF' })).json;
    expect(unknown.errcode).toBe(40029);
    expect(unknown.errmsg).toMatch(/^invalid code/);
    expect((await login({ js_code: 'code-bad openid' })).json.errcode).toBe(40029);
  });

  it('checks the mini program credentials and parameters', async () => {
    expect((await login({ js_code: 'code-oMini_000001', secret: 'wrong' })).json.errcode).toBe(40125);
    expect((await login({ js_code: 'code-oMini_000001', appid: OA.appid, secret: OA.secret })).json.errcode).toBe(40013);
    expect((await login({})).json.errcode).toBe(41008);
    expect((await login({ js_code: 'code-oMini_000001', grant_type: 'client_credential' })).json.errcode).toBe(40002);
    // none of the failures consumed the code
    expect((await login({ js_code: 'code-oMini_000001' })).json.openid).toBe('oMini_000001');
  });
});

describe('unionid (both apps bound to one open-platform account)', () => {
  const login = async (code: string) =>
    (await call('/sns/jscode2session', { query: { appid: MINI.appid, secret: MINI.secret, grant_type: 'authorization_code', js_code: code } })).json;
  const info = async (openid: string, app = OA) => (await call('/cgi-bin/user/info', { query: { access_token: await token(app), openid, lang: 'zh_CN' } })).json;

  it('answers none without openPlatform, from either API', async () => {
    await setup();
    expect(await login('code-oMini_union_01')).not.toHaveProperty('unionid');
    expect(await info('oOa_union_01')).not.toHaveProperty('unionid');
  });

  it('answers one unionid for linked openids of both apps, and a distinct one for anyone else', async () => {
    await setup({ openPlatform: true });
    fake.linkUnionid('oUnion_person_01', 'oMini_union_01', 'oOa_union_01');
    expect(await login('code-oMini_union_01')).toEqual({ session_key: expect.any(String), openid: 'oMini_union_01', unionid: 'oUnion_person_01' });
    expect(await info('oOa_union_01')).toEqual({
      subscribe: 1,
      openid: 'oOa_union_01',
      language: 'zh_CN',
      subscribe_time: Math.floor(clock / 1000),
      unionid: 'oUnion_person_01',
      remark: '',
      groupid: 0,
      tagid_list: [],
      subscribe_scene: 'ADD_SCENE_QR_CODE',
      qr_scene: 0,
      qr_scene_str: '',
    });
    const stranger = (await login('code-oMini_union_02')).unionid;
    expect(stranger).toMatch(/^[\w-]{28}$/);
    expect(stranger).not.toBe('oUnion_person_01');
    expect((await login('code-oMini_union_02.again')).unionid).toBe(stranger); // stable per person
  });

  it('user/info: the official account only, a valid openid, and little about a user who unfollowed', async () => {
    await setup({ openPlatform: true });
    fake.linkUnionid('oUnion_person_02', 'oOa_union_02');
    fake.unfollow('oOa_union_02');
    expect(await info('oOa_union_02')).toEqual({ subscribe: 0, openid: 'oOa_union_02', unionid: 'oUnion_person_02' });
    expect((await info('bad openid')).errcode).toBe(40003);
    expect((await info('oOa_union_02', MINI)).errcode).toBe(48001);
    expect(() => fake.linkUnionid('x', 'oOa_union_02')).toThrow(/unionid/);
  });
});

describe('getuserphonenumber', () => {
  const PHONE = '/wxa/business/getuserphonenumber';
  const ask = async (body: unknown, app = MINI) => (await call(PHONE, { query: { access_token: await token(app) }, body })).json;

  it('answers phone-<digits> once with WeChat\'s shape and the mini program\'s appid; unknown or used codes are 40029', async () => {
    expect(await ask({ code: 'phone-13800001234.a1' })).toEqual({
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: '13800001234',
        purePhoneNumber: '13800001234',
        countryCode: '86',
        watermark: { timestamp: Math.floor(clock / 1000), appid: MINI.appid },
      },
    });
    const used = await ask({ code: 'phone-13800001234.a1' });
    expect(used.errcode).toBe(40029);
    expect(used.errmsg).toMatch(/^invalid code/);
    expect((await ask({ code: 'phone-13800001234.a2' })).phone_info.purePhoneNumber).toBe('13800001234'); // another nonce, another code
    expect((await ask({ code: 'phone-13800001234' })).errcode).toBe(0);
    expect((await ask({ code: 'phone-13800001234' })).errcode).toBe(40029);
    expect((await ask({ code: 'e31968a7f94cc5ee25fafc2aef2773f0' })).errcode).toBe(40029);
    expect((await ask({ code: 'phone-12' })).errcode).toBe(40029);
    expect((await ask({ code: 'code-oMini_000001' })).errcode).toBe(40029);
  });

  it("needs a valid mini-program token (the official account's → 48001) and a code, and consumes nothing on failure", async () => {
    expect((await ask({ code: 'phone-13900000001' }, OA)).errcode).toBe(48001);
    expect((await call(PHONE, { query: { access_token: 'nope' }, body: { code: 'phone-13900000001' } })).json.errcode).toBe(40001);
    expect((await call(PHONE, { body: { code: 'phone-13900000001' } })).json.errcode).toBe(41001);
    expect((await ask({})).errcode).toBe(41008);
    expect((await call(PHONE, { method: 'GET', query: { access_token: await token(MINI) } })).json.errcode).toBe(43002);
    expect((await ask({ code: 'phone-13900000001' })).phone_info.phoneNumber).toBe('13900000001');
  });

  it('is not there for a fake without a mini program (48001 for the only token there is)', async () => {
    await setup({ miniprogram: undefined });
    expect((await ask({ code: 'phone-13900000001' }, OA)).errcode).toBe(48001);
  });
});

describe('fault injection and records', () => {
  it('queues errcodes per path in order, without effect, then recovers', async () => {
    const t = await token();
    fake.failNext(TEMPLATE, 40001);
    fake.failNext(TEMPLATE, 45009, 2);
    fake.failNext(CUSTOM, 45015, 1, 'response out of time limit');
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await template(t, goodTemplate)).json.errcode);
    expect(codes).toEqual([40001, 45009, 45009, 0]);
    expect(fake.sent).toHaveLength(1);
    const custom = (await call(CUSTOM, { query: { access_token: t }, body: { touser: 'oUser_000001', msgtype: 'text', text: { content: 'x' } } })).json;
    expect(custom).toEqual({ errcode: 45015, errmsg: 'response out of time limit' });
  });

  it('delays and drops the next calls to a path', async () => {
    const t = await token();
    fake.delayNext(TEMPLATE, 300);
    const started = Date.now();
    expect((await template(t, goodTemplate)).json.errcode).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);

    fake.dropNext(TEMPLATE);
    await expect(template(t, goodTemplate)).rejects.toThrow();
    expect((await template(t, goodTemplate)).json.errcode).toBe(0);
    expect(fake.sent).toHaveLength(2);
  });

  it('records every API request with method and path, without the query string', async () => {
    const t = await token();
    await template(t, goodTemplate);
    await call('/cgi-bin/nonexistent', { query: { access_token: t } });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${STABLE}`, `POST ${TEMPLATE}`, 'GET /cgi-bin/nonexistent']);
    expect(fake.requests.every((r) => r.at === clock)).toBe(true);
  });

  it('serves /__fake/ messages (filtered, newest last), reset and fail, unrecorded', async () => {
    const t = await token();
    await template(t, { ...goodTemplate, touser: 'oAlice_0001', data: { n: { value: '1' } } });
    await template(t, { ...goodTemplate, touser: 'oBob_000001' });
    await template(t, { ...goodTemplate, touser: 'oAlice_0001', data: { n: { value: '2' } } });
    const { json } = await call('/__fake/messages', { query: { touser: 'oAlice_0001' } });
    expect(json.messages.map((m: Json) => m.data.n.value)).toEqual(['1', '2']);
    expect((await call('/__fake/messages')).json.messages).toHaveLength(3);

    expect((await call('/__fake/fail', { body: { path: TEMPLATE, errcode: 45009 } })).json).toEqual({ ok: true });
    expect((await template(t, goodTemplate)).json.errcode).toBe(45009);
    expect(fake.requests.some((r) => r.path.startsWith('/__fake'))).toBe(false);

    expect((await call('/__fake/reset', { method: 'POST' })).json).toEqual({ ok: true });
    expect(fake.sent).toHaveLength(0);
    expect(fake.requests).toHaveLength(0);
    expect(fake.issuedTokens()).toBe(0);
    expect((await template(t, goodTemplate)).json.errcode).toBe(40001); // tokens are forgotten too
  });

  it('mounts as middleware: uses req.url relative to the mount and passes unknown paths to next', async () => {
    const passed: string[] = [];
    const server = http.createServer((req, res) => {
      if (!req.url?.startsWith('/wx/')) {
        res.statusCode = 404;
        res.end();
        return;
      }
      req.url = req.url.slice('/wx'.length); // what express does for app.use('/wx', handler)
      fake.handler(req, res, () => {
        passed.push(req.url ?? '');
        res.statusCode = 418;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wx`;
      const tok = await fetch(`${base}${STABLE}`, { method: 'POST', body: JSON.stringify({ grant_type: 'client_credential', ...OA }) });
      expect(((await tok.json()) as Json).access_token).toEqual(expect.any(String));
      expect((await fetch(`${base}/elsewhere`)).status).toBe(418);
      expect(passed).toEqual(['/elsewhere']);
      expect(fake.requests.map((r) => r.path)).toEqual([STABLE]);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('media/get', () => {
  const MEDIA = '/cgi-bin/media/get';
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff));

  /** GET with the body as bytes and the headers. */
  async function get(path: string, query: Record<string, string> = {}, method = 'GET') {
    const url = new URL(path.startsWith('http') ? path : srv.baseUrl + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const res = await fetch(url, { method });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  }
  const text = (b: Buffer) => JSON.parse(b.toString('utf8'));

  it('answers registered media with its bytes, Content-Type and a WeChat-style Content-disposition', async () => {
    const t = await token();
    const data = bytes(4096);
    fake.addMedia('M_IMG', { data, contentType: 'image/jpeg' });
    fake.addMedia('M_VOICE', { data: bytes(10), contentType: 'audio/amr', filename: '留言.amr' });
    const img = await get(MEDIA, { access_token: t, media_id: 'M_IMG' });
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    expect(img.headers.get('content-disposition')).toBe('attachment; filename="M_IMG.jpg"');
    expect(img.body.equals(data)).toBe(true);
    const voice = await get(MEDIA, { access_token: t, media_id: 'M_VOICE' });
    expect(voice.headers.get('content-type')).toBe('audio/amr');
    expect(voice.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('留言.amr')}`);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${STABLE}`, `GET ${MEDIA}`, `GET ${MEDIA}`]);
  });

  it('answers a video with {video_url} (text/plain) served by the fake until the media expires', async () => {
    const t = await token();
    const data = bytes(20_000);
    fake.addMedia('M_VID', { data, contentType: 'video/mp4' });
    const res = await get(MEDIA, { access_token: t, media_id: 'M_VID' });
    expect(res.headers.get('content-type')).toBe('text/plain');
    const { video_url } = text(res.body) as { video_url: string };
    expect(video_url).toMatch(/^http:\/\/file\.api\.weixin\.qq\.com\/fake-media\/M_VID\?vkey=[0-9a-f]{32}$/);
    const local = video_url.replace('http://file.api.weixin.qq.com', srv.baseUrl);
    const dl = await get(local);
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('video/mp4');
    expect(dl.body.equals(data)).toBe(true);
    expect((await get(local.replace(/vkey=.*/, 'vkey=guess'))).status).toBe(404);
    expect(fake.requests.map((r) => r.path)).toEqual([STABLE, MEDIA, '/fake-media/M_VID', '/fake-media/M_VID']);
    clock += 3 * 86_400_000;
    expect((await get(local)).status).toBe(404);
  });

  it('40007 for unknown or 3-day-old media and for another app’s token; 41006, 41001, 43001', async () => {
    const t = await token();
    fake.addMedia('M_IMG', { data: bytes(5), contentType: 'image/png' });
    const unknown = await get(MEDIA, { access_token: t, media_id: 'M_NOPE' });
    expect(unknown.headers.get('content-type')).toBe('text/plain');
    expect(text(unknown.body)).toEqual({ errcode: 40007, errmsg: expect.stringMatching(/^invalid media_id rid: /) });
    clock += 3 * 86_400_000 - 1;
    const t2 = await token(); // the first one expired days ago
    expect((await get(MEDIA, { access_token: t2, media_id: 'M_IMG' })).headers.get('content-type')).toBe('image/png');
    clock += 1;
    expect(text((await get(MEDIA, { access_token: t2, media_id: 'M_IMG' })).body).errcode).toBe(40007);
    fake.addMedia('M_IMG', { data: bytes(5), contentType: 'image/png' }); // registered again: 3 more days
    expect((await get(MEDIA, { access_token: t2, media_id: 'M_IMG' })).status).toBe(200);
    expect(text((await get(MEDIA, { access_token: await token(MINI), media_id: 'M_IMG' })).body).errcode).toBe(40007);
    expect(text((await get(MEDIA, { access_token: t2 })).body).errcode).toBe(41006);
    expect(text((await get(MEDIA, { media_id: 'M_IMG' })).body).errcode).toBe(41001);
    expect(text((await get(MEDIA, { access_token: t2, media_id: 'M_IMG' }, 'POST')).body).errcode).toBe(43001);
  });

  it('failNext, delayNext and dropNext apply to media/get; reset forgets media; /__fake/media registers it', async () => {
    const t = await token();
    fake.addMedia('M_IMG', { data: bytes(5), contentType: 'image/jpeg' });
    const q = { access_token: t, media_id: 'M_IMG' };
    fake.failNext(MEDIA, 40001);
    expect(text((await get(MEDIA, q)).body).errcode).toBe(40001);
    fake.dropNext(MEDIA);
    await expect(get(MEDIA, q)).rejects.toThrow();
    fake.delayNext(MEDIA, 250);
    const started = Date.now();
    expect((await get(MEDIA, q)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(230);
    expect(fake.requests.filter((r) => r.path === MEDIA)).toHaveLength(3);

    fake.reset();
    const t2 = await token();
    expect(text((await get(MEDIA, { access_token: t2, media_id: 'M_IMG' })).body).errcode).toBe(40007);
    const added = await call('/__fake/media', { body: { mediaId: 'M_API', contentType: 'image/gif', base64: bytes(9).toString('base64') } });
    expect(added.json).toEqual({ ok: true });
    const got = await get(MEDIA, { access_token: t2, media_id: 'M_API' });
    expect(got.headers.get('content-type')).toBe('image/gif');
    expect(got.body.equals(bytes(9))).toBe(true);
  });

  it('addMedia validates its arguments', () => {
    expect(() => fake.addMedia('', { data: bytes(1), contentType: 'image/jpeg' })).toThrow(/mediaId/);
    expect(() => fake.addMedia('x', { data: 'nope' as unknown as Buffer, contentType: 'image/jpeg' })).toThrow(/Buffer/);
    expect(() => fake.addMedia('x', { data: bytes(1), contentType: '' })).toThrow(/contentType/);
    expect(() => fake.addMedia('x', { data: bytes(1), contentType: 'image/jpeg', kind: 'file' as 'image' })).toThrow(/kind/);
  });
});

describe('FakeWechat jscode2session codes', () => {
  it('takes a fresh code-<openid>.<nonce> for the same user each time, and each code once', async () => {
    const fake = new FakeWechat({ appid: 'wxfakeoa00000001', secret: 'fake-oa-secret-01', miniprogram: { appid: 'wxfakemini000001', secret: 'fake-mini-secret-1' } });
    const { baseUrl, close } = await fake.listen();
    try {
      const login = async (code: string) =>
        (await (await fetch(`${baseUrl}/sns/jscode2session?appid=wxfakemini000001&secret=fake-mini-secret-1&js_code=${code}&grant_type=authorization_code`)).json()) as {
          openid?: string;
          errcode?: number;
        };
      expect((await login('code-o_user_01.a1')).openid).toBe('o_user_01');
      expect((await login('code-o_user_01.b2')).openid).toBe('o_user_01');
      expect((await login('code-o_user_01.a1')).errcode).toBe(40029);
      expect((await login('code-o_user_01.bad~nonce')).errcode).toBe(40029);
    } finally {
      await close();
    }
  });
});
