import { Injectable } from '@nestjs/common';
import { CASE_STATUSES, isOpen, ON_THE_CLOCK_STATUSES, OPEN_STATUSES, slaBounds, type CaseStatus, type SlaColour, type WorkCalendar } from '@msz/domain';
import { DataSource, In } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { AppError } from '../../common/errors/app-error';
import { CaseEntity } from './case.entity';
import { CaseListPins } from './case-list-pins';
import { CasesService } from './cases.service';
import { TimelineEntryEntity } from './timeline-entry.entity';

/** The orders a case list can be read in; each is a keyset (a column, then id) the indexes serve. */
export const CASE_ORDERS = ['newest', 'oldest', 'deadline', 'deadline_desc'] as const;
export type CaseOrder = (typeof CASE_ORDERS)[number];

const ORDER_KEYS: Record<CaseOrder, { column: 'accepted_at' | 'close_by'; dir: 'ASC' | 'DESC' }> = {
  newest: { column: 'accepted_at', dir: 'DESC' },
  oldest: { column: 'accepted_at', dir: 'ASC' },
  deadline: { column: 'close_by', dir: 'ASC' },
  deadline_desc: { column: 'close_by', dir: 'DESC' },
};

export interface CaseListFilter {
  status?: CaseStatus[];
  /** Open cases only (true) or finished ones only (false), as the domain says. */
  open?: boolean;
  order?: CaseOrder;
  limit: number;
  /** Where the previous page ended (its nextCursor). */
  cursor?: string;
  /** Kept for old clients; a cursor is the way to page. */
  offset?: number;
}

export interface CaseListPage {
  items: CaseEntity[];
  /** The listed cases pinned to the top (an emergency not yet acknowledged): they come first. */
  pinned: ReadonlySet<string>;
  /** Counted on the first page only: later pages are read by the index alone. */
  total: number | null;
  nextCursor: string | null;
}

interface Cursor {
  o: CaseOrder;
  /** The last row's key exactly as PostgreSQL wrote it (microseconds kept). */
  k: string;
  id: string;
  /** 1 while the pinned cases are being paged through, 0 once on the rest. */
  p: 0 | 1;
  /** The instant the first page was read: the pins as they were then hold for every later page. */
  t: string;
}

const badCursor = () => new AppError('INVALID_INPUT', '翻页位置不对，请从第一页重新加载');
/** timestamptz as PostgreSQL writes it (2026-12-07 10:00:00.123456+00): nothing else reaches the query. */
const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The statuses a list asks for: its own, narrowed to the open or the finished ones when it says which. */
function statusesOf(filter: CaseListFilter): CaseStatus[] | undefined {
  if (filter.open === undefined) return filter.status;
  return (filter.status?.length ? filter.status : [...CASE_STATUSES]).filter((s) => isOpen(s) === filter.open);
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(raw: string, order: CaseOrder): Cursor {
  let c: Partial<Cursor>;
  try {
    c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Cursor>;
  } catch {
    throw badCursor();
  }
  // A cursor of another order would start the page in the wrong place.
  if (c?.o !== order || typeof c.k !== 'string' || !PG_TIMESTAMPTZ.test(c.k) || typeof c.id !== 'string' || !UUID.test(c.id)) throw badCursor();
  if ((c.p !== 0 && c.p !== 1) || typeof c.t !== 'string' || Number.isNaN(Date.parse(c.t))) throw badCursor();
  return c as Cursor;
}

/** Positional parameters for hand-written SQL ($1, $2, …): values never enter the text. */
class Sql {
  readonly params: unknown[] = [];

  p(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  in(values: readonly string[]): string {
    return values.map((v) => this.p(v)).join(', ');
  }
}

/** The read side of cases: lists in the server's order, page by page, and counts by SQL. */
@Injectable()
export class CaseQueriesService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesService,
    private readonly pins: CaseListPins,
  ) {}

  /**
   * One page of the cases this member of staff may read, in a stable order any depth can reach:
   * pinned cases (emergencies not yet acknowledged) first, then the rest, each in the order asked.
   * Pins are read as they stood at the first page, so acknowledging one meanwhile moves nothing
   * between pages: every case is on exactly one page.
   */
  async list(staff: StaffPrincipal, filter: CaseListFilter): Promise<CaseListPage> {
    const order = filter.order ?? 'newest';
    const { column, dir } = ORDER_KEYS[order];
    const after = filter.cursor ? decodeCursor(filter.cursor, order) : null;
    const offset = after ? 0 : (filter.offset ?? 0);
    const at = after ? new Date(after.t) : new Date();
    const q = new Sql();
    const statuses = statusesOf(filter);
    if (statuses?.length === 0) return { items: [], pinned: new Set(), total: 0, nextCursor: null };
    const arms = this.arms(staff, q, statuses);
    const keyset = after ? ` AND (c.${column}, c.id) ${dir === 'ASC' ? '>' : '<'} (${q.p(after.k)}::timestamptz, ${q.p(after.id)}::uuid)` : '';
    const pinnedIds = this.pins.idsSql(() => `${q.p(at)}::timestamptz`);
    // Each arm reads its own index in order and stops after the page; the union is merged here.
    const armLimit = q.p(filter.limit + 1 + offset);
    const select = (pin: 0 | 1, arm: string, where: string) =>
      `(SELECT ${pin} AS pin, c.id, c.${column} AS key, c.${column}::text AS page_key ${arm}${where} ORDER BY c.${column} ${dir}, c.id ${dir} LIMIT ${armLimit})`;
    const parts = arms.flatMap((arm) => {
      if (!pinnedIds) return [select(0, arm, keyset)];
      const onPinned = !after || after.p === 1;
      return [
        // Past the pinned cases, only the rest is left; on them, the rest starts from its top.
        ...(onPinned ? [select(1, arm, ` AND c.id IN (${pinnedIds})${after ? keyset : ''}`)] : []),
        select(0, arm, ` AND c.id NOT IN (${pinnedIds})${onPinned ? '' : keyset}`),
      ];
    });
    const keys: Array<{ id: string; page_key: string; pin: number }> = await this.ds.query(
      `SELECT id, page_key, pin FROM (${parts.join(' UNION ALL ')}) v ORDER BY pin DESC, key ${dir}, id ${dir} LIMIT ${q.p(filter.limit + 1)} OFFSET ${q.p(offset)}`,
      q.params,
    );
    const more = keys.length > filter.limit;
    const shown = keys.slice(0, filter.limit);
    const [found, total] = await Promise.all([
      shown.length ? this.ds.getRepository(CaseEntity).findBy({ id: In(shown.map((k) => k.id)) }) : Promise.resolve([]),
      after ? Promise.resolve(null) : this.count(staff, statuses),
    ]);
    const byId = new Map(found.map((c) => [c.id, c]));
    const last = shown.at(-1);
    return {
      items: shown.map((k) => byId.get(k.id)).filter((c): c is CaseEntity => c !== undefined),
      pinned: new Set(shown.filter((k) => Number(k.pin) === 1).map((k) => k.id)),
      total,
      nextCursor: more && last ? encodeCursor({ o: order, k: last.page_key, id: last.id, p: Number(last.pin) === 1 ? 1 : 0, t: at.toISOString() }) : null,
    };
  }

  /** Which of these cases are pinned now (for a case's own page). */
  async pinnedAmong(caseIds: readonly string[]): Promise<Set<string>> {
    const q = new Sql();
    const pinnedIds = this.pins.idsSql(() => 'now()');
    if (!pinnedIds || caseIds.length === 0) return new Set();
    const rows: Array<{ id: string }> = await this.ds.query(`SELECT id FROM unnest(${q.p(caseIds)}::uuid[]) AS t(id) WHERE id IN (${pinnedIds})`, q.params);
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Open cases by status and SLA colour, counted in the database over exactly what the case list
   * shows this member of staff, so the dashboard and the lists agree.
   */
  async openCounts(staff: StaffPrincipal, calendar: WorkCalendar, now = new Date()): Promise<{ open: number; byStatus: Record<string, number>; bySla: Record<SlaColour, number> }> {
    const bounds = slaBounds(now, calendar);
    const q = new Sql();
    const union = this.arms(staff, q, OPEN_STATUSES)
      .map((arm) => `SELECT c.status, c.close_by ${arm}`)
      .join(' UNION ALL ');
    const coloured = `status IN (${q.in(ON_THE_CLOCK_STATUSES)})`;
    const [red, orange, yellow] = [q.p(bounds.red), q.p(bounds.orange), q.p(bounds.yellow)];
    // Counted by status and deadline first (deadlines fall at the end of a working day: a few hundred
    // pairs, read in order from the open-count index alone), then coloured, rather than every case tested.
    const share = (where: string) => `coalesce(sum(n) FILTER (WHERE ${coloured} AND ${where}), 0)::int`;
    const rows: Array<{ status: string; n: number } & Record<SlaColour, number>> = await this.ds.query(
      `SELECT status, sum(n)::int AS n,
              ${share(`close_by < ${red}`)} AS red,
              ${share(`close_by >= ${red} AND close_by < ${orange}`)} AS orange,
              ${share(`close_by >= ${orange} AND close_by < ${yellow}`)} AS yellow,
              ${share(`close_by >= ${yellow}`)} AS green
         FROM (SELECT status, close_by, count(*) AS n FROM (${union}) u GROUP BY status, close_by) v GROUP BY status`,
      q.params,
    );
    const byStatus: Record<string, number> = {};
    const bySla: Record<SlaColour, number> = { green: 0, yellow: 0, orange: 0, red: 0 };
    let open = 0;
    for (const r of rows) {
      byStatus[r.status] = r.n;
      open += r.n;
      for (const colour of ['green', 'yellow', 'orange', 'red'] as const) bySla[colour] += r[colour];
    }
    return { open, byStatus, bySla };
  }

  /** The steps of several cases in one query, each case's oldest first. */
  async timelinesOf(caseIds: readonly string[]): Promise<Map<string, TimelineEntryEntity[]>> {
    const byCase = new Map<string, TimelineEntryEntity[]>(caseIds.map((id) => [id, []]));
    if (!caseIds.length) return byCase;
    const entries = await this.ds.getRepository(TimelineEntryEntity).find({ where: { caseId: In([...caseIds]) }, order: { id: 'ASC' } });
    for (const e of entries) byCase.get(e.caseId)?.push(e);
    return byCase;
  }

  private async count(staff: StaffPrincipal, statuses?: readonly CaseStatus[]): Promise<number> {
    const q = new Sql();
    const sum = this.arms(staff, q, statuses)
      .map((arm) => `(SELECT count(*) ${arm})`)
      .join(' + ');
    const [row]: Array<{ n: number }> = await this.ds.query(`SELECT (${sum})::int AS n`, q.params);
    return row.n;
  }

  /**
   * The cases this member of staff may read (the same rule as CasesService.visibleTo), as disjoint
   * FROM … WHERE arms over alias c to join with UNION ALL, each served by its own index: everything
   * for the office; for a unit's staff, their unit's cases, and the ones it co-handles for another lead unit.
   */
  private arms(staff: StaffPrincipal, q: Sql, statuses?: readonly CaseStatus[]): string[] {
    const status = statuses?.length ? ` AND c.status IN (${q.in(statuses)})` : '';
    const unitId = this.cases.scope(staff).unitId;
    if (typeof unitId !== 'string') return [`FROM case_file c WHERE true${status}`];
    const unit = q.p(unitId);
    return [
      `FROM case_file c WHERE c.unit_id = ${unit}${status}`,
      // The co-handled ids first, then those cases by primary key: otherwise the planner may walk
      // every open case by deadline, or scan the whole table, looking for a few hundred of them.
      `FROM case_file c WHERE c.id = ANY(ARRAY(SELECT cu.case_id FROM case_co_unit cu WHERE cu.unit_id = ${unit})) AND c.unit_id IS DISTINCT FROM ${unit}${status}`,
    ];
  }
}
