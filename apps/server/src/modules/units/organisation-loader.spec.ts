import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { verifyPassword } from '../../common/auth/password';
import { loadConfig } from '../../config/app-config';
import { createDataSource, migrate } from '../../database/data-source';
import { createScratchDatabase } from '../../database/scratch-database';
import { DEMO_ORG_DIR, DEMO_PASSWORD, seedDemo } from './demo-seed';
import { OrganisationLoadError } from './organisation-files';
import { loadOrganisation, NO_PASSWORD } from './organisation-loader';
import { StaffUserEntity } from './staff-user.entity';
import { UnitEntity } from './unit.entity';

/** A fresh database on the server named by DATABASE_URL, or an in-memory PGlite. */
async function freshDatabase(): Promise<{ ds: DataSource; close(): Promise<void> }> {
  const server = loadConfig().databaseUrl;
  const scratch = server ? await createScratchDatabase(server) : null;
  const ds = await createDataSource({ url: scratch?.url, dataDir: null });
  await ds.initialize();
  await migrate(ds, Boolean(scratch));
  return {
    ds,
    async close() {
      await ds.destroy();
      await scratch?.drop();
    },
  };
}

function folder(files: { units?: unknown; staff?: unknown }): string {
  const dir = mkdtempSync(join(tmpdir(), 'msz-org-'));
  if (files.units !== undefined) writeFileSync(join(dir, 'units.json'), JSON.stringify(files.units));
  if (files.staff !== undefined) writeFileSync(join(dir, 'staff.json'), JSON.stringify(files.staff));
  return dir;
}

const SMALL_UNITS = [
  { code: 'city', name: '测试市指挥中心', level: 'city' },
  { code: 'region-a', name: '甲片区分中心', level: 'region', parent: 'city' },
  // Listed before its parent: order in the file does not matter.
  { code: 'village-a-1', name: '一村', level: 'village', parent: 'town-a', center: { lat: 32.12, lng: 108.12 }, sample: true },
  { code: 'town-a', name: '甲镇', level: 'town', parent: 'region-a', supervisor: 'boss', center: { lat: 32.1, lng: 108.1 } },
  { code: 'dept-roads', name: '市交通局', level: 'department', parent: 'city', supervisor: 'boss' },
  { code: 'dept-roads-police', name: '市交警大队', level: 'department', parent: 'dept-roads' },
];
const SMALL_STAFF = [
  { username: 'boss', displayName: '甲副市长', role: 'city_leader', unit: 'city', initialPassword: 'correct-horse-1' },
  { username: 'handler-a', displayName: '甲镇承办', role: 'handler', unit: 'town-a', openid: 'o_handler_a', phone: '13800009999' },
];

describe('loadOrganisation', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let ds: DataSource;

  beforeAll(async () => {
    db = await freshDatabase();
    ds = db.ds;
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await ds.query('DELETE FROM staff_user');
    await ds.query('DELETE FROM unit');
  });

  const units = () => ds.getRepository(UnitEntity).find({ order: { code: 'ASC' } });
  const staff = () => ds.getRepository(StaffUserEntity).find({ order: { username: 'ASC' } });
  const unit = (code: string) => ds.getRepository(UnitEntity).findOneByOrFail({ code });
  const member = (username: string) => ds.getRepository(StaffUserEntity).findOneByOrFail({ username });

  it('loads a small folder, resolving parents and supervisors by code and username', async () => {
    const report = await loadOrganisation(ds, folder({ units: SMALL_UNITS, staff: SMALL_STAFF }), { update: false });

    expect(report).toEqual({
      units: { inserted: 6, updated: 0, unchanged: 0 },
      staff: { inserted: 2, updated: 0, unchanged: 0, withoutPassword: 1 },
    });
    const [city, region, town, village, dept, police] = await Promise.all(
      ['city', 'region-a', 'town-a', 'village-a-1', 'dept-roads', 'dept-roads-police'].map(unit),
    );
    const boss = await member('boss');
    expect(city).toMatchObject({ level: 'city', parentId: null, sample: false });
    expect(region.parentId).toBe(city.id);
    expect(town).toMatchObject({ parentId: region.id, supervisorId: boss.id, centerLat: 32.1, centerLng: 108.1, sample: false });
    expect(village).toMatchObject({ parentId: town.id, supervisorId: null, sample: true, centerLat: 32.12 });
    expect(dept.supervisorId).toBe(boss.id);
    expect(police.parentId).toBe(dept.id);

    const handler = await member('handler-a');
    expect(handler).toMatchObject({ role: 'handler', unitId: town.id, openid: 'o_handler_a', phone: '13800009999', active: true });
    expect(boss).toMatchObject({ role: 'city_leader', unitId: city.id, openid: null, phone: null });
    expect(await verifyPassword('correct-horse-1', boss.passwordHash)).toBe(true);
    expect(boss.passwordHash).not.toContain('correct-horse-1');
    // No initialPassword: the account exists but no password opens it.
    expect(handler.passwordHash).toBe(NO_PASSWORD);
    expect(await verifyPassword('', handler.passwordHash)).toBe(false);
  });

  it('is idempotent: loading the same folder again changes nothing', async () => {
    const dir = folder({ units: SMALL_UNITS, staff: SMALL_STAFF });
    await loadOrganisation(ds, dir, { update: false });
    const [unitsBefore, staffBefore] = [await units(), await staff()];

    const again = await loadOrganisation(ds, dir, { update: false });
    expect(again).toEqual({ units: { inserted: 0, updated: 0, unchanged: 6 }, staff: { inserted: 0, updated: 0, unchanged: 2, withoutPassword: 0 } });
    // With --update too: the files already describe the database.
    const updated = await loadOrganisation(ds, dir, { update: true });
    expect(updated.units).toEqual({ inserted: 0, updated: 0, unchanged: 6 });
    expect(updated.staff).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    expect(await units()).toEqual(unitsBefore);
    expect(await staff()).toEqual(staffBefore);
  });

  it('refuses a file with an unknown parent, naming file, record and field, and loads nothing', async () => {
    const broken = [...SMALL_UNITS, { code: 'town-b', name: '乙镇', level: 'town', parent: 'region-nowhere' }];
    const load = loadOrganisation(ds, folder({ units: broken, staff: SMALL_STAFF }), { update: false });

    await expect(load).rejects.toBeInstanceOf(OrganisationLoadError);
    await expect(load).rejects.toThrow('units.json record 7 (code "town-b"): parent: unknown unit code "region-nowhere"');
    expect(await units()).toEqual([]);
    expect(await staff()).toEqual([]);
  });

  it('lists every problem of every record at once, and never repeats a password', async () => {
    const badUnits = [
      { code: 'city', name: '测试市', level: 'city' },
      { code: 'Town B', name: '', level: 'hamlet', parnet: 'city', center: { lat: 95, lng: 108 } },
      { code: 'town-c', name: '丙镇', level: 'town', parent: 'city', supervisor: 'clerk' },
      { code: 'village-c', name: '丙村', level: 'village', parent: 'city' },
      { code: 'town-c', name: '丙镇（重复）', level: 'town', parent: 'city' },
    ];
    const badStaff = [
      { username: 'clerk', displayName: '办事员', role: 'handler', unit: 'town-c' },
      { username: 'ghost', displayName: '无单位', role: 'handler', unit: 'town-zz' },
      { username: 'weak', displayName: '弱密码', role: 'admin', unit: 'city', initialPassword: 'abc' },
    ];
    const err: OrganisationLoadError = await loadOrganisation(ds, folder({ units: badUnits, staff: badStaff }), { update: false }).catch((e) => e);

    expect(err).toBeInstanceOf(OrganisationLoadError);
    expect(err.problems).toEqual(
      expect.arrayContaining([
        'units.json record 2 (code "Town B"): parnet: unknown field (known: code, name, level, parent, supervisor, center, sample, elderly)',
        expect.stringMatching(/^units\.json record 2 \(code "Town B"\): code: .*malformed/),
        'units.json record 2 (code "Town B"): name: must be a non-empty string',
        expect.stringMatching(/^units\.json record 2 \(code "Town B"\): level: must be one of .* \(got "hamlet"\)$/),
        'units.json record 2 (code "Town B"): center.lat: must be a latitude between -90 and 90',
        'units.json: code "town-c" appears 2 times',
        'units.json record 3 (code "town-c"): supervisor: "clerk" is a handler, not a city_leader',
        expect.stringMatching(/^units\.json record 4 \(code "village-c"\): parent: "city" is a city; a village cannot be under a city/),
        'staff.json record 2 (username "ghost"): unit: unknown unit code "town-zz" (not in units.json nor in the database)',
        'staff.json record 3 (username "weak"): initialPassword: must be a string of 8 to 128 characters',
      ]),
    );
    expect(err.message).not.toContain('abc');
    expect(await units()).toEqual([]);
  });

  it('refuses a cycle among departments and a level that differs from the database', async () => {
    await loadOrganisation(ds, folder({ units: SMALL_UNITS, staff: SMALL_STAFF }), { update: false });
    const cycle = [
      { code: 'dept-x', name: 'X', level: 'department', parent: 'dept-y' },
      { code: 'dept-y', name: 'Y', level: 'department', parent: 'dept-x' },
      { code: 'town-a', name: '甲镇', level: 'village', parent: 'town-a' },
    ];
    const err: OrganisationLoadError = await loadOrganisation(ds, folder({ units: cycle }), { update: true }).catch((e) => e);
    expect(err.problems).toEqual(
      expect.arrayContaining([
        'units.json record 1 (code "dept-x"): parent: makes a cycle dept-x → dept-y → dept-x',
        'units.json record 3 (code "town-a"): level: the unit exists as a town; a unit\'s level cannot change',
        'units.json record 3 (code "town-a"): parent: a unit cannot be its own parent',
      ]),
    );
    expect((await units()).map((u) => u.code)).not.toContain('dept-x');
  });

  it('adds to what is loaded: a later folder may name parents and supervisors already in the database', async () => {
    await loadOrganisation(ds, folder({ units: SMALL_UNITS, staff: SMALL_STAFF }), { update: false });
    const report = await loadOrganisation(
      ds,
      folder({ units: [{ code: 'village-a-2', name: '二村', level: 'village', parent: 'town-a' }, { code: 'town-z', name: '丁镇', level: 'town', parent: 'city', supervisor: 'boss' }] }),
      { update: false },
    );
    expect(report.units.inserted).toBe(2);
    expect((await unit('village-a-2')).parentId).toBe((await unit('town-a')).id);
    expect((await unit('town-z')).supervisorId).toBe((await member('boss')).id);
  });

  it('changes names (and more) only with update, and never a password', async () => {
    await loadOrganisation(ds, folder({ units: SMALL_UNITS, staff: SMALL_STAFF }), { update: false });
    const bossBefore = await member('boss');
    const renamedUnits = SMALL_UNITS.map((u) =>
      u.code === 'town-a' ? { ...u, name: '甲镇（新）', parent: 'city', supervisor: null, center: { lat: 32.2, lng: 108.2 } } : u,
    );
    const renamedStaff = SMALL_STAFF.map((s) =>
      s.username === 'boss' ? { ...s, displayName: '甲市长', initialPassword: 'another-pass-2' } : { ...s, phone: null, active: false },
    );
    const dir = folder({ units: renamedUnits, staff: renamedStaff });

    const without = await loadOrganisation(ds, dir, { update: false });
    expect(without.units.updated + without.staff.updated).toBe(0);
    expect((await unit('town-a')).name).toBe('甲镇');

    const withUpdate = await loadOrganisation(ds, dir, { update: true });
    expect(withUpdate.units).toEqual({ inserted: 0, updated: 1, unchanged: 5 });
    expect(withUpdate.staff).toMatchObject({ inserted: 0, updated: 2, unchanged: 0 });
    expect(await unit('town-a')).toMatchObject({ name: '甲镇（新）', parentId: (await unit('city')).id, supervisorId: null, centerLat: 32.2, centerLng: 108.2 });
    expect(await member('handler-a')).toMatchObject({ phone: null, active: false, openid: 'o_handler_a' });
    const boss = await member('boss');
    expect(boss.displayName).toBe('甲市长');
    expect(boss.passwordHash).toBe(bossBefore.passwordHash);
  });

  it('seeds the demo organisation once, with the demo password', async () => {
    await seedDemo(ds);
    const first = { units: await units(), staff: await staff() };
    expect(first.units).toHaveLength(176);
    expect(first.staff).toHaveLength(90);
    expect(await verifyPassword(DEMO_PASSWORD, (await member('leader-jingxi')).passwordHash)).toBe(true);

    await seedDemo(ds);
    expect(await units()).toEqual(first.units);
    expect(await staff()).toEqual(first.staff);
    expect(DEMO_ORG_DIR).toMatch(/apps[/\\]server[/\\]data[/\\]org$/);
  });

  it('leaves rows changed since the demo seed alone', async () => {
    await seedDemo(ds);
    await ds.getRepository(UnitEntity).update({ code: 'town-jingxi' }, { name: '井溪镇（已改名）' });
    await ds.getRepository(StaffUserEntity).delete({ username: 'leader-sun' });
    await seedDemo(ds);
    expect((await unit('town-jingxi')).name).toBe('井溪镇（已改名）');
    expect(await member('leader-sun')).toMatchObject({ role: 'city_leader' });
  });
});
