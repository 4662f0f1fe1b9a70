import type { StaffPrincipal } from '../../common/auth/principal';
import { AppError } from '../../common/errors/app-error';
import type { StaffRole } from '../units/staff-user.entity';

/** The office and leaders read every village's points; a village's own cadres read and write theirs. */
const READ_ALL: readonly StaffRole[] = ['dispatcher', 'city_leader', 'admin'];
const VILLAGE_CADRES: readonly StaffRole[] = ['handler', 'unit_leader'];

export const readsAllVillages = (staff: StaffPrincipal): boolean => READ_ALL.includes(staff.role);

/** Awards, redemptions, households and goods of a village: its own cadres only (least privilege; the office reads). */
export function assertVillageWriter(staff: StaffPrincipal, villageId: string): void {
  if (staff.role === 'admin') return;
  if (!VILLAGE_CADRES.includes(staff.role) || staff.unitId !== villageId) throw new AppError('FORBIDDEN', 'only the village’s own cadres record its points');
}

export function assertVillageReader(staff: StaffPrincipal, villageId: string): void {
  if (readsAllVillages(staff)) return;
  if (!VILLAGE_CADRES.includes(staff.role) || staff.unitId !== villageId) throw new AppError('FORBIDDEN', 'another village’s points');
}
