import { compareLevels, type WarningLevel } from './warning-level';
import { binomialUpperTail } from './poisson';
import type { WarningThresholds } from './thresholds';

/** One town's demands of one sub-item: the recent window against the town's own history. */
export interface AreaCount {
  townId: string;
  townName: string;
  /** The taxonomy sub-item (e.g. water-supply) and its name. */
  category: string;
  categoryName: string;
  /** Demands filed in the recent window. */
  recent: number;
  /** Demands filed over the baseline days before it. */
  baselineTotal: number;
  /** A few of the recent demands' case numbers, newest first. */
  exampleCases: readonly string[];
}

/** What a warning rests on, per town: shown to the leaders as it is. */
export interface TownEvidence {
  townId: string;
  townName: string;
  recent: number;
  baselineTotal: number;
  /** The count a normal window would have had (the town's mean × recentDays, at least the floor). */
  expected: number;
  /** recent / expected, to 1 decimal. */
  ratio: number;
  /** How unlikely this count is if nothing had changed (the conditional test of two Poisson rates, see binomialUpperTail). */
  pValue: number;
  exampleCases: string[];
}

export interface AreaWarningEvidence {
  category: string;
  categoryName: string;
  recentDays: number;
  baselineDays: number;
  towns: TownEvidence[];
  recentTotal: number;
  expectedTotal: number;
}

export type AreaWarningScope = 'town' | 'city';

export interface AreaWarning {
  scope: AreaWarningScope;
  /** The same surge keeps the same key from pass to pass: `town:<townId>:<category>` or `city:<category>`. */
  key: string;
  level: WarningLevel;
  /** The town for a town warning; null for the city. */
  townId: string | null;
  category: string;
  /** One short Chinese line for leaders, e.g. 「井溪镇 供水水利 近3天12件，是平时的6倍」. */
  summary: string;
  evidence: AreaWarningEvidence;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

function townEvidence(c: AreaCount, t: WarningThresholds): TownEvidence {
  const expected = Math.max(c.baselineTotal / t.baselineDays, t.baselineFloorPerDay) * t.recentDays;
  return {
    townId: c.townId,
    townName: c.townName,
    recent: c.recent,
    baselineTotal: c.baselineTotal,
    expected: round(expected, 2),
    ratio: round(c.recent / expected, 1),
    pValue: binomialUpperTail(c.recent, c.recent + c.baselineTotal, t.recentDays / (t.recentDays + t.baselineDays)),
    exampleCases: c.exampleCases.slice(0, t.exampleCases),
  };
}

/** A single town's level: the gravest whose ratio and count it reaches, once the count is unlikely enough. */
export function townSurgeLevel(e: TownEvidence, t: WarningThresholds): WarningLevel | null {
  if (e.pValue >= t.pValue) return null;
  const ratio = e.recent / e.expected;
  for (const level of ['red', 'orange', 'yellow'] as const) {
    const need = t.townLevels[level];
    if (ratio >= need.ratio && e.recent >= need.minCount) return level;
  }
  return null;
}

/** Rising, for the several-towns rule: a looser test than a town's own surge. */
function isRising(e: TownEvidence, t: WarningThresholds): boolean {
  return e.recent >= t.spread.minCountPerTown && e.recent / e.expected >= t.spread.ratio && e.pValue < t.spread.pValue;
}

function spreadLevel(towns: number, t: WarningThresholds): WarningLevel | null {
  const need = t.spread.townsForLevel;
  return towns >= need.red ? 'red' : towns >= need.orange ? 'orange' : towns >= need.yellow ? 'yellow' : null;
}

function evidenceOf(category: string, categoryName: string, towns: TownEvidence[], t: WarningThresholds): AreaWarningEvidence {
  return {
    category,
    categoryName,
    recentDays: t.recentDays,
    baselineDays: t.baselineDays,
    towns,
    recentTotal: towns.reduce((s, x) => s + x.recent, 0),
    expectedTotal: round(
      towns.reduce((s, x) => s + x.expected, 0),
      2,
    ),
  };
}

const times = (ratio: number) => (ratio >= 10 ? `${Math.round(ratio)}倍` : `${ratio}倍`);

/**
 * Area warnings from each town's counts per sub-item: a town whose count is well above its own
 * baseline (a town warning), and a sub-item rising in several towns at once (one city warning
 * naming them — the drinking-water case). Quiet weeks raise nothing: a count must be unlikely
 * under the town's own history and reach a minimum, so 1 → 3 is never a surge.
 */
export function detectAreaWarnings(counts: readonly AreaCount[], t: WarningThresholds): AreaWarning[] {
  const warnings: AreaWarning[] = [];
  const rising = new Map<string, { name: string; towns: TownEvidence[] }>();
  for (const c of counts) {
    if (c.recent <= 0) continue;
    const e = townEvidence(c, t);
    const level = townSurgeLevel(e, t);
    if (level) {
      warnings.push({
        scope: 'town',
        key: `town:${c.townId}:${c.category}`,
        level,
        townId: c.townId,
        category: c.category,
        summary: `${c.townName} ${c.categoryName} 近${t.recentDays}天${c.recent}件，是平时的${times(e.ratio)}`,
        evidence: evidenceOf(c.category, c.categoryName, [e], t),
      });
    }
    if (isRising(e, t)) {
      const group = rising.get(c.category) ?? { name: c.categoryName, towns: [] };
      group.towns.push(e);
      rising.set(c.category, group);
    }
  }
  for (const [category, { name, towns }] of rising) {
    const level = spreadLevel(towns.length, t);
    if (!level) continue;
    towns.sort((a, b) => b.recent - a.recent || a.townName.localeCompare(b.townName, 'zh'));
    const evidence = evidenceOf(category, name, towns, t);
    const named = towns.length <= 4 ? towns.map((x) => x.townName).join('、') : `${towns.slice(0, 3).map((x) => x.townName).join('、')}等${towns.length}个乡镇`;
    warnings.push({ scope: 'city', key: `city:${category}`, level, townId: null, category, summary: `${named} ${name} 同时上升，近${t.recentDays}天共${evidence.recentTotal}件`, evidence });
  }
  // Gravest first, then the city before a town, then by key for a stable order.
  return warnings.sort((a, b) => compareLevels(b.level, a.level) || (a.scope === b.scope ? a.key.localeCompare(b.key) : a.scope === 'city' ? -1 : 1));
}
