import { buildSignedInbound } from '@msz/wechat';
import { createTestApp, TEST_WECHAT, type TestApp } from '@msz/server/testing/test-app';
import { postWebhook, Resident } from './support/resident';
import { Staff } from './support/staff';

/** Bad input gets a clear 4xx, stores nothing, and the server keeps serving others. */
describe('refusing bad input', () => {
  let sut: TestApp;
  let dispatcher: Staff;

  beforeAll(async () => {
    sut = await createTestApp();
    dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
  });
  afterAll(() => sut?.close());

  const counts = async () => {
    const [[cases], [inbound], [timeline]] = await Promise.all([
      sut.ds.query('SELECT count(*)::int AS n FROM case_file'),
      sut.ds.query('SELECT count(*)::int AS n FROM wechat_inbound'),
      sut.ds.query('SELECT count(*)::int AS n FROM case_timeline'),
    ]);
    return { cases: cases.n, inbound: inbound.n, timeline: timeline.n };
  };
  const signed = (content: string, openid = 'o_attacker_01') =>
    buildSignedInbound(TEST_WECHAT, { ToUserName: 'gh_test', FromUserName: openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: content, MsgId: String(Date.now()) });

  it('refuses a forged signature and stores nothing', async () => {
    const before = await counts();
    const msg = signed('村口的桥塌了');
    const forged = await postWebhook(sut.baseUrl, { ...msg.query, signature: '0'.repeat(40) }, msg.body);
    expect(forged.status).toBe(401);
    const { signature: _dropped, ...unsigned } = msg.query;
    expect((await postWebhook(sut.baseUrl, unsigned, msg.body)).status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('refuses a replayed (stale) message', async () => {
    const before = await counts();
    const old = Math.floor(Date.now() / 1000) - 3600;
    const msg = buildSignedInbound(TEST_WECHAT, { ToUserName: 'gh_test', FromUserName: 'o_replay_01', CreateTime: old, MsgType: 'text', Content: '路灯坏了很久了', MsgId: '9001' }, { timestamp: old });
    const res = await postWebhook(sut.baseUrl, msg.query, msg.body);
    expect(res.status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('refuses malformed XML, a DOCTYPE and an oversize body', async () => {
    const before = await counts();
    const good = signed('x');
    expect((await postWebhook(sut.baseUrl, good.query, '<xml><ToUserName>')).status).toBe(400);
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><xml><Content>&lol2;</Content></xml>';
    expect((await postWebhook(sut.baseUrl, good.query, bomb)).status).toBe(400);
    expect((await postWebhook(sut.baseUrl, good.query, `<xml><Content><![CDATA[${'水'.repeat(600_000)}]]></Content></xml>`)).status).toBe(413);
    expect(await counts()).toEqual(before);
  });

  it('keeps the webhook to its own URL and methods, and refuses a NUL in its query like every route', async () => {
    const before = await counts();
    const msg = signed('河堤有裂缝');
    const query = new URLSearchParams(msg.query).toString();
    const nul = await fetch(`${sut.baseUrl}/wechat?${query}&echostr=a%00b`);
    expect(nul.status).toBe(400);
    expect(await nul.json()).toMatchObject({ message: expect.stringMatching(/空字符/) });
    expect((await fetch(`${sut.baseUrl}/wechat/other?${query}`, { method: 'POST', body: msg.body })).status).toBe(404);
    expect((await fetch(`${sut.baseUrl}/wechat?${query}`, { method: 'PUT', body: msg.body })).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('serves its URL as Express matches it (a trailing slash, capitals) as well as the plain /wechat', async () => {
    for (const [path, openid] of [['/wechat', 'o_url_plain'], ['/wechat/', 'o_url_slash'], ['/WeChat', 'o_url_capitals']]) {
      const msg = signed('村口的路灯坏了三天了', openid);
      const res = await fetch(`${sut.baseUrl}${path}?${new URLSearchParams(msg.query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: msg.body });
      expect([path, res.status, await res.text()]).toEqual([path, 200, expect.stringMatching(/MS\d{8}-\d{4}/)]);
    }
  });

  it('answers a WeChat retry with the first reply and files once', async () => {
    const resident = new Resident(sut.baseUrl, 'o_retry_01');
    const before = await counts();
    const [a, b] = await Promise.all([resident.say('黄钟镇的公路塌方了', { msgId: '424242' }), resident.say('黄钟镇的公路塌方了', { msgId: '424242' })]);
    const c = await resident.say('黄钟镇的公路塌方了', { msgId: '424242' });
    expect(a.reply).toMatch(/MS\d{8}-\d{4}/);
    expect(b.reply).toBe(a.reply);
    expect(c.reply).toBe(a.reply);
    expect((await counts()).cases).toBe(before.cases + 1);
  });

  it('guards every staff route and refuses bad tokens', async () => {
    for (const path of ['/api/cases', '/api/units']) {
      expect((await fetch(`${sut.baseUrl}${path}`)).status).toBe(401);
      expect((await fetch(`${sut.baseUrl}${path}`, { headers: { authorization: 'Bearer not.a.token' } })).status).toBe(401);
    }
    const wrong = await fetch(`${sut.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: 'guess' }) });
    expect(wrong.status).toBe(401);
  });

  it('refuses invalid DTOs with 400 and changes nothing', async () => {
    const resident = new Resident(sut.baseUrl, 'o_dto_01');
    const number = (await resident.say('永宁镇学校门口积水严重')).reply!.match(/MS\d{8}-\d{4}/)![0];
    const c = (await dispatcher.call('GET', '/api/cases?status=accepted')).body.items.find((x: { number: string }) => x.number === number);
    const before = await counts();
    expect((await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: 'not-a-uuid' })).status).toBe(400);
    expect((await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: c.id, extra: 'field' })).status).toBe(400);
    expect((await dispatcher.call('POST', `/api/cases/not-a-uuid/assign`, { unitId: c.id })).status).toBe(400);
    expect((await dispatcher.call('GET', '/api/cases?status=bogus')).status).toBe(400);
    expect((await dispatcher.call('GET', '/api/cases?limit=100000')).status).toBe(400);
    expect(await counts()).toEqual(before);
    expect((await dispatcher.call('GET', `/api/cases/${c.id}`)).body.status).toBe('accepted');
  });

  it('hides other units’ cases from a handler and refuses roles they do not have', async () => {
    const resident = new Resident(sut.baseUrl, 'o_scope_01');
    const number = (await resident.say('石窝镇有人半夜施工很吵')).reply!.match(/MS\d{8}-\d{4}/)![0];
    const c = (await dispatcher.call('GET', '/api/cases?status=accepted')).body.items.find((x: { number: string }) => x.number === number);
    const units = (await dispatcher.call('GET', '/api/units')).body as Array<{ id: string; name: string }>;
    await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: units.find((u) => u.name === '八台镇')!.id });

    const stranger = await Staff.login(sut.baseUrl, 'jingxi');
    expect((await stranger.call('GET', `/api/cases/${c.id}`)).status).toBe(404);
    expect((await stranger.call('POST', `/api/cases/${c.id}/sign-for`)).status).toBe(404);
    expect((await stranger.call('GET', '/api/cases')).body.items.map((x: { id: string }) => x.id)).not.toContain(c.id);
    expect((await stranger.call('POST', `/api/cases/${c.id}/assign`, { unitId: units[0].id })).status).toBe(403);
    expect((await dispatcher.call('POST', `/api/cases/${c.id}/sign-for`)).status).toBe(403);
  });

  it('answers an illegal transition with 409 and changes nothing', async () => {
    const resident = new Resident(sut.baseUrl, 'o_illegal_01');
    const number = (await resident.say('井溪镇卫生院没有医生值班')).reply!.match(/MS\d{8}-\d{4}/)![0];
    const c = (await dispatcher.call('GET', '/api/cases?status=accepted')).body.items.find((x: { number: string }) => x.number === number);
    const units = (await dispatcher.call('GET', '/api/units')).body as Array<{ id: string; name: string }>;
    await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: units.find((u) => u.name === '井溪镇')!.id });
    const handler = await Staff.login(sut.baseUrl, 'jingxi');
    await handler.call('POST', `/api/cases/${c.id}/sign-for`);

    const before = await counts();
    const again = await handler.call('POST', `/api/cases/${c.id}/sign-for`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'CASE_ILLEGAL_TRANSITION' });
    expect((await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: units[0].id })).status).toBe(409);
    expect(await counts()).toEqual(before);
    expect((await dispatcher.call('GET', `/api/cases/${c.id}`)).body.status).toBe('in_progress');
  });

  it('keeps serving after all of the above', async () => {
    expect((await fetch(`${sut.baseUrl}/healthz`)).status).toBe(200);
    const reply = await new Resident(sut.baseUrl, 'o_after_01').say('草坝镇的路灯不亮了');
    expect(reply.reply).toMatch(/MS\d{8}-\d{4}/);
  });

  it('tells people what is wrong in plain Chinese, whatever refused the request', async () => {
    const resident = new Resident(sut.baseUrl, 'o_plain_words_01');
    const number = (await resident.say('村口的路灯坏了一个月')).reply!.match(/MS\d{8}-\d{4}/)![0];
    const { body: page } = await dispatcher.call('GET', '/api/cases?limit=200');
    const id = page.items.find((c: { number: string }) => c.number === number).id as string;

    const chinese = /^[^A-Za-z]+$/;
    const handler = await Staff.login(sut.baseUrl, 'jingxi');
    const emptyAnswer = await handler.call('POST', `/api/cases/${id}/answer`, { text: '' });
    expect(emptyAnswer.status).toBe(400);
    expect(emptyAnswer.body).toMatchObject({ code: 'INVALID_REQUEST', message: '请填写答复内容', fields: [{ field: 'text', rules: expect.arrayContaining(['isNotEmpty']) }] });
    expect(emptyAnswer.body.detail).toContain('text should not be empty');

    const refusals = [
      await dispatcher.call('POST', `/api/cases/${id}/assign`, { unitId: 'not-a-uuid', extra: 1 }),
      await dispatcher.call('GET', '/api/cases/not-a-uuid'),
      await dispatcher.call('GET', '/api/cases/00000000-0000-4000-8000-000000000000'),
      await dispatcher.call('GET', '/api/no-such-route'),
      await dispatcher.call('POST', `/api/cases/${id}/sign-for`),
    ];
    expect(refusals.map((r) => r.status)).toEqual([400, 400, 404, 404, 403]);
    for (const r of refusals) expect(r.body.message).toMatch(chinese);
    expect(refusals[0].body.message).toBe('多了不该有的内容；承办单位不对');
    expect(refusals[0].body.fields).toEqual(expect.arrayContaining([{ field: 'extra', rules: ['whitelistValidation'] }]));
  });
});
