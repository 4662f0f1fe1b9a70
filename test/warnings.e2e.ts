import { TEST_WECHAT, createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { WarningScanService } from '@msz/server/modules/warnings/warning-scan.service';
import { caseByNumber } from './support/cases';
import { numberIn, Resident } from './support/resident';
import { Staff } from './support/staff';

const DAY = 86_400_000;
const WATER_TEXTS = [
  '村里自来水停了三天了，全组人吃水困难',
  '水管爆了，家里没有水吃',
  '自来水浑浊发黄，不敢喝',
  '饮用水有异味，请检查水质',
  '停水好几天了，老人孩子吃水要到山下去挑',
  '供水不正常，每天只来两个小时水',
];
const ROAD_TEXTS = ['村道塌方了，车过不去', '公路上落石很多，很危险', '入户路坏了一个大坑，晚上看不见', '村道被水冲断了一截', '路面坑坑洼洼，摩托车摔了', '公路边的护栏撞坏了没人修'];

/**
 * Area warnings end to end: a month of ordinary demands as history, then drinking-water demands
 * rising in three towns at once and roads in one town, filed through the hotline and the chat;
 * the pass raises one city warning and the town ones, leaders hear of them in WeChat, and the
 * warnings are acknowledged, followed up and closed by the leaders in charge.
 */
describe('area warnings', () => {
  let sut: TestApp;
  let scan: WarningScanService;
  let dispatcher: Staff;
  let zhou: Staff;
  let leaderBatai: Staff;
  let leaderJingxi: Staff;
  let handlerBatai: Staff;
  let inspector: Staff;
  const unit: Record<string, string> = {};
  const village: Record<string, string> = {};
  let phone = 13_900_000_000;
  let loaded = 0;

  beforeAll(async () => {
    sut = await createTestApp();
    scan = sut.app.get(WarningScanService);
    [dispatcher, zhou, leaderBatai, leaderJingxi, handlerBatai, inspector] = await Promise.all(
      ['dispatcher', 'leader-zhou', 'leader-batai', 'leader-jingxi', 'batai', 'inspector'].map((u) => Staff.login(sut.baseUrl, u)),
    );
    const rows: Array<{ id: string; code: string; parent: string | null }> = await sut.ds.query(
      `SELECT u.id, u.code, p.code AS parent FROM unit u LEFT JOIN unit p ON p.id = u.parent_id`,
    );
    for (const r of rows) {
      unit[r.code] = r.id;
      if (r.parent?.startsWith('town-')) village[r.parent] ??= r.id;
    }
  });
  afterAll(() => sut?.close());

  /** History written straight into the table, as a bulk load of past years would be: n demands spread over the days before the window. */
  async function history(town: string, subItem: string, n: number, now: Date): Promise<void> {
    const prefix = `HX${String(++loaded).padStart(2, '0')}`;
    await sut.ds.query(
      `INSERT INTO case_file (number, channel, text, kind, status, sub_item, place_unit_id, accepted_at, assign_by, close_by, closed_at, query_code, version)
       SELECT $1 || lpad(g::text, 6, '0'), 'phone', '往月的诉求', 'complaint', 'closed', $2, $3, t, t + interval '1 day', t + interval '7 days', t + interval '3 days', 'ABCDEFGH', 1
       FROM generate_series(1, $4::int) g, LATERAL (SELECT $5::timestamptz - ((g - 1) * 25 / $4::int + 4) * interval '1 day' AS t) x`,
      [prefix, subItem, unit[town], n, now],
    );
  }

  /** A resident calls the hotline; the dispatcher writes it down with the village it happened in. */
  async function hotline(town: string, text: string): Promise<string> {
    const res = await dispatcher.call('POST', '/api/cases', { channel: 'phone', text, residentName: '王大爷', residentPhone: String(++phone), placeUnitId: village[town] });
    expect(res.status).toBe(201);
    return res.body.number;
  }

  const warnings = async (who: Staff, query = '') => {
    const res = await who.call('GET', `/api/warnings${query}`);
    expect(res.status).toBe(200);
    return res.body.items as Array<{ id: string; scope: string; level: string; levelLabel: string; towns: string[]; status: string; summary: string; category: string }>;
  };
  const templatesTo = (openid: string) => sut.wechat.sent.filter((m) => m.template_id === TEST_WECHAT.templates.warning && m.touser === openid);

  it('raises one city warning naming the three towns, and a warning for the town that surges alone', async () => {
    const now = new Date();
    // A month of ordinary life: a little water trouble everywhere, roads now and then, more in the busy town.
    for (const town of ['town-jingxi', 'town-batai', 'town-qinggang', 'town-huayuan', 'town-shiwo']) await history(town, 'water-supply', 2, now);
    await history('town-batai', 'roads-transport', 2, now);
    await history('town-huayuan', 'roads-transport', 28, now);
    await history('town-huayuan', 'social-insurance', 14, now);
    expect(await scan.runAt(now)).toBe(0);

    // The usual pace in the busy town raises nothing.
    for (const text of ROAD_TEXTS.slice(0, 3)) await hotline('town-huayuan', text);
    // Drinking water: 井溪镇 6 (two in the chat, with the place as a location), 八台镇 5, 青岗镇 4.
    const filed: string[] = [];
    for (const [i, text] of WATER_TEXTS.slice(0, 2).entries()) {
      const resident = new Resident(sut.baseUrl, `o_warn_resident_${i}`);
      await resident.location(32.16, 108.06, '井溪镇场镇');
      filed.push(numberIn((await resident.say(text)).reply));
    }
    for (const text of WATER_TEXTS.slice(2, 6)) filed.push(await hotline('town-jingxi', text));
    for (const text of WATER_TEXTS.slice(0, 5)) filed.push(await hotline('town-batai', text));
    for (const text of WATER_TEXTS.slice(1, 5)) filed.push(await hotline('town-qinggang', text));
    // Roads in 八台镇 alone: 6 where a month saw 2.
    for (const text of ROAD_TEXTS) filed.push(await hotline('town-batai', text));
    // The classifier read them as the test means them (the pass counts the suggestion until the dispatcher confirms).
    const chatCase = await caseByNumber(dispatcher, filed[0]);
    expect(chatCase.suggestion.subItem).toBe('water-supply');
    expect(chatCase.placeUnitId).toBeTruthy();

    expect(await scan.runAt(new Date())).toBe(3);
    const all = await warnings(zhou);
    expect(all.map((w) => `${w.scope} ${w.level} ${w.category} ${w.towns.join('、')}`).sort()).toEqual([
      'city yellow water-supply 井溪镇、八台镇、青岗镇',
      'town yellow roads-transport 八台镇',
      'town yellow water-supply 井溪镇',
    ]);
    const city = all.find((w) => w.scope === 'city')!;
    expect(city.levelLabel).toBe('黄色预警');
    expect(city.summary).toBe('井溪镇、八台镇、青岗镇 供水水利 同时上升，近3天共15件');

    const detail = (await zhou.call('GET', `/api/warnings/${city.id}`)).body;
    expect(detail.status).toBe('open');
    expect(detail.evidence.towns.map((t: { townName: string; recent: number; baselineTotal: number }) => [t.townName, t.recent, t.baselineTotal])).toEqual([
      ['井溪镇', 6, 2],
      ['八台镇', 5, 2],
      ['青岗镇', 4, 2],
    ]);
    expect(detail.evidence.towns[0].exampleCases).toHaveLength(5);
    expect(detail.cases).toHaveLength(5 + 5 + 4);
    expect(detail.cases.every((c: { number: string }) => filed.includes(c.number))).toBe(true);
    expect(detail.steps.map((s: { action: string }) => s.action)).toEqual(['raised']);
  });

  it('shows each case its own colour, in words too: red for a critical demand, none for an ordinary one on time', async () => {
    const critical = await dispatcher.call('POST', '/api/cases', { channel: 'phone', text: '山洪冲垮了房子，有人被困在里面，救命', residentName: '李大姐', residentPhone: String(++phone) });
    expect(critical.status).toBe(201);
    expect(critical.body).toMatchObject({ urgency: 'critical', warningLevel: 'red', warningLabel: '红色预警' });
    const ordinary = await hotline('town-huayuan', '想问一下社保卡怎么激活');
    expect(await caseByNumber(dispatcher, ordinary)).toMatchObject({ urgency: 'normal', slaColour: 'green', warningLevel: null, warningLabel: null });
  });

  it('tells the leaders in charge by template message', async () => {
    await sut.outbox.drain();
    // The city warning: the three towns' leaders that exist, the water bureau's (the sub-item's department), and every city leader.
    expect(templatesTo('o_demo_leader_jingxi')).toHaveLength(2); // the city warning and 井溪镇's own
    expect(templatesTo('o_demo_leader_batai')).toHaveLength(2); // the city warning and 八台镇's roads
    expect(templatesTo('o_demo_leader_water')).toHaveLength(1);
    // A town's own warning goes to the city leader in charge of it: 井溪镇's is 周, 八台镇's is 孙.
    expect(templatesTo('o_demo_city_leader_zhou')).toHaveLength(2);
    expect(templatesTo('o_demo_city_leader_sun')).toHaveLength(2);
    const [message] = templatesTo('o_demo_leader_water');
    expect(message.data).toMatchObject({ thing1: { value: '黄色预警' }, thing4: { value: '请1个工作日内签收并跟进' } });
    expect(message.data?.thing2.value).toMatch(/^井溪镇、八台镇、青岗镇/);
    expect(message.miniprogram?.pagepath).toMatch(/^pages\/staff\/warnings\/detail\?id=/);
  });

  it('raises nothing new on the next passes, and upgrades a surge that grows', async () => {
    const sent = sut.wechat.sent.length;
    // The ordinary demands filed since make the pass look again: the same surges, nothing new.
    expect(await scan.runAt(new Date())).toBe(0);
    // With no new demand a pass reads no case: one index-only count, its own state, the acknowledgment deadlines.
    const seen: string[] = [];
    const spy: TestApp['ds']['subscribers'][number] = { beforeQuery: (e) => void seen.push(e.query.replace(/\s+/g, ' ').trim()) };
    sut.ds.subscribers.push(spy);
    try {
      expect(await scan.runAt(new Date())).toBe(0);
    } finally {
      sut.ds.subscribers.splice(sut.ds.subscribers.indexOf(spy), 1);
    }
    expect(seen).toHaveLength(3);
    expect(seen[0]).toMatch(/^SELECT count\(\*\)::int AS n, max\(accepted_at\) AS last FROM case_file WHERE accepted_at >= \$1 AND accepted_at <= \$2$/);
    expect(seen[1]).toMatch(/FROM "area_warning_scan"/);
    expect(seen[2]).toMatch(/^SELECT id FROM area_warning WHERE status = 'open'/);
    // A new ordinary demand elsewhere makes the pass look again; still nothing new.
    await hotline('town-huayuan', '社保卡丢了怎么补办');
    expect(await scan.runAt(new Date())).toBe(0);
    expect(await warnings(zhou)).toHaveLength(3);

    // Six more road demands in 八台镇: 12 where a month saw 2 is red.
    const before = (await warnings(zhou, '?scope=town')).find((w) => w.category === 'roads-transport')!;
    for (const text of ROAD_TEXTS) await hotline('town-batai', `${text}（又一处）`);
    expect(await scan.runAt(new Date())).toBe(1);
    const after = (await warnings(zhou, '?scope=town')).find((w) => w.category === 'roads-transport')!;
    expect(after).toMatchObject({ id: before.id, level: 'red', levelLabel: '红色预警', status: 'open' });
    const steps = (await zhou.call('GET', `/api/warnings/${after.id}`)).body.steps;
    expect(steps.map((s: { action: string; level: string }) => `${s.action} ${s.level}`)).toEqual(['raised yellow', 'upgraded red']);
    await sut.outbox.drain();
    const upgrades = sut.wechat.sent.slice(sent).filter((m) => m.template_id === TEST_WECHAT.templates.warning);
    expect(upgrades.map((m) => m.touser).sort()).toEqual(['o_demo_city_leader_sun', 'o_demo_leader_batai']);
    expect(upgrades[0].data).toMatchObject({ thing1: { value: '红色预警' }, thing4: { value: '预警升级，请抓紧跟进' } });
    expect(await warnings(zhou)).toHaveLength(3);
  });

  it('is acknowledged, followed up and closed by the leaders in charge, each step with who and when', async () => {
    const city = (await warnings(zhou, '?scope=city'))[0];
    // Nothing to follow up before someone signs for it.
    expect((await leaderBatai.call('POST', `/api/warnings/${city.id}/follow-ups`, { note: '已派人查看' })).status).toBe(409);
    const acked = await leaderBatai.call('POST', `/api/warnings/${city.id}/acknowledge`, {});
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ status: 'acknowledged', statusLabel: '已签收' });
    expect((await leaderJingxi.call('POST', `/api/warnings/${city.id}/acknowledge`, {})).status).toBe(409);
    const followed = await leaderBatai.call('POST', `/api/warnings/${city.id}/follow-ups`, { note: '八台镇水厂取水口被山洪冲坏，正在抢修' });
    expect(followed.status).toBe(200);
    expect(followed.body.status).toBe('following_up');
    // A town's leader does not close a warning across towns; the city leader does.
    expect((await leaderBatai.call('POST', `/api/warnings/${city.id}/close`, { note: '修好了' })).status).toBe(403);
    const closed = await zhou.call('POST', `/api/warnings/${city.id}/close`, { note: '市水利局统一更换三镇取水口，已恢复供水' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.steps.map((s: { action: string; staffName: string | null; note: string | null }) => [s.action, s.staffName, s.note])).toEqual([
      ['raised', null, city.summary],
      ['acknowledged', '罗镇长（八台镇）', null],
      ['follow_up', '罗镇长（八台镇）', '八台镇水厂取水口被山洪冲坏，正在抢修'],
      ['closed', '周副市长', '市水利局统一更换三镇取水口，已恢复供水'],
    ]);
    // Closed, and the same surge in the same window is not raised again.
    expect(await scan.runAt(new Date())).toBe(0);
    expect(await warnings(zhou, '?open=true')).toHaveLength(2);

    // A town's own warning is its leader's to close.
    const roads = (await warnings(leaderBatai, '?scope=town'))[0];
    expect(roads.category).toBe('roads-transport');
    expect((await leaderBatai.call('POST', `/api/warnings/${roads.id}/acknowledge`, { note: '收到' })).status).toBe(200);
    expect((await leaderBatai.call('POST', `/api/warnings/${roads.id}/close`, { note: '塌方路段已抢通' })).status).toBe(200);
  });

  it('shows each leader only what their unit was told of, and refuses everyone else', async () => {
    const jingxiSees = await warnings(leaderJingxi);
    expect(jingxiSees.map((w) => `${w.scope} ${w.category}`).sort()).toEqual(['city water-supply', 'town water-supply']);
    const roads = (await warnings(zhou, '?scope=town')).find((w) => w.category === 'roads-transport')!;
    expect((await leaderJingxi.call('GET', `/api/warnings/${roads.id}`)).status).toBe(404);
    expect((await leaderJingxi.call('POST', `/api/warnings/${roads.id}/follow-ups`, { note: '看看' })).status).toBe(404);
    // Handlers do not handle warnings; inspectors read them but do not act.
    expect((await handlerBatai.call('GET', '/api/warnings')).status).toBe(403);
    expect((await handlerBatai.call('POST', `/api/warnings/${roads.id}/acknowledge`, {})).status).toBe(403);
    expect(await warnings(inspector)).toHaveLength(3);
    expect((await inspector.call('POST', `/api/warnings/${roads.id}/follow-ups`, { note: '督查' })).status).toBe(403);
  });

  it('refuses bad input with a 400 and stores nothing', async () => {
    const water = (await warnings(leaderJingxi, '?scope=town'))[0];
    const [{ steps }] = await sut.ds.query(`SELECT count(*)::int AS steps FROM area_warning_step WHERE warning_id = $1`, [water.id]);
    expect((await leaderJingxi.call('POST', `/api/warnings/${water.id}/acknowledge`, { note: 'x'.repeat(1001) })).status).toBe(400);
    expect((await leaderJingxi.call('POST', `/api/warnings/${water.id}/close`, { note: '' })).status).toBe(400);
    expect((await leaderJingxi.call('POST', `/api/warnings/${water.id}/follow-ups`, {})).status).toBe(400);
    expect((await leaderJingxi.call('POST', '/api/warnings/not-a-uuid/acknowledge', {})).status).toBe(400);
    expect((await zhou.call('GET', '/api/warnings?level=purple')).status).toBe(400);
    expect((await zhou.call('GET', '/api/warnings?limit=0')).status).toBe(400);
    const [after] = await sut.ds.query(`SELECT count(*)::int AS steps, min(status) AS status FROM area_warning_step s JOIN area_warning w ON w.id = s.warning_id WHERE w.id = $1`, [water.id]);
    expect(after).toEqual({ steps, status: 'open' });
  });

  it('sends a warning nobody signed for in a working day to the city leader, once', async () => {
    const water = (await warnings(leaderJingxi, '?scope=town'))[0];
    expect(water.status).toBe('open');
    const later = new Date(Date.now() + 12 * DAY); // past the next working day even across a long holiday
    const sent = sut.wechat.sent.length;
    expect(await scan.runAt(later)).toBe(1);
    expect(await scan.runAt(later)).toBe(0);
    await sut.outbox.drain();
    const told = sut.wechat.sent.slice(sent).filter((m) => m.template_id === TEST_WECHAT.templates.warning);
    expect(told.map((m) => [m.touser, m.data?.thing4.value])).toEqual([['o_demo_city_leader_zhou', '超过签收时限无人签收，请督办']]);
    const detail = (await zhou.call('GET', `/api/warnings/${water.id}`)).body;
    expect(detail.escalatedAt).not.toBeNull();
    expect(detail.steps.at(-1).action).toBe('escalated');
  });
});
