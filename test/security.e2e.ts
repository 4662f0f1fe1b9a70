import { createHmac, randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { SESSION_CHECK_TTL_MS, StaffSessions } from '@msz/server/common/auth/staff-sessions';
import { FILING_LIMITS } from '@msz/server/modules/limits/filing-limits.service';
import { callApi, residentToken } from './support/api';
import { numberIn, Resident } from './support/resident';
import { Staff } from './support/staff';

/** Attacks from issue 11, each tried against the real server: sessions, floods, lookups, bad input, headers. */
describe('hardening', () => {
  let sut: TestApp;
  let admin: Staff;

  beforeAll(async () => {
    sut = await createTestApp();
    admin = await Staff.login(sut.baseUrl, 'admin');
  });
  afterAll(() => sut?.close());

  /** Each test starts with no counters: the limits under test are per address, and every request here comes from 127.0.0.1. */
  beforeEach(() => sut.ds.query('DELETE FROM rate_limit'));

  const login = (username: string, password: string) =>
    fetch(`${sut.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const exportLedger = (token: string) => fetch(`${sut.baseUrl}/api/exports/cases.csv`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
  const unitId = async (code: string) => (await admin.call<Array<{ id: string; code: string }>>('GET', '/api/units')).body.find((u) => u.code === code)!.id;

  /** A fresh account, so that what a test does to it touches no other test. */
  async function newStaff(role: string, unitCode = 'city'): Promise<{ id: string; username: string; password: string }> {
    const username = `t-${randomUUID().slice(0, 8)}`;
    const password = 'correct-horse-1';
    const res = await admin.call('POST', '/api/staff', { username, displayName: '测试', role, unitId: await unitId(unitCode), password });
    expect(res.status).toBe(201);
    return { id: res.body.id, username, password };
  }

  describe('modes', () => {
    it('a server with a real account hosts no fake WeChat, no /sandbox and no h5 app', async () => {
      expect(sut.config.sandbox).toBe(false);
      for (const path of ['/sandbox', '/__wechat/cgi-bin/token?grant_type=client_credential&appid=x&secret=y', '/app/']) {
        expect((await fetch(`${sut.baseUrl}${path}`)).status).toBe(404);
      }
    });
  });

  describe('staff accounts and sessions', () => {
    it('a disabled account is refused at once, its token too, until it is enabled again', async () => {
      const acct = await newStaff('dispatcher');
      const session = await Staff.login(sut.baseUrl, acct.username, acct.password);
      expect(await exportLedger(session.token)).toBe(200);

      const disabled = await admin.call('PATCH', `/api/staff/${acct.id}`, { active: false });
      expect(disabled).toMatchObject({ status: 200, body: { active: false } });
      expect(await exportLedger(session.token)).toBe(401);
      expect((await login(acct.username, acct.password)).status).toBe(401);

      expect((await admin.call('PATCH', `/api/staff/${acct.id}`, { active: true })).status).toBe(200);
      expect(await exportLedger(session.token)).toBe(401); // the old token stays ended
      expect(await exportLedger((await Staff.login(sut.baseUrl, acct.username, acct.password)).token)).toBe(200);
    });

    it('a demoted dispatcher can no longer export the ledger with the token they had', async () => {
      const acct = await newStaff('dispatcher');
      const before = await Staff.login(sut.baseUrl, acct.username, acct.password);
      expect(await exportLedger(before.token)).toBe(200);
      expect((await admin.call('PATCH', `/api/staff/${acct.id}`, { role: 'handler' })).body).toMatchObject({ role: 'handler' });
      expect(await exportLedger(before.token)).toBe(401);
      expect(await exportLedger((await Staff.login(sut.baseUrl, acct.username, acct.password)).token)).toBe(403);
    });

    it('moving an account to another unit ends its sessions; renaming it does not', async () => {
      const acct = await newStaff('handler', 'town-jingxi');
      const session = await Staff.login(sut.baseUrl, acct.username, acct.password);
      expect((await admin.call('PATCH', `/api/staff/${acct.id}`, { displayName: '新名字' })).status).toBe(200);
      expect((await session.call('GET', '/api/cases')).status).toBe(200);
      const moved = await admin.call('PATCH', `/api/staff/${acct.id}`, { unitId: await unitId('town-batai') });
      expect(moved.body.unitId).toBe(await unitId('town-batai'));
      expect((await session.call('GET', '/api/cases')).status).toBe(401);
    });

    it('a password reset ends every session and only the new password works', async () => {
      const acct = await newStaff('handler', 'town-jingxi');
      const session = await Staff.login(sut.baseUrl, acct.username, acct.password);
      expect((await admin.call('POST', `/api/staff/${acct.id}/password`, { password: 'new-password-2' })).status).toBe(204);
      expect((await session.call('GET', '/api/cases')).status).toBe(401);
      expect((await login(acct.username, acct.password)).status).toBe(401);
      expect((await login(acct.username, 'new-password-2')).status).toBe(200);
    });

    it('only admins manage accounts, and an admin cannot lock themselves out', async () => {
      const acct = await newStaff('handler', 'town-jingxi');
      const dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
      expect((await dispatcher.call('PATCH', `/api/staff/${acct.id}`, { active: false })).status).toBe(403);
      expect((await dispatcher.call('POST', `/api/staff/${acct.id}/password`, { password: 'x'.repeat(10) })).status).toBe(403);
      const me = (await admin.call('GET', '/api/staff?role=admin')).body.items[0].id as string;
      expect((await admin.call('PATCH', `/api/staff/${me}`, { active: false })).status).toBe(409);
      expect((await admin.call('PATCH', `/api/staff/${me}`, { role: 'handler' })).status).toBe(409);
      expect((await admin.call('PATCH', `/api/staff/${randomUUID()}`, { active: false })).status).toBe(404);
      expect((await admin.call('PATCH', `/api/staff/${acct.id}`, { unitId: randomUUID() })).status).toBe(400);
    });

    it('signing out ends the token', async () => {
      const acct = await newStaff('handler', 'town-jingxi');
      const session = await Staff.login(sut.baseUrl, acct.username, acct.password);
      expect((await session.call('POST', '/api/auth/logout')).status).toBe(204);
      expect((await session.call('GET', '/api/cases')).status).toBe(401);
    });

    it('another process sees a change within SESSION_CHECK_TTL_MS (well under a minute)', async () => {
      const acct = await newStaff('handler', 'town-jingxi');
      const sessions = sut.app.get(StaffSessions);
      const t0 = Date.now();
      expect(await sessions.isCurrent(acct.id, 0, t0)).toBe(true);
      // What another server process does when an admin disables the account there.
      await sut.ds.query('UPDATE staff_user SET active = false, token_version = token_version + 1 WHERE id = $1', [acct.id]);
      expect(await sessions.isCurrent(acct.id, 0, t0 + SESSION_CHECK_TTL_MS)).toBe(false);
      expect(SESSION_CHECK_TTL_MS).toBeLessThanOrEqual(60_000);
    });

    /** An HS256 token made with the server's own secret, as someone who stole the secret or replays an old format would. */
    const forge = (header: object, payload: object) => {
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const unsigned = `${b64(header)}.${b64(payload)}`;
      const alg = (header as { alg: string }).alg;
      const sig = alg === 'none' ? '' : createHmac(alg === 'HS512' ? 'sha512' : 'sha256', sut.config.authSecret).update(unsigned).digest('base64url');
      return `${unsigned}.${sig}`;
    };

    it('refuses a token without exp, with another algorithm, or unsigned', async () => {
      const acct = await newStaff('dispatcher');
      const claims = { kind: 'staff', id: acct.id, username: acct.username, name: '测试', role: 'dispatcher', unitId: await unitId('city'), ver: 0 };
      const now = Math.floor(Date.now() / 1000);
      expect(await exportLedger(forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now, exp: now + 600 }))).toBe(200); // the forge is right
      expect(await exportLedger(forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now }))).toBe(401);
      expect(await exportLedger(forge({ alg: 'HS512', typ: 'JWT' }, { ...claims, iat: now, exp: now + 600 }))).toBe(401);
      expect(await exportLedger(forge({ alg: 'none', typ: 'JWT' }, { ...claims, iat: now, exp: now + 600 }))).toBe(401);
    });
  });

  describe('login floods', () => {
    it('locks an account after 5 failures, even against the right password, and for longer each time', async () => {
      const acct = await newStaff('handler', 'town-jingxi');
      for (let i = 0; i < 5; i++) expect((await login(acct.username, `wrong-${i}`)).status).toBe(401);
      const locked = await login(acct.username, acct.password);
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(50);
      expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(((await locked.json()) as { message: string }).message).toMatch(/登录失败次数过多/);

      // The minute passes; five more failures lock it for two.
      await sut.ds.query(`UPDATE rate_limit SET blocked_until = now() - interval '1 second', window_ends_at = now() - interval '1 second' WHERE key = $1`, [`login:account:${acct.username}`]);
      for (let i = 0; i < 5; i++) expect((await login(acct.username, `wrong-${i}`)).status).toBe(401);
      const again = await login(acct.username, acct.password);
      expect(again.status).toBe(429);
      expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(110);
      expect(Number(again.headers.get('retry-after'))).toBeLessThanOrEqual(120);
    });

    it('locks an address after 20 failures, whatever names it tries', async () => {
      for (let i = 0; i < 20; i++) expect((await login(`nobody-${i}`, 'guess-guess')).status).toBe(401);
      expect((await login('dispatcher', 'demo1234')).status).toBe(429);
    });

    it('throttles mini-program sign-ins per address: 60 a minute, then 429', async () => {
      const signIn = () =>
        fetch(`${sut.baseUrl}/api/auth/resident/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: `code-o_many_${randomUUID()}` }) });
      const statuses: number[] = [];
      for (let i = 0; i < 62; i++) statuses.push((await signIn()).status);
      expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(60)).toEqual([429, 429]);
    });

    it('an unknown name takes as long as a wrong password for a known one', async () => {
      const known = await Promise.all([newStaff('handler'), newStaff('handler'), newStaff('handler'), newStaff('handler')]);
      const timed = async (username: string) => {
        const t = process.hrtime.bigint();
        expect((await login(username, 'not-the-password')).status).toBe(401);
        return Number(process.hrtime.bigint() - t) / 1e6;
      };
      const knownMs: number[] = [];
      const unknownMs: number[] = [];
      for (let round = 0; round < 2; round++) {
        for (const k of known) {
          knownMs.push(await timed(k.username));
          unknownMs.push(await timed(`ghost-${randomUUID().slice(0, 8)}`));
        }
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      // Before: an unknown name answered about 7 times faster (no password hash was checked).
      expect(median(unknownMs) / median(knownMs)).toBeGreaterThan(0.6);
    });
  });

  describe('filing floods', () => {
    const [hourly, daily] = FILING_LIMITS;
    const fileInApp = (token: string, text = '村口的路灯坏了，晚上很黑') => callApi(sut.baseUrl, token, 'POST', '/api/my/cases', { text, clientKey: randomUUID() });

    it('the mini-program files 10 an hour for one resident, then answers 429 in Chinese; others are unaffected', async () => {
      const token = await residentToken(sut.baseUrl, 'o_flood_app_01');
      const answers = await Promise.all(Array.from({ length: 25 }, () => fileInApp(token)));
      expect(answers.filter((a) => a.status === 200)).toHaveLength(hourly.max);
      const refused = answers.filter((a) => a.status === 429);
      expect(refused).toHaveLength(25 - hourly.max);
      expect(refused[0].body).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: hourly.message });
      expect((await fileInApp(await residentToken(sut.baseUrl, 'o_flood_app_02'))).status).toBe(200);
    });

    it('and 30 a day', async () => {
      const openid = 'o_flood_app_03';
      const token = await residentToken(sut.baseUrl, openid);
      for (let batch = 0; batch < 3; batch++) {
        for (let i = 0; i < hourly.max; i++) expect((await fileInApp(token)).status).toBe(200);
        // The hour passes for what was filed so far.
        await sut.ds.query(`UPDATE case_file SET accepted_at = accepted_at - interval '61 minutes' WHERE resident_openid = $1`, [openid]);
      }
      expect(await fileInApp(token)).toMatchObject({ status: 429, body: { message: daily.message } });
    });

    it('the chat answers the 11th demand within an hour with a friendly refusal and files nothing', async () => {
      const resident = new Resident(sut.baseUrl, 'o_flood_chat_01');
      for (let i = 0; i < hourly.max; i++) {
        await resident.say('新诉求');
        expect((await resident.say(`第${i + 1}件事：河堤有裂缝`)).reply).toMatch(/受理编号/);
      }
      await resident.say('新诉求');
      const refused = await resident.say('第11件事：河堤有裂缝');
      expect(refused.reply).toBe(hourly.message);
      const [{ n }] = await sut.ds.query('SELECT count(*)::int AS n FROM case_file WHERE resident_openid = $1', ['o_flood_chat_01']);
      expect(n).toBe(hourly.max);
    });
  });

  describe('public lookup', () => {
    const lookup = (number: string, code?: string) =>
      fetch(`${sut.baseUrl}/api/public/cases/${encodeURIComponent(number)}${code === undefined ? '' : `?code=${code}`}`);

    it('needs the query code the resident was given (or the last 4 digits of their phone) besides the number', async () => {
      const reply = (await new Resident(sut.baseUrl, 'o_lookup_01').say('白沙镇的自来水停了三天')).reply!;
      const number = numberIn(reply);
      const code = reply.match(/查询码：(\d{6})/)![1];
      expect((await lookup(number)).status).toBe(400);
      const wrong = code === '000000' ? '000001' : '000000';
      expect((await lookup(number, wrong)).status).toBe(404);
      expect((await lookup('MS20990101-0001', code)).status).toBe(404);
      const found = await lookup(number, code);
      expect(found.status).toBe(200);
      expect(await found.json()).toMatchObject({ number, status: 'accepted', statusLabel: '已受理' });

      const dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
      const byPhone = await dispatcher.call('POST', '/api/cases', { channel: 'phone', text: '问低保怎么申请', residentName: '王', residentPhone: '13912345678' });
      expect((await lookup(byPhone.body.number, '5678')).status).toBe(200);
      expect((await lookup(byPhone.body.number, '1234')).status).toBe(404);
    });

    it('the mini-program shows the resident their query code', async () => {
      const token = await residentToken(sut.baseUrl, 'o_lookup_02');
      const filed = await callApi(sut.baseUrl, token, 'POST', '/api/my/cases', { text: '学校门口的红绿灯坏了', clientKey: randomUUID() });
      expect(filed.body.queryCode).toMatch(/^\d{6}$/);
      expect((await lookup(filed.body.number, filed.body.queryCode)).status).toBe(200);
    });

    it('cannot be walked: 20 lookups a minute per address, then 429', async () => {
      const statuses: number[] = [];
      for (let i = 1; i <= 25; i++) statuses.push((await lookup(`MS20261126-${String(i).padStart(4, '0')}`, '123456')).status);
      expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
      expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
      // With no TRUST_PROXY, a client cannot pick another address to start afresh.
      expect((await fetch(`${sut.baseUrl}/api/public/cases/MS20261126-0001?code=123456`, { headers: { 'x-forwarded-for': '198.51.100.1' } })).status).toBe(429);
    });
  });

  describe('malformed input gets a 4xx, never a 500', () => {
    const post = (path: string, body: string, token?: string) =>
      fetch(`${sut.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });

    it('a JSON body over the limit: 413', async () => {
      const res = await post('/api/auth/login', JSON.stringify({ username: 'x', password: 'y'.repeat(300_000) }));
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    });

    it('50,000 nested arrays, or broken JSON: 400', async () => {
      const dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
      const deep = `{"channel":"phone","text":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
      const res = await post('/api/cases', deep, dispatcher.token);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(/嵌套太深/);
      expect((await post('/api/cases', '{"channel": "phone", "text": ', dispatcher.token)).status).toBe(400);
    });

    it('out-of-range integers in the query: 400', async () => {
      for (const path of ['/api/cases?offset=9999999999999999999999', '/api/staff?offset=9999999999999999999999', '/api/cases?limit=1e400', '/api/staff?offset=-1']) {
        const res = await admin.call('GET', path);
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
      }
    });

    it('a NUL byte in a text field or the query: 400 in plain Chinese', async () => {
      const token = await residentToken(sut.baseUrl, 'o_nul_01');
      const body = await callApi(sut.baseUrl, token, 'POST', '/api/my/cases', { text: '路灯\u0000坏了', clientKey: randomUUID() });
      expect(body).toMatchObject({ status: 400, body: { message: expect.stringMatching(/空字符/) } });
      const dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
      expect((await dispatcher.call('GET', '/api/cases?q=%00')).status).toBe(400);
      expect((await fetch(`${sut.baseUrl}/api/public/cases/MS20261126-0001%00?code=123456`)).status).toBe(400);
    });
  });

  describe('HTTP headers', () => {
    it('nosniff, no framing, a content security policy, and no X-Powered-By', async () => {
      for (const path of ['/healthz', '/api/cases', '/api/docs']) {
        const res = await fetch(`${sut.baseUrl}${path}`);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
        expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
        expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
        expect(res.headers.get('x-powered-by')).toBeNull();
      }
    });
  });

  describe('behind a reverse proxy (TRUST_PROXY)', () => {
    let proxied: TestApp;
    beforeAll(async () => {
      proxied = await createTestApp({ TRUST_PROXY: 'loopback' });
    });
    afterAll(() => proxied?.close());

    it('counts each resident by the address the proxy saw, not the proxy', async () => {
      const lookup = (from: string) => fetch(`${proxied.baseUrl}/api/public/cases/MS20261126-0001?code=123456`, { headers: { 'x-forwarded-for': from } });
      for (let i = 0; i < 20; i++) expect((await lookup('203.0.113.7')).status).toBe(404);
      expect((await lookup('203.0.113.7')).status).toBe(429);
      expect((await lookup('198.51.100.9')).status).toBe(404);
    });
  });
});
