import { Injectable } from '@nestjs/common';
import { nextDueAt } from '@msz/domain';
import { DataSource, type EntitySubscriberInterface, type InsertEvent, type UpdateEvent } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
import { CaseEntity } from './case.entity';

/** When the case's next periodic step falls due, from its saved state; null for a row without deadlines yet. */
export function dueMomentOf(c: Partial<CaseEntity>, calendar: CalendarService, now = new Date()): Date | null {
  if (!c.status || !c.assignBy || !c.closeBy) return null;
  return nextDueAt(
    { status: c.status, assignBy: c.assignBy, closeBy: c.closeBy, assignedAt: c.assignedAt ?? null, revisitStartedAt: c.revisitStartedAt ?? null, revisitRating: c.revisitRating ?? null },
    now,
    calendar,
  );
}

/**
 * Keeps case_file.next_due_at in step with the case: whenever a case is saved through TypeORM, the
 * moment its next periodic step falls due is computed from the saved state. Writers that bypass the
 * entity (raw SQL) are covered by the table's trigger, which marks the case due now instead.
 */
@Injectable()
export class NextDueSubscriber implements EntitySubscriberInterface<CaseEntity> {
  constructor(
    ds: DataSource,
    private readonly calendar: CalendarService,
  ) {
    ds.subscribers.push(this);
  }

  listenTo(): typeof CaseEntity {
    return CaseEntity;
  }

  beforeInsert(event: InsertEvent<CaseEntity>): void {
    event.entity.nextDueAt = this.compute(event.entity);
  }

  beforeUpdate(event: UpdateEvent<CaseEntity>): void {
    const changed = event.entity as Partial<CaseEntity> | undefined;
    // A partial query-builder update has no whole row to compute from: the trigger takes over.
    if (!changed || !event.databaseEntity) return;
    const row = { ...event.databaseEntity, ...changed } as CaseEntity;
    changed.nextDueAt = this.compute(row);
  }

  private compute(c: Partial<CaseEntity>): Date | null {
    return dueMomentOf(c, this.calendar);
  }
}
