import type { DataSource } from 'typeorm';
import { hashPassword } from '../../common/auth/password';
import { StaffUserEntity, type StaffRole } from './staff-user.entity';
import { UnitEntity, type UnitLevel } from './unit.entity';

/**
 * Sample data for the sandbox and tests. Town names are from the seed article; the people are
 * invented, and the centres are approximate sample coordinates, not surveyed ones.
 */
export const DEMO_UNITS: Array<{ code: string; name: string; level: UnitLevel; parent?: string; center?: [number, number] }> = [
  { code: 'city', name: '万源市民声直达办公室', level: 'city' },
  { code: 'town-jingxi', name: '井溪镇', level: 'town', parent: 'city', center: [32.16, 108.06] },
  { code: 'town-batai', name: '八台镇', level: 'town', parent: 'city', center: [31.92, 107.93] },
  { code: 'dept-water', name: '市水务局', level: 'department', parent: 'city' },
];

export const DEMO_PASSWORD = 'demo1234';

export const DEMO_STAFF: Array<{ username: string; displayName: string; role: StaffRole; unit: string; openid: string | null }> = [
  { username: 'dispatcher', displayName: '王调度', role: 'dispatcher', unit: 'city', openid: 'o_demo_dispatcher' },
  { username: 'jingxi', displayName: '李承办（井溪镇）', role: 'handler', unit: 'town-jingxi', openid: 'o_demo_handler_jingxi' },
  { username: 'batai', displayName: '张承办（八台镇）', role: 'handler', unit: 'town-batai', openid: 'o_demo_handler_batai' },
  { username: 'water', displayName: '赵承办（水务局）', role: 'handler', unit: 'dept-water', openid: 'o_demo_handler_water' },
];

/** Inserts the demo organisation once; running it again changes nothing. */
export async function seedDemo(ds: DataSource): Promise<void> {
  await ds.transaction(async (m) => {
    const units = m.getRepository(UnitEntity);
    const ids = new Map<string, string>();
    for (const u of DEMO_UNITS) {
      const existing = await units.findOneBy({ code: u.code });
      const saved = existing ?? (await units.save(units.create({
          code: u.code,
          name: u.name,
          level: u.level,
          parentId: u.parent ? ids.get(u.parent) : null,
          centerLat: u.center?.[0] ?? null,
          centerLng: u.center?.[1] ?? null,
        })));
      ids.set(u.code, saved.id);
    }
    const staff = m.getRepository(StaffUserEntity);
    for (const s of DEMO_STAFF) {
      if (await staff.existsBy({ username: s.username })) continue;
      await staff.save(
        staff.create({
          username: s.username,
          displayName: s.displayName,
          role: s.role,
          unitId: ids.get(s.unit) as string,
          openid: s.openid,
          passwordHash: await hashPassword(DEMO_PASSWORD),
          active: true,
        }),
      );
    }
  });
}
