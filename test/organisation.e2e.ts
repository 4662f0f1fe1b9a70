import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, onPostgresServer, type TestApp } from '@msz/server/testing/test-app';
import { seedDemo } from '@msz/server/modules/units/demo-seed';
import { Staff } from './support/staff';

interface Unit {
  id: string;
  code: string;
  name: string;
  level: string;
  parentId: string | null;
  supervisorId: string | null;
  sample: boolean;
  center: { lat: number; lng: number } | null;
}
interface Member {
  id: string;
  username: string;
  displayName: string;
  role: string;
  unitId: string;
  phone: string | null;
  wechatBound: boolean;
  active: boolean;
}

const taxonomy = JSON.parse(readFileSync(join(__dirname, '../libs/domain/data/taxonomy.json'), 'utf8')) as { departments: Array<{ code: string }> };

describe(`the organisation, on ${onPostgresServer() ? 'the PostgreSQL server' : 'embedded PGlite'}`, () => {
  let sut: TestApp;
  let admin: Staff;
  let dispatcher: Staff;
  let handler: Staff;
  let units: Unit[];
  const byCode = (code: string) => {
    const u = units.find((x) => x.code === code);
    if (!u) throw new Error(`no unit ${code}`);
    return u;
  };

  beforeAll(async () => {
    sut = await createTestApp();
    [admin, dispatcher, handler] = await Promise.all(['admin', 'dispatcher', 'jingxi'].map((u) => Staff.login(sut.baseUrl, u)));
    units = (await dispatcher.call<Unit[]>('GET', '/api/units')).body;
  }, 30_000); // a cold PGlite takes a few seconds to start
  afterAll(() => sut?.close());

  describe('the demo set', () => {
    it('is 1 city, 7 regions, 31 towns each with at least 2 villages, and 45 departments', () => {
      const count = (level: string) => units.filter((u) => u.level === level).length;
      expect([count('city'), count('region'), count('town'), count('department')]).toEqual([1, 7, 31, 45]);
      const city = byCode('city');
      expect(city).toMatchObject({ name: '万源市民声直达办公室', parentId: null });
      const regions = new Set(units.filter((u) => u.level === 'region').map((u) => u.id));
      for (const town of units.filter((u) => u.level === 'town')) {
        expect({ town: town.code, inRegion: regions.has(town.parentId!) }).toEqual({ town: town.code, inRegion: true });
        const villages = units.filter((u) => u.level === 'village' && u.parentId === town.id);
        expect({ town: town.code, enough: villages.length >= 2 }).toEqual({ town: town.code, enough: true });
      }
      for (const region of units.filter((u) => u.level === 'region')) expect(region.parentId).toBe(city.id);
    });

    it('has a unit for every department code of the taxonomy', () => {
      const missing = taxonomy.departments.map((d) => d.code).filter((code) => units.find((u) => u.code === code)?.level !== 'department');
      expect(missing).toEqual([]);
      expect(taxonomy.departments.length).toBeGreaterThan(0);
    });

    it('keeps the towns the other tests rely on, with centres around Wanyuan', () => {
      expect(units.filter((u) => u.name === '井溪镇' || u.name === '八台镇').map((u) => u.code).sort()).toEqual(['town-batai', 'town-jingxi']);
      for (const u of units.filter((x) => x.level === 'town' || x.level === 'village')) {
        expect(u.center).not.toBeNull();
        expect(u.center!.lat).toBeGreaterThanOrEqual(31.7);
        expect(u.center!.lat).toBeLessThanOrEqual(32.4);
        expect(u.center!.lng).toBeGreaterThanOrEqual(107.7);
        expect(u.center!.lng).toBeLessThanOrEqual(108.4);
      }
      // Invented places say so; the towns named in the seed article are real.
      expect(units.filter((u) => u.level === 'village').every((u) => u.sample)).toBe(true);
      expect(byCode('town-jingxi').sample).toBe(false);
      expect(units.filter((u) => u.level === 'town' && u.sample)).toHaveLength(25);
    });

    it('gives every town and department but the discipline commission a city leader in charge, and each town a handler', async () => {
      const staff = (await admin.call<{ items: Member[]; total: number }>('GET', '/api/staff?limit=500')).body;
      const leaders = new Map(staff.items.filter((s) => s.role === 'city_leader').map((s) => [s.id, s]));
      expect(leaders.size).toBe(2);
      const supervised = units.filter((u) => (u.level === 'town' || u.level === 'department') && u.code !== 'dept-discipline');
      expect(supervised.filter((u) => !leaders.has(u.supervisorId!)).map((u) => u.code)).toEqual([]);
      for (const leader of leaders.values()) expect(supervised.filter((u) => u.supervisorId === leader.id).length).toBeGreaterThan(5);

      const handlersIn = (unitId: string) => staff.items.filter((s) => s.role === 'handler' && s.unitId === unitId && s.wechatBound);
      expect(units.filter((u) => u.level === 'town' && handlersIn(u.id).length === 0).map((u) => u.code)).toEqual([]);
      expect(units.filter((u) => u.level === 'village' && handlersIn(u.id).length > 0).length).toBeGreaterThanOrEqual(3);

      const roleOf = (username: string) => staff.items.find((s) => s.username === username);
      expect(roleOf('leader-jingxi')).toMatchObject({ role: 'unit_leader', unitId: byCode('town-jingxi').id });
      expect(roleOf('leader-batai')).toMatchObject({ role: 'unit_leader', unitId: byCode('town-batai').id });
      expect(roleOf('leader-water')).toMatchObject({ role: 'unit_leader', unitId: byCode('dept-water').id });
      expect(roleOf('inspector')).toMatchObject({ role: 'inspector', unitId: byCode('dept-discipline').id });
      // The original demo users, as the other tests know them.
      expect(roleOf('dispatcher')).toMatchObject({ role: 'dispatcher', unitId: byCode('city').id });
      expect(roleOf('jingxi')).toMatchObject({ role: 'handler', unitId: byCode('town-jingxi').id });
      expect(roleOf('batai')).toMatchObject({ role: 'handler', unitId: byCode('town-batai').id });
      expect(roleOf('water')).toMatchObject({ role: 'handler', unitId: byCode('dept-water').id });
      await expect(Staff.login(sut.baseUrl, 'leader-zhou')).resolves.toBeInstanceOf(Staff);
    });

    it('is seeded once: seeding again adds nothing', async () => {
      const count = async () => (await sut.ds.query(`SELECT (SELECT count(*) FROM unit)::int AS units, (SELECT count(*) FROM staff_user)::int AS staff`))[0];
      const before = await count();
      await seedDemo(sut.ds);
      expect(await count()).toEqual(before);
    });
  });

  describe('GET /api/units', () => {
    it('filters by level and by parent', async () => {
      const towns = await dispatcher.call<Unit[]>('GET', '/api/units?level=town');
      expect(towns.status).toBe(200);
      expect(towns.body).toHaveLength(31);
      expect(towns.body.every((u) => u.level === 'town')).toBe(true);

      const jingxi = byCode('town-jingxi');
      const under = await handler.call<Unit[]>('GET', `/api/units?parentId=${jingxi.id}`);
      expect(under.status).toBe(200);
      expect(under.body.length).toBeGreaterThanOrEqual(2);
      expect(under.body.every((u) => u.parentId === jingxi.id && u.level === 'village')).toBe(true);

      const regionTowns = await dispatcher.call<Unit[]>('GET', `/api/units?level=town&parentId=${jingxi.parentId}`);
      expect(regionTowns.body.map((u) => u.code)).toContain('town-jingxi');
      expect(regionTowns.body.length).toBeLessThan(31);
      expect((await dispatcher.call<Unit[]>('GET', `/api/units?level=department&parentId=${jingxi.id}`)).body).toEqual([]);

      expect((await dispatcher.call('GET', '/api/units?level=planet')).status).toBe(400);
      expect((await dispatcher.call('GET', '/api/units?parentId=not-a-uuid')).status).toBe(400);
    });

    it('shows one unit by id', async () => {
      const water = byCode('dept-water');
      expect((await handler.call('GET', `/api/units/${water.id}`)).body).toEqual(water);
      expect((await handler.call('GET', '/api/units/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await handler.call('GET', '/api/units/nope')).status).toBe(400);
      expect((await fetch(`${sut.baseUrl}/api/units/${water.id}`)).status).toBe(401);
    });
  });

  describe('POST and PATCH /api/units', () => {
    const newVillage = () => ({ code: 'village-jingxi-new', name: '新建村', level: 'village', parentId: byCode('town-jingxi').id, center: { lat: 32.2, lng: 108.1 } });

    it('lets an admin create a unit and change its name, parent, supervisor and centre, but not its code', async () => {
      const created = await admin.call<Unit>('POST', '/api/units', newVillage());
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ code: 'village-jingxi-new', name: '新建村', level: 'village', parentId: byCode('town-jingxi').id, sample: false, center: { lat: 32.2, lng: 108.1 } });
      expect((await dispatcher.call<Unit[]>('GET', `/api/units?parentId=${byCode('town-jingxi').id}`)).body.map((u) => u.code)).toContain('village-jingxi-new');

      const id = created.body.id;
      const patched = await admin.call<Unit>('PATCH', `/api/units/${id}`, { name: '新建村（更名）', parentId: byCode('town-batai').id, center: null });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ name: '新建村（更名）', parentId: byCode('town-batai').id, center: null, code: 'village-jingxi-new' });
      expect((await admin.call('GET', `/api/units/${id}`)).body).toEqual(patched.body);

      const leader = (await admin.call<{ items: Member[] }>('GET', '/api/staff?role=city_leader')).body.items[0];
      const town = byCode('town-yongning');
      const supervised = await admin.call<Unit>('PATCH', `/api/units/${town.id}`, { supervisorId: leader.id });
      expect(supervised.body).toMatchObject({ supervisorId: leader.id, name: '永宁镇', parentId: town.parentId });

      const codeChange = await admin.call('PATCH', `/api/units/${id}`, { code: 'village-renamed' });
      expect(codeChange.status).toBe(400);
      expect((await admin.call('PATCH', `/api/units/${id}`, { level: 'town' })).status).toBe(400);
      expect((await admin.call<Unit>('GET', `/api/units/${id}`)).body).toMatchObject({ code: 'village-jingxi-new', level: 'village' });
    });

    it('refuses a dispatcher or a handler with 403 and changes nothing', async () => {
      const body = { ...newVillage(), code: 'village-jingxi-denied' };
      const water = byCode('dept-water');
      expect((await dispatcher.call('POST', '/api/units', body)).status).toBe(403);
      expect((await handler.call('POST', '/api/units', body)).status).toBe(403);
      expect((await dispatcher.call('PATCH', `/api/units/${water.id}`, { name: '改名' })).status).toBe(403);
      const after = (await dispatcher.call<Unit[]>('GET', '/api/units')).body;
      expect(after.map((u) => u.code)).not.toContain('village-jingxi-denied');
      expect(after.find((u) => u.id === water.id)!.name).toBe(water.name);
    });

    it('refuses bad bodies with 400', async () => {
      const refused = async (body: unknown) => (await admin.call('POST', '/api/units', body)).status;
      expect(await refused({ ...newVillage(), code: 'Bad Code!' })).toBe(400);
      expect(await refused({ ...newVillage(), code: 'village-x1', level: 'planet' })).toBe(400);
      expect(await refused({ ...newVillage(), code: 'village-x2', name: '' })).toBe(400);
      expect(await refused({ ...newVillage(), code: 'village-x3', center: { lat: 132, lng: 108 } })).toBe(400);
      expect(await refused({ ...newVillage(), code: 'village-x4', parentId: 'town-jingxi' })).toBe(400);
      expect(await refused({ ...newVillage(), code: 'village-x5', extra: true })).toBe(400);
      expect((await admin.call('PATCH', `/api/units/${byCode('town-batai').id}`, { name: null })).status).toBe(400);
      expect((await admin.call<Unit>('GET', `/api/units/${byCode('town-batai').id}`)).body.name).toBe('八台镇');
    });

    it('refuses an unknown or unfitting parent or supervisor with a message that says so', async () => {
      const unknown = await admin.call('POST', '/api/units', { ...newVillage(), code: 'village-orphan', parentId: '00000000-0000-4000-8000-000000000000' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.detail).toMatch(/parentId: no unit with id 00000000-0000-4000-8000-000000000000/);

      const underDept = await admin.call('POST', '/api/units', { ...newVillage(), code: 'village-under-dept', parentId: byCode('dept-water').id });
      expect(underDept.status).toBe(400);
      expect(underDept.body.detail).toMatch(/a village cannot be under a department/);

      const noParent = await admin.call('POST', '/api/units', { code: 'town-floating', name: '浮镇', level: 'town' });
      expect(noParent.status).toBe(400);
      expect(noParent.body.detail).toMatch(/a town needs a parent/);

      const handlerId = (await admin.call<{ items: Member[] }>('GET', '/api/staff?role=handler&limit=1')).body.items[0].id;
      const badSupervisor = await admin.call('PATCH', `/api/units/${byCode('town-batai').id}`, { supervisorId: handlerId });
      expect(badSupervisor.status).toBe(400);
      expect(badSupervisor.body.detail).toMatch(/not a city_leader/);

      // A department cannot be moved under its own sub-department.
      const police = byCode('dept-traffic-police');
      const loop = await admin.call('PATCH', `/api/units/${police.parentId}`, { parentId: police.id });
      expect(loop.status).toBe(400);
      expect(loop.body.detail).toMatch(/under itself or one of its own sub-units/);

      const codes = (await admin.call<Unit[]>('GET', '/api/units')).body.map((u) => u.code);
      expect(codes).not.toEqual(expect.arrayContaining(['village-orphan']));
      expect(codes.filter((c) => ['village-under-dept', 'town-floating'].includes(c))).toEqual([]);
    });

    it('answers 409 for a code that is taken', async () => {
      const taken = await admin.call('POST', '/api/units', { ...newVillage(), code: 'town-jingxi', level: 'town', parentId: byCode('city').id });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('CONFLICT');
    });
  });

  describe('/api/staff', () => {
    it('lists staff with phones masked for a dispatcher and in full for an admin', async () => {
      const asDispatcher = await dispatcher.call<{ items: Member[]; total: number }>('GET', '/api/staff?limit=500');
      const asAdmin = await admin.call<{ items: Member[]; total: number }>('GET', '/api/staff?limit=500');
      expect(asDispatcher.status).toBe(200);
      expect(asDispatcher.body.total).toBeGreaterThanOrEqual(90);
      expect(asDispatcher.body.items).toHaveLength(asDispatcher.body.total);

      const phoneOf = (list: Member[], username: string) => list.find((s) => s.username === username)!.phone;
      expect(phoneOf(asAdmin.body.items, 'dispatcher')).toBe('13800000001');
      expect(phoneOf(asDispatcher.body.items, 'dispatcher')).toBe('138****0001');
      const phones = asDispatcher.body.items.map((s) => s.phone).filter((p): p is string => p !== null);
      expect(phones.length).toBeGreaterThan(80);
      expect(phones.filter((p) => !/^\d{3}\*{4}\d{4}$/.test(p))).toEqual([]);
      expect(JSON.stringify(asAdmin.body)).not.toMatch(/password|scrypt|o_demo_/);
    });

    it('filters by role and unit, and is closed to other roles', async () => {
      const leaders = await dispatcher.call<{ items: Member[]; total: number }>('GET', '/api/staff?role=unit_leader');
      expect(leaders.body.items.map((s) => s.username).sort()).toEqual(['leader-batai', 'leader-jingxi', 'leader-water']);
      const jingxi = await dispatcher.call<{ items: Member[] }>('GET', `/api/staff?unitId=${byCode('town-jingxi').id}`);
      expect(jingxi.body.items.map((s) => s.username).sort()).toEqual(['jingxi', 'leader-jingxi']);
      expect((await dispatcher.call('GET', '/api/staff?role=mayor')).status).toBe(400);

      expect((await handler.call('GET', '/api/staff')).status).toBe(403);
      const inspector = await Staff.login(sut.baseUrl, 'inspector');
      expect((await inspector.call('GET', '/api/staff')).status).toBe(403);
      expect((await fetch(`${sut.baseUrl}/api/staff`)).status).toBe(401);
    });

    it('lets an admin create an account that can log in, and answers 409 for a taken username', async () => {
      const account = { username: 'cadre-jingxi-2', displayName: '王主任（井溪镇）', role: 'handler', unitId: byCode('village-jingxi-2').id, password: 'first-login-9', phone: '13800001234' };
      const created = await admin.call<Member>('POST', '/api/staff', account);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ username: 'cadre-jingxi-2', role: 'handler', unitId: account.unitId, phone: '13800001234', active: true, wechatBound: false });
      expect(JSON.stringify(created.body)).not.toContain('first-login-9');
      await expect(Staff.login(sut.baseUrl, 'cadre-jingxi-2', 'first-login-9')).resolves.toBeInstanceOf(Staff);

      const again = await admin.call('POST', '/api/staff', { ...account, displayName: '另一个人' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'CONFLICT', detail: expect.stringContaining('cadre-jingxi-2') });
      expect((await admin.call('POST', '/api/staff', { ...account, username: 'jingxi' })).status).toBe(409);
    });

    it('refuses others and bad bodies', async () => {
      const account = { username: 'someone-new', displayName: '新人', role: 'handler', unitId: byCode('town-jingxi').id, password: 'long-enough-1' };
      expect((await dispatcher.call('POST', '/api/staff', account)).status).toBe(403);
      expect((await admin.call('POST', '/api/staff', { ...account, password: 'short' })).status).toBe(400);
      expect((await admin.call('POST', '/api/staff', { ...account, role: 'mayor' })).status).toBe(400);
      expect((await admin.call('POST', '/api/staff', { ...account, username: 'has space' })).status).toBe(400);
      const unknownUnit = await admin.call('POST', '/api/staff', { ...account, unitId: '00000000-0000-4000-8000-000000000000' });
      expect(unknownUnit.status).toBe(400);
      expect(unknownUnit.body.detail).toMatch(/unitId: no unit/);
      const names = (await admin.call<{ items: Member[] }>('GET', '/api/staff?limit=500')).body.items.map((s) => s.username);
      expect(names).not.toContain('someone-new');
    });
  });
});
