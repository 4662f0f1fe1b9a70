import { ModulesContainer } from '@nestjs/core';
import { PATH_METADATA } from '@nestjs/common/constants';
import { PUBLIC_ROUTE, RESIDENT_ROUTE, ROLES } from '@msz/server/common/auth/principal';
import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { numberIn, Resident } from './support/resident';
import { Staff } from './support/staff';
import { callApi, residentToken } from './support/api';

/** Who may call what: declared on every route, and enforced by unit and by person. */
describe('roles and scopes', () => {
  let sut: TestApp;
  let dispatcher: Staff;

  beforeAll(async () => {
    sut = await createTestApp();
    dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
  });
  afterAll(() => sut?.close());

  it('has every route declare who may call it', () => {
    const undeclared: string[] = [];
    let routes = 0;
    for (const module of sut.app.get(ModulesContainer).values()) {
      for (const { metatype } of module.controllers.values()) {
        const proto = (metatype as { prototype: Record<string, unknown> }).prototype;
        for (const name of Object.getOwnPropertyNames(proto)) {
          const handler = proto[name];
          if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
          routes += 1;
          const declared = [PUBLIC_ROUTE, RESIDENT_ROUTE, ROLES].some((key) => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, metatype as object));
          if (!declared) undeclared.push(`${(metatype as { name: string }).name}.${name}`);
        }
      }
    }
    expect(routes).toBeGreaterThan(30);
    expect(undeclared).toEqual([]);
  });

  describe('residents', () => {
    const login = (openid: string) => residentToken(sut.baseUrl, openid);
    const call = (token: string, method: string, path: string, body?: unknown) => callApi(sut.baseUrl, token, method, path, body);

    it('files from the mini-program once per client key and sees only their own cases', async () => {
      const mine = await login('o_mini_resident_01');
      const theirs = await login('o_mini_resident_02');
      const clientKey = '6f1c2b7e-8d1a-4c55-9a77-2d9b5c3e0f11';
      const first = await call(mine, 'POST', '/api/my/cases', { text: '井溪镇二村的路灯坏了', clientKey });
      const again = await call(mine, 'POST', '/api/my/cases', { text: '井溪镇二村的路灯坏了', clientKey });
      expect(first.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      expect(first.body.steps).toEqual([expect.objectContaining({ label: '已受理' })]);

      expect((await call(mine, 'GET', '/api/my/cases')).body.map((c: { id: string }) => c.id)).toEqual([first.body.id]);
      expect((await call(theirs, 'GET', `/api/my/cases/${first.body.id}`)).status).toBe(404);
      expect((await call(theirs, 'GET', '/api/my/cases')).body).toEqual([]);
      expect((await call(theirs, 'POST', `/api/my/cases/${first.body.id}/revisit`, { rating: 'unsatisfied' })).status).toBe(404);
    });

    it('suggests a category while the resident types, and keeps their choice as a hint for the dispatcher', async () => {
      const token = await login('o_mini_resident_07');
      const suggestion = (await call(token, 'POST', '/api/my/suggestion', { text: '家里自来水停了三天，一点水都没有' })).body;
      expect(suggestion).toMatchObject({ subItem: 'water-supply', subItemName: '供水水利' });
      expect(suggestion.choices).toHaveLength(19);
      const filed = await call(token, 'POST', '/api/my/cases', { text: '家里自来水停了三天', clientKey: '9d1c2b7e-8d1a-4c55-9a77-2d9b5c3e0f13', subItem: 'housing-safety' });
      expect(filed.status).toBe(200);
      expect((await dispatcher.call('GET', `/api/cases/${filed.body.id}`)).body.suggestion).toMatchObject({ subItem: 'water-supply', residentSubItem: 'housing-safety' });
      expect((await call(token, 'POST', '/api/my/cases', { text: '路灯坏了', clientKey: 'ad1c2b7e-8d1a-4c55-9a77-2d9b5c3e0f14', subItem: 'no-such' })).status).toBe(422);
    });

    it('keeps resident and staff tokens apart, and refuses a bad sign-in code', async () => {
      const resident = await login('o_mini_resident_03');
      expect((await call(resident, 'GET', '/api/cases')).status).toBe(403);
      expect((await call(dispatcher.token, 'GET', '/api/my/cases')).status).toBe(403);
      const bad = await fetch(`${sut.baseUrl}/api/auth/resident/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'no-such-code' }) });
      expect(bad.status).toBe(401);
    });

    it('takes up to 9 photos for one’s own open case, and shows the household contact card', async () => {
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64').toString('base64');
      const mine = await login('o_mini_resident_05');
      const other = await login('o_mini_resident_06');
      const filed = await call(mine, 'POST', '/api/my/cases', { text: '村口的桥栏杆断了', clientKey: '7a1c2b7e-8d1a-4c55-9a77-2d9b5c3e0f12' });
      const first = await call(mine, 'POST', `/api/my/cases/${filed.body.id}/photos`, { contentType: 'image/png', base64: png });
      expect(first.status).toBe(201);
      expect(first.body.sizeBytes).toBeGreaterThan(0);
      expect((await call(other, 'POST', `/api/my/cases/${filed.body.id}/photos`, { contentType: 'image/png', base64: png })).status).toBe(404);
      for (let i = 1; i < 9; i++) await call(mine, 'POST', `/api/my/cases/${filed.body.id}/photos`, { contentType: 'image/png', base64: png });
      expect((await call(mine, 'POST', `/api/my/cases/${filed.body.id}/photos`, { contentType: 'image/png', base64: png })).status).toBe(409);
      const detail = (await dispatcher.call('GET', `/api/cases/${filed.body.id}`)).body;
      expect(detail.attachments.filter((a: { source: string }) => a.source === 'resident')).toHaveLength(9);

      const villages = (await call(mine, 'GET', '/api/my/villages')).body as Array<{ id: string; name: string; townName: string }>;
      const village = villages.find((v) => v.townName === '井溪镇')!;
      const card = (await call(mine, 'GET', `/api/my/contacts?unitId=${village.id}`)).body as Array<{ level: string; unitName: string; phone: string | null }>;
      expect(card.map((c) => c.level)).toEqual(expect.arrayContaining(['town', 'city']));
      expect(card.find((c) => c.level === 'town')).toMatchObject({ unitName: '井溪镇', phone: expect.stringMatching(/^1\d{10}$/) });
      expect((await call(mine, 'GET', '/api/my/contacts?unitId=not-a-uuid')).status).toBe(400);
    });

    it('answers the revisit from the mini-program', async () => {
      const token = await login('o_mini_resident_04');
      const filed = await call(token, 'POST', '/api/my/cases', { text: '八台镇街上的垃圾好几天没收', clientKey: '0b6f9a52-3c1d-4e7a-8f20-51c4d9e6a7b3' });
      const units = (await dispatcher.call('GET', '/api/units')).body as Array<{ id: string; name: string }>;
      await dispatcher.call('POST', `/api/cases/${filed.body.id}/assign`, { unitId: units.find((u) => u.name === '八台镇')!.id });
      const handler = await Staff.login(sut.baseUrl, 'batai');
      await handler.call('POST', `/api/cases/${filed.body.id}/sign-for`);
      await handler.call('POST', `/api/cases/${filed.body.id}/answer`, { text: '已安排清运' });
      const rated = await call(token, 'POST', `/api/my/cases/${filed.body.id}/revisit`, { rating: 'satisfied', solved: true });
      expect(rated.body).toMatchObject({ status: 'closed', answer: '已安排清运' });
      expect((await call(token, 'POST', `/api/my/cases/${filed.body.id}/revisit`, { rating: 'satisfied' })).status).toBe(409);
    });
  });

  describe('staff', () => {
    it('scopes unit leaders to their unit and lets city leaders and inspectors read across units', async () => {
      const number = numberIn((await new Resident(sut.baseUrl, 'o_roles_01').say('八台镇中学门口的路面塌陷了')).reply);
      const c = (await dispatcher.call('GET', '/api/cases?limit=200')).body.items.find((x: { number: string }) => x.number === number);
      const units = (await dispatcher.call('GET', '/api/units')).body as Array<{ id: string; name: string }>;
      await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: units.find((u) => u.name === '八台镇')!.id });

      const leaders: Array<{ username: string; unit: string }> = await sut.ds.query(
        `SELECT s.username, u.name AS unit FROM staff_user s JOIN unit u ON u.id = s.unit_id WHERE s.role = 'unit_leader' AND u.name IN ('井溪镇', '八台镇')`,
      );
      const jingxiLeader = await Staff.login(sut.baseUrl, leaders.find((l) => l.unit === '井溪镇')!.username);
      const bataiLeader = await Staff.login(sut.baseUrl, leaders.find((l) => l.unit === '八台镇')!.username);
      expect((await jingxiLeader.call('GET', `/api/cases/${c.id}`)).status).toBe(404);
      expect((await bataiLeader.call('GET', `/api/cases/${c.id}`)).status).toBe(200);
      expect((await bataiLeader.call('POST', `/api/cases/${c.id}/assign`, { unitId: units[0].id })).status).toBe(403);

      const [{ username: cityLeaderName }] = await sut.ds.query(`SELECT username FROM staff_user WHERE role = 'city_leader' LIMIT 1`);
      const [{ username: inspectorName }] = await sut.ds.query(`SELECT username FROM staff_user WHERE role = 'inspector' LIMIT 1`);
      const cityLeader = await Staff.login(sut.baseUrl, cityLeaderName);
      const inspector = await Staff.login(sut.baseUrl, inspectorName);
      expect((await cityLeader.call('GET', `/api/cases/${c.id}`)).status).toBe(200);
      expect((await cityLeader.call('POST', `/api/cases/${c.id}/sign-for`)).status).toBe(403);
      expect((await inspector.call('GET', '/api/trace-items')).status).toBe(200);
      expect((await inspector.call('POST', `/api/cases/${c.id}/notes`, { text: '我来写' })).status).toBe(403);
    });
  });
});
