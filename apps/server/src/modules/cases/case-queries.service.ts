import { Injectable } from '@nestjs/common';
import { CASE_STATUSES, isOpen, slaBounds, type CaseStatus, type SlaColour, type WorkCalendar } from '@msz/domain';
import { DataSource, In, type SelectQueryBuilder } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { AppError } from '../../common/errors/app-error';
import { CaseEntity } from './case.entity';
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

export const OPEN_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter(isOpen);
/** Open cases that wait on the unit and so carry an SLA colour (an answered case waits on the resident). */
export const COLOURED_STATUSES: readonly CaseStatus[] = OPEN_STATUSES.filter((s) => s !== 'answered' && s !== 'revisiting');

export interface CaseListFilter {
  status?: CaseStatus[];
  order?: CaseOrder;
  limit: number;
  /** Where the previous page ended (its nextCursor). */
  cursor?: string;
  /** Kept for old clients; a cursor is the way to page. */
  offset?: number;
}

export interface CaseListPage {
  items: CaseEntity[];
  /** Counted on the first page only: later pages are read by the index alone. */
  total: number | null;
  nextCursor: string | null;
}

interface Cursor {
  o: CaseOrder;
  /** The last row's key exactly as PostgreSQL wrote it (microseconds kept). */
  k: string;
  id: string;
}

const badCursor = () => new AppError('INVALID_INPUT', '翻页位置不对，请从第一页重新加载');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  if (c?.o !== order || typeof c.k !== 'string' || Number.isNaN(Date.parse(c.k)) || typeof c.id !== 'string' || !UUID.test(c.id)) throw badCursor();
  return c as Cursor;
}

/** The read side of cases: lists in the server's order, page by page, and counts by SQL. */
@Injectable()
export class CaseQueriesService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesService,
  ) {}

  /** One page of the cases this member of staff may read, in a stable order any depth can reach. */
  async list(staff: StaffPrincipal, filter: CaseListFilter): Promise<CaseListPage> {
    const order = filter.order ?? 'newest';
    const { column, dir } = ORDER_KEYS[order];
    const base = () => this.visible(staff, filter.status);
    const page = base()
      .addSelect(`c.${column}::text`, 'page_key')
      .orderBy(`c.${column}`, dir)
      .addOrderBy('c.id', dir)
      .limit(filter.limit + 1);
    if (filter.cursor) {
      const after = decodeCursor(filter.cursor, order);
      page.andWhere(`(c.${column}, c.id) ${dir === 'ASC' ? '>' : '<'} (CAST(:key AS timestamptz), CAST(:afterId AS uuid))`, { key: after.k, afterId: after.id });
    } else if (filter.offset) {
      page.offset(filter.offset);
    }
    const [{ entities, raw }, total] = await Promise.all([
      page.getRawAndEntities<{ page_key: string }>(),
      filter.cursor ? Promise.resolve(null) : base().getCount(),
    ]);
    const more = entities.length > filter.limit;
    const items = entities.slice(0, filter.limit);
    const last = items.at(-1);
    return {
      items,
      total,
      nextCursor: more && last ? encodeCursor({ o: order, k: raw[items.length - 1].page_key, id: last.id }) : null,
    };
  }

  /**
   * Open cases by status and SLA colour, counted in the database over exactly what the case list
   * shows this member of staff, so the dashboard and the lists agree.
   */
  async openCounts(staff: StaffPrincipal, calendar: WorkCalendar, now = new Date()): Promise<{ open: number; byStatus: Record<string, number>; bySla: Record<SlaColour, number> }> {
    const bounds = slaBounds(now, calendar);
    const coloured = `c.status IN (:...coloured)`;
    const rows = await this.visible(staff, [...OPEN_STATUSES])
      .select('c.status', 'status')
      .addSelect('count(*)::int', 'n')
      .addSelect(`(count(*) FILTER (WHERE ${coloured} AND c.close_by < :red))::int`, 'red')
      .addSelect(`(count(*) FILTER (WHERE ${coloured} AND c.close_by >= :red AND c.close_by < :orange))::int`, 'orange')
      .addSelect(`(count(*) FILTER (WHERE ${coloured} AND c.close_by >= :orange AND c.close_by < :yellow))::int`, 'yellow')
      .addSelect(`(count(*) FILTER (WHERE ${coloured} AND c.close_by >= :yellow))::int`, 'green')
      .setParameters({ coloured: COLOURED_STATUSES, ...bounds })
      .groupBy('c.status')
      .getRawMany<{ status: string; n: number } & Record<SlaColour, number>>();
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

  /**
   * The cases this member of staff may read (the same rule as CasesService.visibleTo): everything
   * for the office, or for a unit's staff their unit's cases and the ones it co-handles.
   */
  private visible(staff: StaffPrincipal, statuses?: readonly CaseStatus[]): SelectQueryBuilder<CaseEntity> {
    const qb = this.ds.getRepository(CaseEntity).createQueryBuilder('c');
    const unitId = this.cases.scope(staff).unitId;
    if (typeof unitId === 'string') {
      qb.where('(c.unit_id = :unit OR c.id IN (SELECT cu.case_id FROM case_co_unit cu WHERE cu.unit_id = :unit))', { unit: unitId });
    }
    if (statuses?.length) qb.andWhere('c.status IN (:...statuses)', { statuses });
    return qb;
  }
}
