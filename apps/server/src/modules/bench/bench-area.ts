import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { UnitEntity } from '../units/unit.entity';

/** Every village ('all'), or these villages. */
export type Area = 'all' | readonly string[];

/**
 * Whose meetings a member of staff works on: a village's cadres and handlers their village, a
 * town's staff the town's villages; the office, city leaders, inspectors and admins read every
 * meeting (they record none: the routes' roles say so).
 */
@Injectable()
export class BenchArea {
  constructor(private readonly ds: DataSource) {}

  async of(staff: StaffPrincipal): Promise<Area> {
    switch (staff.role) {
      case 'dispatcher':
      case 'city_leader':
      case 'inspector':
      case 'admin':
        return 'all';
      case 'handler':
      case 'unit_leader':
        return this.villagesOf(staff.unitId);
    }
  }

  /** The villages the staff's own unit covers (none for a department). */
  async villagesOf(unitId: string): Promise<string[]> {
    const units = this.ds.getRepository(UnitEntity);
    const unit = await units.findOneBy({ id: unitId });
    if (unit?.level === 'village') return [unit.id];
    if (unit?.level === 'town') return (await units.find({ where: { parentId: unit.id, level: 'village' }, select: { id: true } })).map((u) => u.id);
    return [];
  }

  /** May this member of staff record things for meetings in this village? */
  async canRecord(staff: StaffPrincipal, villageUnitId: string): Promise<boolean> {
    if (staff.role === 'admin') return true;
    if (staff.role !== 'handler' && staff.role !== 'unit_leader') return false;
    return (await this.villagesOf(staff.unitId)).includes(villageUnitId);
  }
}

export const inArea = (area: Area, villageUnitId: string): boolean => area === 'all' || area.includes(villageUnitId);
