import { randomUUID } from 'node:crypto';
import { createTestApp, TEST_WECHAT, type TestApp } from '@msz/server/testing/test-app';
import { numberIn, Resident } from './support/resident';
import { Staff } from './support/staff';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Bench meetings (板凳会) feed the case pipeline; golden ideas (金点子) go from suggestion to delivery. */
describe('bench meetings and golden ideas', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let cadre: Staff; // 胜利村 (village-jingxi-1)
  let otherCadre: Staff; // 香炉村, another town
  let townHandler: Staff; // 井溪镇
  let units: Array<{ id: string; name: string; code: string }>;
  const unit = (code: string) => units.find((u) => u.code === code)!.id;
  const count = async (table: string) => Number((await sut.ds.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    sut = await createTestApp();
    [dispatcher, cadre, otherCadre, townHandler] = await Promise.all(['dispatcher', 'cadre-jingxi-1', 'cadre-batai-1', 'jingxi'].map((u) => Staff.login(sut.baseUrl, u)));
    units = (await dispatcher.call('GET', '/api/units')).body;
  });
  afterAll(() => sut?.close());

  async function heldMeeting(by: Staff = cadre, attendance = 35): Promise<string> {
    const planned = await by.call('POST', '/api/bench/meetings', { kind: 'night_talk', villageUnitId: unit('village-jingxi-1'), place: '村委会院坝', plannedAt: new Date(Date.now() - 3_600_000).toISOString(), topics: ['饮水', '道路'] });
    expect(planned.status).toBe(201);
    const held = await by.call('POST', `/api/bench/meetings/${planned.body.id}/hold`, { heldAt: new Date().toISOString(), attendance });
    expect(held.status).toBe(200);
    return planned.body.id;
  }

  it('lists the city’s kinds of meeting', async () => {
    const { status, body } = await cadre.call('GET', '/api/bench/kinds');
    expect(status).toBe(200);
    expect(body.map((k: { name: string }) => k.name)).toEqual(['政策宣讲', '板凳夜谈', '田埂板凳会', '交通板凳会', '乡风评议会']);
  });

  it('plans, holds and closes a meeting whose demands become cases, once each, and shows their progress and totals', async () => {
    type Figures = { meetingsHeld: number; attendance: number; demandsRaised: number; demandsSettled: number; solvedOnTheSpot: number };
    const townRow = async () => ((await dispatcher.call('GET', '/api/bench/totals?groupBy=town')).body.rows as Array<Figures & { label: string }>).find((r) => r.label === '井溪镇');
    const before: Figures = (await townRow()) ?? { meetingsHeld: 0, attendance: 0, demandsRaised: 0, demandsSettled: 0, solvedOnTheSpot: 0 };

    const planned = await cadre.call('POST', '/api/bench/meetings', {
      kind: 'night_talk',
      villageUnitId: unit('village-jingxi-1'),
      place: '村委会院坝',
      plannedAt: new Date(Date.now() - 3_600_000).toISOString(),
      topics: ['饮水', '道路'],
    });
    expect(planned.status).toBe(201);
    expect(planned.body).toMatchObject({ status: 'planned', statusLabel: '准备开', kindName: '板凳夜谈', villageName: '胜利村', townName: '井溪镇', hostName: '江主任（井溪镇胜利村）', allowedActions: ['hold', 'cancel'] });
    const id = planned.body.id;
    const held = await cadre.call('POST', `/api/bench/meetings/${id}/hold`, { heldAt: new Date().toISOString(), attendance: 35, outcomes: '修水池的事请镇上来看' });
    expect(held.body).toMatchObject({ status: 'held', attendance: 35, allowedActions: ['close', 'add_demand'] });
    expect((await cadre.call('POST', `/api/bench/meetings/${id}/photos`, { base64: PNG.toString('base64') })).status).toBe(201);

    const demands = [
      { clientKey: randomUUID(), text: '五组的饮水池漏水，夏天不够用', residentName: '王大爷', residentPhone: '13800001001' },
      { clientKey: randomUUID(), text: '村道边的护栏被车撞坏了', residentName: '李嬢嬢', residentPhone: '13800001002' },
      { clientKey: randomUUID(), text: '院坝边的水沟堵了', residentName: '张婆婆', residentPhone: '13800001003', onTheSpotAnswer: '村干部当场带人疏通了水沟' },
    ];
    const filed = [];
    for (const d of demands) {
      const res = await cadre.call('POST', `/api/bench/meetings/${id}/demands`, d);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ number: expect.stringMatching(/^MS\d{8}-\d{4}$/), repeated: false });
      filed.push(res.body);
    }
    expect(filed[2]).toMatchObject({ solvedOnTheSpot: true, status: 'revisiting' });
    expect(filed[0]).toMatchObject({ solvedOnTheSpot: false, status: 'accepted', statusLabel: '已受理' });

    // The phone lost the first answer and sends again: the same case comes back, nothing new is filed.
    const cases = await count('case_file');
    const again = await cadre.call('POST', `/api/bench/meetings/${id}/demands`, demands[0]);
    expect(again.body).toMatchObject({ caseId: filed[0].caseId, number: filed[0].number, repeated: true });
    expect(await count('case_file')).toBe(cases);
    // Two sends at once of a new demand still file it once.
    const twice = { clientKey: randomUUID(), text: '希望村里的路灯晚上多亮一会儿', residentName: '赵叔', residentPhone: '13800001004' };
    const both = await Promise.all([cadre.call('POST', `/api/bench/meetings/${id}/demands`, twice), cadre.call('POST', `/api/bench/meetings/${id}/demands`, twice)]);
    expect(both.map((r) => r.status)).toEqual([201, 201]);
    expect(both[0].body.caseId).toBe(both[1].body.caseId);
    expect(await count('case_file')).toBe(cases + 1);

    // They are cases like any other, in the dispatcher's inbox, with the channel, the village and the resident.
    const first = (await dispatcher.call('GET', `/api/cases/${filed[0].caseId}`)).body;
    expect(first).toMatchObject({ channel: 'bench_meeting', residentName: '王大爷', residentPhone: '138****1001', placeUnitId: unit('village-jingxi-1'), status: 'accepted' });
    expect((await sut.ds.query(`SELECT resident_phone FROM case_file WHERE id = $1`, [first.id]))[0].resident_phone).toBe('13800001001'); // kept whole for the call back
    const spot = (await dispatcher.call('GET', `/api/cases/${filed[2].caseId}`)).body;
    expect(spot.timeline.map((t: { action: string }) => t.action)).toEqual(['file', 'assign', 'sign_for', 'answer', 'start_revisit']);

    // The office routes one, the town answers it: the meeting's page follows.
    expect((await dispatcher.call('POST', `/api/cases/${filed[1].caseId}/assign`, { unitId: unit('town-jingxi') })).status).toBe(200);
    expect((await townHandler.call('POST', `/api/cases/${filed[1].caseId}/sign-for`, {})).status).toBe(200);
    expect((await townHandler.call('POST', `/api/cases/${filed[1].caseId}/answer`, { text: '护栏已经修好了' })).status).toBe(200);

    const detail = (await cadre.call('GET', `/api/bench/meetings/${id}`)).body;
    expect(detail.demandCount).toBe(4);
    expect(detail.photos).toHaveLength(1);
    expect(detail.demands.map((d: { number: string; statusLabel: string; unitName: string | null; settled: boolean; residentPhone: string }) => [d.number, d.statusLabel, d.unitName, d.settled, d.residentPhone])).toEqual([
      [filed[0].number, '已受理', null, false, '138****1001'],
      [filed[1].number, '已答复，请您评价', '井溪镇', true, '138****1002'],
      [filed[2].number, '已答复，请您评价', '胜利村', true, '138****1003'],
      [both[0].body.number, '已受理', null, false, '138****1004'],
    ]);
    const photo = await fetch(`${sut.baseUrl}/api/bench/meetings/${id}/photos/${detail.photos[0].id}`, { headers: { authorization: `Bearer ${cadre.token}` } });
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await photo.arrayBuffer())).toEqual(PNG);

    const closed = await cadre.call('POST', `/api/bench/meetings/${id}/close`, { report: '群众提了4件事，1件当场解决，其余已交办' });
    expect(closed.body).toMatchObject({ status: 'closed', statusLabel: '已结束', report: '群众提了4件事，1件当场解决，其余已交办' });

    const after = (await townRow())!;
    expect(after).toMatchObject({
      meetingsHeld: before.meetingsHeld + 1,
      attendance: before.attendance + 35,
      demandsRaised: before.demandsRaised + 4,
      demandsSettled: before.demandsSettled + 2,
      solvedOnTheSpot: before.solvedOnTheSpot + 1,
    });
    const byKind = (await dispatcher.call('GET', '/api/bench/totals?groupBy=kind')).body;
    const sum = (f: string) => byKind.rows.reduce((n: number, r: Record<string, number>) => n + r[f], 0);
    expect(byKind.total).toMatchObject({ meetingsHeld: sum('meetingsHeld'), attendance: sum('attendance'), demandsRaised: sum('demandsRaised'), demandsSettled: sum('demandsSettled') });
    expect(byKind.total.completionRate).toBeCloseTo(byKind.total.demandsSettled / byKind.total.demandsRaised, 3);
    const month = (await dispatcher.call('GET', '/api/bench/totals?groupBy=month')).body;
    expect(month.total.demandsRaised).toBe(byKind.total.demandsRaised);
    // A period is Beijing days, both ends included: today holds everything this suite did, 2020 nothing.
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await dispatcher.call('GET', `/api/bench/totals?groupBy=kind&from=${today}&to=${today}`)).body.total).toMatchObject({ meetingsHeld: byKind.total.meetingsHeld, demandsRaised: byKind.total.demandsRaised });
    expect((await dispatcher.call('GET', '/api/bench/totals?groupBy=kind&from=2020-01-01&to=2020-12-31')).body).toMatchObject({ rows: [], total: { meetingsHeld: 0, completionRate: null } });
    expect((await dispatcher.call('GET', '/api/bench/totals?groupBy=village')).status).toBe(400);
    // A village's cadre sees their own village's figures only.
    expect((await otherCadre.call('GET', '/api/bench/totals?groupBy=town')).body.rows.some((r: { label: string }) => r.label === '井溪镇')).toBe(false);
  });

  it('keeps another village’s cadre and readers out of a meeting’s records', async () => {
    const id = await heldMeeting();
    const demand = { clientKey: randomUUID(), text: '路灯坏了', residentName: '钱', residentPhone: '13800001005' };
    expect((await otherCadre.call('GET', `/api/bench/meetings/${id}`)).status).toBe(404);
    expect((await otherCadre.call('POST', `/api/bench/meetings/${id}/demands`, demand)).status).toBe(404);
    expect((await otherCadre.call('POST', `/api/bench/meetings/${id}/close`, { report: '小结' })).status).toBe(404);
    expect((await otherCadre.call('GET', '/api/bench/meetings')).body.some((m: { id: string }) => m.id === id)).toBe(false);
    expect((await otherCadre.call('POST', '/api/bench/meetings', { kind: 'night_talk', villageUnitId: unit('village-jingxi-1'), place: '院坝', plannedAt: new Date().toISOString() })).status).toBe(404);
    // The office reads every meeting but records none; the town's staff read and record their villages'.
    expect((await dispatcher.call('GET', `/api/bench/meetings/${id}`)).body).toMatchObject({ id, allowedActions: [] });
    expect((await dispatcher.call('POST', `/api/bench/meetings/${id}/demands`, demand)).status).toBe(403);
    expect((await townHandler.call('GET', `/api/bench/meetings/${id}`)).body.allowedActions).toEqual(['close', 'add_demand']);
    expect(await count(`bench_demand WHERE meeting_id = '${id}'`)).toBe(0);
  });

  it('refuses bad input with 400 and stores nothing', async () => {
    const id = await heldMeeting();
    const [meetings, demands, cases] = [await count('bench_meeting'), await count('bench_demand'), await count('case_file')];
    const plan = { kind: 'night_talk', villageUnitId: unit('village-jingxi-1'), place: '院坝', plannedAt: new Date().toISOString() };
    const demand = { clientKey: randomUUID(), text: '路灯坏了', residentName: '钱', residentPhone: '13800001005' };
    for (const [path, body] of [
      ['/api/bench/meetings', { ...plan, place: '' }],
      ['/api/bench/meetings', { ...plan, plannedAt: '明天晚上' }],
      ['/api/bench/meetings', { ...plan, villageUnitId: 'nope' }],
      [`/api/bench/meetings/${id}/demands`, { ...demand, residentPhone: '12345' }],
      [`/api/bench/meetings/${id}/demands`, { ...demand, clientKey: 'retry-1' }],
      [`/api/bench/meetings/${id}/demands`, { ...demand, text: '' }],
      [`/api/bench/meetings/${id}/close`, { report: '' }],
    ] as const) {
      const res = await cadre.call('POST', path, body);
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.message).toEqual(expect.any(String));
    }
    // Rules the domain keeps: an unknown kind, a meeting held with nobody there, a planned meeting's demand.
    expect((await cadre.call('POST', '/api/bench/meetings', { ...plan, kind: 'party' })).body.code).toBe('BENCH_MEETING_INVALID');
    const planned = (await cadre.call('POST', '/api/bench/meetings', plan)).body.id;
    expect((await cadre.call('POST', `/api/bench/meetings/${planned}/hold`, { heldAt: new Date().toISOString(), attendance: 0 })).status).toBe(400);
    expect((await cadre.call('POST', `/api/bench/meetings/${planned}/demands`, demand)).status).toBe(409);
    expect([await count('bench_meeting'), await count('bench_demand'), await count('case_file')]).toEqual([meetings + 1, demands, cases]);
  });

  describe('golden ideas', () => {
    /** A resident who writes in the chat (WeChat lets the account answer them for 48 h). */
    const resident = () => {
      const who = new Resident(sut.baseUrl, `o_idea_${randomUUID().slice(0, 8)}`);
      sut.wechat.userMessagedAt(who.openid);
      return who;
    };
    async function suggestion(who: Resident): Promise<string> {
      const number = numberIn((await who.say('建议在我们村搞一个高山蔬菜基地，带动大家增收')).reply);
      const { body } = await dispatcher.call('GET', '/api/cases?status=accepted&limit=200');
      const c = body.items.find((x: { number: string }) => x.number === number);
      expect((await dispatcher.call('POST', `/api/cases/${c.id}/classify`, { kind: 'suggestion', subItem: 'industry-development', urgency: 'normal' })).status).toBe(200);
      return c.id;
    }
    const toldTo = (openid: string) => sut.wechat.sent.filter((m) => m.touser === openid && m.template_id === TEST_WECHAT.templates.idea);

    it('goes from suggestion to delivery, the proposer told at each step', async () => {
      const who = resident();
      const caseId = await suggestion(who);
      const taken = await dispatcher.call('POST', '/api/ideas', { caseId, unitId: unit('town-jingxi'), title: '建高山蔬菜基地' });
      expect(taken.status).toBe(201);
      expect(taken.body).toMatchObject({ status: 'evaluating', statusLabel: '正在评估', unitName: '井溪镇', overdue: false, allowedActions: [] });
      const id = taken.body.id;
      await sut.outbox.drain();
      expect(toldTo(who.openid)).toHaveLength(1);
      expect(toldTo(who.openid)[0].data).toMatchObject({ thing1: { value: '建高山蔬菜基地' }, phrase2: { value: '评估中' } });

      const refused = await townHandler.call('POST', `/api/ideas/${id}/evaluate`, { decision: 'decline' });
      expect(refused).toMatchObject({ status: 422, body: { code: 'REASON_REQUIRED' } });
      expect((await townHandler.call('POST', `/api/ideas/${id}/milestones`, { note: '开工' })).status).toBe(409);
      const adopted = await townHandler.call('POST', `/api/ideas/${id}/evaluate`, { decision: 'adopt' });
      expect(adopted.body).toMatchObject({ status: 'adopted', statusLabel: '已采纳，正在落实', allowedActions: ['add_milestone'] });
      await sut.outbox.drain();
      expect(toldTo(who.openid)).toHaveLength(2);

      const step = await townHandler.call('POST', `/api/ideas/${id}/milestones`, { note: '选好了200亩地块' });
      expect(step.status).toBe(201);
      const milestoneId = step.body.milestones[0].id;
      expect((await townHandler.call('POST', `/api/ideas/${id}/milestones/${milestoneId}/photos`, { base64: PNG.toString('base64') })).status).toBe(201);
      await sut.outbox.drain();
      expect(toldTo(who.openid).map((m) => m.data!.thing3.value)).toEqual(['正在评估', '感谢您的建议', '选好了200亩地块']);

      const done = await townHandler.call('POST', `/api/ideas/${id}/milestones`, { note: '基地建成，第一批蔬菜上市', delivered: true });
      expect(done.body).toMatchObject({ status: 'delivered', statusLabel: '已落地', allowedActions: [] });
      expect(done.body.milestones.map((s: { note: string; delivered: boolean; photos: unknown[] }) => [s.note, s.delivered, s.photos.length])).toEqual([
        ['选好了200亩地块', false, 1],
        ['基地建成，第一批蔬菜上市', true, 0],
      ]);
      await sut.outbox.drain();
      expect(toldTo(who.openid).map((m) => m.data!.phrase2.value)).toEqual(['评估中', '已采纳', '已采纳', '已落地']);
      // The whole sentence, too, while the chat's 48 h window is open.
      expect(sut.wechat.sent.some((m) => m.touser === who.openid && m.content === '您的建议「建高山蔬菜基地」已落地：基地建成，第一批蔬菜上市')).toBe(true);
      expect((await townHandler.call('POST', `/api/ideas/${id}/milestones`, { note: '又一步' })).status).toBe(409);
      // The milestones are the idea's history: the database refuses to change one.
      await expect(sut.ds.query(`UPDATE golden_idea_milestone SET note = '改过' WHERE idea_id = $1`, [id])).rejects.toThrow(/insert-only/);

      const totals = (await dispatcher.call('GET', '/api/ideas/totals')).body;
      expect(totals.delivered).toBeGreaterThanOrEqual(1);
      expect(totals.adopted).toBeGreaterThanOrEqual(totals.delivered);
      expect(totals.proposed).toBeGreaterThanOrEqual(totals.adopted + totals.declined);
      expect(totals.suggestions).toBeGreaterThanOrEqual(totals.proposed);
    });

    it('needs a reason to decline, takes up only suggestions, once, and keeps other units out', async () => {
      const who = resident();
      const caseId = await suggestion(who);
      const id = (await dispatcher.call('POST', '/api/ideas', { caseId, unitId: unit('town-jingxi'), title: '修村里的文化广场' })).body.id;
      expect((await dispatcher.call('POST', '/api/ideas', { caseId, unitId: unit('town-jingxi'), title: '再来一次' })).status).toBe(409);
      expect((await otherCadre.call('GET', `/api/ideas/${id}`)).status).toBe(404);
      expect((await otherCadre.call('POST', `/api/ideas/${id}/evaluate`, { decision: 'adopt' })).status).toBe(404);
      const declined = await townHandler.call('POST', `/api/ideas/${id}/evaluate`, { decision: 'decline', reason: '这块地是基本农田，不能建广场' });
      expect(declined.body).toMatchObject({ status: 'declined', decisionReason: '这块地是基本农田，不能建广场' });
      await sut.outbox.drain();
      expect(sut.wechat.sent.some((m) => m.touser === who.openid && m.content === '您的建议「修村里的文化广场」暂不采纳：这块地是基本农田，不能建广场')).toBe(true);

      const complaint = numberIn((await resident().say('隔壁天天半夜放音乐，吵得睡不着')).reply);
      const c = (await dispatcher.call('GET', '/api/cases?status=accepted&limit=200')).body.items.find((x: { number: string }) => x.number === complaint);
      await dispatcher.call('POST', `/api/cases/${c.id}/classify`, { kind: 'complaint', subItem: 'disputes', urgency: 'normal' });
      const ideas = await count('golden_idea');
      expect((await dispatcher.call('POST', '/api/ideas', { caseId: c.id, unitId: unit('town-jingxi'), title: '噪音' })).body.code).toBe('IDEA_NOT_SUGGESTION');
      expect((await dispatcher.call('POST', '/api/ideas', { caseId: c.id, unitId: unit('town-jingxi'), title: '' })).status).toBe(400);
      expect(await count('golden_idea')).toBe(ideas);
    });

    it('shows an evaluation past its deadline as overdue', async () => {
      const id = (await dispatcher.call('POST', '/api/ideas', { caseId: await suggestion(resident()), unitId: unit('town-jingxi'), title: '办农产品直播培训' })).body.id;
      expect((await townHandler.call('GET', '/api/ideas?overdue=true')).body.some((i: { id: string }) => i.id === id)).toBe(false);
      // Eleven working days later (the deadline is 10), as far as the database can tell.
      await sut.ds.query(`UPDATE golden_idea SET taken_up_at = taken_up_at - interval '20 days', evaluate_by = evaluate_by - interval '20 days' WHERE id = $1`, [id]);
      const overdue = (await townHandler.call('GET', '/api/ideas?overdue=true')).body;
      expect(overdue.find((i: { id: string }) => i.id === id)).toMatchObject({ overdue: true, status: 'evaluating' });
      expect((await dispatcher.call('GET', `/api/ideas/${id}`)).body.overdue).toBe(true);
      expect((await dispatcher.call('GET', '/api/ideas/totals')).body.overdue).toBeGreaterThanOrEqual(1);
    });
  });
});
