import { sumCounters, type Counters } from './counters';
import { indicatorParts } from './indicators';
import type { LeagueMeasure, LeagueStandards } from './league-standards';

/** Towns and departments are ranked in separate tables. */
export const LEAGUE_GROUPS = ['town', 'department'] as const;
export type LeagueGroup = (typeof LEAGUE_GROUPS)[number];

export interface LeagueUnit {
  readonly unitId: string;
  readonly name: string;
  readonly group: LeagueGroup;
  /** The week's counters of the unit (a town's include its villages'). */
  readonly counters: Counters;
  /** 核实问题: anomaly flags an inspector confirmed against the unit that week (a town's include its villages'). */
  readonly verifiedFindings?: number;
}

/** What one standard gave or cost a unit. */
export interface StandardScore {
  readonly code: string;
  readonly name: string;
  readonly core: string;
  readonly weight: number;
  /** The unit's own value, null when it had nothing to measure. */
  readonly value: number | null;
  readonly numerator: number;
  readonly denominator: number;
  /** The value after leaning toward the table's mean (what is scored). */
  readonly smoothed: number;
  readonly points: number;
  readonly lost: number;
}

export type LeagueList = 'red' | 'black';

export interface LeagueRow {
  readonly unitId: string;
  readonly name: string;
  readonly rank: number;
  readonly score: number;
  readonly list: LeagueList | null;
  /** The cases behind the score: deadlines that fell in the week. */
  readonly due: number;
  readonly standards: readonly StandardScore[];
  /** The biggest losses in plain words, e.g. "按时办结率 扣4.2分". */
  readonly explanation: string;
}

export interface LeagueTable {
  readonly group: LeagueGroup;
  /** Ranked, best first. */
  readonly rows: readonly LeagueRow[];
  /** Units with nothing due this week: listed apart, unranked. */
  readonly nothingDue: ReadonlyArray<{ readonly unitId: string; readonly name: string }>;
  /** The table's mean of each standard (what small units lean toward). */
  readonly means: Readonly<Record<string, number | null>>;
}

/** A unit has something due when a sign-for or a closing deadline fell in the week. */
export function dueCount(c: Counters): number {
  return c.closeDue + c.signDue;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

function parts(indicator: LeagueMeasure, c: Counters, verifiedFindings = 0): { numerator: number; denominator: number } {
  if (indicator === 'verifiedFindingRate') return { numerator: verifiedFindings, denominator: dueCount(c) };
  const p = indicatorParts(indicator, c);
  return { numerator: p.numerator, denominator: p.denominator ?? 0 };
}

/**
 * One week's table for one group. Each standard's value is smoothed toward the table's pooled mean
 * with `pseudoCount` pseudo-cases (empirical Bayes): (x + k·m) / (n + k), so a unit with two cases
 * sits near the mean and cannot top or sink the table. A standard no unit could be measured on is
 * left out and the rest scaled back to 100. Ties share a rank; red is the best N ranks, black the
 * worst N (never both, and neither more than half the table).
 */
export function rankLeague(group: LeagueGroup, units: readonly LeagueUnit[], standards: LeagueStandards): LeagueTable {
  const inGroup = units.filter((u) => u.group === group);
  const ranked = inGroup.filter((u) => dueCount(u.counters) > 0);
  const nothingDue = inGroup.filter((u) => dueCount(u.counters) === 0).map(({ unitId, name }) => ({ unitId, name }));
  nothingDue.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  const pooled = sumCounters(ranked.map((u) => u.counters));
  const pooledFindings = ranked.reduce((n, u) => n + (u.verifiedFindings ?? 0), 0);
  const all = standards.cores.flatMap((core) => core.standards.map((s) => ({ ...s, core: core.name })));
  const means: Record<string, number | null> = {};
  for (const s of all) {
    const p = parts(s.indicator, pooled, pooledFindings);
    means[s.code] = p.denominator > 0 ? p.numerator / p.denominator : null;
  }
  const scored = all.filter((s) => means[s.code] !== null);
  const weightScored = scored.reduce((n, s) => n + s.weight, 0);
  const k = standards.pseudoCount;

  const rows = ranked.map((u) => {
    const scores: StandardScore[] = scored.map((s) => {
      const { numerator, denominator } = parts(s.indicator, u.counters, u.verifiedFindings);
      const mean = means[s.code]!;
      const smoothed = (numerator + k * mean) / (denominator + k);
      const share = Math.min(1, Math.max(0, (smoothed - s.zero) / (s.full - s.zero)));
      // Scaled so the standards that could be measured still add up to 100.
      const weight = (s.weight * 100) / weightScored;
      const points = weight * share;
      return {
        code: s.code,
        name: s.name,
        core: s.core,
        weight: round(weight),
        value: denominator > 0 ? round(numerator / denominator, 4) : null,
        numerator,
        denominator,
        smoothed: round(smoothed, 4),
        points: round(points),
        lost: round(weight - points),
      };
    });
    const score = round(scores.reduce((n, s) => n + s.points, 0));
    const losses = [...scores].filter((s) => s.lost >= 0.01).sort((a, b) => b.lost - a.lost).slice(0, 3);
    const explanation = losses.length ? losses.map((s) => `${s.name} 扣${s.lost.toFixed(1)}分`).join('；') : '各项满分';
    return { unitId: u.unitId, name: u.name, score, due: dueCount(u.counters), standards: scores, explanation };
  });
  rows.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh-CN'));
  const withRank = rows.map((r) => ({ ...r, rank: 1 + rows.filter((o) => o.score > r.score).length }));
  // Neither list takes more than half the table: with two units ranked, one is red and one black.
  const half = Math.floor(withRank.length / 2);
  const redSize = Math.min(standards.red, half);
  const blackSize = Math.min(standards.black, half);
  const out: LeagueRow[] = withRank.map((r) => {
    const worse = withRank.filter((o) => o.score < r.score).length;
    const red = r.rank <= redSize;
    const black = !red && worse < blackSize;
    return { ...r, list: red ? 'red' : black ? 'black' : null };
  });
  return { group, rows: out, nothingDue, means };
}

export const LEAGUE_GROUP_LABELS: Record<LeagueGroup, string> = { town: '乡镇（街道）', department: '市级部门' };
export const LEAGUE_LIST_LABELS: Record<LeagueList, string> = { red: '红榜', black: '黑榜' };

/** One line of a published list, flat: what a picture or a spreadsheet is made from. */
export interface LeagueLine {
  readonly group: LeagueGroup;
  readonly groupLabel: string;
  readonly rank: number | null;
  readonly unitId: string;
  readonly unitName: string;
  readonly score: number | null;
  readonly list: LeagueList | null;
  readonly listLabel: string;
  readonly due: number;
  /** Each standard's points, by its code (empty for a unit with nothing due). */
  readonly points: Readonly<Record<string, number>>;
  readonly explanation: string;
}

/** The tables as flat lines, ranked units first, then those with nothing due ("本周无到期诉求"). */
export function leagueLines(tables: readonly LeagueTable[]): LeagueLine[] {
  return tables.flatMap((t) => [
    ...t.rows.map((r) => ({
      group: t.group,
      groupLabel: LEAGUE_GROUP_LABELS[t.group],
      rank: r.rank,
      unitId: r.unitId,
      unitName: r.name,
      score: r.score,
      list: r.list,
      listLabel: r.list ? LEAGUE_LIST_LABELS[r.list] : '',
      due: r.due,
      points: Object.fromEntries(r.standards.map((s) => [s.code, s.points])),
      explanation: r.explanation,
    })),
    ...t.nothingDue.map((u) => ({
      group: t.group,
      groupLabel: LEAGUE_GROUP_LABELS[t.group],
      rank: null,
      unitId: u.unitId,
      unitName: u.name,
      score: null,
      list: null,
      listLabel: '',
      due: 0,
      points: {},
      explanation: NOTHING_DUE_NOTE,
    })),
  ]);
}

/** What a unit with nothing due reads in place of an explanation. */
export const NOTHING_DUE_NOTE = '本周无到期诉求';
