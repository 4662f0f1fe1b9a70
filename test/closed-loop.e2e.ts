import { createTestApp, onPostgresServer, TEST_WECHAT, type TestApp } from '@msz/server/testing/test-app';
import { Resident } from './support/resident';
import { Staff } from './support/staff';

const CASE_NUMBER = /MS\d{8}-\d{4}/;

describe(`the closed loop, on ${onPostgresServer() ? 'the PostgreSQL server' : 'embedded PGlite'}`, () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let handler: Staff;
  let jingxi: string;

  beforeAll(async () => {
    sut = await createTestApp();
    dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
    handler = await Staff.login(sut.baseUrl, 'jingxi');
    const units = await dispatcher.call<Array<{ id: string; name: string }>>('GET', '/api/units');
    jingxi = units.body.find((u) => u.name === '井溪镇')!.id;
  });
  afterAll(() => sut?.close());

  const sentTo = (touser: string, templateId: string) => sut.wechat.sent.filter((m) => m.touser === touser && m.template_id === templateId);

  it('files, routes, answers, revisits, reopens and finally closes a case — every step in the timeline', async () => {
    const resident = new Resident(sut.baseUrl, 'o_resident_loop_01');

    // 1. The resident describes a problem; the passive reply carries the case number and the deadline.
    const filed = await resident.say('井溪镇二村的路灯坏了一个多月，晚上走路很危险');
    expect(filed.status).toBe(200);
    expect(filed.reply).toMatch(CASE_NUMBER);
    expect(filed.reply).toMatch(/\d{4}年\d{1,2}月\d{1,2}日前办好/);
    const number = filed.reply!.match(CASE_NUMBER)![0];

    // 2. The dispatcher finds it among new cases and assigns it to the town.
    const inbox = await dispatcher.call('GET', '/api/cases?status=accepted');
    const listed = inbox.body.items.find((c: { number: string }) => c.number === number);
    expect(listed).toMatchObject({ status: 'accepted', resident: 'o_r***_01', kind: 'complaint' });
    const id: string = listed.id;
    expect((await dispatcher.call('POST', `/api/cases/${id}/assign`, { unitId: jingxi })).status).toBe(200);

    // 3. The handler bound to that unit gets a template message linking to the case.
    await sut.outbox.drain();
    const assigned = sentTo('o_demo_handler_jingxi', TEST_WECHAT.templates.assigned);
    expect(assigned).toHaveLength(1);
    expect(assigned[0].data).toMatchObject({ character_string1: { value: number }, thing2: { value: expect.stringContaining('井溪镇二村的路灯') } });
    expect(assigned[0].client_msg_id).toEqual(expect.any(String));

    // 4. The handler signs for it and answers; the resident receives the answer and the revisit question.
    expect((await handler.call('POST', `/api/cases/${id}/sign-for`)).body.status).toBe('in_progress');
    const answered = await handler.call('POST', `/api/cases/${id}/answer`, { text: '已更换路灯，今晚起恢复照明' });
    expect(answered.body.status).toBe('revisiting');
    await sut.outbox.drain();
    const answerMsgs = sentTo(resident.openid, TEST_WECHAT.templates.answered);
    expect(answerMsgs).toHaveLength(1);
    expect(answerMsgs[0].data).toMatchObject({
      character_string1: { value: number },
      thing2: { value: '已更换路灯，今晚起恢复照明' },
      thing3: { value: expect.stringMatching(/满意回1.*不满意回3/) },
    });

    // 5. "不满意" reopens the case for the handler, who is told so.
    const unhappy = await resident.say('3');
    expect(unhappy.reply).toContain('重新办理');
    expect((await dispatcher.call('GET', `/api/cases/${id}`)).body.status).toBe('reopened');
    await sut.outbox.drain();
    expect(sentTo('o_demo_handler_jingxi', TEST_WECHAT.templates.reopened)).toHaveLength(1);

    // 6. Handled again, answered again, and this time the resident is satisfied: 销号.
    await handler.call('POST', `/api/cases/${id}/sign-for`);
    await handler.call('POST', `/api/cases/${id}/answer`, { text: '已重新检修线路，路灯正常' });
    const happy = await resident.say('满意');
    expect(happy.reply).toContain('已办结');

    const detail = await dispatcher.call('GET', `/api/cases/${id}`);
    expect(detail.body).toMatchObject({ status: 'closed', revisitRating: 'satisfied', answer: '已重新检修线路，路灯正常' });
    expect(detail.body.closedAt).toEqual(expect.any(String));
    const steps = detail.body.timeline.map((t: { action: string; fromStatus: string | null; toStatus: string; actorKind: string }) => [t.action, t.fromStatus, t.toStatus, t.actorKind]);
    expect(steps).toEqual([
      ['file', null, 'accepted', 'resident'],
      ['assign', 'accepted', 'assigned', 'staff'],
      ['sign_for', 'assigned', 'in_progress', 'staff'],
      ['answer', 'in_progress', 'answered', 'staff'],
      ['start_revisit', 'answered', 'revisiting', 'system'],
      ['reopen', 'revisiting', 'reopened', 'resident'],
      ['sign_for', 'reopened', 'in_progress', 'staff'],
      ['answer', 'in_progress', 'answered', 'staff'],
      ['start_revisit', 'answered', 'revisiting', 'system'],
      ['close', 'revisiting', 'closed', 'resident'],
    ]);
    expect(detail.body.timeline.every((t: { at: string }) => !Number.isNaN(Date.parse(t.at)))).toBe(true);

    // Every notification went out exactly once.
    await sut.outbox.drain();
    expect(sut.wechat.sent.filter((m) => m.template_id === TEST_WECHAT.templates.answered && m.touser === resident.openid)).toHaveLength(2);
  });

  it('lists the resident’s cases on "查询", newest first', async () => {
    const resident = new Resident(sut.baseUrl, 'o_resident_query_01');
    const first = (await resident.say('八台镇街上的垃圾三天没人收了')).reply!.match(CASE_NUMBER)![0];
    await resident.say('新诉求');
    const second = (await resident.say('请问新农合今年在哪里缴费？')).reply!.match(CASE_NUMBER)![0];
    const list = (await resident.say('查询')).reply!;
    expect(list.indexOf(second)).toBeGreaterThan(-1);
    expect(list.indexOf(second)).toBeLessThan(list.indexOf(first));
    expect(list).toContain('已受理');
  });

  it('asks again when a revisit answer is unclear, and files nothing', async () => {
    const resident = new Resident(sut.baseUrl, 'o_resident_unclear_01');
    const number = (await resident.say('井溪镇三村自来水停了两天')).reply!.match(CASE_NUMBER)![0];
    const c = (await dispatcher.call('GET', '/api/cases?status=accepted')).body.items.find((x: { number: string }) => x.number === number);
    await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: jingxi });
    await handler.call('POST', `/api/cases/${c.id}/sign-for`);
    await handler.call('POST', `/api/cases/${c.id}/answer`, { text: '已抢修，供水恢复' });
    const before = (await dispatcher.call('GET', '/api/cases?limit=200')).body.total;

    const unclear = await resident.say('明天再说吧');
    expect(unclear.reply).toContain('1 满意');
    expect((await dispatcher.call('GET', `/api/cases/${c.id}`)).body.status).toBe('revisiting');
    expect((await dispatcher.call('GET', '/api/cases?limit=200')).body.total).toBe(before);
    // In the resident's words: staff say 待回访, the resident reads that it is their turn.
    const list = (await resident.say('查询')).reply!;
    expect(list).toContain('已答复，请您评价');
    expect(list).not.toContain('待回访');
  });

  it('does not file greetings', async () => {
    const resident = new Resident(sut.baseUrl, 'o_resident_hello_01');
    const hello = await resident.say('你好');
    expect(hello.reply).toContain('这里是民声直达');
    expect(hello.reply).not.toMatch(CASE_NUMBER);
  });
});
