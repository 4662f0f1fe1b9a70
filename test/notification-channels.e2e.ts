import { createTestApp, TEST_WECHAT, type TestApp } from '@msz/server/testing/test-app';
import { EscalationService } from '@msz/server/modules/workflow/escalation.service';
import { caseByNumber } from './support/cases';
import { numberIn, Resident } from './support/resident';
import { callApi, residentToken } from './support/api';
import { Staff } from './support/staff';

const T = TEST_WECHAT.templates;
const SUB = TEST_WECHAT.subscribeTemplates;

/** Who hears what, on which channel, and what happens when WeChat refuses. */
describe('notifications: recipients, channels and refusals', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let units: Array<{ id: string; name: string }>;

  beforeAll(async () => {
    sut = await createTestApp();
    dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
    units = (await dispatcher.call('GET', '/api/units')).body;
  });
  afterAll(() => sut?.close());

  const unit = (name: string) => units.find((u) => u.name === name)!.id;
  const sent = (touser: string, templateId: string) => sut.wechat.sent.filter((m) => m.touser === touser && m.template_id === templateId);
  const miniFile = async (openid: string, text: string, clientKey: string) => {
    const res = await callApi<{ id: string; number: string }>(sut.baseUrl, await residentToken(sut.baseUrl, openid), 'POST', '/api/my/cases', { text, clientKey });
    return res.body;
  };

  it('tells a mini-program filer it was accepted, and later the answer, by subscription message', async () => {
    const filed = await miniFile('o_notify_mini_01', '八台镇五村的路灯坏了', '11111111-2222-4333-8444-555555555555');
    await sut.outbox.drain();
    const accepted = sent('o_notify_mini_01', SUB.miniprogram.accepted);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ kind: 'subscribe', page: `pages/case/detail?id=${filed.id}` });
    expect(accepted[0].data).toMatchObject({ character_string1: { value: filed.number } });

    await dispatcher.call('POST', `/api/cases/${filed.id}/assign`, { unitId: unit('八台镇') });
    const handler = await Staff.login(sut.baseUrl, 'batai');
    await handler.call('POST', `/api/cases/${filed.id}/sign-for`);
    await handler.call('POST', `/api/cases/${filed.id}/answer`, { text: '路灯已修好' });
    await sut.outbox.drain();
    expect(sent('o_notify_mini_01', SUB.miniprogram.answered)[0].data).toMatchObject({ thing2: { value: '路灯已修好' } });
    expect(sent('o_notify_mini_01', T.answered)).toHaveLength(0); // a mini-program openid is not an Official Account follower
  });

  it('falls back to the Official Account subscription notice when a resident unfollowed', async () => {
    const resident = new Resident(sut.baseUrl, 'o_notify_unfollowed_01');
    const c = await caseByNumber(dispatcher, numberIn((await resident.say('井溪镇六村的广播坏了')).reply));
    await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: unit('井溪镇') });
    const handler = await Staff.login(sut.baseUrl, 'jingxi');
    await handler.call('POST', `/api/cases/${c.id}/sign-for`);
    sut.wechat.unfollow(resident.openid);
    await handler.call('POST', `/api/cases/${c.id}/answer`, { text: '已修复' });
    await sut.outbox.drain();
    expect(sent(resident.openid, T.answered)).toHaveLength(0);
    expect(sent(resident.openid, SUB.oa.answered)).toEqual([expect.objectContaining({ kind: 'bizsubscribe' })]);
    const [row] = await sut.ds.query(`SELECT status, sent_via, channel_index FROM outbox_message WHERE case_id = $1 AND kind = 'case_answered'`, [c.id]);
    expect(row).toEqual({ status: 'sent', sent_via: 'bizsend', channel_index: 1 });
  });

  it('sends a long answer in full by customer-service message within 48 h of the resident’s last message, and only then', async () => {
    const longAnswer = '已联系县电力公司，明天上午九点派人更换变压器，期间停电两小时，请提前做好准备';
    const answer = async (openid: string) => {
      const resident = new Resident(sut.baseUrl, openid);
      const c = await caseByNumber(dispatcher, numberIn((await resident.say('井溪镇十一村电压太低，电器用不了')).reply));
      await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: unit('井溪镇') });
      const handler = await Staff.login(sut.baseUrl, 'jingxi');
      await handler.call('POST', `/api/cases/${c.id}/sign-for`);
      await handler.call('POST', `/api/cases/${c.id}/answer`, { text: longAnswer });
      return c;
    };
    sut.wechat.userMessagedAt('o_notify_chatting_01'); // WeChat knows the resident just wrote
    const within = await answer('o_notify_chatting_01');
    const outside = await answer('o_notify_silent_01');
    await sut.outbox.drain();
    const custom = sut.wechat.sent.filter((m) => m.kind === 'custom');
    expect(custom.filter((m) => m.touser === 'o_notify_chatting_01').map((m) => m.content)).toEqual([`编号${within.number}的答复：\n${longAnswer}`]);
    expect(custom.filter((m) => m.touser === 'o_notify_silent_01')).toEqual([]);
    expect(sent('o_notify_silent_01', T.answered)).toHaveLength(1); // the template still carries the answer and the revisit
    const tasks = (await dispatcher.call('GET', '/api/contact-tasks')).body.filter((t: { caseId: string }) => t.caseId === outside.id);
    expect(tasks).toEqual([]); // a courtesy that could not go needs no phone call
  });

  it('gives staff a phone-contact task when every channel is refused, and shows the failure', async () => {
    sut.wechat.refuseSubscription('o_notify_refuses_01');
    const filed = await miniFile('o_notify_refuses_01', '草坝镇的垃圾车不来了', '21111111-2222-4333-8444-555555555555');
    await sut.outbox.drain();
    expect(sent('o_notify_refuses_01', SUB.miniprogram.accepted)).toHaveLength(0);
    const failed = (await dispatcher.call('GET', '/api/notifications/failed')).body.filter((f: { caseId: string }) => f.caseId === filed.id);
    expect(failed).toEqual([expect.objectContaining({ kind: 'case_accepted', lastError: expect.stringContaining('43101') })]);
    expect(failed[0].touser).not.toContain('o_notify_refuses_01');
    const tasks = (await dispatcher.call('GET', '/api/contact-tasks')).body.filter((t: { caseId: string }) => t.caseId === filed.id);
    expect(tasks).toHaveLength(1);
    expect((await dispatcher.call('POST', `/api/contact-tasks/${tasks[0].id}/done`)).status).toBe(204);
    expect((await dispatcher.call('POST', `/api/contact-tasks/${tasks[0].id}/done`)).status).toBe(404);
    const handler = await Staff.login(sut.baseUrl, 'jingxi');
    expect((await handler.call('GET', '/api/contact-tasks')).status).toBe(403);
  });

  it('does not send twice when a worker died after sending and before recording it', async () => {
    const resident = new Resident(sut.baseUrl, 'o_notify_crash_01');
    const c = await caseByNumber(dispatcher, numberIn((await resident.say('井溪镇七村的护栏倒了')).reply));
    await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: unit('井溪镇') });
    expect(await sut.outbox.drain()).toBe(1);
    // What a worker killed between WeChat's answer and its own UPDATE leaves behind: a row still due.
    await sut.ds.query(`UPDATE outbox_message SET status = 'pending', sent_at = NULL, locked_until = now() - interval '1 second' WHERE case_id = $1`, [c.id]);
    await sut.outbox.drain();
    expect(sent('o_demo_handler_jingxi', T.assigned).filter((m) => m.data?.character_string1.value === c.number)).toHaveLength(1);
  });

  it('notifies the new unit on re-assignment, and reminds the handler before the deadline', async () => {
    const resident = new Resident(sut.baseUrl, 'o_notify_reassign_01');
    const c = await caseByNumber(dispatcher, numberIn((await resident.say('井溪镇八村和八台镇交界的山路垮了')).reply));
    await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: unit('井溪镇') });
    const jingxi = await Staff.login(sut.baseUrl, 'jingxi');
    await jingxi.call('POST', `/api/cases/${c.id}/return`, { reason: '这段路归八台镇管' });
    await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: unit('八台镇') });
    await sut.outbox.drain();
    expect(sent('o_demo_handler_batai', T.assigned).filter((m) => m.data?.character_string1.value === c.number)).toHaveLength(1);

    await sut.ds.query(`UPDATE case_file SET close_by = '2026-11-27T23:59:59.999+08:00' WHERE id = $1`, [c.id]);
    const escalation = sut.app.get(EscalationService);
    await escalation.runAt(new Date('2026-11-26T10:00:00+08:00'));
    await escalation.runAt(new Date('2026-11-26T11:00:00+08:00'));
    await sut.outbox.drain();
    const reminders = sent('o_demo_handler_batai', T.escalation).filter((m) => m.data?.character_string1.value === c.number);
    expect(reminders).toHaveLength(1);
    expect(reminders[0].data!.thing4.value).toContain('即将到期');
  });

  it('tells the resident when an unsatisfied case is handled again, and keeps a late answer after closing', async () => {
    const resident = new Resident(sut.baseUrl, 'o_notify_reopen_01');
    const c = await caseByNumber(dispatcher, numberIn((await resident.say('井溪镇九村的水井被污染了')).reply));
    await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: unit('井溪镇') });
    const handler = await Staff.login(sut.baseUrl, 'jingxi');
    await handler.call('POST', `/api/cases/${c.id}/sign-for`);
    await handler.call('POST', `/api/cases/${c.id}/answer`, { text: '已消毒' });
    await resident.say('不满意');
    await sut.outbox.drain();
    expect(sent(resident.openid, T.residentReopened)).toHaveLength(1);

    await handler.call('POST', `/api/cases/${c.id}/sign-for`);
    await handler.call('POST', `/api/cases/${c.id}/answer`, { text: '已换新水管' });
    await resident.say('1');
    const late = await resident.say('满意');
    expect(late.reply).toContain(`谢谢您的评价，已记在编号${c.number}上`);
    const timeline = (await dispatcher.call('GET', `/api/cases/${c.id}`)).body.timeline;
    expect(timeline.at(-1)).toMatchObject({ action: 'add_info', note: '办结后的回访答复：满意' });
  });
});
