import { Injectable } from '@nestjs/common';
import {
  chinaDate,
  COUNTERS,
  defaultLeagueStandards,
  DomainError,
  emptyCounters,
  isoWeekDays,
  isWeek,
  LEAGUE_GROUPS,
  leagueLines,
  NOTHING_DUE_NOTE,
  rankLeague,
  daysNotOver,
  sumCounters,
  weekMonday,
  addCalendarDays,
  type Counters,
  type LeagueGroup,
  type LeagueLine,
  type LeagueStandards,
  type LeagueTable,
  type LeagueUnit,
} from '@msz/domain';
import { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { AppError, notFound } from '../../common/errors/app-error';
import { UnitEntity } from '../units/unit.entity';
import { COUNTER_COLUMNS, LeagueEntryEntity, LeagueWeekEntity } from './indicator.entities';
import { AnomaliesService } from '../anomalies/anomalies.service';
import { IndicatorRollup } from './indicator-rollup.service';
import { AS_KEPT, PENDING_OUT } from './indicators.service';

export interface LeagueWeek {
  week: string;
  from: string;
  to: string;
  status: 'draft' | 'approved';
  approvedBy: string | null;
  approvedAt: Date | null;
  standardsVersion: number;
  tables: LeagueTable[];
  /** 防篡改: cases left out of the rollups (and so of this list) because their timeline fails the hash chain. */
  excludedCases: ExcludedCase[];
}

export interface ExcludedCase {
  number: string;
  unitName: string | null;
  /** What the chain check found, e.g. "edited: entry #12 …". */
  reasons: string[];
}

export interface LeagueHistory {
  unitId: string;
  name: string;
  red: number;
  black: number;
  weeks: Array<{ week: string; group: string; rank: number | null; score: number | null; list: string | null; due: number; explanation: string }>;
}

/** The office, leaders and inspectors see every list, drafts too; a unit's staff see approved lists and their own history. */
const SEES_ALL = ['dispatcher', 'city_leader', 'inspector', 'admin'];

/** 红黑榜: each ISO week's tables of towns and departments, computed from the rollups, frozen once the office approves them. */
@Injectable()
export class LeagueService {
  constructor(
    private readonly ds: DataSource,
    private readonly rollup: IndicatorRollup,
    private readonly anomalies: AnomaliesService,
  ) {}

  standards(): LeagueStandards {
    return defaultLeagueStandards();
  }

  /** The week's list: the approved one as it was frozen, else a draft from the rollups as they stand. */
  async week(staff: StaffPrincipal, week: string, now = new Date()): Promise<LeagueWeek> {
    checkWeek(week);
    const approved = await this.approved(week);
    if (approved) return approved;
    if (!SEES_ALL.includes(staff.role)) throw notFound('approved list for this week');
    return this.draft(week, now);
  }

  /** The office approves a finished week: the list is recomputed from fresh rollups and frozen with who approved it. */
  async approve(staff: StaffPrincipal, week: string, now = new Date()): Promise<LeagueWeek> {
    checkWeek(week);
    const nextMonday = addCalendarDays(weekMonday(week), 7);
    if (chinaDate(now) < nextMonday) throw new DomainError('LEAGUE_WEEK_NOT_OVER', `week ${week} ends on ${addCalendarDays(nextMonday, -1)}`, { week });
    await this.rollup.drain();
    const draft = await this.draft(week, now);
    const standards = this.standards();
    await this.ds.transaction(async (m) => {
      for (const table of draft.tables) {
        // The primary key makes approval once-only, however many people press the button at once.
        const inserted: unknown[] = await m.query(
          `INSERT INTO league_week (week, unit_group, approved_by, approved_by_name, approved_at, standards, summary)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb) ON CONFLICT DO NOTHING RETURNING week`,
          [week, table.group, staff.id, staff.name, now, JSON.stringify(standards), JSON.stringify({ means: table.means, nothingDue: table.nothingDue })],
        );
        if (inserted.length === 0) throw new DomainError('LEAGUE_ALREADY_APPROVED', `week ${week} is already approved`, { week });
        const entries = [
          ...table.rows.map((r) => ({ unitId: r.unitId, unitName: r.name, rank: r.rank, score: r.score, list: r.list, due: r.due, standards: [...r.standards], explanation: r.explanation })),
          ...table.nothingDue.map((u) => ({ unitId: u.unitId, unitName: u.name, rank: null, score: null, list: null, due: 0, standards: [], explanation: NOTHING_DUE_NOTE })),
        ];
        if (entries.length) await m.insert(LeagueEntryEntity, entries.map((e) => ({ ...e, week, unitGroup: table.group })));
      }
    });
    return (await this.approved(week))!;
  }

  async history(staff: StaffPrincipal, unitId: string): Promise<LeagueHistory> {
    if (!SEES_ALL.includes(staff.role) && staff.unitId !== unitId) throw new AppError('FORBIDDEN', 'another unit’s history');
    const unit = await this.ds.getRepository(UnitEntity).findOne({ where: { id: unitId }, select: { id: true, name: true } });
    if (!unit) throw notFound('unit');
    const rows = await this.ds.getRepository(LeagueEntryEntity).find({ where: { unitId }, order: { week: 'DESC' }, take: 104 });
    return {
      unitId,
      name: unit.name,
      red: rows.filter((r) => r.list === 'red').length,
      black: rows.filter((r) => r.list === 'black').length,
      weeks: rows.map((r) => ({ week: r.week, group: r.unitGroup, rank: r.rank, score: r.score, list: r.list, due: r.due, explanation: r.explanation })),
    };
  }

  /** The week's tables from the daily rollups as they stand at `now`: every town (with its villages) and every department. */
  async draft(week: string, now = new Date()): Promise<LeagueWeek> {
    const { from, to } = isoWeekDays(week);
    const standards = this.standards();
    return {
      week,
      from,
      to,
      status: 'draft',
      approvedBy: null,
      approvedAt: null,
      standardsVersion: standards.version,
      tables: await this.rank(from, to, now),
      excludedCases: await this.excludedCases(),
    };
  }

  /**
   * Towns and departments ranked on the cases due between two Beijing dates (both inclusive): a
   * week for the list, a month for the monthly evaluation (月考评), by the same standards. Read at
   * `now`: of the cases due on a day not yet over, only the deadlines already met count (a case
   * still open and not yet late is pending, neither on time nor late).
   */
  async rank(from: string, to: string, now = new Date()): Promise<LeagueTable[]> {
    const columns = Object.entries(COUNTER_COLUMNS);
    const open = daysNotOver(from, to, now);
    const params = [from, to];
    // The days not yet over give back their pending deadlines (see IndicatorsService.report).
    const pending = open
      ? ` UNION ALL SELECT unit_id, ${PENDING_OUT} FROM indicator_daily WHERE basis = 'due' AND day BETWEEN $${params.push(open[0])}::date AND $${params.push(open[1])}::date AND unit_id IS NOT NULL GROUP BY unit_id`
      : '';
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT unit_id, ${AS_KEPT}
         FROM (SELECT unit_id, ${AS_KEPT} FROM indicator_daily WHERE basis = 'due' AND day BETWEEN $1::date AND $2::date AND unit_id IS NOT NULL GROUP BY unit_id${pending}) p
        GROUP BY unit_id`,
      params,
    );
    const byUnit = new Map<string, Counters>();
    for (const r of rows) {
      const c = emptyCounters();
      for (const [name, column] of columns) c[name as (typeof COUNTERS)[number]] = Number(r[column]);
      byUnit.set(String(r.unit_id), c);
    }
    const units = await this.ds.getRepository(UnitEntity).find({ select: { id: true, name: true, level: true, parentId: true } });
    const findings = await this.anomalies.confirmedCountsByUnit(from, to);
    const leagueUnits: LeagueUnit[] = [];
    for (const u of units) {
      if (u.level === 'town') {
        // A town answers for its villages' cases too (村级直办 is still the town's ground).
        const villages = units.filter((v) => v.level === 'village' && v.parentId === u.id).map((v) => byUnit.get(v.id) ?? emptyCounters());
        const villageFindings = units.filter((v) => v.level === 'village' && v.parentId === u.id).reduce((n, v) => n + (findings.get(v.id) ?? 0), 0);
        leagueUnits.push({ unitId: u.id, name: u.name, group: 'town', counters: sumCounters([byUnit.get(u.id) ?? emptyCounters(), ...villages]), verifiedFindings: (findings.get(u.id) ?? 0) + villageFindings });
      } else if (u.level === 'department') {
        leagueUnits.push({ unitId: u.id, name: u.name, group: 'department', counters: byUnit.get(u.id) ?? emptyCounters(), verifiedFindings: findings.get(u.id) ?? 0 });
      }
    }
    const standards = this.standards();
    return LEAGUE_GROUPS.map((g: LeagueGroup) => rankLeague(g, leagueUnits, standards));
  }

  /**
   * The week's list as flat lines (unit, rank, score, list, each standard's points, explanation):
   * what the publication's picture and the office's spreadsheet are made from.
   */
  async lines(staff: StaffPrincipal, week: string, now = new Date()): Promise<{ week: LeagueWeek; lines: LeagueLine[] }> {
    const w = await this.week(staff, week, now);
    return { week: w, lines: leagueLines(w.tables) };
  }

  private async approved(week: string): Promise<LeagueWeek | null> {
    const heads = await this.ds.getRepository(LeagueWeekEntity).find({ where: { week } });
    if (heads.length === 0) return null;
    const entries = await this.ds.getRepository(LeagueEntryEntity).find({ where: { week }, order: { rank: 'ASC', unitName: 'ASC' } });
    const { from, to } = isoWeekDays(week);
    const tables: LeagueTable[] = LEAGUE_GROUPS.map((group) => {
      const head = heads.find((h) => h.unitGroup === group);
      const mine = entries.filter((e) => e.unitGroup === group);
      return {
        group,
        rows: mine
          .filter((e) => e.rank !== null)
          .map((e) => ({
            unitId: e.unitId,
            name: e.unitName,
            rank: e.rank!,
            score: e.score!,
            list: e.list as 'red' | 'black' | null,
            due: e.due,
            standards: e.standards as LeagueTable['rows'][number]['standards'],
            explanation: e.explanation,
          })),
        nothingDue: mine.filter((e) => e.rank === null).map((e) => ({ unitId: e.unitId, name: e.unitName })),
        means: ((head?.summary as { means?: Record<string, number | null> } | undefined)?.means ?? {}),
      };
    });
    return {
      week,
      from,
      to,
      status: 'approved',
      approvedBy: heads[0].approvedByName,
      approvedAt: heads[0].approvedAt,
      standardsVersion: Number((heads[0].standards as { version?: number }).version ?? 0),
      tables,
      excludedCases: await this.excludedCases(),
    };
  }

  /** The cases the rollups leave out now: an approved list shows them too, so a reader knows what it does not count. */
  private async excludedCases(): Promise<ExcludedCase[]> {
    return (await this.rollup.brokenCases()).map((b) => ({ number: b.number, unitName: b.unitName, reasons: b.faults.map((f) => `${f.kind}: entry #${f.entryId} ${f.detail}`) }));
  }
}

function checkWeek(week: string): void {
  if (!isWeek(week)) throw new DomainError('PERIOD_INVALID', `not an ISO week like 2026-W49: ${week}`, { week });
}
