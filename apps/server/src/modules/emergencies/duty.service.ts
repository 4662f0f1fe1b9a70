import { Injectable } from '@nestjs/common';
import { chinaDate, dispatchersOnDuty } from '@msz/domain';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { AppError } from '../../common/errors/app-error';
import { StaffUserEntity } from '../units/staff-user.entity';
import { DutyShiftEntity } from './duty-shift.entity';

export interface DutyDay {
  day: string;
  /** Every active dispatcher, and whether an emergency today goes to them. */
  dispatchers: Array<{ id: string; displayName: string; rostered: boolean; alerted: boolean }>;
  /** Nobody who can act is on the roster: every active dispatcher is alerted. */
  fallback: boolean;
}

/** 值班: who of the office hears of an emergency on a given Beijing day. */
@Injectable()
export class DutyService {
  constructor(private readonly ds: DataSource) {}

  /** The dispatchers an emergency raised at `at` goes to (never nobody while the office has an active dispatcher). */
  async onDuty(m: EntityManager, at: Date): Promise<StaffUserEntity[]> {
    // Both on the caller's transaction, issued together: its connection runs them in turn, and a
    // pipelining one (a batch of chat messages) sends them in one write.
    const [dispatchers, rostered] = await Promise.all([
      m.getRepository(StaffUserEntity).find({ where: { role: 'dispatcher' }, order: { username: 'ASC' } }),
      m.getRepository(DutyShiftEntity).findBy({ day: chinaDate(at) }),
    ]);
    return dispatchersOnDuty(
      rostered.map((r) => r.staffId),
      dispatchers,
    );
  }

  async day(day: string): Promise<DutyDay> {
    const m = this.ds.manager;
    const dispatchers = await m.getRepository(StaffUserEntity).find({ where: { role: 'dispatcher', active: true }, order: { username: 'ASC' } });
    const rostered = new Set((await m.getRepository(DutyShiftEntity).findBy({ day })).map((r) => r.staffId));
    const alerted = new Set(dispatchersOnDuty([...rostered], dispatchers).map((d) => d.id));
    return {
      day,
      dispatchers: dispatchers.map((d) => ({ id: d.id, displayName: d.displayName, rostered: rostered.has(d.id), alerted: alerted.has(d.id) })),
      fallback: !dispatchers.some((d) => rostered.has(d.id)),
    };
  }

  /** Replaces the day's roster; everyone named must be an active dispatcher. An empty list means everybody again. */
  async setDay(staff: StaffPrincipal, day: string, staffIds: readonly string[]): Promise<DutyDay> {
    const wanted = [...new Set(staffIds)];
    await this.ds.transaction(async (m) => {
      const found = wanted.length ? await m.getRepository(StaffUserEntity).findBy({ id: In(wanted), role: 'dispatcher', active: true }) : [];
      const missing = wanted.filter((id) => !found.some((s) => s.id === id));
      if (missing.length) throw new AppError('INVALID_INPUT', `只能安排在岗的调度员值班（${missing.length}人不是）`);
      await m.delete(DutyShiftEntity, { day });
      if (wanted.length) await m.insert(DutyShiftEntity, wanted.map((staffId) => ({ day, staffId, setBy: staff.id })));
    });
    return this.day(day);
  }
}
