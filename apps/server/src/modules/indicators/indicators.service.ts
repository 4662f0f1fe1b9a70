import { Injectable } from '@nestjs/common';
import {
  CASE_KIND_LABELS,
  chinaDate,
  COUNTERS,
  CYCLE_BUCKETS,
  DomainError,
  emptyCounters,
  INDICATORS,
  indicatorValues,
  isEmptyCounters,
  isoWeek,
  MET_PART,
  periodOf,
  daysNotOver,
  splitMonths,
  sumCounters,
  type CaseKind,
  type CounterName,
  type Counters,
  type IndicatorValues,
  type Period,
} from '@msz/domain';
import { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { AppError } from '../../common/errors/app-error';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { UnitEntity } from '../units/unit.entity';
import { ROLLUP_GROUPINGS, type RollupGrouping } from './case-contributions';
import { COUNTER_COLUMNS } from './indicator.entities';

/** The groupings a report can take: the narrow rollups keep each of them. */
export const GROUP_BYS = ROLLUP_GROUPINGS;
export type GroupBy = RollupGrouping;

/** The wide rows' column each grouping takes its value from (the narrow rows hold that value as text, '' for none). */
export const GROUP_COLUMN: Record<Exclude<GroupBy, 'none'>, string> = {
  unit: 'unit_id',
  town: 'town_id',
  village: 'village_id',
  category: 'category',
  kind: 'kind',
  channel: 'channel',
};

export const CHANNEL_LABELS: Record<string, string> = { wechat_oa: '公众号', miniprogram: '小程序', phone: '专线电话', walk_in: '网格站', bench_meeting: '板凳会' };

/** A query can span at most this many days (a year and a bit: a year's trend by month). */
const MAX_DAYS = 400;

export interface IndicatorQuery {
  from: string;
  to: string;
  period: Period;
  groupBy: GroupBy;
  unitId?: string;
  townId?: string;
  category?: string;
  kind?: string;
  channel?: string;
}

export interface IndicatorSeriesPoint {
  period: string;
  values: IndicatorValues;
}

export interface IndicatorGroup {
  key: string | null;
  label: string;
  total: IndicatorValues;
  counters: Counters;
  series: IndicatorSeriesPoint[];
  /** Last period minus the one before, for each indicator both have. */
  trend: Partial<Record<keyof IndicatorValues, number>>;
}

export interface IndicatorReport {
  from: string;
  to: string;
  period: Period;
  groupBy: GroupBy;
  groups: IndicatorGroup[];
}

/** Which units a member of staff may see indicators of: null for everything (the office, leaders, inspectors). */
export type UnitScope = string[] | null;

/**
 * Indicators read from the rollups (never from the timeline), for a scope, a period and a grouping:
 * the narrow rows for the city-wide views, the wide rows for scoped and filtered ones.
 */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly ds: DataSource,
    private readonly taxonomy: TaxonomyService,
  ) {}

  /** Units whose indicators this member of staff may read: their own, and a town's villages with it. */
  async scope(staff: StaffPrincipal): Promise<UnitScope> {
    switch (staff.role) {
      case 'dispatcher':
      case 'city_leader':
      case 'inspector':
      case 'admin':
        return null;
      case 'handler':
      case 'unit_leader': {
        const children = await this.ds.getRepository(UnitEntity).find({ where: { parentId: staff.unitId }, select: { id: true, level: true } });
        return [staff.unitId, ...children.filter((u) => u.level === 'village').map((u) => u.id)];
      }
    }
  }

  /** The indicators as they stand at `now`: a deadline not yet passed counts only if it was met. */
  async report(staff: StaffPrincipal, q: IndicatorQuery, now = new Date()): Promise<IndicatorReport> {
    checkRange(q.from, q.to);
    const scope = await this.scope(staff);
    if (scope && q.unitId && !scope.includes(q.unitId)) throw new AppError('FORBIDDEN', 'outside your unit');
    const where: string[] = [`basis = 'event'`];
    const params: unknown[] = [];
    const eq = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      params.push(value);
      where.push(`${column} = $${params.length}`);
    };
    if (scope) {
      params.push(scope);
      where.push(`unit_id = ANY($${params.length}::uuid[])`);
    }
    eq('unit_id', q.unitId);
    eq('town_id', q.townId);
    eq('category', q.category);
    eq('kind', q.kind);
    eq('channel', q.channel);
    // A view neither scoped nor filtered reads the narrow rows of its grouping (a few hundred a
    // period); any other reads the wide rows, which carry every key to filter on.
    const narrow = !scope && [q.unitId, q.townId, q.category, q.kind, q.channel].every((v) => v === undefined);
    if (narrow) {
      params.push(q.groupBy);
      where.push(`grouping = $${params.length}`);
    }
    const group = narrow ? `NULLIF(value, '')` : q.groupBy === 'none' ? 'NULL::text' : `${GROUP_COLUMN[q.groupBy]}::text`;
    // By month, the whole months are read from the monthly rows and only the days at either end
    // from the daily ones: a year by unit is 12 rows per key, not 365.
    const split = q.period === 'month' ? splitMonths(q.from, q.to) : { days: [[q.from, q.to] as [string, string]], months: null };
    const parts: string[] = [];
    const select = (table: string, column: string, ranges: Array<[string, string]>, sums: string, histogram: string) => {
      const between = ranges.map(([a, b]) => `${column} BETWEEN $${params.push(a)}::date AND $${params.push(b)}::date`).join(' OR ');
      parts.push(
        `SELECT to_char(${column}, '${PERIOD_FORMAT[q.period]}') AS period, ${group} AS grp, ${sums}, ${histogram} AS cycle_histogram
           FROM ${table}
          WHERE ${where.join(' AND ')} AND (${between})
          GROUP BY 1, grp`,
      );
    };
    const daily = narrow ? 'indicator_group_daily' : 'indicator_daily';
    if (split.days.length) select(daily, 'day', split.days, AS_KEPT, HISTOGRAM_SUM);
    if (split.months) select(narrow ? 'indicator_group_monthly' : 'indicator_monthly', 'month', [split.months], AS_KEPT, HISTOGRAM_SUM);
    // The days not yet over (today, or later) were read as kept; each deadline counter of theirs is
    // cut back to its part already met (the domain's countersAsOf): a deadline still ahead is pending,
    // neither on time nor late. Read from the daily rows of those days only.
    const open = daysNotOver(q.from, q.to, now);
    if (open) select(daily, 'day', [open], PENDING_OUT, NO_HISTOGRAM);
    // Summed per period and group in the database: a year by unit is a few thousand rows, not the days.
    const rows: Array<Record<string, unknown>> = await this.ds.query(parts.join(' UNION ALL '), params);
    const byGroup = new Map<string | null, Map<string, Counters[]>>();
    for (const r of rows) {
      const key = r.grp === null ? null : String(r.grp);
      const periods = byGroup.get(key) ?? new Map<string, Counters[]>();
      const p = String(r.period);
      periods.set(p, [...(periods.get(p) ?? []), rowCounters(r)]);
      byGroup.set(key, periods);
    }
    const labels = await this.labels(q.groupBy);
    const periodsInRange = bucketsBetween(q.from, q.to, q.period);
    const groups: IndicatorGroup[] = [];
    for (const [key, periods] of byGroup) {
      const counters = sumCounters([...periods.values()].flat());
      // A group whose counts were all taken back (its cases moved elsewhere) has nothing to show.
      if (isEmptyCounters(counters)) continue;
      const series = periodsInRange.map((period) => ({ period, values: indicatorValues(sumCounters(periods.get(period) ?? [])) }));
      groups.push({ key, label: key === null ? (q.groupBy === 'none' ? '全部' : '未定') : (labels.get(key) ?? key), total: indicatorValues(counters), counters, series, trend: trendOf(series) });
    }
    groups.sort((a, b) => (b.total.volume ?? 0) - (a.total.volume ?? 0) || a.label.localeCompare(b.label, 'zh-CN'));
    return { from: q.from, to: q.to, period: q.period, groupBy: q.groupBy, groups };
  }

  private async labels(groupBy: GroupBy): Promise<Map<string, string>> {
    switch (groupBy) {
      case 'unit':
      case 'town':
      case 'village':
        return new Map((await this.ds.getRepository(UnitEntity).find({ select: { id: true, name: true } })).map((u) => [u.id, u.name]));
      case 'category':
        return new Map(this.taxonomy.current().categories.map((c) => [c.code, c.name]));
      case 'kind':
        return new Map(Object.entries(CASE_KIND_LABELS as Record<CaseKind, string>));
      case 'channel':
        return new Map(Object.entries(CHANNEL_LABELS));
      case 'none':
        return new Map();
    }
  }
}

/** PostgreSQL's names of the periods, the same as the domain's periodOf (IYYY-IW is the ISO week). */
const PERIOD_FORMAT: Record<Period, string> = { day: 'YYYY-MM-DD', week: 'IYYY-"W"IW', month: 'YYYY-MM' };

/** Every counter summed as kept. */
export const AS_KEPT = Object.values(COUNTER_COLUMNS)
  .map((c) => `sum(${c})::bigint AS ${c}`)
  .join(', ');

/**
 * What days not yet over take away from their counters as kept: each deadline counter's pending part
 * (due minus already met); nothing from any other counter. Added to the rows as kept, it gives the
 * domain's `countersAsOf` for those days.
 */
export const PENDING_OUT = (Object.entries(COUNTER_COLUMNS) as Array<[CounterName, string]>)
  .map(([name, c]) => {
    const met = MET_PART[name];
    return met ? `sum(${COUNTER_COLUMNS[met]} - ${c})::bigint AS ${c}` : `0::bigint AS ${c}`;
  })
  .join(', ');

/** The histogram column summed element by element over a group's rows (its length is fixed). */
const HISTOGRAM_SUM = `ARRAY[${Array.from({ length: CYCLE_BUCKETS }, (_, i) => `sum(cycle_histogram[${i + 1}])::bigint`).join(', ')}]`;
const NO_HISTOGRAM = `ARRAY[${new Array<string>(CYCLE_BUCKETS).fill('0::bigint').join(', ')}]`;

function rowCounters(r: Record<string, unknown>): Counters {
  const c = emptyCounters();
  for (const [name, column] of Object.entries(COUNTER_COLUMNS)) c[name as (typeof COUNTERS)[number]] = Number(r[column] ?? 0);
  const hist = r.cycle_histogram as Array<number | string> | null;
  if (hist) hist.forEach((n, i) => (c.cycleHistogram[i] = Number(n)));
  return c;
}

export function checkRange(from: string, to: string): void {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (!Number.isFinite(days) || days < 0) throw new DomainError('PERIOD_INVALID', `from ${from} must not be after to ${to}`);
  if (days >= MAX_DAYS) throw new DomainError('PERIOD_INVALID', `at most ${MAX_DAYS} days at a time`, { maxDays: MAX_DAYS });
}

/** Every bucket from the first day to the last, so a series has no holes. */
function bucketsBetween(from: string, to: string, period: Period): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const p = periodOf(new Date(t).toISOString().slice(0, 10), period);
    if (out.at(-1) !== p) out.push(p);
  }
  return out;
}

function trendOf(series: IndicatorSeriesPoint[]): IndicatorGroup['trend'] {
  if (series.length < 2) return {};
  const [prev, last] = series.slice(-2);
  const out: IndicatorGroup['trend'] = {};
  for (const d of INDICATORS) {
    const a = prev.values[d.code];
    const b = last.values[d.code];
    if (a !== null && b !== null) out[d.code] = Math.round((b - a) * 10_000) / 10_000;
  }
  return out;
}

/** Today in Beijing, and its ISO week: the defaults of a query. */
export const today = (now = new Date()) => chinaDate(now);
export const thisWeek = (now = new Date()) => isoWeek(chinaDate(now));
