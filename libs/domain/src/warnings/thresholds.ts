import thresholdsJson from '../../data/warning-thresholds.json';
import { DomainError } from '../shared/domain-error';
import type { WarningLevel } from './warning-level';

/** The numbers behind area warnings, as data a city edits (libs/domain/data/warning-thresholds.json). */
export interface WarningThresholds {
  /** The recent window, in days up to and including today. */
  recentDays: number;
  /** The town's own history: this many days before the recent window. */
  baselineDays: number;
  /** A town with little or no history is assumed to get at least this many a day, so 0 → 5 is not infinitely many times normal. */
  baselineFloorPerDay: number;
  /** A town's count must be this unlikely under its own baseline (Poisson upper tail). */
  pValue: number;
  /** A single town's surge: each level needs at least this ratio to the expected count and this many demands. */
  townLevels: Record<WarningLevel, { ratio: number; minCount: number }>;
  /** The same sub-item rising in several towns at once: a looser test per town, then a level by how many towns. */
  spread: { minCountPerTown: number; ratio: number; pValue: number; townsForLevel: Record<WarningLevel, number> };
  /** Case numbers kept as evidence per town. */
  exampleCases: number;
  /** Working days to acknowledge a warning before it goes to the city leader. */
  ackWorkdays: number;
}

const invalid = (why: string): never => {
  throw new DomainError('WARNING_THRESHOLDS_INVALID', `warning thresholds: ${why}`);
};

function positive(value: unknown, name: string, { integer = false, max = Infinity } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max || (integer && !Number.isInteger(value))) {
    return invalid(`${name} must be a positive ${integer ? 'integer' : 'number'}${max < Infinity ? ` at most ${max}` : ''}`);
  }
  return value;
}

function object(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid(`${name} must be an object`);
  return value as Record<string, unknown>;
}

/** Checks a thresholds document; the levels must climb from yellow to red. */
export function parseWarningThresholds(raw: unknown): WarningThresholds {
  const doc = object(raw, 'the document');
  const levels = object(doc.townLevels, 'townLevels');
  const townLevels = {} as WarningThresholds['townLevels'];
  for (const level of ['yellow', 'orange', 'red'] as const) {
    const l = object(levels[level], `townLevels.${level}`);
    townLevels[level] = { ratio: positive(l.ratio, `townLevels.${level}.ratio`), minCount: positive(l.minCount, `townLevels.${level}.minCount`, { integer: true }) };
  }
  if (!(townLevels.yellow.ratio <= townLevels.orange.ratio && townLevels.orange.ratio <= townLevels.red.ratio)) invalid('townLevels ratios must climb from yellow to red');
  if (!(townLevels.yellow.minCount <= townLevels.orange.minCount && townLevels.orange.minCount <= townLevels.red.minCount)) invalid('townLevels minCounts must climb from yellow to red');
  const spread = object(doc.spread, 'spread');
  const towns = object(spread.townsForLevel, 'spread.townsForLevel');
  const townsForLevel = {
    yellow: positive(towns.yellow, 'spread.townsForLevel.yellow', { integer: true }),
    orange: positive(towns.orange, 'spread.townsForLevel.orange', { integer: true }),
    red: positive(towns.red, 'spread.townsForLevel.red', { integer: true }),
  };
  if (townsForLevel.yellow < 2) invalid('spread.townsForLevel.yellow must be at least 2 (one town is a town warning)');
  if (!(townsForLevel.yellow <= townsForLevel.orange && townsForLevel.orange <= townsForLevel.red)) invalid('spread.townsForLevel must climb from yellow to red');
  return {
    recentDays: positive(doc.recentDays, 'recentDays', { integer: true, max: 14 }),
    baselineDays: positive(doc.baselineDays, 'baselineDays', { integer: true, max: 365 }),
    baselineFloorPerDay: positive(doc.baselineFloorPerDay, 'baselineFloorPerDay'),
    pValue: positive(doc.pValue, 'pValue', { max: 0.5 }),
    townLevels,
    spread: {
      minCountPerTown: positive(spread.minCountPerTown, 'spread.minCountPerTown', { integer: true }),
      ratio: positive(spread.ratio, 'spread.ratio'),
      pValue: positive(spread.pValue, 'spread.pValue', { max: 0.5 }),
      townsForLevel,
    },
    exampleCases: positive(doc.exampleCases, 'exampleCases', { integer: true, max: 50 }),
    ackWorkdays: positive(doc.ackWorkdays, 'ackWorkdays', { integer: true, max: 10 }),
  };
}

let defaults: WarningThresholds | undefined;

/** The shipped defaults, checked once on first use. */
export function defaultWarningThresholds(): WarningThresholds {
  defaults ??= parseWarningThresholds(thresholdsJson as unknown);
  return defaults;
}
