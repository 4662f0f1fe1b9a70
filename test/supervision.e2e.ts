import { addCalendarDays, chinaDate } from '@msz/domain';
import { AnomaliesService } from '@msz/server/modules/anomalies/anomalies.service';
import { SupervisionEscalationService } from '@msz/server/modules/supervision/supervision-escalation.service';
import { WarningScanService } from '@msz/server/modules/warnings/warning-scan.service';
import { createTestApp, TEST_WECHAT, type TestApp } from '@msz/server/testing/test-app';
import { callApi, residentToken } from './support/api';
import { CASE_NUMBER, Resident } from './support/resident';
import { Staff } from './support/staff';

/** A 1×1 PNG: evidence typed from its bytes. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

interface Item {
  id: string;
  number: string;
  source: string;
  title: string;
  requirement: string;
  unit: { id: string; name: string };
  dueDate: string;
  status: string;
  overdue: boolean;
  escalatedAt?: string;
  caseIds: string[];
  flagId?: string;
  createdBy: { id: string; name: string };
  history: Array<{ at: string; action: string; actorName: string; text: string }>;
  reports: Array<{ at: string; text: string; media: Array<{ id: string; url: string }> }>;
  accountability: Array<{ person: string; role: string; measure: string; note: string | null }>;
  exposures: Array<{ id: string; outlet: string; commitment: string; commitmentDue: string; caseId: string | null; caseNumber: string | null; followUps: Array<{ text: string; actorName: string }> }>;
}

describe('supervision lists (督办清单)', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let inspector: Staff;
  let jingxiHandler: Staff;
  let jingxiLeader: Staff;
  let bataiHandler: Staff;
  let cityLeader: Staff;
  let jingxi: string;
  let batai: string;
  let seq = 0;
  const today = () => chinaDate(new Date());

  beforeAll(async () => {
    sut = await createTestApp();
    [dispatcher, inspector, jingxiHandler, jingxiLeader, bataiHandler, cityLeader] = await Promise.all(
      ['dispatcher', 'inspector', 'jingxi', 'leader-jingxi', 'batai', 'leader-zhou'].map((u) => Staff.login(sut.baseUrl, u)),
    );
    const units = (await dispatcher.call<Array<{ id: string; name: string }>>('GET', '/api/units')).body;
    jingxi = units.find((u) => u.name === '井溪镇')!.id;
    batai = units.find((u) => u.name === '八台镇')!.id;
  });
  afterAll(() => sut?.close());

  /** A resident files in chat; the dispatcher classifies it and assigns it to 井溪镇. */
  async function filedCase(text: string): Promise<string> {
    const resident = new Resident(sut.baseUrl, `o_supervision_${++seq}`);
    const number = (await resident.say(text)).reply!.match(CASE_NUMBER)![0];
    const { body } = await dispatcher.call('GET', '/api/cases?status=accepted&limit=200');
    const id = body.items.find((c: { number: string }) => c.number === number).id as string;
    expect((await dispatcher.call('POST', `/api/cases/${id}/classify`, { kind: 'complaint', subItem: 'water-supply', urgency: 'normal' })).status).toBe(200);
    expect((await dispatcher.call('POST', `/api/cases/${id}/assign`, { unitId: jingxi })).status).toBe(200);
    return id;
  }

  /** A field visit (四不两直) item for a unit, due in `days` days. */
  async function fieldItem(unitId: string, title: string, days = 3): Promise<Item> {
    const res = await inspector.call<Item>('POST', '/api/supervision/items', {
      source: 'field_visit',
      unitId,
      title,
      requirement: '限期整改到位，并报送整改前后照片',
      dueDate: addCalendarDays(today(), days),
      fieldNote: '暗访发现问题未整改',
    });
    expect(res.status).toBe(201);
    return res.body;
  }

  /** The template messages of one kind to one person about one item (by its number). */
  const templates = (templateId: string, touser: string, number: string) =>
    sut.wechat.sent.filter((m) => m.template_id === templateId && m.touser === touser && m.data?.character_string1?.value === number);
  const count = async (table: string, itemId?: string): Promise<number> =>
    ((await sut.ds.query(`SELECT count(*)::int AS n FROM ${table}${itemId ? ' WHERE item_id = $1' : ''}`, itemId ? [itemId] : [])) as Array<{ n: number }>)[0].n;

  it('runs an item from a confirmed flag to closure: reported with a photo, sent back, reported again, closed', async () => {
    // A handler answers too briefly; the scan flags it; the inspector confirms the flag.
    const caseId = await filedCase('井溪镇九村的自来水管爆了，整条街没水');
    expect((await jingxiHandler.call('POST', `/api/cases/${caseId}/sign-for`)).status).toBe(200);
    expect((await jingxiHandler.call('POST', `/api/cases/${caseId}/answer`, { text: '已修好' })).status).toBe(200);
    await sut.app.get(AnomaliesService).scan(new Date(Date.now() + 60_000));
    const flags = (await inspector.call<Array<{ id: string; caseId: string; kind: string }>>('GET', '/api/anomaly-flags?status=open')).body;
    const flag = flags.find((f) => f.caseId === caseId && f.kind === 'short_answer')!;
    expect(flag).toBeDefined();
    // Still open, it cannot feed the list; nothing is stored.
    const items = await count('supervision_item');
    const early = await inspector.call('POST', '/api/supervision/items', { source: 'flag', flagId: flag.id, unitId: jingxi, title: '未核实的线索', requirement: '整改', dueDate: today() });
    expect([early.status, early.body.details]).toEqual([422, { field: 'flagId' }]);
    expect(await count('supervision_item')).toBe(items);
    expect((await inspector.call('POST', `/api/anomaly-flags/${flag.id}/confirm`, { note: '电话核实，群众说水管只是临时包扎' })).status).toBe(200);

    const created = await inspector.call<Item>('POST', '/api/supervision/items', {
      source: 'flag',
      flagId: flag.id,
      unitId: jingxi,
      title: '九村水管敷衍答复',
      requirement: '彻底更换爆裂水管，报送施工照片',
      dueDate: addCalendarDays(today(), 5),
    });
    expect(created.status).toBe(201);
    const item = created.body;
    expect(item).toMatchObject({
      number: expect.stringMatching(/^督-\d{4}-\d{4}$/),
      source: 'flag',
      flagId: flag.id,
      caseIds: [caseId], // the flag's case
      unit: { id: jingxi, name: '井溪镇' },
      status: 'assigned',
      overdue: false,
      createdBy: { name: '韩督查（市纪委监委）' },
      reports: [],
    });
    expect(item.escalatedAt).toBeUndefined();
    // The unit's staff are told, on the assignment template, with the item's number.
    await sut.outbox.drain();
    for (const openid of ['o_demo_handler_jingxi', 'o_demo_leader_jingxi']) {
      const messages = templates(TEST_WECHAT.templates.assigned, openid, item.number);
      expect(messages).toHaveLength(1);
      expect(messages[0].data).toMatchObject({ character_string1: { value: item.number }, thing4: { value: '纪委监委督办，请按期整改并报告' } });
    }
    // One item per flag.
    const again = await inspector.call('POST', '/api/supervision/items', { source: 'flag', flagId: flag.id, unitId: jingxi, title: '重复', requirement: '重复', dueDate: today() });
    expect(again.status).toBe(409);

    // The unit uploads a photo and reports with it.
    const photo = await jingxiHandler.call<{ id: string; url: string }>('POST', `/api/supervision/items/${item.id}/media`, { base64: PNG.toString('base64') });
    expect(photo.status).toBe(201);
    expect(photo.body.url).toBe(`/api/supervision/items/${item.id}/media/${photo.body.id}`);
    const reported = await jingxiHandler.call<Item>('POST', `/api/supervision/items/${item.id}/report`, { text: '已更换九村爆裂的水管，恢复供水', mediaIds: [photo.body.id] });
    expect(reported.status).toBe(200);
    expect(reported.body).toMatchObject({ status: 'reported', reports: [{ text: '已更换九村爆裂的水管，恢复供水', media: [{ id: photo.body.id, url: photo.body.url }] }] });
    // The inspector sees the photo itself.
    const image = await fetch(`${sut.baseUrl}${photo.body.url}`, { headers: { authorization: `Bearer ${inspector.token}` } });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);
    // The unit cannot report twice in a row.
    expect((await jingxiHandler.call('POST', `/api/supervision/items/${item.id}/report`, { text: '再报一次' })).status).toBe(409);

    // Sent back: the unit hears it, and reports again (its leader this time).
    const back = await inspector.call<Item>('POST', `/api/supervision/items/${item.id}/verify`, { outcome: 'sent_back', note: '照片看不出是九村，请补充现场全景照片' });
    expect(back.body).toMatchObject({ status: 'sent_back' });
    await sut.outbox.drain();
    expect(templates(TEST_WECHAT.templates.assigned, 'o_demo_handler_jingxi', item.number).map((m) => m.data?.thing4?.value)).toEqual(['纪委监委督办，请按期整改并报告', '整改未通过，请按要求重新整改']);
    expect((await jingxiLeader.call<Item>('POST', `/api/supervision/items/${item.id}/report`, { text: '已补充九村水管更换现场全景照片' })).body.status).toBe('reported');

    const closed = await inspector.call<Item>('POST', `/api/supervision/items/${item.id}/verify`, { outcome: 'closed', note: '现场核实已整改到位，予以销号' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.history.map((h) => h.action)).toEqual(['assign', 'report', 'send_back', 'report', 'close']);
    expect(closed.body.history.map((h) => h.actorName)).toEqual(['韩督查（市纪委监委）', '李承办（井溪镇）', '韩督查（市纪委监委）', '陈镇长（井溪镇）', '韩督查（市纪委监委）']);
    expect(closed.body.reports).toHaveLength(2);
    // Closed is closed.
    expect((await inspector.call('POST', `/api/supervision/items/${item.id}/verify`, { outcome: 'sent_back', note: '再看看' })).status).toBe(409);

    // The office counts it as closed on time.
    const summary = await dispatcher.call('GET', '/api/supervision/summary');
    expect(summary.status).toBe(200);
    const row = summary.body.byUnit.find((u: { unit: { id: string } }) => u.unit.id === jingxi);
    expect(row).toMatchObject({ unit: { name: '井溪镇' }, closed: 1, closedOnTime: 1 });
  });

  it('opens items from a group of cases and from an area warning the scan raised', async () => {
    // Roads in 八台镇: five demands on the hotline in a few days, where the month before saw none.
    const [village] = (await sut.ds.query(`SELECT v.id FROM unit v JOIN unit t ON t.id = v.parent_id WHERE t.code = 'town-batai' ORDER BY v.code LIMIT 1`)) as Array<{ id: string }>;
    const caseIds: string[] = [];
    for (const [i, text] of ['村道塌方了，车过不去', '公路上落石很多，很危险', '入户路坏了一个大坑，晚上看不见', '村道被水冲断了一截', '路面坑坑洼洼，摩托车摔了'].entries()) {
      const res = await dispatcher.call('POST', '/api/cases', { channel: 'phone', text, residentName: '王大爷', residentPhone: String(13_900_000_100 + i), placeUnitId: village.id });
      expect(res.status).toBe(201);
      caseIds.push(res.body.id);
    }
    const group = await inspector.call<Item>('POST', '/api/supervision/items', {
      source: 'cases',
      caseIds: caseIds.slice(0, 3),
      unitId: batai,
      title: '八台镇村道安全隐患集中反映',
      requirement: '一周内排查全镇村道塌方落石隐患，设置警示并修复',
      dueDate: addCalendarDays(today(), 7),
    });
    expect(group.status).toBe(201);
    expect(group.body).toMatchObject({ source: 'cases', caseIds: caseIds.slice(0, 3), unit: { name: '八台镇' } });

    expect(await sut.app.get(WarningScanService).runAt(new Date())).toBeGreaterThanOrEqual(1);
    const warnings = (await inspector.call('GET', '/api/warnings')).body.items as Array<{ id: string; scope: string; category: string; towns: string[] }>;
    const warning = warnings.find((w) => w.scope === 'town' && w.category === 'roads-transport' && w.towns.includes('八台镇'))!;
    expect(warning).toBeDefined();
    const fromWarning = await inspector.call<Item>('POST', '/api/supervision/items', {
      source: 'warning',
      warningId: warning.id,
      unitId: batai,
      title: '八台镇道路预警跟踪督办',
      requirement: '查明道路问题集中原因，报送整改方案',
      dueDate: addCalendarDays(today(), 5),
    });
    expect(fromWarning.status).toBe(201);
    expect(fromWarning.body).toMatchObject({ source: 'warning', warningId: warning.id, caseIds: [], status: 'assigned' });
  });

  it('keeps each unit to its own items, keeps verifying to inspectors, and refuses residents', async () => {
    const item = await fieldItem(jingxi, '井溪镇集镇垃圾堆积');
    const path = `/api/supervision/items/${item.id}`;
    // Another unit: not found, whatever it tries; not in its list, even when it asks by unit.
    expect((await bataiHandler.call('GET', path)).status).toBe(404);
    expect((await bataiHandler.call('POST', `${path}/report`, { text: '已清理' })).status).toBe(404);
    expect((await bataiHandler.call('POST', `${path}/media`, { base64: PNG.toString('base64') })).status).toBe(404);
    expect((await bataiHandler.call<Item[]>('GET', '/api/supervision/items')).body.map((i) => i.id)).not.toContain(item.id);
    expect((await bataiHandler.call<Item[]>('GET', `/api/supervision/items?unitId=${jingxi}`)).body).toEqual([]);
    // The unit itself sees it, but cannot open or verify items.
    expect((await jingxiHandler.call<Item[]>('GET', '/api/supervision/items')).body.map((i) => i.id)).toContain(item.id);
    expect((await jingxiHandler.call('POST', '/api/supervision/items', { source: 'field_visit', unitId: jingxi, title: '自己督办自己', requirement: '无', dueDate: today(), fieldNote: '无' })).status).toBe(403);
    expect((await jingxiHandler.call('POST', `${path}/report`, { text: '已清运集镇垃圾，新增两处垃圾收集点' })).status).toBe(200);
    expect((await jingxiHandler.call('POST', `${path}/verify`, { outcome: 'closed', note: '自己销号' })).status).toBe(403);
    expect((await jingxiLeader.call('POST', `${path}/verify`, { outcome: 'closed', note: '自己销号' })).status).toBe(403);
    // The office and city leaders read everything, and verify nothing.
    expect((await dispatcher.call('GET', path)).body.status).toBe('reported');
    expect((await cityLeader.call<Item[]>('GET', `/api/supervision/items?unitId=${jingxi}&status=reported`)).body.map((i) => i.id)).toContain(item.id);
    expect((await dispatcher.call('POST', `${path}/verify`, { outcome: 'closed', note: '办公室销号' })).status).toBe(403);
    // A resident's token opens none of it.
    const resident = await residentToken(sut.baseUrl, 'o_supervision_resident');
    expect((await callApi(sut.baseUrl, resident, 'GET', '/api/supervision/items')).status).toBe(403);
    expect((await callApi(sut.baseUrl, resident, 'GET', path)).status).toBe(403);
    expect((await callApi(sut.baseUrl, resident, 'GET', '/api/supervision/exposures')).status).toBe(403);
    expect((await callApi(sut.baseUrl, resident, 'POST', `${path}/report`, { text: '我来报' })).status).toBe(403);
    // Without a token: 401.
    expect((await fetch(`${sut.baseUrl}/api/supervision/items`)).status).toBe(401);
  });

  it('lets inspectors read every case and act on none', async () => {
    const caseId = await filedCase('井溪镇十村的水塔漏水');
    const read = await inspector.call('GET', `/api/cases/${caseId}`);
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(caseId);
    expect((await inspector.call('GET', '/api/cases?limit=5')).status).toBe(200);
    for (const [action, body] of [
      ['sign-for', {}],
      ['answer', { text: '纪委代为答复' }],
      ['assign', { unitId: batai }],
      ['reject', { reason: '无效' }],
      ['return', { reason: '不归我们' }],
      ['notes', { text: '纪委备注' }],
      ['classify', { kind: 'complaint', subItem: 'water-supply', urgency: 'normal' }],
      ['revisit', { rating: 'satisfied', solved: true }],
      ['merge', { intoCaseId: caseId }],
      ['extensions', { workdays: 2, reason: '纪委代为申请' }],
      ['evidence', { base64: PNG.toString('base64') }],
    ] as const) {
      expect([action, (await inspector.call('POST', `/api/cases/${caseId}/${action}`, body)).status]).toEqual([action, 403]);
    }
    expect((await dispatcher.call('GET', `/api/cases/${caseId}`)).body.status).toBe('assigned');
  });

  it('answers bad input with a 400 or 422 in Chinese and stores nothing', async () => {
    const items = await count('supervision_item');
    const [{ last }] = (await sut.ds.query(`SELECT coalesce(max(last), 0)::int AS last FROM supervision_counter`)) as Array<{ last: number }>;
    const good = { source: 'field_visit', unitId: batai, title: '八台镇道路塌方', requirement: '设置警示并修复', dueDate: addCalendarDays(today(), 2), fieldNote: '暗访发现塌方' };
    const refused: Array<[Record<string, unknown>, number, string]> = [
      [{ ...good, title: undefined }, 400, '请填写督办事项名称'],
      [{ ...good, requirement: '' }, 400, '请填写整改要求'],
      [{ ...good, source: 'rumour' }, 400, '督办来源不对'],
      [{ ...good, dueDate: '下周一' }, 400, '整改期限不对'],
      [{ ...good, unitId: 'batai' }, 400, '承办单位不对'],
      [{ ...good, source: 'cases', caseIds: ['abc'], fieldNote: undefined }, 400, '案件不对'],
      [{ ...good, title: '字'.repeat(101) }, 400, '督办事项名称太长了，请删短一些'],
      [{ ...good, extra: 1 }, 400, '多了不该有的内容'],
      [{ ...good, dueDate: addCalendarDays(today(), -1) }, 422, '督办事项填得不对，请检查来源、期限和整改要求'],
      [{ ...good, dueDate: '2026-02-30' }, 422, '督办事项填得不对，请检查来源、期限和整改要求'],
      [{ ...good, fieldNote: '   ' }, 422, '督办事项填得不对，请检查来源、期限和整改要求'],
      [{ ...good, source: 'case', fieldNote: undefined }, 422, '督办事项填得不对，请检查来源、期限和整改要求'],
      [{ ...good, source: 'flag', fieldNote: undefined }, 422, '督办事项填得不对，请检查来源、期限和整改要求'],
      [{ ...good, source: 'warning', warningId: '00000000-0000-4000-8000-000000000000', fieldNote: undefined }, 422, '督办事项填得不对，请检查来源、期限和整改要求'],
      [{ ...good, source: 'case', caseIds: ['00000000-0000-4000-8000-000000000000'], fieldNote: undefined }, 422, '督办事项填得不对，请检查来源、期限和整改要求'],
      [{ ...good, unitId: '00000000-0000-4000-8000-000000000000' }, 422, '督办事项填得不对，请检查来源、期限和整改要求'],
    ];
    for (const [body, status, message] of refused) {
      const res = await inspector.call('POST', '/api/supervision/items', body);
      expect([body, res.status, res.body.message]).toEqual([body, status, message]);
    }
    expect(await count('supervision_item')).toBe(items);
    const [{ last: after }] = (await sut.ds.query(`SELECT coalesce(max(last), 0)::int AS last FROM supervision_counter`)) as Array<{ last: number }>;
    expect(after).toBe(last);

    // On an item: reports, verdicts and records refused as a whole.
    const item = await fieldItem(batai, '八台镇农贸市场占道');
    const steps = await count('supervision_step');
    const other = await fieldItem(jingxi, '井溪镇桥头照明');
    const otherPhoto = await jingxiHandler.call<{ id: string }>('POST', `/api/supervision/items/${other.id}/media`, { base64: PNG.toString('base64') });
    const path = `/api/supervision/items/${item.id}`;
    expect((await bataiHandler.call('POST', `${path}/report`, {})).body.message).toBe('请填写整改情况');
    expect((await bataiHandler.call('POST', `${path}/report`, { text: '   ' })).status).toBe(422);
    expect((await bataiHandler.call('POST', `${path}/report`, { text: '已整改', mediaIds: [otherPhoto.body.id] })).status).toBe(422);
    expect((await bataiHandler.call('POST', `${path}/report`, { text: '已整改', mediaIds: ['x'] })).body.message).toBe('照片不对');
    expect((await bataiHandler.call('POST', `${path}/media`, { base64: Buffer.from('<html>not a photo</html>').toString('base64') })).status).toBe(415);
    expect((await inspector.call('POST', `${path}/verify`, { outcome: 'maybe', note: '再说' })).body.message).toBe('核查结果不对');
    expect((await inspector.call('POST', `${path}/verify`, { outcome: 'closed', note: '没报告就销号' })).status).toBe(409);
    expect((await inspector.call('POST', `${path}/accountability`, { person: '张三', role: '站长' })).body.message).toBe('请填写问责方式');
    expect((await inspector.call('POST', `${path}/exposures`, { outlet: '万源电视台', commitment: '一周内整改', commitmentDue: '2026/12/31' })).body.message).toBe('承诺期限不对');
    expect((await inspector.call('POST', `${path}/verify`, { outcome: 'closed', note: '销号', dueDate: addCalendarDays(today(), 3) })).status).toBe(422);
    expect((await inspector.call('GET', '/api/supervision/items?overdue=maybe')).status).toBe(400);
    // An item keeps at most 30 photos.
    for (let i = 1; i < 30; i++) expect((await jingxiHandler.call('POST', `/api/supervision/items/${other.id}/media`, { base64: PNG.toString('base64') })).status).toBe(201);
    expect((await jingxiHandler.call('POST', `/api/supervision/items/${other.id}/media`, { base64: PNG.toString('base64') })).status).toBe(413);
    expect(await count('supervision_media', other.id)).toBe(30);
    expect((await inspector.call('GET', '/api/supervision/items/not-a-uuid')).status).toBe(400);
    expect(await count('supervision_step')).toBe(steps + 1); // the other item's assignment only
    expect(await count('supervision_accountability')).toBe(0);
    expect(await count('supervision_exposure')).toBe(0);
    expect((await inspector.call<Item>('GET', path)).body).toMatchObject({ status: 'assigned', reports: [] });
  });

  it('escalates an overdue item once, to the unit leader and the city leader in charge, through template messages', async () => {
    const escalation = sut.app.get(SupervisionEscalationService);
    const item = await fieldItem(batai, '八台镇敬老院消防通道堵塞', 0);
    expect(await escalation.runAt(new Date())).toBe(0); // due today: not yet overdue
    // A fixture: the deadline was yesterday (the calendar cannot be hurried).
    await sut.ds.query(`UPDATE supervision_item SET due_date = $2 WHERE id = $1`, [item.id, addCalendarDays(today(), -1)]);
    const overdue = (await inspector.call<Item[]>('GET', '/api/supervision/items?overdue=true')).body;
    expect(overdue.map((i) => i.id)).toContain(item.id);
    expect(overdue.every((i) => i.overdue)).toBe(true);
    expect((await inspector.call<Item[]>('GET', '/api/supervision/items?overdue=false')).body.map((i) => i.id)).not.toContain(item.id);

    // Two passes at once (two instances) escalate it once between them.
    const passes = await Promise.all([escalation.runAt(new Date()), escalation.runAt(new Date())]);
    expect(passes[0] + passes[1]).toBe(1);
    await sut.outbox.drain();
    // 八台镇's leader, and 八台镇's city leader in charge (孙副市长), not every city leader.
    for (const openid of ['o_demo_leader_batai', 'o_demo_city_leader_sun']) {
      const messages = templates(TEST_WECHAT.templates.escalation, openid, item.number);
      expect(messages).toHaveLength(1);
      expect(messages[0].data).toMatchObject({ character_string1: { value: item.number }, thing4: { value: '督办事项逾期未整改，请督促' }, number5: { value: '1' } });
    }
    expect(templates(TEST_WECHAT.templates.escalation, 'o_demo_city_leader_zhou', item.number)).toHaveLength(0);
    const escalated = (await bataiHandler.call<Item>('GET', `/api/supervision/items/${item.id}`)).body;
    expect(escalated).toMatchObject({ overdue: true, escalatedAt: expect.any(String) });
    expect(escalated.history.map((h) => h.action)).toEqual(['assign', 'escalate']);

    // Once only.
    expect(await escalation.runAt(new Date())).toBe(0);
    await sut.outbox.drain();
    expect(sut.wechat.sent.filter((m) => m.template_id === TEST_WECHAT.templates.escalation && m.data?.character_string1?.value === item.number)).toHaveLength(2);

    // Reported late: no longer overdue (it waits on the inspector), and not closed on time.
    expect((await bataiHandler.call<Item>('POST', `/api/supervision/items/${item.id}/report`, { text: '已清理敬老院消防通道杂物' })).body.overdue).toBe(false);
    // Sent back with a new deadline: the mark is cleared, so that deadline can escalate in its turn.
    const back = await inspector.call<Item>('POST', `/api/supervision/items/${item.id}/verify`, { outcome: 'sent_back', note: '通道仍有电动车停放', dueDate: addCalendarDays(today(), 2) });
    expect(back.body).toMatchObject({ status: 'sent_back', overdue: false, dueDate: addCalendarDays(today(), 2) });
    expect(back.body.escalatedAt).toBeUndefined();
    expect((await inspector.call('POST', `/api/supervision/items/${item.id}/verify`, { outcome: 'sent_back', note: '过去的期限', dueDate: addCalendarDays(today(), -1) })).status).toBe(422);

    const summary = (await cityLeader.call('GET', '/api/supervision/summary')).body;
    expect(summary.total.open).toBeGreaterThan(0);
    expect((await bataiHandler.call('GET', '/api/supervision/summary')).status).toBe(403);
  });

  it('keeps accountability and media-exposure records with the item, with follow-ups, and lists exposures for everyone', async () => {
    const caseId = await filedCase('井溪镇十一村的饮用水有异味');
    const created = await inspector.call<Item>('POST', '/api/supervision/items', {
      source: 'case',
      caseIds: [caseId],
      unitId: jingxi,
      title: '十一村饮用水问题久拖不决',
      requirement: '一周内查明水源污染原因并整改',
      dueDate: addCalendarDays(today(), 7),
    });
    expect(created.status).toBe(201);
    const path = `/api/supervision/items/${created.body.id}`;

    expect((await jingxiLeader.call('POST', `${path}/accountability`, { person: '王某', role: '井溪镇水务站站长', measure: '诫勉谈话' })).status).toBe(403);
    const held = await inspector.call<Item>('POST', `${path}/accountability`, { person: '王某', role: '井溪镇水务站站长', measure: '诫勉谈话', note: '群众反映后两周未处理' });
    expect(held.status).toBe(201);
    expect(held.body.accountability).toEqual([expect.objectContaining({ person: '王某', role: '井溪镇水务站站长', measure: '诫勉谈话', note: '群众反映后两周未处理' })]);

    const exposed = await inspector.call<Item>('POST', `${path}/exposures`, { caseId, outlet: '万源电视台《问政》', commitment: '镇长承诺一周内更换十一村供水管网', commitmentDue: addCalendarDays(today(), 7) });
    expect(exposed.status).toBe(201);
    const [exposure] = exposed.body.exposures;
    expect(exposure).toMatchObject({ caseId, caseNumber: expect.stringMatching(CASE_NUMBER), outlet: '万源电视台《问政》', commitment: '镇长承诺一周内更换十一村供水管网', followUps: [] });
    expect(exposed.body.history.map((h) => h.action)).toEqual(['assign', 'accountability', 'exposure']);

    // Follow-ups: the exposed unit and the inspector; another unit cannot.
    expect((await bataiHandler.call('POST', `/api/supervision/exposures/${exposure.id}/follow-ups`, { text: '八台镇来跟进' })).status).toBe(404);
    expect((await jingxiLeader.call('POST', `/api/supervision/exposures/${exposure.id}/follow-ups`, { text: '' })).status).toBe(400);
    expect((await jingxiLeader.call('POST', `/api/supervision/exposures/${exposure.id}/follow-ups`, { text: '管网已采购，周三开工' })).status).toBe(201);
    const followed = await inspector.call('POST', `/api/supervision/exposures/${exposure.id}/follow-ups`, { text: '现场查看，已开工' });
    expect(followed.body.followUps.map((f: { text: string; actorName: string }) => [f.actorName, f.text])).toEqual([
      ['陈镇长（井溪镇）', '管网已采购，周三开工'],
      ['韩督查（市纪委监委）', '现场查看，已开工'],
    ]);

    // The public-facing list: any member of staff, any unit.
    const list = await bataiHandler.call<Array<{ id: string; itemNumber: string; unit: { name: string }; commitment: string; followUps: unknown[] }>>('GET', '/api/supervision/exposures');
    expect(list.status).toBe(200);
    expect(list.body.find((e) => e.id === exposure.id)).toMatchObject({ itemNumber: created.body.number, unit: { name: '井溪镇' }, commitment: '镇长承诺一周内更换十一村供水管网', followUps: [{}, {}] });
    expect((await jingxiHandler.call<Item>('GET', path)).body.exposures[0].followUps).toHaveLength(2);
  });
});
