import { randomUUID } from 'node:crypto';
import { createTestApp, TEST_WECHAT, type TestApp } from '@msz/server/testing/test-app';
import { callApi, residentToken } from './support/api';
import { caseByNumber } from './support/cases';
import { numberIn, Resident } from './support/resident';
import { Staff } from './support/staff';

const SUB = TEST_WECHAT.subscribeTemplates;

/** One resident across the Official Account and the mini program, linked by WeChat's unionid. */
describe('one resident across the account and the mini program', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let units: Array<{ id: string; name: string }>;

  beforeAll(async () => {
    // As when both apps are bound to one open-platform account: WeChat answers unionids.
    sut = await createTestApp({}, { openPlatform: true });
    dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
    units = (await dispatcher.call('GET', '/api/units')).body;
  });
  afterAll(() => sut?.close());

  const unit = (name: string) => units.find((u) => u.name === name)!.id;
  const miniFile = async (token: string, text: string) => {
    const res = await callApi<{ id: string; number: string }>(sut.baseUrl, token, 'POST', '/api/my/cases', { text, clientKey: randomUUID() });
    expect(res.status).toBe(200);
    return res.body;
  };
  const listed = async (token: string) => ((await callApi(sut.baseUrl, token, 'GET', '/api/my/cases')).body as Array<{ number: string }>).map((c) => c.number);
  const answer = async (caseId: string, text: string) => {
    await dispatcher.call('POST', `/api/cases/${caseId}/assign`, { unitId: unit('八台镇') });
    const handler = await Staff.login(sut.baseUrl, 'batai');
    await handler.call('POST', `/api/cases/${caseId}/sign-for`);
    expect((await handler.call('POST', `/api/cases/${caseId}/answer`, { text })).status).toBe(200);
  };

  it('shows chat cases and mini-program cases as one list, whichever app the resident used first', async () => {
    sut.wechat.linkUnionid('oUnion_both_0001', 'o_oa_link_a', 'o_mini_link_a');
    sut.wechat.linkUnionid('oUnion_both_0002', 'o_oa_link_b', 'o_mini_link_b');

    // A: chat first, then the mini program
    const inChat = numberIn((await new Resident(sut.baseUrl, 'o_oa_link_a').say('八台镇五村的桥栏杆松了')).reply);
    const a = await residentToken(sut.baseUrl, 'o_mini_link_a');
    const inApp = (await miniFile(a, '八台镇五村的路灯不亮')).number;
    expect(await listed(a)).toEqual([inApp, inChat]);
    const chatCase = await caseByNumber(dispatcher, inChat);
    expect((await callApi(sut.baseUrl, a, 'GET', `/api/my/cases/${chatCase.id}`)).body).toMatchObject({ number: inChat, channel: 'wechat_oa' });

    // B: the mini program first, then the chat; the chat's 查询 lists both too
    const b = await residentToken(sut.baseUrl, 'o_mini_link_b');
    const bApp = (await miniFile(b, '井溪镇的垃圾没人收')).number;
    const chatter = new Resident(sut.baseUrl, 'o_oa_link_b');
    const bChat = numberIn((await chatter.say('井溪镇三村停水两天了')).reply);
    expect(await listed(b)).toEqual([bChat, bApp]);
    const query = (await chatter.say('查询')).reply ?? '';
    expect(query).toContain(bChat);
    expect(query).toContain(bApp);

    // someone else (another unionid) sees neither
    const stranger = await residentToken(sut.baseUrl, 'o_mini_link_c');
    expect(await listed(stranger)).toEqual([]);
    expect((await callApi(sut.baseUrl, stranger, 'GET', `/api/my/cases/${chatCase.id}`)).status).toBe(404);
    expect(query).not.toContain(inChat);
  });

  it('files the chat message even when WeChat cannot say who it is, and links at the next message', async () => {
    sut.wechat.linkUnionid('oUnion_both_0003', 'o_oa_link_d', 'o_mini_link_d');
    sut.wechat.failNext('/cgi-bin/user/info/batchget', -1);
    const chatter = new Resident(sut.baseUrl, 'o_oa_link_d');
    const first = await chatter.say('草坝镇的广播喇叭坏了');
    expect(first.reply).toMatch(/受理/);
    const d = await residentToken(sut.baseUrl, 'o_mini_link_d');
    expect(await listed(d)).toEqual([]); // not linked yet: WeChat failed to answer
    await chatter.say('新诉求');
    expect(await listed(d)).toEqual([numberIn(first.reply)]);
  });

  it('reaches a linked resident in the other app when the first one will not deliver', async () => {
    sut.wechat.linkUnionid('oUnion_both_0004', 'o_oa_link_e', 'o_mini_link_e');
    // a chat case whose filer then unfollowed the account and refused its notices: the answer goes to the mini program
    const chatter = new Resident(sut.baseUrl, 'o_oa_link_e');
    const chatCase = await caseByNumber(dispatcher, numberIn((await chatter.say('八台镇七村的水渠堵了')).reply));
    await residentToken(sut.baseUrl, 'o_mini_link_e');
    sut.wechat.unfollow('o_oa_link_e');
    sut.wechat.refuseSubscription('o_oa_link_e');
    await answer(chatCase.id, '水渠已经清通');
    await sut.outbox.drain();
    const toMini = sut.wechat.sent.filter((m) => m.touser === 'o_mini_link_e' && m.template_id === SUB.miniprogram.answered);
    expect(toMini).toEqual([expect.objectContaining({ kind: 'subscribe', page: `pages/case/detail?id=${chatCase.id}`, data: expect.objectContaining({ thing2: { value: '水渠已经清通' } }) })]);
    const [row] = await sut.ds.query(`SELECT status, sent_via FROM outbox_message WHERE case_id = $1 AND kind = 'case_answered'`, [chatCase.id]);
    expect(row).toEqual({ status: 'sent', sent_via: 'subscribe' });

    // a mini-program case of someone who refused its subscription messages: told in the chat, opening the case page
    sut.wechat.linkUnionid('oUnion_both_0005', 'o_oa_link_f', 'o_mini_link_f');
    await new Resident(sut.baseUrl, 'o_oa_link_f').event('subscribe');
    sut.wechat.refuseSubscription('o_mini_link_f');
    const f = await residentToken(sut.baseUrl, 'o_mini_link_f');
    const appCase = await miniFile(f, '八台镇八村的路面塌了');
    await sut.outbox.drain();
    const accepted = sut.wechat.sent.filter((m) => m.touser === 'o_oa_link_f' && m.template_id === TEST_WECHAT.templates.accepted);
    expect(accepted).toEqual([
      expect.objectContaining({ kind: 'template', miniprogram: { appid: TEST_WECHAT.miniprogram.appid, pagepath: `pages/case/detail?id=${appCase.id}` } }),
    ]);
    expect(sut.wechat.sent.filter((m) => m.touser === 'o_mini_link_f')).toEqual([]);
    const tasks = (await dispatcher.call('GET', '/api/contact-tasks')).body.filter((t: { caseId: string }) => t.caseId === appCase.id);
    expect(tasks).toEqual([]); // reached: nobody needs to phone

    // and a revisit answer in the chat rates the mini-program case it was asked about
    await answer(appCase.id, '路面已经修补');
    await sut.outbox.drain();
    const thanks = (await new Resident(sut.baseUrl, 'o_oa_link_f').say('1')).reply ?? '';
    expect(thanks).toContain(appCase.number);
    expect((await callApi(sut.baseUrl, f, 'GET', `/api/my/cases/${appCase.id}`)).body).toMatchObject({ status: 'closed' });
  });

  it('tells the chat side too when a linked resident’s phone number moves to another account', async () => {
    sut.wechat.linkUnionid('oUnion_both_0006', 'o_oa_link_g', 'o_mini_link_g');
    await new Resident(sut.baseUrl, 'o_oa_link_g').say('帮助');
    sut.wechat.userMessagedAt('o_oa_link_g');
    const g = await residentToken(sut.baseUrl, 'o_mini_link_g');
    await callApi(sut.baseUrl, g, 'POST', '/api/my/phone', { code: `phone-13500004444.${randomUUID()}` });
    sut.wechat.refuseSubscription('o_mini_link_g');
    const other = await residentToken(sut.baseUrl, 'o_mini_link_h');
    await callApi(sut.baseUrl, other, 'POST', '/api/my/phone', { code: `phone-13500004444.${randomUUID()}` });
    await sut.outbox.drain();
    expect(sut.wechat.sent.filter((m) => m.touser === 'o_oa_link_g' && m.kind === 'custom').map((m) => m.content)).toEqual([
      '您的手机号135****4444已绑定到另一个微信，这里不再显示这个号码的诉求。如果不是您本人操作，请联系民声直达办公室。',
    ]);
  });
});
