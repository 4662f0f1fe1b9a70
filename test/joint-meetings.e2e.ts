import { addCalendarDays, chinaDate } from '@msz/domain';
import { JointTaskEscalation } from '@msz/server/modules/joint-meetings/joint-task-escalation.service';
import { TEST_WECHAT, createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { CASE_NUMBER, Resident } from './support/resident';
import { Staff } from './support/staff';

const DAY = 86_400_000;

interface Task {
  id: string;
  meetingId: string;
  caseId: string | null;
  caseNumber: string | null;
  unit: { id: string; name: string };
  text: string;
  dueDate: string;
  status: string;
  overdue: boolean;
  doneNote: string | null;
  escalatedAt: string | null;
}

/**
 * 联席会议 end to end through the HTTP API: the office convenes three units on two hard cases and
 * records the decisions; each unit hears of it in WeChat, sees and answers only its own tasks; a unit
 * not invited sees nothing; bad input is refused whole; overdue tasks reach the unit's leader; and a
 * case closed after the meeting with its tasks done counts as solved by it.
 */
describe('joint meetings', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let water: Staff;
  let jingxi: Staff;
  let transport: Staff;
  let batai: Staff;
  let leaderBatai: Staff;
  let inspector: Staff;
  const unit: Record<string, string> = {};
  const cases: Array<{ id: string; number: string }> = [];
  const residents: Resident[] = [];
  let meetingId: string;
  const today = chinaDate(new Date());
  const heldAt = new Date(Date.now() - 3_600_000).toISOString();

  beforeAll(async () => {
    sut = await createTestApp();
    [dispatcher, water, jingxi, transport, batai, leaderBatai, inspector] = await Promise.all(
      ['dispatcher', 'water', 'jingxi', 'transport', 'batai', 'leader-batai', 'inspector'].map((u) => Staff.login(sut.baseUrl, u)),
    );
    for (const r of (await sut.ds.query(`SELECT id, code FROM unit`)) as Array<{ id: string; code: string }>) unit[r.code] = r.id;
    for (const [i, text] of ['井溪镇二村的饮用水管道被公路施工挖断了，全村停水', '井溪镇到八台镇的公路塌方，运水车过不去'].entries()) {
      const resident = new Resident(sut.baseUrl, `o_joint_${i}`);
      const number = (await resident.say(text)).reply!.match(CASE_NUMBER)![0];
      const { body } = await dispatcher.call('GET', '/api/cases?status=accepted&limit=200');
      const id = body.items.find((c: { number: string }) => c.number === number).id as string;
      expect((await dispatcher.call('POST', `/api/cases/${id}/assign`, { unitId: unit['town-jingxi'] })).status).toBe(200);
      cases.push({ id, number });
      residents.push(resident);
    }
    await sut.outbox.drain();
  });
  afterAll(() => sut?.close());

  const meetingTemplates = (openid: string) => sut.wechat.sent.filter((m) => m.template_id === TEST_WECHAT.templates.meeting && m.touser === openid);
  const tasksOf = async (who: Staff, query = ''): Promise<Task[]> => {
    const res = await who.call<Task[]>('GET', `/api/joint-meetings/tasks${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const stored = async () => {
    const [row] = (await sut.ds.query(
      `SELECT (SELECT count(*) FROM joint_meeting)::int AS meetings, (SELECT count(*) FROM joint_meeting_task)::int AS tasks,
              (SELECT count(*) FROM outbox_message WHERE kind LIKE 'joint%')::int AS messages, (SELECT count(*) FROM case_timeline)::int AS steps`,
    )) as Array<Record<string, number>>;
    return row;
  };

  it("convenes three units on two cases, records the decisions, and notes the meeting in each case's timeline", async () => {
    const res = await dispatcher.call('POST', '/api/joint-meetings', {
      title: '井溪镇二村停水问题联席会议',
      place: '市政府三楼会议室',
      heldAt,
      caseIds: cases.map((c) => c.id),
      unitIds: [unit['dept-water'], unit['town-jingxi'], unit['dept-transport']],
      tasks: [
        { unitId: unit['dept-water'], caseId: cases[0].id, text: '两天内接通临时供水管道', dueDate: addCalendarDays(today, 2) },
        { unitId: unit['town-jingxi'], text: '组织送水车，每天向村民通报进度', dueDate: addCalendarDays(today, 1) },
        { unitId: unit['dept-transport'], caseId: cases[1].id, text: '清理塌方，保障运水车通行', dueDate: addCalendarDays(today, 1) },
      ],
    });
    expect(res.status).toBe(201);
    meetingId = res.body.id;
    expect(res.body).toMatchObject({
      title: '井溪镇二村停水问题联席会议',
      convenedBy: { name: '王调度' },
      cases: cases.map((c) => ({ id: c.id, number: c.number, solved: false })),
    });
    expect(res.body.units.map((u: { name: string }) => u.name).sort()).toEqual(['井溪镇', '市交通运输局', '市水利局'].sort());
    expect(res.body.tasks.map((t: Task) => [t.unit.name, t.caseNumber, t.status])).toEqual([
      ['市水利局', cases[0].number, 'assigned'],
      ['井溪镇', null, 'assigned'],
      ['市交通运输局', cases[1].number, 'assigned'],
    ]);
    for (const c of cases) {
      const detail = await dispatcher.call('GET', `/api/cases/${c.id}`);
      expect(detail.body.timeline.at(-1)).toMatchObject({ action: 'note', note: expect.stringContaining('联席会议：井溪镇二村停水问题联席会议') });
    }
  });

  it("tells every invited unit's staff of the meeting and of their own tasks by template message, and no one else", async () => {
    await sut.outbox.drain();
    const asks = (openid: string) => meetingTemplates(openid).map((m) => [m.data!.thing4.value, m.data!.thing2.value]);
    expect(asks('o_demo_handler_water')).toEqual([
      ['请按时参加联席会议', '市政府三楼会议室'],
      ['会议交办任务，请按期完成', '两天内接通临时供水管道'],
    ]);
    expect(asks('o_demo_leader_water')).toEqual(asks('o_demo_handler_water'));
    expect(asks('o_demo_handler_jingxi')).toEqual([
      ['请按时参加联席会议', '市政府三楼会议室'],
      ['会议交办任务，请按期完成', expect.stringContaining('组织送水车')],
    ]);
    expect(asks('o_demo_handler_transport')).toEqual([
      ['请按时参加联席会议', '市政府三楼会议室'],
      ['会议交办任务，请按期完成', '清理塌方，保障运水车通行'],
    ]);
    expect(meetingTemplates('o_demo_handler_water')[0].data!.thing1.value).toBe('井溪镇二村停水问题联席会议');
    // The invitation opens the meeting; a task opens the unit's tasks to answer.
    expect(meetingTemplates('o_demo_handler_water').map((m) => m.miniprogram?.pagepath)).toEqual([`pages/staff/joint/detail?id=${meetingId}`, 'pages/staff/joint/tasks']);
    expect(meetingTemplates('o_demo_handler_batai')).toEqual([]);
    expect(meetingTemplates('o_demo_leader_batai')).toEqual([]);
  });

  it('shows each unit its own tasks and the meetings it was invited to; a unit not invited sees nothing', async () => {
    expect((await tasksOf(water)).map((t) => t.text)).toEqual(['两天内接通临时供水管道']);
    expect((await tasksOf(jingxi)).map((t) => t.text)).toEqual(['组织送水车，每天向村民通报进度']);
    expect((await tasksOf(transport)).map((t) => t.text)).toEqual(['清理塌方，保障运水车通行']);
    expect(await tasksOf(inspector)).toHaveLength(3);
    expect((await water.call('GET', `/api/joint-meetings/${meetingId}`)).status).toBe(200);
    expect((await water.call('GET', '/api/joint-meetings')).body.map((m: { id: string }) => m.id)).toEqual([meetingId]);

    expect(await tasksOf(batai)).toEqual([]);
    expect(await tasksOf(leaderBatai)).toEqual([]);
    expect((await batai.call('GET', '/api/joint-meetings')).body).toEqual([]);
    expect((await batai.call('GET', `/api/joint-meetings/${meetingId}`)).status).toBe(404);
    const waterTask = (await tasksOf(water))[0];
    const other = await batai.call('POST', `/api/joint-meetings/tasks/${waterTask.id}/done`, { note: '已完成' });
    expect(other.status).toBe(404);
    // Nor may a unit report another invited unit's task.
    expect((await jingxi.call('POST', `/api/joint-meetings/tasks/${waterTask.id}/done`, { note: '已完成' })).status).toBe(404);
    expect((await tasksOf(water))[0].status).toBe('assigned');
  });

  it('refuses bad input whole, with a Chinese message, storing nothing and telling no one', async () => {
    const before = await stored();
    const [waterId, jingxiId, bataiId] = [unit['dept-water'], unit['town-jingxi'], unit['town-batai']];
    const good = { title: '会议', place: '会议室', heldAt, caseIds: [cases[0].id], unitIds: [waterId, jingxiId] };
    const task = { unitId: waterId, text: '修管道', dueDate: addCalendarDays(today, 3) };
    const bad: Array<[string, unknown]> = [
      ['a single unit', { ...good, unitIds: [waterId] }],
      ['no case', { ...good, caseIds: [] }],
      ['a case that does not exist', { ...good, caseIds: ['00000000-0000-4000-8000-000000000000'] }],
      ['a unit that does not exist', { ...good, unitIds: [waterId, '00000000-0000-4000-8000-000000000000'] }],
      ['a task for a unit not invited', { ...good, tasks: [{ ...task, unitId: bataiId }] }],
      ['a task for a case not on the agenda', { ...good, tasks: [{ ...task, caseId: cases[1].id }] }],
      ['a deadline before the meeting', { ...good, tasks: [{ ...task, dueDate: addCalendarDays(today, -3) }] }],
      ['a deadline that is no day', { ...good, tasks: [{ ...task, dueDate: '2026-02-30' }] }],
      ['a blank title', { ...good, title: '   ' }],
      ['no time', { ...good, heldAt: '明天上午' }],
      ['a valid task after a bad one', { ...good, tasks: [task, { ...task, text: '' }] }],
    ];
    for (const [what, body] of bad) {
      const res = await dispatcher.call('POST', '/api/joint-meetings', body);
      expect([what, res.status]).toEqual([what, 400]);
      expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const more = await dispatcher.call('POST', `/api/joint-meetings/${meetingId}/tasks`, { tasks: [{ ...task, unitId: bataiId }] });
    expect(more.status).toBe(400);
    expect((await water.call('POST', '/api/joint-meetings', good)).status).toBe(403);
    expect((await water.call('POST', `/api/joint-meetings/tasks/${(await tasksOf(water))[0].id}/done`, { note: '  ' })).status).toBe(400);
    expect(await stored()).toEqual(before);
  });

  it("records the unit's report of a task done, once", async () => {
    const [t] = await tasksOf(water);
    const res = await water.call<Task>('POST', `/api/joint-meetings/tasks/${t.id}/done`, { note: '临时管道已接通，村民恢复供水' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'done', doneNote: '临时管道已接通，村民恢复供水', overdue: false });
    expect((await water.call('POST', `/api/joint-meetings/tasks/${t.id}/done`, { note: '再报一次' })).status).toBe(409);
    expect((await tasksOf(dispatcher, '?status=done')).map((x) => x.id)).toEqual([t.id]);
  });

  it("escalates each overdue task once to its unit's leader, and only what is due", async () => {
    const escalation = sut.app.get(JointTaskEscalation);
    // Today nothing is past its last day.
    expect(await escalation.runAt(new Date())).toBe(0);
    const sent = sut.wechat.sent.length;
    // Three days on: 井溪镇's and the transport bureau's tasks are overdue; the water bureau's is done.
    const later = new Date(Date.now() + 3 * DAY);
    expect(await escalation.runAt(later)).toBe(2);
    expect(await escalation.runAt(later)).toBe(0);
    await sut.outbox.drain();
    const overdue = sut.wechat.sent.slice(sent).filter((m) => m.template_id === TEST_WECHAT.templates.meeting);
    // Only 井溪镇 has a leader on WeChat among the two: the transport bureau's task is marked, no one is woken there.
    expect(overdue.map((m) => [m.touser, m.data!.thing4.value, m.data!.thing2.value])).toEqual([
      ['o_demo_leader_jingxi', '会议交办任务已超期，请督办', expect.stringContaining('组织送水车')],
    ]);
    const escalated = (await tasksOf(dispatcher)).filter((t) => t.escalatedAt).map((t) => t.unit.name).sort();
    expect(escalated).toEqual(['井溪镇', '市交通运输局'].sort());
  });

  it('counts the meeting held and a case solved by it once it closes with all its tasks done', async () => {
    const totals = async () => (await dispatcher.call('GET', `/api/joint-meetings/totals?from=${addCalendarDays(today, -1)}&to=${today}`)).body;
    expect(await totals()).toEqual({ held: 1, casesSolved: 0 });
    // The first case is handled and the resident is satisfied: closed, but 井溪镇's task for both cases is still open.
    expect((await jingxi.call('POST', `/api/cases/${cases[0].id}/sign-for`)).status).toBe(200);
    expect((await jingxi.call('POST', `/api/cases/${cases[0].id}/answer`, { text: '临时管道已接通，已恢复供水' })).status).toBe(200);
    expect((await residents[0].say('满意')).reply).toContain('已办结');
    expect(await totals()).toEqual({ held: 1, casesSolved: 0 });
    const [own] = await tasksOf(jingxi);
    expect((await jingxi.call('POST', `/api/joint-meetings/tasks/${own.id}/done`, { note: '送水车每天两趟，已通报' })).status).toBe(200);
    expect(await totals()).toEqual({ held: 1, casesSolved: 1 });
    const meeting = (await inspector.call('GET', `/api/joint-meetings/${meetingId}`)).body;
    expect(meeting.cases.map((c: { number: string; solved: boolean }) => [c.number, c.solved])).toEqual([
      [cases[0].number, true],
      [cases[1].number, false],
    ]);
    // A period before the meeting counts nothing; a bad period is refused.
    expect((await dispatcher.call('GET', `/api/joint-meetings/totals?to=${addCalendarDays(today, -2)}`)).body).toEqual({ held: 0, casesSolved: 0 });
    expect((await dispatcher.call('GET', `/api/joint-meetings/totals?from=${today}&to=${addCalendarDays(today, -1)}`)).status).toBe(422);
    expect((await water.call('GET', '/api/joint-meetings/totals')).status).toBe(403);
  });
});
