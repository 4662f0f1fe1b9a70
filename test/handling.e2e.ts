import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { OfficialCalendar, workdayDeadline } from '@msz/domain';
import { Staff } from './support/staff';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Staff filing for residents, on-the-spot resolution, evidence photos, and who sees a resident's phone. */
describe('handling by staff', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let handler: Staff;
  let units: Array<{ id: string; name: string }>;

  beforeAll(async () => {
    sut = await createTestApp();
    dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
    handler = await Staff.login(sut.baseUrl, 'jingxi');
    units = (await dispatcher.call('GET', '/api/units')).body;
  });
  afterAll(() => sut?.close());
  const unit = (name: string) => units.find((u) => u.name === name)!.id;

  it('files a hotline call for a resident, with the channel and who filed it', async () => {
    const filed = await dispatcher.call('POST', '/api/cases', {
      channel: 'phone',
      text: '八台镇三村的张大爷打电话说家里的低保好几个月没发了',
      residentName: '张大爷',
      residentPhone: '13800000123',
      placeUnitId: unit('八台镇'),
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ channel: 'phone', status: 'accepted', residentName: '张大爷', placeUnitId: unit('八台镇') });
    expect(filed.body.number).toMatch(/^MS\d{8}-\d{4}$/);
    const detail = (await dispatcher.call('GET', `/api/cases/${filed.body.id}`)).body;
    expect(detail.timeline[0]).toMatchObject({ action: 'file', actorKind: 'staff', actorName: '王调度' });
  });

  it('records a bench-meeting demand solved on the spot and sends it to revisit', async () => {
    const solved = await handler.call('POST', '/api/cases', {
      channel: 'bench_meeting',
      text: '板凳会上李婆婆说院坝边的水沟堵了',
      residentName: '李婆婆',
      residentPhone: '13800000456',
      onTheSpotAnswer: '村干部当场带人疏通了水沟',
    });
    expect(solved.status).toBe(201);
    expect(solved.body).toMatchObject({ status: 'revisiting', unitId: unit('井溪镇'), answer: '村干部当场带人疏通了水沟' });
    const steps = (await handler.call('GET', `/api/cases/${solved.body.id}`)).body.timeline.map((t: { action: string }) => t.action);
    expect(steps).toEqual(['file', 'assign', 'sign_for', 'answer', 'start_revisit']);
  });

  it('masks a resident’s phone for staff outside the owning unit', async () => {
    const filed = await dispatcher.call('POST', '/api/cases', { channel: 'walk_in', text: '井溪镇二村有人占道堆放建材', residentName: '赵师傅', residentPhone: '13812345678' });
    expect(filed.body.residentPhone).toBe('13812345678'); // the one who filed it
    const id = filed.body.id;
    await dispatcher.call('POST', `/api/cases/${id}/assign`, { unitId: unit('井溪镇') });
    expect((await handler.call('GET', `/api/cases/${id}`)).body.residentPhone).toBe('13812345678'); // the owning unit
    const [leader] = await sut.ds.query(`SELECT username FROM staff_user WHERE role = 'city_leader' LIMIT 1`);
    const cityLeader = await Staff.login(sut.baseUrl, leader.username); // sees every case, owns none
    expect((await cityLeader.call('GET', `/api/cases/${id}`)).body.residentPhone).toBe('138****5678');
  });

  it('gives each member of staff the buttons the case allows them now', async () => {
    const filed = await dispatcher.call('POST', '/api/cases', { channel: 'phone', text: '井溪镇四村的便民桥栏杆松了', residentName: '陈', residentPhone: '13800000321' });
    expect(filed.body).toMatchObject({ open: true, allowedActions: ['classify', 'assign', 'reject'] });
    const id = filed.body.id;
    const assigned = await dispatcher.call('POST', `/api/cases/${id}/assign`, { unitId: unit('井溪镇') });
    expect(assigned.body.allowedActions).toEqual([]);
    expect((await handler.call('GET', `/api/cases/${id}`)).body.allowedActions).toEqual(['sign_for', 'note', 'extension', 'return']);
    const signed = await handler.call('POST', `/api/cases/${id}/sign-for`, {});
    expect(signed.body.allowedActions).toEqual(['note', 'answer', 'extension']);
    expect((await handler.call('POST', `/api/cases/${id}/extensions`, { workdays: 2, reason: '需要买材料' })).status).toBe(201);
    expect((await handler.call('GET', `/api/cases/${id}`)).body.allowedActions).toEqual(['note', 'answer']);
    expect((await dispatcher.call('GET', `/api/cases/${id}`)).body.allowedActions).toEqual(['decide_extension']);
    const listed = (await handler.call('GET', '/api/cases?limit=100')).body.items.find((c: { id: string }) => c.id === id);
    expect(listed.allowedActions).toEqual(['note', 'answer']);
  });

  it('counts deadlines by the deadline classes the city set in its taxonomy', async () => {
    const admin = await Staff.login(sut.baseUrl, 'admin');
    const original = (await dispatcher.call('GET', '/api/taxonomy')).body;
    const edited = { ...original, deadlineClasses: original.deadlineClasses.map((c: { code: string }) => (c.code === 'standard' ? { ...c, closeWorkdays: 8 } : c)) };
    expect((await admin.call('PUT', '/api/taxonomy', edited)).status).toBe(200);
    try {
      const filed = (await dispatcher.call('POST', '/api/cases', { channel: 'phone', text: '井溪镇三村的水井被人填了', residentName: '何', residentPhone: '13800000654' })).body;
      const classified = (await dispatcher.call('POST', `/api/cases/${filed.id}/classify`, { kind: 'complaint', subItem: 'water-supply', urgency: 'normal' })).body;
      const calendar = new OfficialCalendar();
      expect(classified.closeBy).toBe(workdayDeadline(new Date(filed.acceptedAt), 8, calendar).toISOString());
    } finally {
      expect((await admin.call('PUT', '/api/taxonomy', original)).status).toBe(200);
    }
  });

  it('refuses a bad filing', async () => {
    expect((await dispatcher.call('POST', '/api/cases', { channel: 'fax', text: 'x', residentName: 'a', residentPhone: '13800000000' })).status).toBe(400);
    expect((await dispatcher.call('POST', '/api/cases', { channel: 'phone', text: '路灯坏了', residentName: '王', residentPhone: '12345' })).status).toBe(400);
    expect((await dispatcher.call('POST', '/api/cases', { channel: 'phone', text: '', residentName: '王', residentPhone: '13800000000' })).status).toBe(400);
  });

  it('stores evidence photos from the owning unit and serves them back', async () => {
    const filed = await dispatcher.call('POST', '/api/cases', { channel: 'phone', text: '井溪镇一村的护栏被车撞坏了', residentName: '刘', residentPhone: '13800000789' });
    await dispatcher.call('POST', `/api/cases/${filed.body.id}/assign`, { unitId: unit('井溪镇') });
    await handler.call('POST', `/api/cases/${filed.body.id}/sign-for`);
    const uploaded = await handler.call('POST', `/api/cases/${filed.body.id}/evidence`, { contentType: 'image/png', base64: PNG.toString('base64') });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ kind: 'image', source: 'staff', status: 'stored', sizeBytes: PNG.length });
    const file = await fetch(`${sut.baseUrl}/api/cases/${filed.body.id}/attachments/${uploaded.body.id}`, { headers: { authorization: `Bearer ${handler.token}` } });
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PNG);

    const stranger = await Staff.login(sut.baseUrl, 'batai');
    expect((await stranger.call('POST', `/api/cases/${filed.body.id}/evidence`, { contentType: 'image/png', base64: PNG.toString('base64') })).status).toBe(404);
    expect((await handler.call('POST', `/api/cases/${filed.body.id}/evidence`, { contentType: 'image/gif', base64: PNG.toString('base64') })).status).toBe(400);
    expect((await handler.call('POST', `/api/cases/${filed.body.id}/evidence`, { contentType: 'image/png', base64: 'not base64!' })).status).toBe(400);
  });
});

describe('the ledger export (电子台账)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(() => sut?.close());

  it('exports cases as CSV with phones masked, for dispatchers only', async () => {
    const dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
    await dispatcher.call('POST', '/api/cases', { channel: 'phone', text: '黄钟镇有人问养老保险怎么交, "加急"', residentName: '陈', residentPhone: '13812345678' });
    const res = await fetch(`${sut.baseUrl}/api/exports/cases.csv?from=2026-01-01`, { headers: { authorization: `Bearer ${dispatcher.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const text = await res.text();
    const lines = text.replace(/^\ufeff/, '').trim().split('\n');
    expect(lines[0]).toBe('受理编号,受理时间,渠道,类型,分类,状态,承办单位,办结时限,办结时间,回访评价,联系电话,诉求内容');
    expect(lines[1]).toMatch(/^MS\d{8}-\d{4},/);
    expect(lines[1]).toContain('138****5678');
    expect(lines[1]).not.toContain('13812345678');
    expect(lines[1]).toContain('"黄钟镇有人问养老保险怎么交, ""加急"""');

    const handler = await Staff.login(sut.baseUrl, 'jingxi');
    expect((await fetch(`${sut.baseUrl}/api/exports/cases.csv`, { headers: { authorization: `Bearer ${handler.token}` } })).status).toBe(403);
    expect((await fetch(`${sut.baseUrl}/api/exports/cases.csv?from=yesterday`, { headers: { authorization: `Bearer ${dispatcher.token}` } })).status).toBe(400);
  });

  it('writes no cell a spreadsheet would evaluate, whatever residents typed', async () => {
    const dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
    const planted = ['=HYPERLINK("http://evil.example","点我")', '+1+cmd|\' /C calc\'!A0', '-2+3 路灯坏了', '@SUM(A1) 路灯坏了'];
    for (const text of planted) expect((await dispatcher.call('POST', '/api/cases', { channel: 'phone', text, residentName: '=陈', residentPhone: '13812345678' })).status).toBe(201);
    const csv = await (await fetch(`${sut.baseUrl}/api/exports/cases.csv?from=2026-01-01`, { headers: { authorization: `Bearer ${dispatcher.token}` } })).text();
    const cells = csv.split(/[\n,]/).map((c) => c.replace(/^"/, ''));
    for (const lead of ['=', '+', '-', '@']) {
      expect(cells.filter((c) => c.startsWith(lead))).toEqual([]);
      expect(cells.some((c) => c.startsWith(`'${lead}`))).toBe(true);
    }
  });
});
