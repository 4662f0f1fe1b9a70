import { Injectable } from '@nestjs/common';
import { Case, deadlinePolicy, timelineContentHash, timelineLinkSql, type CaseActor, type CaseChange, type Filing, type CaseRules, type CaseState } from '@msz/domain';
import { type EntityManager, type FindOptionsWhere } from 'typeorm';
import { entityFromJson, insertValues, queryPrepared, StatementParams } from '../../common/database/one-statement';
import { CalendarService } from '../calendar/calendar.service';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { CaseCoUnitEntity } from './case-co-unit.entity';
import { CaseEvents } from './case-events';
import { dueMomentOf } from './next-due.subscriber';
import { CaseEntity } from './case.entity';
import { caseState } from './case.mapper';

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

/**
 * What rides along with a case write in the same statement: CTEs of other tables (each a
 * `name AS (…)`), given the name of the CTE that returns the case row.
 */
export interface AlongsideCase {
  readonly p: StatementParams;
  readonly ctes: (caseCte: string, draft: CaseEntity) => string[];
}

/** A case filed in one statement: null when the guard held it back (the caller's row in `extra` says why). */
export interface FiledInOneStatement {
  readonly saved: CaseEntity | null;
  readonly stepIds: string[];
  /** The statement's own columns: whatever the guard and the CTEs alongside chose to return. */
  readonly extra: Record<string, unknown>;
}

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
    const { coUnitIds } = change.state;
    const saved = await m.getRepository(CaseEntity).save(this.newRow(m, change, rest));
    if (coUnitIds.length) await m.insert(CaseCoUnitEntity, coUnitIds.map((unitId) => ({ caseId: saved.id, unitId })));
    return { saved, stepIds: await this.record(m, saved, change) };
  }

  /** A new case's row, for both ways of inserting it: the aggregate's state over the columns only the server knows. */
  private newRow(m: EntityManager, change: CaseChange, rest: Partial<CaseEntity>): CaseEntity {
    // The database names a new case: its id is empty until the row exists.
    const { coUnitIds: _apart, id: _unnamed, ...state } = change.state;
    const row = m.getRepository(CaseEntity).create({ ...rest, ...state, ...('number' in rest ? { number: rest.number } : {}) });
    // Set here too, for the one-statement filing that bypasses the entity subscriber.
    row.nextDueAt = dueMomentOf(row, this.calendar);
    return row;
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

  /**
   * A new case, its first timeline entry and whatever rides along, in one statement (the chat's
   * filing path). `numberSql` names the case in the statement (a sequence); `guardSql` (a boolean,
   * may read the CTEs in `before`) holds the case back, and nothing is written for the case then;
   * `extraSql` adds columns to the statement's row. No co-units here: a new case has none.
   */
  async insertInOneStatement(
    m: EntityManager,
    change: CaseChange,
    rest: Partial<CaseEntity>,
    opts: AlongsideCase & { numberSql: string; before: string[]; guardSql: string; extraSql: string },
  ): Promise<FiledInOneStatement> {
    const { p } = opts;
    const metadata = m.connection.getMetadata(CaseEntity);
    const draft = this.newRow(m, change, { ...rest, number: undefined });
    const row = insertValues(metadata, draft, p);
    const sql = `
      WITH ${opts.before.map((c) => `${c},`).join('\n')}
      filed AS (
        INSERT INTO case_file (${row.columns}, number)
        SELECT ${row.values}, ${opts.numberSql} WHERE ${opts.guardSql}
        RETURNING *
      ),
      ${this.stepsSql('filed', change, p)}
      ${opts.ctes('filed', draft).map((c) => `, ${c}`).join('\n')}
      SELECT (SELECT row_to_json(filed) FROM filed) AS filed, (SELECT array_agg(id ORDER BY id) FROM steps) AS step_ids, ${opts.extraSql}`;
    const [out] = await queryPrepared<{ filed: Record<string, unknown> | null; step_ids: Array<string | number> | null } & Record<string, unknown>>(m, sql, p.values);
    const { filed, step_ids, ...extra } = out;
    if (!filed) return { saved: null, stepIds: [], extra };
    const saved = entityFromJson(m, CaseEntity, filed);
    const stepIds = (step_ids ?? []).map(String);
    await this.publish(m, saved, change, stepIds);
    return { saved, stepIds, extra };
  }

  /**
   * Timeline entries that change nothing the aggregate owns (more from the resident), with columns
   * outside it and whatever rides along, in one statement. Any other change goes through save().
   */
  async appendInOneStatement(m: EntityManager, current: CaseEntity, change: CaseChange, rest: Partial<CaseEntity>, along: AlongsideCase): Promise<{ saved: CaseEntity; stepIds: string[] } | null> {
    const { coUnitIds: _kept, ...state } = change.state;
    if (STATE_COLUMNS.some((k) => !same(current[k], state[k])) || change.timeline.some((t) => t.action === 'assign')) return null;
    const { p } = along;
    const metadata = m.connection.getMetadata(CaseEntity);
    const sets = Object.entries(rest)
      .filter(([, v]) => v !== undefined)
      .map(([key, value]) => `"${metadata.findColumnWithPropertyName(key)!.databaseName}" = ${p.of(value)}`);
    // Columns outside the aggregate change the row (its version too, as save() would); a bare step leaves it.
    const target = sets.length
      ? `target AS (UPDATE case_file SET ${sets.join(', ')}, updated_at = now(), version = version + 1 WHERE id = ${p.of(current.id)} RETURNING *)`
      : `target AS (SELECT ${p.of(current.id)}::uuid AS id)`;
    const sql = `
      WITH ${target},
      ${this.stepsSql('target', change, p)}
      ${along.ctes('target', current).map((c) => `, ${c}`).join('\n')}
      SELECT ${sets.length ? '(SELECT row_to_json(target) FROM target)' : 'NULL'} AS saved, (SELECT array_agg(id ORDER BY id) FROM steps) AS step_ids`;
    const [out] = await queryPrepared<{ saved: Record<string, unknown> | null; step_ids: Array<string | number> | null }>(m, sql, p.values);
    const saved = out.saved ? entityFromJson(m, CaseEntity, out.saved) : current;
    const stepIds = (out.step_ids ?? []).map(String);
    await this.publish(m, saved, change, stepIds);
    return { saved, stepIds };
  }

  /**
   * `steps AS (INSERT … RETURNING id)`: the change's timeline entries for the case in the CTE named,
   * each with its content hash and its link in the case's chain (防篡改). The links are computed in
   * the same INSERT: the first step links to the case's last entry, each later step to the one before.
   */
  private stepsSql(caseCte: string, change: CaseChange, p: StatementParams, at = new Date()): string {
    const contents = change.timeline.map((step) =>
      timelineContentHash({ action: step.action, fromStatus: step.fromStatus, toStatus: step.toStatus, actorKind: step.actor.kind, actorId: step.actor.id, actorName: step.actor.name, note: step.note, at }),
    );
    const atSql = `${p.of(at)}::timestamptz`;
    const rows = change.timeline.map(
      (step, i) =>
        `(${i}, ${p.of(step.action)}, ${p.of(step.fromStatus)}, ${p.of(step.toStatus)}, ${p.of(step.actor.kind)}, ${p.of(step.actor.id)}, ${p.of(step.actor.name)}, ${p.of(step.note)}, ${p.of(contents[i])})`,
    );
    // links[i] is the link of step i - 1 (links[0] the case's head before this change).
    const links = [`(SELECT t.hash FROM case_timeline t WHERE t.case_id = c.id ORDER BY t.id DESC LIMIT 1)`];
    for (let i = 0; i < contents.length; i++) links.push(timelineLinkSql('c.id', links[i], `${p.of(contents[i])}::text`));
    const byStep = (of: (i: number) => string) => (contents.length === 1 ? of(0) : `CASE s.ord ${contents.map((_, i) => `WHEN ${i} THEN ${of(i)}`).join(' ')} END`);
    // Inserted in the change's order; identity values rise with it, so ordering by id gives the steps back in order.
    return `steps AS (
        INSERT INTO case_timeline (case_id, action, from_status, to_status, actor_kind, actor_id, actor_name, note, at, content_hash, prev_hash, hash)
        SELECT c.id, s.action, s.from_status, s.to_status, s.actor_kind, s.actor_id, s.actor_name, s.note, ${atSql}, s.content_hash,
               ${byStep((i) => links[i])}, ${byStep((i) => links[i + 1])}
          FROM ${caseCte} c, (VALUES ${rows.join(', ')}) AS s(ord, action, from_status, to_status, actor_kind, actor_id, actor_name, note, content_hash)
         ORDER BY s.ord
        RETURNING id
      )`;
  }

  private async publish(m: EntityManager, c: CaseEntity, change: CaseChange, stepIds: readonly string[]): Promise<void> {
    await this.events.publish(
      m,
      c,
      change.events.map((event) => ({ event, stepId: stepIds[event.step], actor: change.timeline[event.step].actor })),
    );
  }

  /** Timeline entries in order, chained, in one statement (insert-only: a trigger refuses updates), then the events that belong to them. */
  private async record(m: EntityManager, c: CaseEntity, change: CaseChange): Promise<string[]> {
    if (change.timeline.length === 0) return [];
    const p = new StatementParams();
    const sql = `WITH target AS (SELECT ${p.of(c.id)}::uuid AS id), ${this.stepsSql('target', change, p)} SELECT array_agg(id ORDER BY id) AS step_ids FROM steps`;
    const [out] = await queryPrepared<{ step_ids: Array<string | number> | null }>(m, sql, p.values);
    const ids = (out.step_ids ?? []).map(String);
    await this.publish(m, c, change, ids);
    return ids;
  }
}
