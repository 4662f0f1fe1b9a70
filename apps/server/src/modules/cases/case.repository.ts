import { Injectable } from '@nestjs/common';
import { Case, deadlinePolicy, type CaseActor, type CaseChange, type Filing, type CaseRules, type CaseState } from '@msz/domain';
import { type EntityManager, type FindOptionsWhere } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { CaseCoUnitEntity } from './case-co-unit.entity';
import { CaseEvents } from './case-events';
import { CaseEntity } from './case.entity';
import { caseState } from './case.mapper';
import { TimelineEntryEntity } from './timeline-entry.entity';

/** The columns the aggregate owns; the rest of the row (text, resident, place …) is kept as it is. */
type StateColumns = Omit<CaseState, 'coUnitIds'>;
const STATE_COLUMNS: ReadonlyArray<keyof StateColumns> = [
  'status',
  'kind',
  'subItem',
  'urgency',
  'unitId',
  'acceptedAt',
  'assignBy',
  'closeBy',
  'assignedAt',
  'extendedWorkdays',
  'extensionPending',
  'answer',
  'revisitStartedAt',
  'revisitRating',
  'revisitSolved',
  'closedAt',
  'invalidReason',
  'mergedInto',
];

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

/**
 * The one writer of a case, its co-units and its timeline. Services load the aggregate, call it,
 * and hand the change here: the state, the timeline entries and the events are written in the
 * caller's transaction, and the features that react to the events do so in it too.
 */
@Injectable()
export class CaseRepository {
  constructor(
    private readonly calendar: CalendarService,
    private readonly taxonomy: TaxonomyService,
    private readonly events: CaseEvents,
  ) {}

  /** The calendar and the city's deadline classes as they are now. */
  rules(): CaseRules {
    return { calendar: this.calendar, deadlines: deadlinePolicy(this.taxonomy.current()) };
  }

  /** 受理: a new case's change, with the deadlines the city's classes give it. */
  file(filing: Filing, actor: CaseActor): CaseChange {
    return Case.file(filing, actor, this.rules());
  }

  /** A row locked for a change: two staff acting at once are serialised, and the second sees the first's result. */
  lock(m: EntityManager, where: FindOptionsWhere<CaseEntity> | FindOptionsWhere<CaseEntity>[]): Promise<CaseEntity | null> {
    return m.getRepository(CaseEntity).findOne({ where, lock: { mode: 'pessimistic_write' } });
  }

  async coUnitIds(m: EntityManager, caseId: string): Promise<string[]> {
    return (await m.getRepository(CaseCoUnitEntity).findBy({ caseId })).map((u) => u.unitId);
  }

  async aggregate(m: EntityManager, c: CaseEntity): Promise<Case> {
    return Case.from(caseState(c, await this.coUnitIds(m, c.id)), this.rules());
  }

  /** The aggregate for a row read without its co-units, when the action does not look at them. */
  aggregateOf(c: CaseEntity, coUnitIds: readonly string[] = []): Case {
    return Case.from(caseState(c, coUnitIds), this.rules());
  }

  /** A new case: the row (with the columns only the server knows), its first timeline entry and its events. */
  async insert(m: EntityManager, change: CaseChange, rest: Partial<CaseEntity>): Promise<{ saved: CaseEntity; stepIds: string[] }> {
    // The database names a new case: its id is empty until the row exists.
    const { coUnitIds, id: _unnamed, ...state } = change.state;
    const repo = m.getRepository(CaseEntity);
    const saved = await repo.save(repo.create({ ...rest, ...state }));
    if (coUnitIds.length) await m.insert(CaseCoUnitEntity, coUnitIds.map((unitId) => ({ caseId: saved.id, unitId })));
    return { saved, stepIds: await this.record(m, saved, change) };
  }

  /**
   * Writes a change to a case read earlier in this transaction. `rest` carries columns outside the
   * aggregate (a location the resident sent). A step that changes nothing the staff see leaves the
   * row and its version alone, so a member of staff's next action does not meet a needless conflict.
   */
  async save(m: EntityManager, current: CaseEntity, change: CaseChange, rest: Partial<CaseEntity> = {}): Promise<{ saved: CaseEntity; stepIds: string[] }> {
    const { coUnitIds, ...state } = change.state;
    const changed = STATE_COLUMNS.filter((k) => !same(current[k], state[k]));
    const restChanged = Object.keys(rest).length > 0;
    let saved: CaseEntity = current;
    if (restChanged || changed.some((k) => k !== 'extensionPending')) {
      saved = await m.getRepository(CaseEntity).save({ ...current, ...rest, ...state });
    } else if (changed.length) {
      // Whether an extension request waits is bookkeeping for the request, not a change to the case.
      await m.query(`UPDATE case_file SET extension_pending = $2 WHERE id = $1`, [current.id, state.extensionPending]);
      saved = Object.assign(m.getRepository(CaseEntity).create(), current, { extensionPending: state.extensionPending });
    }
    // Only an assignment sets the co-handling units; it replaces them.
    if (change.timeline.some((t) => t.action === 'assign')) {
      await m.delete(CaseCoUnitEntity, { caseId: current.id });
      if (coUnitIds.length) await m.insert(CaseCoUnitEntity, coUnitIds.map((unitId) => ({ caseId: current.id, unitId })));
    }
    return { saved, stepIds: await this.record(m, saved, change) };
  }

  /** Timeline entries in order (insert-only: a trigger refuses updates), then the events that belong to them. */
  private async record(m: EntityManager, c: CaseEntity, change: CaseChange): Promise<string[]> {
    const repo = m.getRepository(TimelineEntryEntity);
    const ids: string[] = [];
    for (const step of change.timeline) {
      const entry = await repo.save(
        repo.create({
          caseId: c.id,
          action: step.action,
          fromStatus: step.fromStatus,
          toStatus: step.toStatus,
          actorKind: step.actor.kind,
          actorId: step.actor.id,
          actorName: step.actor.name,
          note: step.note,
        }),
      );
      ids.push(entry.id);
    }
    await this.events.publish(
      m,
      c,
      change.events.map((event) => ({ event, stepId: ids[event.step], actor: change.timeline[event.step].actor })),
    );
    return ids;
  }
}
