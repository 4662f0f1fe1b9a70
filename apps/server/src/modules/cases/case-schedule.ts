import { Injectable, type OnModuleInit } from '@nestjs/common';
import { nextDueAfter } from '@msz/domain';
import { DataSource, In, type EntityManager } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
import { CaseEntity } from './case.entity';

/**
 * Each open case's next due moment (case_file.next_due_at), the one place that claims and stores
 * it: the periodic jobs ask here for what is due, so no other module writes the case's table.
 */
@Injectable()
export class CaseSchedule implements OnModuleInit {
  constructor(
    private readonly ds: DataSource,
    private readonly calendar: CalendarService,
  ) {}

  onModuleInit(): void {
    // Moments in or near a changed year may move: those cases are due for a fresh look by the next pass.
    this.calendar.onYearChanged((m, from) => this.recheckFrom(m, from));
  }

  /** Takes up to `batch` due cases out of every instance's sight for the lease, and returns them. */
  async claimDue(now: Date, batch: number, leaseSeconds: number): Promise<CaseEntity[]> {
    const [rows] = (await this.ds.query(
      `UPDATE case_file SET next_due_at = $1::timestamptz + make_interval(secs => $3)
       WHERE id IN (SELECT id FROM case_file WHERE next_due_at <= $1 ORDER BY next_due_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [now, batch, leaseSeconds],
    )) as [Array<{ id: string }>, number];
    if (rows.length === 0) return [];
    return this.ds.getRepository(CaseEntity).findBy({ id: In(rows.map((r) => r.id)) });
  }

  /**
   * Stores each case's next moment after `now`, unless the case changed since it was read: that
   * change has already stored a moment computed from the newer state.
   */
  async reschedule(cases: readonly CaseEntity[], now: Date): Promise<void> {
    if (cases.length === 0) return;
    await this.ds.query(
      `UPDATE case_file c SET next_due_at = v.due
       FROM unnest($1::uuid[], $2::int[], $3::timestamptz[]) AS v(id, version, due)
       WHERE c.id = v.id AND c.version = v.version`,
      [cases.map((c) => c.id), cases.map((c) => c.version), cases.map((c) => nextDueAfter(c, now, this.calendar))],
    );
  }

  private async recheckFrom(m: EntityManager, from: Date): Promise<void> {
    await m.query(`UPDATE case_file SET next_due_at = 'epoch' WHERE next_due_at >= $1`, [from]);
  }
}
