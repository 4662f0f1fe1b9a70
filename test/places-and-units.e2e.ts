import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { callApi, residentToken } from './support/api';
import { Staff } from './support/staff';

interface Choice {
  id: string;
  name: string;
  level: string;
  townName: string | null;
  initials: string;
  group: 'suggested' | 'recent' | 'same_town' | 'other';
}

/** Places read as names, the dispatcher's list of units to route to, and who did each step. */
describe('places, unit choices and the timeline', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let units: Array<{ id: string; name: string; level: string }>;

  beforeAll(async () => {
    sut = await createTestApp();
    dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
    units = (await dispatcher.call('GET', '/api/units')).body;
  });
  afterAll(() => sut?.close());

  const unit = (name: string) => units.find((u) => u.name === name)!.id;
  const call = (token: string, method: string, path: string, body?: unknown) => callApi(sut.baseUrl, token, method, path, body);
  const file = async (openid: string, text: string, location?: { lat: number; lng: number; label?: string }) => {
    const token = await residentToken(sut.baseUrl, openid);
    const res = await call(token, 'POST', '/api/my/cases', { text, clientKey: randomUUID(), ...(location ? { location } : {}) });
    expect(res.status).toBe(200);
    return { token, id: res.body.id as string };
  };
  const choicesFor = async (id: string) => {
    const res = await dispatcher.call('GET', `/api/cases/${id}/unit-choices`);
    expect(res.status).toBe(200);
    return res.body as { suggestion: { unitId: string | null; reason: string }; units: Choice[] };
  };

  it('names the place by town and village for the resident and for staff, with the point only behind a map link', async () => {
    // 香炉村's centre, in 八台镇.
    const { token, id } = await file('o_places_01', '村口的路灯坏了一个月', { lat: 31.9297, lng: 107.8941, label: '村委会旁' });
    const mine = (await call(token, 'GET', `/api/my/cases/${id}`)).body;
    const staff = (await dispatcher.call('GET', `/api/cases/${id}`)).body;
    for (const view of [mine, staff]) {
      expect(view.placeLabel).toBe('八台镇 香炉村（村委会旁）');
      expect(view.mapUrl).toMatch(/^https:\/\/uri\.amap\.com\/marker\?position=107\.8941,31\.9297&/);
    }
    expect(mine.placeLabel).not.toMatch(/\d/);
  });

  it('says plainly when only a point far from every town is known, and nothing when no place was given', async () => {
    const far = await file('o_places_02', '路灯坏了', { lat: 39.9, lng: 116.4 });
    expect((await dispatcher.call('GET', `/api/cases/${far.id}`)).body).toMatchObject({ placeLabel: '地图上标的位置', mapUrl: expect.stringContaining('position=116.4,39.9') });
    const none = await file('o_places_03', '路灯坏了');
    expect((await call(none.token, 'GET', `/api/my/cases/${none.id}`)).body).toMatchObject({ placeLabel: null, mapUrl: null });
  });

  it('lists every unit once for routing: the suggestion first with its reason, the case’s own town and its villages next, villages named with their town', async () => {
    const { id } = await file('o_places_04', '香炉村通村公路塌方了，车过不去', { lat: 31.9297, lng: 107.8941 });
    const { suggestion, units: choices } = await choicesFor(id);
    expect(suggestion.reason).not.toBe('');
    expect(new Set(choices.map((c) => c.id)).size).toBe(choices.length);
    expect(choices.some((c) => c.level === 'city')).toBe(false);
    expect(choices).toHaveLength(units.filter((u) => u.level !== 'city').length);
    expect(suggestion.unitId).not.toBeNull();
    expect(choices[0]).toMatchObject({ id: suggestion.unitId, group: 'suggested' });

    const batai = choices.find((c) => c.name === '八台镇')!;
    expect(batai).toMatchObject({ initials: 'btz', townName: null });
    expect(batai.group === 'same_town' || batai.group === 'suggested').toBe(true);
    const xianglu = choices.find((c) => c.name === '香炉村')!;
    expect(xianglu.townName).toBe('八台镇');
    // Before the rest of the list: nothing of group 'other' comes before a same-town unit.
    const firstOther = choices.findIndex((c) => c.group === 'other');
    expect(choices.findIndex((c) => c.name === '龙门村')).toBeLessThan(firstOther);
    // Among the rest, each village follows its own town.
    const rest = choices.slice(firstOther);
    const jingxi = rest.findIndex((c) => c.name === '井溪镇');
    expect(rest[jingxi + 1].townName).toBe('井溪镇');
  });

  it('puts the dispatcher’s recent units near the top, and is for dispatchers only', async () => {
    const first = await file('o_places_05', '我们村的水渠垮了一段', undefined);
    const water = unit('市水利局');
    expect((await dispatcher.call('POST', `/api/cases/${first.id}/assign`, { unitId: water })).status).toBe(200);
    const next = await file('o_places_06', '有件事想问问', undefined);
    const { units: choices } = await choicesFor(next.id);
    const at = choices.findIndex((c) => c.id === water);
    expect(['recent', 'suggested']).toContain(choices[at].group);
    expect(at).toBeLessThan(choices.findIndex((c) => c.group === 'other'));

    const handler = await Staff.login(sut.baseUrl, 'batai');
    expect((await handler.call('GET', `/api/cases/${next.id}/unit-choices`)).status).toBe(403);
  });

  it('names the unit and the role of whoever took each step, for staff and (without the person) for the resident', async () => {
    const { token, id } = await file('o_places_07', '八台镇街上的垃圾好几天没人收', { lat: 31.92, lng: 107.93 });
    expect((await dispatcher.call('POST', `/api/cases/${id}/assign`, { unitId: unit('八台镇') })).status).toBe(200);
    const handler = await Staff.login(sut.baseUrl, 'batai');
    expect((await handler.call('POST', `/api/cases/${id}/sign-for`)).status).toBe(200);

    const timeline = (await dispatcher.call('GET', `/api/cases/${id}`)).body.timeline as Array<Record<string, unknown>>;
    expect(timeline.find((t) => t.action === 'assign')).toMatchObject({ actorRole: 'dispatcher', actorRoleLabel: '调度员', actorUnitName: '万源市民声直达办公室' });
    expect(timeline.find((t) => t.action === 'sign_for')).toMatchObject({ actorRole: 'handler', actorRoleLabel: '承办人', actorUnitName: '八台镇' });
    expect(timeline.find((t) => t.action === 'file')).toMatchObject({ actorKind: 'resident', actorRole: null, actorUnitName: null });

    const steps = (await call(token, 'GET', `/api/my/cases/${id}`)).body.steps as Array<Record<string, unknown>>;
    expect(steps.map((s) => s.unitName)).toEqual([null, '万源市民声直达办公室', '八台镇']);
    expect(JSON.stringify(steps)).not.toContain('张承办');
  });
});
