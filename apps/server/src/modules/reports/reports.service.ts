import { Injectable } from '@nestjs/common';
import {
  addCalendarDays,
  CASE_KIND_LABELS,
  CASE_STATUS_LABELS,
  findSubItem,
  INDICATOR_CODES,
  isoWeek,
  isoWeekDays,
  LEAGUE_GROUP_LABELS,
  leagueLines,
  NOTHING_DUE_NOTE,
  ON_THE_CLOCK_STATUSES,
  previousWeek,
  WARNING_LEVEL_LABELS,
  WARNING_STATUS_LABELS,
  type CaseKind,
  type CaseStatus,
  type IndicatorValues,
  type LeagueGroup,
  type LeagueLine,
  type WarningLevel,
  type WarningStatus,
} from '@msz/domain';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { maskPhone } from '../cases/dto/case.dto';
import { CHANNEL_LABELS, IndicatorsService } from '../indicators/indicators.service';
import { weekLabel } from '../indicators/league-publication.service';
import { LeagueService } from '../indicators/league.service';
import { PictureRenderer, type Picture } from '../pictures/picture-renderer';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { AreaWarningEntity } from '../warnings/area-warning.entity';
import {
  beijingText,
  dailySheets,
  formatIndicator,
  monthLabel,
  monthlySheets,
  weeklyFigures,
  weeklySheets,
  type CaseLine,
  type DailyPack,
  type DailyUnitLine,
  type IndicatorLine,
  type Listing,
  type MonthlyPack,
  type RepeatLine,
  type ReturnLine,
  type WarningLine,
  type WeeklyPack,
} from './report-sheets';
import { streamWorkbook } from './workbook';

/** The start of a Beijing day as an instant. */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
const lastDayOfMonth = (month: string) => addCalendarDays(`${addMonth(month)}-01`, -1);
function addMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

interface CaseRow {
  id: string;
  number: string;
  accepted_at: Date;
  channel: string;
  kind: CaseKind;
  sub_item: string | null;
  status: CaseStatus;
  unit_id: string | null;
  close_by: Date;
  resident_phone: string | null;
  text: string;
}
const CASE_SELECT = 'c.id, c.number, c.accepted_at, c.channel, c.kind, c.sub_item, c.status, c.unit_id, c.close_by, c.resident_phone, c.text';
/** Rows read per query while a list is written: memory stays flat however long the list is. */
const BATCH = 2000;

/** A list's query: FROM (with joins) and WHERE over $1…, ordered by a timestamp column and a unique id for keyset paging. */
interface ListQuery {
  select: string;
  from: string;
  where: string;
  params: unknown[];
  order: string;
  id: string;
  idType: 'uuid' | 'bigint';
}

/**
 * 日调度、周会商、月考评: the office's report packs as xlsx and as pictures. Figures are the
 * indicators (IndicatorsService, LeagueService: one definition each); the lists are the cases behind
 * them, read from the case tables and the rollups' per-case contributions (never written here).
 * City-wide: the office, city leaders and inspectors (the controller's roles).
 */
@Injectable()
export class ReportsService {
  /** Rows per query while a list is written (a test lowers it to cross batch boundaries with a few cases). */
  batchSize = BATCH;

  constructor(
    private readonly ds: DataSource,
    private readonly indicators: IndicatorsService,
    private readonly league: LeagueService,
    private readonly taxonomy: TaxonomyService,
    private readonly pictures: PictureRenderer,
  ) {}

  // ————— 日调度 —————

  async daily(staff: StaffPrincipal, date: string, now = new Date()): Promise<DailyPack> {
    const yesterday = addCalendarDays(date, -1);
    const tomorrow = addCalendarDays(date, 1);
    const names = await this.unitNames();
    const intakeByUnit = await this.indicators.report(staff, { from: yesterday, to: yesterday, period: 'day', groupBy: 'unit' }, now);
    const onTheClock = ON_THE_CLOCK_STATUSES as readonly string[];
    const [intake, dueToday, overdue, byUnit] = await Promise.all([
      this.caseListing(`c.accepted_at >= $1 AND c.accepted_at < $2`, [dayStart(yesterday), dayStart(date)], 'c.accepted_at', names),
      this.caseListing(`c.status = ANY($1) AND c.close_by >= $2 AND c.close_by < $3`, [onTheClock, dayStart(date), dayStart(tomorrow)], 'c.close_by', names),
      this.caseListing(`c.status = ANY($1) AND c.close_by < $2`, [onTheClock, dayStart(date)], 'c.close_by', names),
      this.ds.query(
        `SELECT unit_id,
                count(*) FILTER (WHERE close_by >= $2 AND close_by < $3)::int AS due_today,
                count(*) FILTER (WHERE close_by < $2)::int AS overdue,
                count(*)::int AS on_the_clock
           FROM case_file WHERE status = ANY($1) GROUP BY unit_id`,
        [onTheClock, dayStart(date), dayStart(tomorrow)],
      ) as Promise<Array<{ unit_id: string | null; due_today: number; overdue: number; on_the_clock: number }>>,
    ]);
    const units = new Map<string, DailyUnitLine>();
    const line = (unitId: string | null) => {
      const key = unitId ?? '';
      let l = units.get(key);
      if (!l) units.set(key, (l = { unit: unitId ? (names.get(unitId) ?? unitId) : '未定', intake: 0, dueToday: 0, overdue: 0, onTheClock: 0 }));
      return l;
    };
    for (const g of intakeByUnit.groups) line(g.key).intake = g.total.volume ?? 0;
    for (const u of byUnit) Object.assign(line(u.unit_id), { dueToday: u.due_today, overdue: u.overdue, onTheClock: u.on_the_clock });
    const sorted = [...units.values()].sort((a, b) => b.overdue - a.overdue || b.dueToday - a.dueToday || b.intake - a.intake || a.unit.localeCompare(b.unit, 'zh-CN'));
    return { date, yesterday, madeAt: now, units: sorted, intake, dueToday, overdue };
  }

  async dailyXlsx(staff: StaffPrincipal, date: string): Promise<Readable> {
    const pack = await this.daily(staff, date);
    return streamWorkbook(() => dailySheets(pack));
  }

  /** The morning's table for a phone: each unit's intake yesterday, due today and overdue; units with overdue work in red. */
  async dailyPng(staff: StaffPrincipal, date: string): Promise<Picture> {
    const p = await this.daily(staff, date);
    const rows = p.units.filter((u) => u.intake || u.dueToday || u.overdue);
    return this.pictures.renderTable({
      title: `日调度 ${date}`,
      subtitle: `昨日受理${p.intake.count}件，今日到期${p.dueToday.count}件，已超期${p.overdue.count}件`,
      columns: [
        { key: 'unit', label: '单位' },
        { key: 'intake', label: '昨日受理', align: 'right', width: 130 },
        { key: 'dueToday', label: '今日到期', align: 'right', width: 130 },
        { key: 'overdue', label: '已超期', align: 'right', width: 110 },
      ],
      rows: rows.length ? rows.map((u) => ({ ...u })) : [{ unit: '今日没有需要调度的诉求', intake: '', dueToday: '', overdue: '' }],
      rowTone: (row) => (typeof row.overdue === 'number' && row.overdue > 0 ? 'red' : null),
      footer: `民声直达办公室，${beijingText(p.madeAt)}制表。红色为有超期诉求的单位。`,
    });
  }

  // ————— 周会商 —————

  async weekly(staff: StaffPrincipal, week: string, now = new Date()): Promise<WeeklyPack> {
    const { from, to } = isoWeekDays(week);
    const prev = isoWeekDays(previousWeek(week));
    const names = await this.unitNames();
    const [city, byUnit, lines] = await Promise.all([
      this.indicators.report(staff, { from: prev.from, to, period: 'week', groupBy: 'none' }, now),
      this.indicators.report(staff, { from, to, period: 'week', groupBy: 'unit' }, now),
      this.league.lines(staff, week, now),
    ]);
    const series = city.groups[0]?.series ?? [];
    const valuesOf = (p: string): IndicatorValues => series.find((s) => s.period === p)?.values ?? emptyValues();
    const [overdue, returns, repeats, warnings] = await Promise.all([this.overdue(from, to, now, names), this.returns(from, to, names), this.repeats(from, to, names), this.warnings(from, to)]);
    return {
      week,
      label: weekLabel(week),
      from,
      to,
      madeAt: now,
      city: valuesOf(week),
      previous: valuesOf(previousWeek(week)),
      units: this.unitLines(byUnit.groups),
      overdue,
      returns,
      repeats,
      warnings,
      league: { status: lines.week.status, approvedBy: lines.week.approvedBy, lines: lines.lines, standards: this.standards() },
    };
  }

  async weeklyXlsx(staff: StaffPrincipal, week: string): Promise<Readable> {
    const pack = await this.weekly(staff, week);
    return streamWorkbook(() => weeklySheets(pack));
  }

  /** The pack's summary on one picture: the week's indicators against last week's, the lists' counts, the red and black lists. */
  async weeklyPng(staff: StaffPrincipal, week: string, now = new Date()): Promise<Picture> {
    const p = await this.weekly(staff, week, now);
    const figures = weeklyFigures(p);
    const unfinished = p.madeAt < new Date(`${addCalendarDays(p.to, 1)}T00:00:00+08:00`);
    return this.pictures.renderTable({
      title: `周会商 ${p.label}`,
      subtitle: `${p.from}至${p.to}${unfinished ? '，本周尚未结束，数字截至制表时' : ''}`,
      columns: [
        { key: 'name', label: '项目', width: 220 },
        { key: 'value', label: '本周', width: 180 },
        { key: 'note', label: '上周／说明' },
      ],
      rows: figures.map((f) => ({ ...f })),
      rowTone: (row) => (row.name === '红榜' ? 'red' : row.name === '黑榜' ? 'black' : null),
      footer: `民声直达办公室，${beijingText(p.madeAt)}制表。`,
    });
  }

  // ————— 月考评 —————

  async monthly(staff: StaffPrincipal, month: string, now = new Date()): Promise<MonthlyPack> {
    const from = `${month}-01`;
    const to = lastDayOfMonth(month);
    const [city, byUnit, tables] = await Promise.all([
      this.indicators.report(staff, { from, to, period: 'month', groupBy: 'none' }, now),
      this.indicators.report(staff, { from, to, period: 'month', groupBy: 'unit' }, now),
      this.league.rank(from, to, now),
    ]);
    // A month has no red and black lists of its own: those are the weeks'.
    const lines: LeagueLine[] = leagueLines(tables).map((l) => ({ ...l, list: null, listLabel: '', explanation: l.explanation === NOTHING_DUE_NOTE ? '本月无到期诉求' : l.explanation }));
    // Weeks whose Monday falls in the month belong to it.
    const entries: Array<{ unit_id: string; list: string | null; week: string }> = await this.ds.query(`SELECT unit_id, list, week FROM league_entry WHERE week = ANY($1)`, [weeksStartingIn(from, to)]);
    const weeks = new Map<string, { red: number; black: number }>();
    for (const e of entries) {
      const w = weeks.get(e.unit_id) ?? { red: 0, black: 0 };
      if (e.list === 'red') w.red += 1;
      if (e.list === 'black') w.black += 1;
      weeks.set(e.unit_id, w);
    }
    return {
      month,
      from,
      to,
      madeAt: now,
      city: city.groups[0]?.total ?? emptyValues(),
      units: this.unitLines(byUnit.groups),
      lines,
      standards: this.standards(),
      weeks,
      approvedWeeks: new Set(entries.map((e) => e.week)).size,
    };
  }

  async monthlyXlsx(staff: StaffPrincipal, month: string): Promise<Readable> {
    const pack = await this.monthly(staff, month);
    return streamWorkbook(() => monthlySheets(pack));
  }

  /** One table of the evaluation (towns or departments) as a picture: rank, unit, score, on-time closing, satisfaction, weeks on each list. */
  async monthlyPng(staff: StaffPrincipal, month: string, group: LeagueGroup): Promise<Picture> {
    const p = await this.monthly(staff, month);
    const byName = new Map(p.units.map((u) => [u.label, u.values]));
    const rows = p.lines
      .filter((l) => l.group === group && l.rank !== null)
      .map((l) => {
        const w = p.weeks.get(l.unitId) ?? { red: 0, black: 0 };
        const v = byName.get(l.unitName);
        return {
          rank: l.rank,
          name: l.unitName,
          score: l.score === null ? '' : l.score.toFixed(1),
          close: v ? formatIndicator('closeOnTimeRate', v.closeOnTimeRate) : '—',
          satisfied: v ? formatIndicator('satisfactionRate', v.satisfactionRate) : '—',
          lists: `${w.red}/${w.black}`,
        };
      });
    const apart = p.lines.filter((l) => l.group === group && l.rank === null).length;
    return this.pictures.renderTable({
      title: `月考评 ${monthLabel(month)} ${LEAGUE_GROUP_LABELS[group]}`,
      subtitle: `${p.from}至${p.to}，按到期诉求12项标准计分`,
      columns: [
        { key: 'rank', label: '名次', align: 'center', width: 72 },
        { key: 'name', label: '单位' },
        { key: 'score', label: '得分', align: 'right', width: 100 },
        { key: 'close', label: '按时办结率', align: 'right', width: 150 },
        { key: 'satisfied', label: '满意率', align: 'right', width: 125 },
        { key: 'lists', label: '红/黑榜', align: 'center', width: 112 },
      ],
      rows: rows.length ? rows : [{ rank: '', name: '本月没有单位有到期诉求', score: '', close: '', satisfied: '', lists: '' }],
      footer: `${apart ? `另有${apart}个单位本月无到期诉求，不参加排名。\n` : ''}民声直达办公室，${beijingText(p.madeAt)}制表。`,
    });
  }

  // ————— the lists behind the figures —————

  /**
   * Cases whose closing deadline fell in the period, has passed, and was not met: the indicators'
   * own count (close_due without close_on_time on those days), read from what each case added to the
   * rollups, so the list and the late part of 按时办结率 cannot disagree: both wait for the deadline
   * (the indicators leave a deadline not yet passed out unless it was met).
   */
  private overdue(from: string, to: string, now: Date, names: Map<string, string>): Promise<Listing<CaseLine>> {
    // The period's deadlines by index (idx_case_deadline), then the rollups' own verdict on each.
    return this.caseListing(
      `c.close_by >= $3 AND c.close_by < $4 AND c.close_by <= $5 AND EXISTS (
         SELECT 1 FROM indicator_case ic, jsonb_each(ic.contribution->'event') d
          WHERE ic.case_id = c.id AND d.key BETWEEN $1 AND $2
            AND coalesce((d.value->>'closeDue')::int, 0) > coalesce((d.value->>'closeOnTime')::int, 0))`,
      [from, to, dayStart(from), dayStart(addCalendarDays(to, 1)), now],
      'c.close_by',
      names,
    );
  }

  /** Repeats accepted in the period, as the indicators count them (repeats, repeatsMany). */
  private repeats(from: string, to: string, names: Map<string, string>): Promise<Listing<RepeatLine>> {
    // Repeats count on the day of acceptance: the period's cases by index (idx_case_accepted), then their contributions.
    return this.listing<CaseRow & { many: boolean }, RepeatLine>(
      {
        select: `${CASE_SELECT}, r.many`,
        from: `case_file c CROSS JOIN LATERAL (
                 SELECT bool_or(coalesce((d.value->>'repeatsMany')::int, 0) > 0) AS many, bool_or(coalesce((d.value->>'repeats')::int, 0) > 0) AS repeat
                   FROM indicator_case ic, jsonb_each(ic.contribution->'event') d
                  WHERE ic.case_id = c.id AND d.key BETWEEN $1 AND $2) r`,
        where: `c.accepted_at >= $3 AND c.accepted_at < $4 AND r.repeat`,
        params: [from, to, dayStart(from), dayStart(addCalendarDays(to, 1))],
        order: 'c.accepted_at',
        id: 'c.id',
        idType: 'uuid',
      },
      (c) => ({ ...this.caseLine(c, names), many: c.many }),
    );
  }

  /** Every return in the period (each is one the indicators' return rate counts), with who returned it and why. */
  private returns(from: string, to: string, names: Map<string, string>): Promise<Listing<ReturnLine>> {
    type Row = { number: string; at: Date; actor_name: string | null; actor_unit: string | null; note: string | null; unit_id: string | null; status: CaseStatus; text: string };
    return this.listing<Row, ReturnLine>(
      {
        select: 'c.number, t.at, t.actor_name, s.unit_id AS actor_unit, t.note, c.unit_id, c.status, c.text',
        from: `case_timeline t JOIN case_file c ON c.id = t.case_id LEFT JOIN staff_user s ON t.actor_kind = 'staff' AND s.id::text = t.actor_id`,
        // The period's returns by index (idx_timeline_return_at).
        where: `t.action = 'return' AND t.at >= $1 AND t.at < $2`,
        params: [dayStart(from), dayStart(addCalendarDays(to, 1))],
        order: 't.at',
        id: 't.id',
        idType: 'bigint',
      },
      (r) => ({
        number: r.number,
        returnedAt: new Date(r.at),
        // Staff names are written with their unit, 张承办（八台镇）; the unit alone when the name is missing.
        returnedBy: r.actor_name ?? (r.actor_unit ? (names.get(r.actor_unit) ?? '') : ''),
        reason: r.note ?? '',
        unit: r.unit_id ? (names.get(r.unit_id) ?? '') : '未定',
        status: CASE_STATUS_LABELS[r.status],
        text: r.text,
      }),
    );
  }

  private async warnings(from: string, to: string): Promise<WarningLine[]> {
    const rows = await this.ds
      .getRepository(AreaWarningEntity)
      .createQueryBuilder('w')
      .where('w.raisedAt >= :from AND w.raisedAt < :to', { from: dayStart(from), to: dayStart(addCalendarDays(to, 1)) })
      .orderBy('w.raisedAt', 'ASC')
      .addOrderBy('w.id', 'ASC')
      .getMany();
    const taxonomy = this.taxonomy.current();
    const categories = new Map(taxonomy.categories.map((c) => [c.code, c.name]));
    return rows.map((w) => ({
      level: WARNING_LEVEL_LABELS[w.level as WarningLevel],
      scope: w.scope === 'city' ? '多镇' : '本镇',
      // A warning is about a sub-item (roads-transport) or a whole category: its name either way.
      category: categories.get(w.category) ?? findSubItem(taxonomy, w.category)?.name ?? w.category,
      summary: w.summary,
      status: WARNING_STATUS_LABELS[w.status as WarningStatus],
      raisedAt: w.raisedAt,
      acknowledgedAt: w.acknowledgedAt,
      closedAt: w.closedAt,
    }));
  }

  /** Cases matching a condition, in the order of a timestamp column, as a listing read in batches. */
  private caseListing(where: string, params: unknown[], order: string, names: Map<string, string>): Promise<Listing<CaseLine>> {
    return this.listing<CaseRow, CaseLine>({ select: CASE_SELECT, from: 'case_file c', where, params, order, id: 'c.id', idType: 'uuid' }, (c) => this.caseLine(c, names));
  }

  /** How many rows a query has, and the rows themselves read a batch at a time as the sheet is written. */
  private async listing<R, T>(q: ListQuery, map: (row: R) => T): Promise<Listing<T>> {
    const [{ n }]: Array<{ n: number }> = await this.ds.query(`SELECT count(*)::int AS n FROM ${q.from} WHERE ${q.where}`, q.params);
    return { count: n, items: this.batches(q, map) };
  }

  /** Keyset pages on (order, id): each batch starts after the last row of the one before, however long the list. */
  private async *batches<R, T>(q: ListQuery, map: (row: R) => T): AsyncGenerator<T> {
    let after: { key: string; id: string } | null = null;
    for (;;) {
      const params = [...q.params];
      let where = q.where;
      if (after) {
        params.push(after.key, after.id);
        where = `(${where}) AND (${q.order}, ${q.id}) > ($${params.length - 1}::timestamptz, $${params.length}::${q.idType})`;
      }
      const rows: Array<R & { page_key: string; page_id: string }> = await this.ds.query(
        `SELECT ${q.select}, ${q.order}::text AS page_key, ${q.id}::text AS page_id FROM ${q.from} WHERE ${where} ORDER BY ${q.order}, ${q.id} LIMIT ${this.batchSize}`,
        params,
      );
      for (const row of rows) yield map(row);
      if (rows.length < this.batchSize) return;
      const last = rows[rows.length - 1];
      after = { key: last.page_key, id: last.page_id };
    }
  }

  private caseLine(c: CaseRow, names: Map<string, string>): CaseLine {
    const subItem = c.sub_item ? findSubItem(this.taxonomy.current(), c.sub_item) : undefined;
    return {
      number: c.number,
      acceptedAt: new Date(c.accepted_at),
      channel: CHANNEL_LABELS[c.channel] ?? c.channel,
      kind: CASE_KIND_LABELS[c.kind],
      category: subItem?.name ?? c.sub_item ?? '',
      status: CASE_STATUS_LABELS[c.status],
      unit: c.unit_id ? (names.get(c.unit_id) ?? '') : '未定',
      closeBy: new Date(c.close_by),
      phone: c.resident_phone ? maskPhone(c.resident_phone) : '',
      text: c.text,
    };
  }

  private unitLines(groups: ReadonlyArray<{ label: string; total: IndicatorValues }>): IndicatorLine[] {
    return groups.map((g) => ({ label: g.label, values: g.total }));
  }

  private standards() {
    return this.league.standards().cores.flatMap((c) => c.standards.map((s) => ({ code: s.code, name: s.name, weight: s.weight })));
  }

  private async unitNames(): Promise<Map<string, string>> {
    const rows: Array<{ id: string; name: string }> = await this.ds.query(`SELECT id, name FROM unit`);
    return new Map(rows.map((u) => [u.id, u.name]));
  }
}

function emptyValues(): IndicatorValues {
  return Object.fromEntries(INDICATOR_CODES.map((c) => [c, null])) as IndicatorValues;
}

/** The ISO weeks whose Monday falls between two dates. */
function weeksStartingIn(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) {
    if (new Date(`${d}T00:00:00Z`).getUTCDay() === 1) out.push(isoWeek(d));
  }
  return out;
}
