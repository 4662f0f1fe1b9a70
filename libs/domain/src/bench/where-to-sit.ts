// The shipped weights live as JSON in libs/domain/data so a city tunes them without touching code.
import weightsJson from '../../data/where-to-sit.json';
import { DomainError } from '../shared/domain-error';

/** How much each signal counts when choosing where the next bench meetings sit. */
export interface WhereToSitWeights {
  readonly version: number;
  /** How many weeks back the signals look. */
  readonly weeks: number;
  readonly open: number;
  readonly overdue: number;
  readonly unsatisfied: number;
  readonly repeats: number;
  /** An open area warning on the sub-item in the village's town. */
  readonly warning: number;
  /** A village the platform does not hear: few online demands for many elderly. */
  readonly quiet: { readonly ratio: number; readonly minElderly: number; readonly score: number };
  /** A village that held a meeting lately goes lower. */
  readonly visited: { readonly weeks: number; readonly factor: number };
  /** At most this many entries per town. */
  readonly perTown: number;
}

/** One village's demands of one sub-item over the last weeks. */
export interface VillageTopicSignal {
  readonly villageId: string;
  readonly topic: string;
  readonly topicName: string;
  readonly open: number;
  readonly overdue: number;
  readonly unsatisfied: number;
  readonly repeats: number;
  readonly warning: boolean;
}

/** A village of a town, with what the list needs to know of it. */
export interface VillageFacts {
  readonly townId: string;
  readonly villageId: string;
  readonly villageName: string;
  /** People aged 60 and over, when the organisation data gives it. */
  readonly elderly: number | null;
  /** Demands the village's residents sent online (WeChat, mini-program) over the last weeks. */
  readonly onlineDemands: number;
  /** Whether a bench meeting was held there in the last `visited.weeks` weeks. */
  readonly visitedLately: boolean;
}

export interface WhereToSitEntry {
  readonly villageId: string;
  readonly villageName: string;
  /** The sub-item to talk about; null for a village chosen because it is quiet. */
  readonly topic: string | null;
  readonly topicName: string | null;
  readonly score: number;
  readonly reasons: readonly string[];
}

export interface TownWhereToSit {
  readonly townId: string;
  readonly entries: readonly WhereToSitEntry[];
}

const nonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Checks a weights document a city wrote. */
export function parseWhereToSitWeights(doc: unknown): WhereToSitWeights {
  const bad = (why: string) => new DomainError('WHERE_TO_SIT_WEIGHTS_INVALID', `where-to-sit weights: ${why}`);
  if (typeof doc !== 'object' || doc === null) throw bad('the document must be an object');
  // Every field is checked below before it is trusted.
  const d = doc as Record<string, number> & { quiet?: Record<string, number>; visited?: Record<string, number> };
  if (!Number.isInteger(d.version) || d.version < 1) throw bad('version must be a positive integer');
  for (const k of ['open', 'overdue', 'unsatisfied', 'repeats', 'warning'] as const) if (!nonNegative(d[k])) throw bad(`${k} must be a number ≥ 0`);
  for (const k of ['weeks', 'perTown'] as const) if (!Number.isInteger(d[k]) || d[k] < 1) throw bad(`${k} must be a positive integer`);
  const { quiet, visited } = d;
  if (!quiet || !nonNegative(quiet.ratio) || !nonNegative(quiet.minElderly) || !nonNegative(quiet.score)) throw bad('quiet needs ratio, minElderly and score ≥ 0');
  if (!visited || !Number.isInteger(visited.weeks) || visited.weeks < 0 || !nonNegative(visited.factor) || visited.factor > 1) throw bad('visited needs whole weeks ≥ 0 and a factor between 0 and 1');
  return {
    version: d.version,
    weeks: d.weeks,
    open: d.open,
    overdue: d.overdue,
    unsatisfied: d.unsatisfied,
    repeats: d.repeats,
    warning: d.warning,
    quiet: { ratio: quiet.ratio, minElderly: quiet.minElderly, score: quiet.score },
    visited: { weeks: visited.weeks, factor: visited.factor },
    perTown: d.perTown,
  };
}

export const DEFAULT_WHERE_TO_SIT_WEIGHTS: WhereToSitWeights = parseWhereToSitWeights(weightsJson);

const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const round1 = (x: number) => Math.round(x * 10) / 10;

/** 「供水水利：在办5件，超期2件，不满意1件」: only the counts that are not zero. */
function topicReason(s: VillageTopicSignal): string {
  const parts = [
    s.open ? `在办${s.open}件` : '',
    s.overdue ? `超期${s.overdue}件` : '',
    s.unsatisfied ? `不满意${s.unsatisfied}件` : '',
    s.repeats ? `重复反映${s.repeats}件` : '',
  ].filter(Boolean);
  return `${s.topicName}：${parts.length ? parts.join('，') : '近期有诉求'}`;
}

/**
 * 下一场板凳会坐哪里: for each town, its villages and topics ranked by how much the people there need
 * a meeting — many open, late, unsatisfied or repeated demands of one sub-item, a warning on it, or
 * a village with many elderly from which few demands come online (the people the platform does not hear).
 * Ties go to the village name then the topic, so the list reads the same every time.
 */
export function whereToSit(
  villages: readonly VillageFacts[],
  signals: readonly VillageTopicSignal[],
  weights: WhereToSitWeights = DEFAULT_WHERE_TO_SIT_WEIGHTS,
): TownWhereToSit[] {
  const byVillage = new Map(villages.map((v) => [v.villageId, v]));
  const towns = new Map<string, WhereToSitEntry[]>();
  for (const v of villages) if (!towns.has(v.townId)) towns.set(v.townId, []);

  const visitedNote = `近${weights.visited.weeks}周已开过板凳会（排后一些）`;
  const entry = (v: VillageFacts, topic: string | null, topicName: string | null, raw: number, reasons: string[]): WhereToSitEntry => {
    const score = v.visitedLately ? raw * weights.visited.factor : raw;
    return { villageId: v.villageId, villageName: v.villageName, topic, topicName, score: round1(score), reasons: v.visitedLately ? [...reasons, visitedNote] : reasons };
  };

  for (const s of signals) {
    const v = byVillage.get(s.villageId);
    if (!v) continue;
    const raw = s.open * weights.open + s.overdue * weights.overdue + s.unsatisfied * weights.unsatisfied + s.repeats * weights.repeats + (s.warning ? weights.warning : 0);
    if (raw <= 0) continue;
    const reasons = [topicReason(s)];
    if (s.warning) reasons.push(`${s.topicName}有区域预警`);
    towns.get(v.townId)!.push(entry(v, s.topic, s.topicName, raw, reasons));
  }

  // Quiet villages: online demands per 1,000 elderly well below the town's median.
  for (const [townId, list] of towns) {
    const counted = villages.filter((v) => v.townId === townId && v.elderly !== null && v.elderly > 0);
    const rate = (v: VillageFacts) => (v.onlineDemands * 1000) / v.elderly!;
    const townMedian = median(counted.map(rate));
    for (const v of counted) {
      if (v.elderly! < weights.quiet.minElderly || weights.quiet.score <= 0) continue;
      if (!(rate(v) < weights.quiet.ratio * townMedian)) continue;
      list.push(entry(v, null, null, weights.quiet.score, [`近${weights.weeks}周网上诉求少，老人多（可能听不到他们的声音）`]));
    }
  }

  return [...towns]
    .map(([townId, list]) => ({
      townId,
      entries: list
        .sort((a, b) => b.score - a.score || a.villageName.localeCompare(b.villageName, 'zh') || (a.topic ?? '').localeCompare(b.topic ?? ''))
        .slice(0, weights.perTown),
    }))
    .sort((a, b) => a.townId.localeCompare(b.townId));
}
