import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { Staff } from './support/staff';

const DAY = 86_400_000;
const QUIET = '近4周网上诉求少，老人多（可能听不到他们的声音）';

type Entry = {
  villageName: string;
  topic: string | null;
  topicName: string | null;
  score: number;
  reasons: string[];
};
type Town = { townId: string; townName: string; entries: Entry[] };

/**
 * 下一场板凳会坐哪里: 井溪镇's 胜利村 has many open and overdue drinking-water demands; 幸福村 has the most
 * elderly (680 in the demo organisation) and sends nothing online while its neighbours do. The week's
 * list ranks the first on top with its reasons and names the second as the village the platform does not hear.
 */
describe('where to sit next', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let leaderJingxi: Staff;
  let inspector: Staff;
  let waterHandler: Staff;
  const unit: Record<string, string> = {};
  let phone = 13_700_000_000;
  let loaded = 0;

  /** Past demands written straight into the table, as a bulk load would: n of them, `daysAgo` old, in one village. */
  async function past(
    village: string,
    o: {
      n: number;
      subItem: string;
      status: string;
      channel?: string;
      daysAgo: number;
      closeInDays: number;
      rating?: string;
    },
  ) {
    const prefix = `WS${String(++loaded).padStart(2, '0')}`;
    await sut.ds.query(
      `INSERT INTO case_file (number, channel, text, kind, status, sub_item, place_unit_id, accepted_at, assign_by, close_by, closed_at, revisit_rating, query_code, version)
       SELECT $1 || lpad(g::text, 6, '0'), $2, '群众反映的问题', 'complaint', $3::varchar, $4, $5::uuid, t, t + interval '1 day', t + $7::int * interval '1 day',
              CASE WHEN $3::varchar = 'closed' THEN t + interval '2 days' END, $8::varchar, 'ABCDEFGH', 1
         FROM generate_series(1, $6::int) g, LATERAL (SELECT now() - $9::int * interval '1 day' AS t) x`,
      [prefix, o.channel ?? 'phone', o.status, o.subItem, unit[village], o.n, o.closeInDays, o.rating ?? null, o.daysAgo],
    );
  }

  /** A resident calls the hotline about the water in a village; the office writes it down and classifies it. */
  async function waterCall(village: string): Promise<void> {
    const filed = await dispatcher.call('POST', '/api/cases', {
      channel: 'phone',
      text: '村里自来水停了三天了，全组人吃水困难',
      residentName: '王大爷',
      residentPhone: String(++phone),
      placeUnitId: unit[village],
    });
    expect(filed.status).toBe(201);
    const classified = await dispatcher.call('POST', `/api/cases/${filed.body.id}/classify`, { kind: 'help', subItem: 'water-supply', urgency: 'normal' });
    expect(classified.status).toBe(200);
  }

  const list = async (who: Staff, query = '') => {
    const res = await who.call('GET', `/api/bench/where-to-sit${query}`);
    expect(res.status).toBe(200);
    return res.body as {
      week: string;
      from: string;
      to: string;
      towns: Town[];
    };
  };

  beforeAll(async () => {
    sut = await createTestApp();
    [dispatcher, leaderJingxi, inspector, waterHandler] = await Promise.all(['dispatcher', 'leader-jingxi', 'inspector', 'water'].map((u) => Staff.login(sut.baseUrl, u)));
    for (const r of (await sut.ds.query(`SELECT id, code FROM unit`)) as Array<{
      id: string;
      code: string;
    }>)
      unit[r.code] = r.id;

    // 胜利村: five calls this week, two older demands past their deadline, one answered but unsatisfied.
    for (let i = 0; i < 5; i++) await waterCall('village-jingxi-1');
    await past('village-jingxi-1', {
      n: 2,
      subItem: 'water-supply',
      status: 'in_progress',
      daysAgo: 12,
      closeInDays: 7,
    });
    await past('village-jingxi-1', {
      n: 1,
      subItem: 'water-supply',
      status: 'closed',
      daysAgo: 9,
      closeInDays: 7,
      rating: 'unsatisfied',
    });
    // 和平村 one road demand; online demands from every village but 幸福村.
    await past('village-jingxi-2', {
      n: 1,
      subItem: 'roads-transport',
      status: 'in_progress',
      daysAgo: 2,
      closeInDays: 7,
    });
    await past('village-jingxi-1', {
      n: 5,
      subItem: 'policy-services',
      status: 'closed',
      channel: 'miniprogram',
      daysAgo: 6,
      closeInDays: 3,
    });
    await past('village-jingxi-2', {
      n: 6,
      subItem: 'policy-services',
      status: 'closed',
      channel: 'wechat_oa',
      daysAgo: 10,
      closeInDays: 3,
    });
    await past('village-jingxi-4', {
      n: 4,
      subItem: 'policy-services',
      status: 'closed',
      channel: 'miniprogram',
      daysAgo: 3,
      closeInDays: 3,
    });
    // Online demands older than the four weeks do not make 幸福村 heard.
    await past('village-jingxi-3', {
      n: 8,
      subItem: 'policy-services',
      status: 'closed',
      channel: 'miniprogram',
      daysAgo: 40,
      closeInDays: 3,
    });
  });
  afterAll(() => sut?.close());

  it('ranks the village with many open and overdue water demands first, with its reasons', async () => {
    const { towns, from, to } = await list(dispatcher, `?townId=${unit['town-jingxi']}`);
    expect(towns.map((t) => t.townName)).toEqual(['井溪镇']);
    expect(new Date(`${to}T00:00:00Z`).getTime() - new Date(`${from}T00:00:00Z`).getTime()).toBe(27 * DAY);
    const [first] = towns[0].entries;
    expect(first).toMatchObject({
      villageName: '胜利村',
      topic: 'water-supply',
      topicName: '供水水利',
      reasons: ['供水水利：在办7件，超期2件，不满意1件'],
    });
    // 7 open, 2 overdue, 1 unsatisfied with the shipped weights (1, 2, 3).
    expect(first.score).toBe(14);
    expect(towns[0].entries.find((e) => e.villageName === '和平村')).toMatchObject({
      topic: 'roads-transport',
      reasons: ['道路交通：在办1件'],
    });
  });

  it('names the quiet village with many elderly and few online demands', async () => {
    const { towns } = await list(dispatcher, `?townId=${unit['town-jingxi']}`);
    const quiet = towns[0].entries.filter((e) => e.topic === null);
    expect(quiet).toEqual([
      {
        villageId: unit['village-jingxi-3'],
        villageName: '幸福村',
        topic: null,
        topicName: null,
        score: 6,
        reasons: [QUIET],
      },
    ]);
  });

  it('ranks a village that held a meeting lately lower and says so', async () => {
    const cadre = await Staff.login(sut.baseUrl, 'cadre-jingxi-1');
    const planned = await cadre.call('POST', '/api/bench/meetings', {
      kind: 'night_talk',
      villageUnitId: unit['village-jingxi-1'],
      place: '村委会院坝',
      plannedAt: new Date(Date.now() - 3_600_000).toISOString(),
      topics: ['饮水'],
    });
    expect(planned.status).toBe(201);
    expect((await cadre.call('POST', `/api/bench/meetings/${planned.body.id}/hold`, { heldAt: new Date().toISOString(), attendance: 30 })).status).toBe(200);
    const { towns } = await list(leaderJingxi);
    const water = towns[0].entries.find((e) => e.villageName === '胜利村' && e.topic === 'water-supply')!;
    expect(water.score).toBe(7);
    expect(water.reasons).toContain('近4周已开过板凳会（排后一些）');
  });

  it('shows a town leader only their own town; the office and inspectors see every town', async () => {
    const own = await list(leaderJingxi);
    expect(own.towns.map((t) => t.townName)).toEqual(['井溪镇']);
    expect((await leaderJingxi.call('GET', `/api/bench/where-to-sit?townId=${unit['town-batai']}`)).status).toBe(403);
    const all = await list(inspector);
    expect(all.towns.length).toBe(31);
    expect(all.towns.find((t) => t.townName === '井溪镇')!.entries.map((e) => e.villageName)).toEqual(own.towns[0].entries.map((e) => e.villageName));
  });

  it('refuses a department’s handler and a bad week', async () => {
    expect((await waterHandler.call('GET', '/api/bench/where-to-sit')).status).toBe(403);
    for (const week of ['2026-W60', 'last-week', '2026-13-01']) expect((await dispatcher.call('GET', `/api/bench/where-to-sit?week=${week}`)).status).toBe(400);
    expect((await dispatcher.call('GET', '/api/bench/where-to-sit?townId=nope')).status).toBe(400);
    const named = await list(dispatcher, `?week=2026-W40&townId=${unit['town-jingxi']}`);
    expect(named).toMatchObject({ week: '2026-W40', to: '2026-10-04' });
  });
});
