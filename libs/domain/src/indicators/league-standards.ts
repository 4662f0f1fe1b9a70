import standardsJson from '../../data/league-standards.json';
import { DomainError } from '../shared/domain-error';
import { INDICATOR_BY_CODE, INDICATOR_CODES, type IndicatorCode } from './indicators';

/**
 * Measures only the league takes, from outside the timeline's indicators: 核实问题率, the anomaly
 * flags an inspector confirmed against the unit (false or perfunctory completions, copied answers…)
 * per case due that week. Lower is better.
 */
export const LEAGUE_ONLY_MEASURES = {
  verifiedFindingRate: { name: '核实问题率', better: 'lower' },
} as const;
export type LeagueOnlyMeasure = keyof typeof LEAGUE_ONLY_MEASURES;
export type LeagueMeasure = IndicatorCode | LeagueOnlyMeasure;
const isLeagueOnly = (m: unknown): m is LeagueOnlyMeasure => typeof m === 'string' && Object.hasOwn(LEAGUE_ONLY_MEASURES, m);

/**
 * One of the 12 standards: an indicator, its weight (points out of 100), and the values that earn
 * full and zero points (linear between). Direction follows from the two: full above zero means
 * higher is better.
 */
export interface LeagueStandard {
  readonly code: string;
  readonly name: string;
  readonly indicator: LeagueMeasure;
  readonly weight: number;
  readonly full: number;
  readonly zero: number;
}

export interface LeagueCore {
  readonly code: string;
  readonly name: string;
  readonly standards: readonly LeagueStandard[];
}

/** The city's rules for the weekly 红黑榜, kept as data (libs/domain/data/league-standards.json). */
export interface LeagueStandards {
  readonly version: number;
  readonly title: string;
  /** Pseudo-cases of the group's mean added to each unit's count: small units lean toward the mean. */
  readonly pseudoCount: number;
  /** How many units make the red list (best) and the black list (worst), per table. */
  readonly red: number;
  readonly black: number;
  readonly cores: readonly LeagueCore[];
}

export const LEAGUE_CORE_COUNT = 4;
export const LEAGUE_STANDARDS_PER_CORE = 3;

/** Reads and checks a standards document; every fault is listed in the error's details. */
export function parseLeagueStandards(raw: unknown): LeagueStandards {
  const problems: string[] = [];
  const doc = (raw ?? {}) as Partial<LeagueStandards>;
  const num = (v: unknown, what: string, min = 0): number => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) problems.push(`${what} must be a number >= ${min}`);
    return Number(v);
  };
  num(doc.pseudoCount, 'pseudoCount');
  for (const k of ['red', 'black'] as const) if (!Number.isInteger(doc[k]) || (doc[k] as number) < 0) problems.push(`${k} must be a whole number >= 0`);
  const cores = Array.isArray(doc.cores) ? doc.cores : [];
  if (cores.length !== LEAGUE_CORE_COUNT) problems.push(`there must be ${LEAGUE_CORE_COUNT} core indicators, not ${cores.length}`);
  const codes = new Set<string>();
  let total = 0;
  for (const core of cores) {
    const standards = Array.isArray(core?.standards) ? core.standards : [];
    if (standards.length !== LEAGUE_STANDARDS_PER_CORE) problems.push(`core ${core?.code}: ${LEAGUE_STANDARDS_PER_CORE} standards, not ${standards.length}`);
    for (const s of standards) {
      if (!s?.code || codes.has(s.code)) problems.push(`standard code ${s?.code} missing or repeated`);
      codes.add(s?.code);
      if (!isLeagueOnly(s?.indicator) && (!INDICATOR_CODES.includes(s?.indicator) || INDICATOR_BY_CODE.get(s.indicator)?.unit === 'count')) {
        problems.push(`standard ${s?.code}: indicator ${s?.indicator} is not a rate or a mean`);
      }
      total += num(s?.weight, `standard ${s?.code}: weight`);
      num(s?.full, `standard ${s?.code}: full`);
      num(s?.zero, `standard ${s?.code}: zero`);
      if (s?.full === s?.zero) problems.push(`standard ${s?.code}: full and zero must differ`);
      const measure: unknown = s?.indicator;
      const better = isLeagueOnly(measure) ? LEAGUE_ONLY_MEASURES[measure].better : INDICATOR_BY_CODE.get(s?.indicator)?.better;
      if ((better === 'higher' && s.full < s.zero) || (better === 'lower' && s.full > s.zero)) {
        problems.push(`standard ${s?.code}: ${s.indicator} is better ${better}, so full and zero are the wrong way round`);
      }
    }
  }
  if (Math.abs(total - 100) > 1e-9) problems.push(`weights must add up to 100, not ${total}`);
  if (problems.length) throw new DomainError('LEAGUE_STANDARDS_INVALID', `league standards: ${problems.join('; ')}`, { problems });
  return doc as LeagueStandards;
}

let defaults: LeagueStandards | undefined;

/** The shipped defaults, checked once. */
export function defaultLeagueStandards(): LeagueStandards {
  defaults ??= parseLeagueStandards(standardsJson as unknown);
  return defaults;
}
