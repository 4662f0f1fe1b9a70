import { createTestApp, TEST_WECHAT, type TestApp } from '@msz/server/testing/test-app';
import { EscalationService } from '@msz/server/modules/workflow/escalation.service';
import { QualityService } from '@msz/server/modules/quality/quality.service';
import { caseByNumber } from './support/cases';
import { numberIn, Resident } from './support/resident';
import { Staff } from './support/staff';

/** 群众评价—问题溯源—责任倒查, classification and routing, through the API. */
describe('classification, routing and quality', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let handler: Staff;
  let units: Array<{ id: string; name: string; code: string; level: string; parentId: string | null }>;
  let n = 0;

  beforeAll(async () => {
    sut = await createTestApp();
    dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
    handler = await Staff.login(sut.baseUrl, 'jingxi');
    units = (await dispatcher.call('GET', '/api/units')).body;
  });
  afterAll(() => sut?.close());

  const unitNamed = (name: string) => units.find((u) => u.name === name)!;
  const file = async (text: string, location?: [number, number]) => {
    const resident = new Resident(sut.baseUrl, `o_quality_${++n}`);
    if (location) await resident.location(location[0], location[1], '村口');
    return caseByNumber(dispatcher, numberIn((await resident.say(text)).reply));
  };
  async function answered(text: string): Promise<{ c: any; resident: Resident }> {
    const resident = new Resident(sut.baseUrl, `o_quality_${++n}`);
    const c = await caseByNumber(dispatcher, numberIn((await resident.say(text)).reply));
    await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: unitNamed('井溪镇').id });
    await handler.call('POST', `/api/cases/${c.id}/sign-for`);
    await handler.call('POST', `/api/cases/${c.id}/answer`, { text: '已处理' });
    return { c, resident };
  }

  it('suggests kind, sub-item and urgency at filing, and records the dispatcher’s choice', async () => {
    const c = await file('井溪镇二村的自来水停了三天，家家户户没水吃');
    // Filed with the suggested kind: a water cut for days reads as a complaint or a plea for help, both fair by the guide.
    expect(c.kind).toBe(c.suggestion.outcome);
    expect(['complaint', 'help']).toContain(c.kind);
    expect(c.subItem).toBeNull();
    const confirmed = await dispatcher.call('POST', `/api/cases/${c.id}/classify`, { kind: 'complaint', subItem: 'water-supply', urgency: 'urgent' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ subItem: 'water-supply', urgency: 'urgent' });
    const step = (await dispatcher.call('GET', `/api/cases/${c.id}`)).body.timeline.find((t: { action: string }) => t.action === 'classify');
    expect(step.note).toMatch(/供水/);

    expect((await dispatcher.call('POST', `/api/cases/${c.id}/classify`, { kind: 'complaint', subItem: 'no-such-item', urgency: 'normal' })).status).toBe(422);
    expect((await dispatcher.call('POST', `/api/cases/${c.id}/classify`, { kind: 'gossip', subItem: 'water-supply', urgency: 'normal' })).status).toBe(400);
    expect((await handler.call('POST', `/api/cases/${c.id}/classify`, { kind: 'complaint', subItem: 'water-supply', urgency: 'normal' })).status).toBe(403);
  });

  it('shortens the deadline when the dispatcher makes it a consultation', async () => {
    const c = await file('井溪镇卫生院晚上没有医生值班，看病很难');
    const asConsultation = await dispatcher.call('POST', `/api/cases/${c.id}/classify`, { kind: 'consultation', subItem: 'healthcare', urgency: 'normal' });
    expect(asConsultation.status).toBe(200);
    expect(Date.parse(asConsultation.body.closeBy)).toBeLessThan(Date.parse(c.closeBy));
  });

  it('suggests the owning unit from the sub-item’s tier and the place', async () => {
    const route = async (text: string, subItem: string | null, location?: [number, number]) => {
      const c = await file(text, location);
      if (subItem) expect((await dispatcher.call('POST', `/api/cases/${c.id}/classify`, { kind: 'complaint', subItem, urgency: 'normal' })).status).toBe(200);
      return (await dispatcher.call('GET', `/api/cases/${c.id}/routing-suggestion`)).body;
    };
    // City tier: the department the taxonomy names.
    const water = await route('村里的自来水管爆了，停水两天', 'water-supply', [32.16, 108.06]);
    expect(water).toMatchObject({ tier: 'city', unitId: units.find((u) => u.code === 'dept-water')!.id });
    // Town tier: the town the location falls in, even when it maps to one of its villages.
    const house = await route('我家的土坯房墙裂了，下雨怕垮', 'housing-safety', [32.16, 108.06]);
    expect(house).toMatchObject({ tier: 'town', unitId: unitNamed('井溪镇').id });
    // Not yet classified: the classifier's suggestion stands in; with none, nothing is suggested.
    expect(await route('请问新农合今年怎么交费', null)).toMatchObject({ tier: 'city', reason: expect.stringContaining('社保医保') });
    expect(await route('我想反映一个情况，麻烦回个电话', null)).toMatchObject({ unitId: null, reason: '未分类：请先确认分类' });
  });

  it('reopens an unsatisfied case and holds a trace item against the unit', async () => {
    const { c, resident } = await answered('井溪镇四村的垃圾池一个月没清运');
    expect((await resident.say('不满意')).reply).toContain('重新办理');
    const traces = (await dispatcher.call('GET', `/api/trace-items?unitId=${unitNamed('井溪镇').id}`)).body;
    expect(traces.filter((t: { caseId: string }) => t.caseId === c.id)).toEqual([expect.objectContaining({ reason: 'unsatisfied', status: 'open' })]);
    expect((await handler.call('GET', '/api/trace-items')).status).toBe(403);
  });

  it('turns an unanswered revisit into a phone task after 3 working days; the phone answer decides', async () => {
    const { c } = await answered('井溪镇五村的水渠被泥石流堵了');
    await sut.ds.query(`UPDATE case_file SET revisit_started_at = '2026-11-20T10:00:00+08:00' WHERE id = $1`, [c.id]);
    const escalation = sut.app.get(EscalationService);
    await escalation.runAt(new Date('2026-11-26T10:00:00+08:00'));
    await escalation.runAt(new Date('2026-11-26T11:00:00+08:00'));
    const tasks = (await dispatcher.call('GET', '/api/revisit-tasks')).body.filter((t: { caseId: string }) => t.caseId === c.id);
    expect(tasks).toHaveLength(1);

    const phoned = await dispatcher.call('POST', `/api/cases/${c.id}/revisit`, { rating: 'basically_satisfied', solved: false, note: '电话回访：还没通水' });
    expect(phoned.body.status).toBe('reopened');
    expect((await dispatcher.call('GET', '/api/revisit-tasks')).body.some((t: { caseId: string }) => t.caseId === c.id)).toBe(false);
    const traces = (await dispatcher.call('GET', '/api/trace-items')).body.filter((t: { caseId: string }) => t.caseId === c.id);
    expect(traces).toEqual([expect.objectContaining({ reason: 'not_solved', note: '电话回访：还没通水' })]);
    await sut.outbox.drain();
    expect(sut.wechat.sent.some((m) => m.template_id === TEST_WECHAT.templates.reopened && m.data?.character_string1.value === c.number)).toBe(true);
  });

  it('merges a duplicate into the case that stays', async () => {
    const kept = await file('井溪镇六村的桥断了，娃娃上学要绕路');
    const dup = await file('六村那座桥断了，快来修');
    const merged = await dispatcher.call('POST', `/api/cases/${dup.id}/merge`, { intoCaseId: kept.id });
    expect(merged.body.status).toBe('merged');
    const keptTimeline = (await dispatcher.call('GET', `/api/cases/${kept.id}`)).body.timeline;
    expect(keptTimeline.at(-1).note).toBe(`合并重复诉求${dup.number}`);
    expect((await dispatcher.call('POST', `/api/cases/${kept.id}/merge`, { intoCaseId: kept.id })).status).toBe(422);
    expect((await dispatcher.call('POST', `/api/cases/${kept.id}/merge`, { intoCaseId: dup.id })).status).toBe(422);
  });

  it('lets a merged case follow the main one: its resident sees its progress, hears its answer and answers their own revisit', async () => {
    const keptResident = new Resident(sut.baseUrl, `o_quality_${++n}`);
    const dupResident = new Resident(sut.baseUrl, `o_quality_${++n}`);
    const kept = await caseByNumber(dispatcher, numberIn((await keptResident.say('井溪镇八村的路灯全坏了，晚上黑黢黢的')).reply));
    const dup = await caseByNumber(dispatcher, numberIn((await dupResident.say('八村路灯坏了好几天了')).reply));
    expect((await dispatcher.call('POST', `/api/cases/${dup.id}/merge`, { intoCaseId: kept.id })).status).toBe(200);
    expect((await dupResident.say('查询')).reply).toContain(`已和同类问题${kept.number}合并办理，已受理`);

    await dispatcher.call('POST', `/api/cases/${kept.id}/assign`, { unitId: unitNamed('井溪镇').id, coUnitIds: [unitNamed('八台镇').id] });
    // The co-handling unit's handlers are told they were added.
    const coTold = await sut.ds.query(`SELECT touser FROM outbox_message WHERE case_id = $1 AND kind = 'case_co_assigned'`, [kept.id]);
    expect(coTold).toEqual([{ touser: 'o_demo_handler_batai' }]);
    expect((await dupResident.say('查询')).reply).toContain(`已和同类问题${kept.number}合并办理，已转给承办单位`);

    await handler.call('POST', `/api/cases/${kept.id}/sign-for`);
    await handler.call('POST', `/api/cases/${kept.id}/answer`, { text: '八村路灯已全部换新' });
    const told = await sut.ds.query(`SELECT case_id, touser FROM outbox_message WHERE kind = 'case_answered' AND case_id = ANY($1) ORDER BY touser`, [[kept.id, dup.id]]);
    expect(told).toEqual(
      [
        { case_id: kept.id, touser: keptResident.openid },
        { case_id: dup.id, touser: dupResident.openid },
      ].sort((x, y) => x.touser.localeCompare(y.touser)),
    );
    const dupSteps = (await dispatcher.call('GET', `/api/cases/${dup.id}`)).body.timeline.map((t: { action: string; note: string }) => [t.action, t.note]);
    expect(dupSteps.at(-1)).toEqual(['main_answered', `主诉求${kept.number}已答复：八村路灯已全部换新`]);

    // Each resident answers their own revisit; the merged resident's unhappiness is traced to the unit that answered.
    expect((await dupResident.say('3')).reply).toContain('已记下您对编号');
    const afterDup = (await dispatcher.call('GET', `/api/cases/${dup.id}`)).body;
    expect(afterDup).toMatchObject({ status: 'merged', revisitRating: 'unsatisfied', answer: '八村路灯已全部换新' });
    const traces = (await dispatcher.call('GET', '/api/trace-items')).body.filter((t: { caseId: string }) => t.caseId === dup.id);
    expect(traces).toEqual([expect.objectContaining({ unitId: unitNamed('井溪镇').id, reason: 'unsatisfied' })]);
    expect((await keptResident.say('1')).reply).toContain('已办结');
    expect((await dispatcher.call('GET', `/api/cases/${kept.id}`)).body.status).toBe('closed');
    // Its progress follows the main case to the end.
    expect((await dupResident.say('查询')).reply).toContain(`已和同类问题${kept.number}合并办理，已办结`);
  });

  it('phones a merged case’s resident too when they do not answer the revisit the main case’s answer opened', async () => {
    const kept = await file('井溪镇九村的桥栏杆断了');
    const dup = await file('九村桥上的栏杆断了，小孩过桥很危险');
    expect((await dispatcher.call('POST', `/api/cases/${dup.id}/merge`, { intoCaseId: kept.id })).status).toBe(200);
    await dispatcher.call('POST', `/api/cases/${kept.id}/assign`, { unitId: unitNamed('井溪镇').id });
    await handler.call('POST', `/api/cases/${kept.id}/sign-for`);
    await handler.call('POST', `/api/cases/${kept.id}/answer`, { text: '九村桥栏杆已焊好' });
    expect((await dispatcher.call('GET', `/api/cases/${dup.id}`)).body).toMatchObject({ status: 'merged', answer: '九村桥栏杆已焊好', revisitRating: null });

    // Three working days pass without the merged resident's answer (a raw write: the trigger marks the case due).
    await sut.ds.query(`UPDATE case_file SET revisit_started_at = '2026-11-20T10:00:00+08:00' WHERE id = $1`, [dup.id]);
    await sut.app.get(EscalationService).runAt(new Date('2026-11-26T10:00:00+08:00'));
    const tasks = (await dispatcher.call('GET', '/api/revisit-tasks')).body.filter((t: { caseId: string }) => t.caseId === dup.id);
    expect(tasks).toEqual([expect.objectContaining({ number: dup.number, answer: '九村桥栏杆已焊好' })]);

    const phoned = await dispatcher.call('POST', `/api/cases/${dup.id}/revisit`, { rating: 'satisfied', solved: true, note: '电话回访：满意' });
    expect(phoned.body).toMatchObject({ status: 'merged', revisitRating: 'satisfied' });
    expect((await dispatcher.call('GET', '/api/revisit-tasks')).body.some((t: { caseId: string }) => t.caseId === dup.id)).toBe(false);
  });

  it('opens one special governance item at the third report of the same problem', async () => {
    const texts = ['井溪镇七村又停水了，水管破了没人修', '七村停水好几天了，水管破了', '七村还是停水，水管破了没人来修'];
    const ids: string[] = [];
    for (const [i, text] of texts.entries()) {
      const c = await file(text, [32.17, 108.07]);
      ids.push(c.id);
      await dispatcher.call('POST', `/api/cases/${c.id}/classify`, { kind: 'complaint', subItem: 'water-supply', urgency: 'normal' });
      const items = (await dispatcher.call('GET', '/api/governance-items')).body.filter((g: { caseIds: string[] }) => g.caseIds.some((id) => ids.includes(id)));
      expect(items).toHaveLength(i < 2 ? 0 : 1);
    }
    const [item] = (await dispatcher.call('GET', '/api/governance-items')).body.filter((g: { caseIds: string[] }) => g.caseIds.includes(ids[2]));
    expect([...item.caseIds].sort()).toEqual([...ids].sort());
    expect(item.title).toContain('专项治理');
  });

  it('links residents’ different words for one problem in one village, and not another problem there', async () => {
    const report = async (text: string, at: [number, number]) => {
      const c = await file(text, at);
      expect((await dispatcher.call('POST', `/api/cases/${c.id}/classify`, { kind: 'complaint', subItem: 'roads-transport', urgency: 'normal' })).status).toBe(200);
      return c.id as string;
    };
    // 和平村, residents a few hundred metres apart: first another road in the village, reported twice.
    const otherRoad = [
      await report('和平村五组的机耕道遭雨水冲了几条大沟，三轮车拉苞谷进不去', [32.128, 108.071]),
      await report('5组上山那条机耕路冲烂了 全是沟沟 农用车开不上去 收粮食咋个办', [32.127, 108.075]),
    ];
    // Then one collapsed road, in a standard report, in dialect with a landmark, and as voice text.
    const collapsed = [
      await report('和平村3组到村小那段村道垮了一半，路边的坎子塌下去了，娃儿上学走那里好危险', [32.131, 108.072]),
      await report('村小学门口往三组走的那条水泥路，靠河边那边塌了好大一块，车子都过不去了', [32.132, 108.074]),
      await report('我们三组去学校的路垮了半边 晚上黑黢黢的 怕娃儿掉下去 赶紧来修嘛', [32.13, 108.073]),
    ];
    const items = (await dispatcher.call('GET', '/api/governance-items')).body.filter((g: { caseIds: string[] }) => g.caseIds.some((id) => [...otherRoad, ...collapsed].includes(id)));
    expect(items).toHaveLength(1);
    expect([...items[0].caseIds].sort()).toEqual([...collapsed].sort());
    expect(items[0].title).toBe('专项治理：和平村道路交通');
  });

  it('counts reports classified before same-problem signatures were kept', async () => {
    const report = async (text: string) => {
      const c = await file(text, [32.149, 108.025]); // 胜利村
      expect((await dispatcher.call('POST', `/api/cases/${c.id}/classify`, { kind: 'complaint', subItem: 'water-supply', urgency: 'normal' })).status).toBe(200);
      return c.id as string;
    };
    const earlier = [await report('胜利村2组已经停水四天了，修路把水管挖断了'), await report('我们二组没得水吃好几天了 挖机把管子挖爆了 都没得人管')];
    const kept = await sut.ds.query('SELECT case_id, village_unit_id, signature FROM problem_signature WHERE case_id = ANY($1) ORDER BY case_id', [earlier]);
    // As if classified before the upgrade: no signature kept (a raw write: quality's own table).
    await sut.ds.query('DELETE FROM problem_signature WHERE case_id = ANY($1)', [earlier]);
    // One case a batch, so the walk from batch to batch is taken too; each signed as classification signs it.
    expect(await sut.app.get(QualityService).signUnsigned(new Date(), 1)).toBe(2);
    expect(await sut.ds.query('SELECT case_id, village_unit_id, signature FROM problem_signature WHERE case_id = ANY($1) ORDER BY case_id', [earlier])).toEqual(kept);
    expect(await sut.app.get(QualityService).signUnsigned()).toBe(0);
    const third = await report('二组自来水断了快一个礼拜，施工队挖断的水管一直没接上');
    const items = (await dispatcher.call('GET', '/api/governance-items')).body.filter((g: { caseIds: string[] }) => g.caseIds.includes(third));
    expect(items).toHaveLength(1);
    expect([...items[0].caseIds].sort()).toEqual([...earlier, third].sort());
  });
});
