import { IndicatorRollup } from '@msz/server/modules/indicators/indicator-rollup.service';
import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { Staff } from './support/staff';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** 民生诉求热力图: counted from its rollups (kept from the timeline), scoped by role, drawn, and published through the fake WeChat. */
describe('heat map and its publication', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let units: Array<{ id: string; name: string; level: string; parentId: string | null }>;
  const unit = (name: string) => units.find((u) => u.name === name)!.id;
  const village = (town: string) => units.find((u) => u.level === 'village' && u.parentId === unit(town))!;

  /** A demand filed by phone about a place, then classified by the office. */
  const demand = async (placeUnitId: string, subItem: string, kind = 'complaint', channel = 'phone') => {
    const filed = await dispatcher.call('POST', '/api/cases', { channel, text: `群众反映的问题（${subItem}）`, residentName: '王', residentPhone: '13800000999', placeUnitId });
    expect(filed.status).toBe(201);
    const classified = await dispatcher.call('POST', `/api/cases/${filed.body.id}/classify`, { kind, subItem, urgency: 'normal' });
    expect(classified.status).toBe(200);
    return filed.body.id as string;
  };

  beforeAll(async () => {
    sut = await createTestApp();
    dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
    units = (await dispatcher.call('GET', '/api/units')).body;
    // Drinking water in three towns at once, roads in one; one demand rejected as invalid.
    await demand(unit('井溪镇'), 'water-supply');
    await demand(village('井溪镇').id, 'water-supply');
    await demand(village('井溪镇').id, 'water-supply', 'help', 'walk_in');
    await demand(unit('八台镇'), 'water-supply');
    const handledByWater = await demand(unit('黄钟镇'), 'water-supply');
    expect((await dispatcher.call('POST', `/api/cases/${handledByWater}/assign`, { unitId: unit('市水利局') })).status).toBe(200);
    await demand(unit('八台镇'), 'roads-transport', 'consultation');
    const invalid = await demand(unit('黄钟镇'), 'roads-transport');
    // The rollup job counts it, then takes it back when it is rejected.
    const rollup = sut.app.get(IndicatorRollup);
    await rollup.drain();
    expect((await dispatcher.call('GET', '/api/analytics/heatmap')).body.total).toBe(7);
    expect((await dispatcher.call('POST', `/api/cases/${invalid}/reject`, { reason: '重复的测试诉求' })).status).toBe(200);
    await rollup.drain();
  });
  afterAll(() => sut?.close());

  it('counts demands by town and category, villages within their town, invalid ones left out', async () => {
    const res = await dispatcher.call('GET', '/api/analytics/heatmap');
    expect(res.status).toBe(200);
    const h = res.body;
    expect(h.total).toBe(6);
    expect(h.columns.map((c: { name: string }) => c.name)).toEqual(['基础设施', '民生保障', '咨询投诉', '建言献策']);
    const jingxi = h.towns.find((t: { name: string }) => t.name === '井溪镇');
    expect(jingxi).toMatchObject({ total: 3, cells: [3, 0, 0, 0] });
    expect(h.towns[0].name).toBe('井溪镇'); // most first
    expect(h.towns.find((t: { name: string }) => t.name === '黄钟镇')).toMatchObject({ total: 1 });
    expect(h.places.find((p: { name: string }) => p.name === village('井溪镇').name)).toMatchObject({ town: '井溪镇', level: 'village', count: 2, topColumn: '基础设施' });
    expect(h.topColumns).toEqual([{ code: 'infrastructure', name: '基础设施', count: 6 }]);
  });

  it('shows the sub-items as columns, and narrows by category, kind, channel and town', async () => {
    const bySubItem = (await dispatcher.call('GET', '/api/analytics/heatmap?groupBy=subItem&category=infrastructure')).body;
    expect(bySubItem.columns.map((c: { name: string }) => c.name)).toEqual(['道路交通', '供水水利', '电力燃气通信', '住房安全', '安全隐患', '物业管理', '消防安全']);
    expect(bySubItem.topColumns.map((c: { name: string; count: number }) => [c.name, c.count])).toEqual([['供水水利', 5], ['道路交通', 1]]);
    expect((await dispatcher.call('GET', '/api/analytics/heatmap?kind=consultation')).body.total).toBe(1);
    expect((await dispatcher.call('GET', '/api/analytics/heatmap?channel=walk_in')).body.total).toBe(1);
    const town = (await dispatcher.call('GET', `/api/analytics/heatmap?townId=${unit('八台镇')}`)).body;
    expect(town.total).toBe(2);
    expect(town.towns.map((t: { name: string }) => t.name)).toEqual(['八台镇']);
    expect((await dispatcher.call('GET', '/api/analytics/heatmap?category=livelihood')).body.total).toBe(0);
  });

  it("lets a town's leader see their own town only, and leaders and inspectors all; handlers not at all", async () => {
    const townLeader = await Staff.login(sut.baseUrl, 'leader-jingxi');
    const own = (await townLeader.call('GET', '/api/analytics/heatmap')).body;
    expect(own.total).toBe(3);
    expect(own.towns.map((t: { name: string }) => t.name)).toEqual(['井溪镇']);
    expect((await townLeader.call('GET', `/api/analytics/heatmap?townId=${unit('八台镇')}`)).body.total).toBe(0);
    // A department's leader sees the demands their department handles, wherever they are.
    const waterLeader = await Staff.login(sut.baseUrl, 'leader-water');
    const water = (await waterLeader.call('GET', '/api/analytics/heatmap')).body;
    expect(water.total).toBe(1);
    expect(water.towns.map((t: { name: string }) => t.name)).toEqual(['黄钟镇']);
    for (const who of ['leader-zhou', 'inspector']) {
      expect((await (await Staff.login(sut.baseUrl, who)).call('GET', '/api/analytics/heatmap')).body.total).toBe(6);
    }
    const handler = await Staff.login(sut.baseUrl, 'jingxi');
    expect((await handler.call('GET', '/api/analytics/heatmap')).status).toBe(403);
    expect((await fetch(`${sut.baseUrl}/api/analytics/heatmap.png`)).status).toBe(401);
  });

  it.each([
    ['from=2026-13-01', '日期'],
    ['from=2026-11-30&to=2026-11-01', '开始日期'],
    ['from=2024-01-01&to=2026-01-01', '最多'],
    ['kind=gossip', ''],
    ['townId=not-a-uuid', ''],
    ['category=nothing', '没有这个分类'],
  ])('refuses a bad query (%s) with a 400', async (query, words) => {
    const res = await dispatcher.call('GET', `/api/analytics/heatmap?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(words);
  });

  it('draws the heat map as a PNG (grid and map), for the phone and for a city that publishes by hand', async () => {
    for (const view of ['grid', 'map']) {
      const res = await fetch(`${sut.baseUrl}/api/analytics/heatmap.png?view=${view}`, { headers: { authorization: `Bearer ${dispatcher.token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      const png = Buffer.from(await res.arrayBuffer());
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(png.readUInt32BE(16)).toBe(1500); // IHDR width: 750 logical pixels at twice the scale
    }
  });

  it('publishes the heat map on the Official Account: pictures uploaded, a draft with their urls, submitted, recorded as published', async () => {
    const res = await dispatcher.call('POST', '/api/analytics/heatmap/publish', {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'heatmap', status: 'published', approvedByName: expect.any(String), failedStep: null, error: null });
    expect(res.body.articleUrl).toContain('mp.weixin.qq.com');

    const uploads = sut.wechat.images.filter((i) => !i.mediaId);
    expect(uploads).toHaveLength(2);
    expect(sut.wechat.images.filter((i) => i.mediaId)).toHaveLength(1); // the cover
    expect(sut.wechat.drafts).toHaveLength(1);
    const [article] = sut.wechat.drafts[0].articles;
    expect(article.title).toMatch(/^民生诉求热力图（/);
    expect(article.content).toContain('共受理群众诉求6件');
    expect(article.content).toContain('井溪镇');
    for (const u of uploads) expect(article.content).toContain(u.url);
    expect(article.droppedImages).toEqual([]);
    expect(sut.wechat.publications.map((p) => p.draftMediaId)).toEqual([sut.wechat.drafts[0].mediaId]);
    expect(res.body.draftMediaId).toBe(sut.wechat.drafts[0].mediaId);
    expect(res.body.publishId).toBe(sut.wechat.publications[0].publishId);

    const listed = (await dispatcher.call('GET', '/api/publications')).body;
    expect(listed[0]).toMatchObject({ id: res.body.id, status: 'published' });
  });

  it('records a refused draft as failed at that step and answers 502: nothing is published, nothing reported done', async () => {
    const before = sut.wechat.publications.length;
    sut.wechat.failNext('/cgi-bin/draft/add', 45002);
    const res = await dispatcher.call('POST', '/api/analytics/heatmap/publish', {});
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('PUBLICATION_FAILED');
    expect(sut.wechat.publications).toHaveLength(before);
    const [latest] = (await dispatcher.call('GET', '/api/publications')).body;
    expect(latest).toMatchObject({ status: 'failed', failedStep: 'draft', draftMediaId: null, publishId: null });
    expect(latest.error).toContain('45002');
  });

  it('keeps a job the review refused as failed, with the draft left for the office', async () => {
    sut.wechat.setPublishOutcome(4);
    const res = await dispatcher.call('POST', '/api/analytics/heatmap/publish', {});
    sut.wechat.setPublishOutcome(0);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'failed', failedStep: 'outcome', articleUrl: null, publishedAt: null });
    expect(res.body.draftMediaId).toEqual(expect.any(String));
    expect(res.body.error).toContain('publish_status 4');
  });

  it('keeps a job WeChat is still publishing as submitted, and records the outcome when the office asks again', async () => {
    sut.wechat.setPublishOutcome(1);
    const res = await dispatcher.call('POST', '/api/analytics/heatmap/publish', {});
    sut.wechat.setPublishOutcome(0);
    expect(res.body).toMatchObject({ status: 'submitted', articleUrl: null, publishedAt: null });
    expect((await dispatcher.call('POST', `/api/publications/${res.body.id}/refresh`)).body.status).toBe('submitted');
    sut.wechat.settlePublication(res.body.publishId, 0);
    const refreshed = (await dispatcher.call('POST', `/api/publications/${res.body.id}/refresh`)).body;
    expect(refreshed).toMatchObject({ id: res.body.id, status: 'published', articleUrl: expect.stringContaining('mp.weixin.qq.com') });
    expect((await dispatcher.call('POST', `/api/publications/${res.body.id}/refresh`)).body.publishedAt).toBe(refreshed.publishedAt);
    expect((await dispatcher.call('POST', '/api/publications/00000000-0000-4000-8000-000000000000/refresh')).status).toBe(404);
  });

  it('lets only the office publish', async () => {
    const leader = await Staff.login(sut.baseUrl, 'leader-zhou');
    expect((await leader.call('POST', '/api/analytics/heatmap/publish', {})).status).toBe(403);
  });

  it('sends the PNG drawn before for the same data, and draws again once the data change', async () => {
    const png = async (query = '') => {
      const res = await fetch(`${sut.baseUrl}/api/analytics/heatmap.png${query}`, { headers: { authorization: `Bearer ${dispatcher.token}` } });
      expect(res.status).toBe(200);
      return { cache: res.headers.get('x-picture-cache'), png: Buffer.from(await res.arrayBuffer()) };
    };
    const first = await png('?kind=consultation');
    const again = await png('?kind=consultation');
    expect([first.cache, again.cache]).toEqual(['miss', 'hit']);
    expect(again.png.equals(first.png)).toBe(true);
    // Another view of the same data is another picture.
    expect((await png('?kind=consultation&view=map')).cache).toBe('miss');

    // A new consultation in 井溪镇, counted by the rollup job: the same query now draws other data.
    await demand(unit('井溪镇'), 'roads-transport', 'consultation');
    await sut.app.get(IndicatorRollup).drain();
    const changed = await png('?kind=consultation');
    expect(changed.cache).toBe('miss');
    expect(changed.png.equals(first.png)).toBe(false);
  });
});
