import { fnv1a32 } from '../classification/corpus';

/**
 * The labelled pairs that measure the same-problem rule (libs/domain/data/corpus/pairs). A writer wrote several
 * residents' reports of each problem (`reports.jsonl`); two reports are the same problem exactly when they were
 * written for the same problem id. The pairs are derived from the reports, never labelled by hand one by one.
 */
export interface PairReport {
  readonly id: string;
  /** `V07-2`: village key and the problem's number in it (`F…` for the reports written after the rule was fixed). */
  readonly problem: string;
  readonly town: string;
  readonly village: string;
  readonly subItem: string;
  /** ISO 8601 with the +08:00 offset. */
  readonly filedAt: string;
  readonly text: string;
}

/**
 * same-problem: two residents, one problem · same-sub-item: one place, one sub-item, another problem (two broken roads,
 * no water vs dirty water) · other-sub-item: one place, another kind of problem · other-place: the same words from
 * another village.
 */
export const PAIR_RELATIONS = ['same-problem', 'same-sub-item', 'other-sub-item', 'other-place'] as const;
export type PairRelation = (typeof PAIR_RELATIONS)[number];

export interface ProblemPair {
  readonly id: string;
  readonly label: 'same' | 'different';
  readonly relation: PairRelation;
  readonly a: PairReport;
  readonly b: PairReport;
}

export const PAIR_SPLITS = ['dev', 'test'] as const;
export type PairSplit = (typeof PAIR_SPLITS)[number];
/**
 * `fresh`: pairs from reports written after the rule's word lists and thresholds were fixed and its test figures
 * taken (`fresh-reports.jsonl`), measured once: a second held-out set, not a split of the first.
 */
export const PAIR_SETS = [...PAIR_SPLITS, 'fresh', 'fresh2'] as const;
export type PairSet = (typeof PAIR_SETS)[number];

/**
 * The report files and what is built from each: the first set (`reports.jsonl`, split by village), the reports added
 * to dev later (`dev-reports.jsonl`, every village hashing to dev, paired among themselves so the first set's pairs
 * stay as they were), and the two fresh sets, each measured once after the rule was frozen.
 */
export const PAIR_REPORT_FILES = { first: 'reports.jsonl', devMore: 'dev-reports.jsonl', fresh: 'fresh-reports.jsonl', fresh2: 'fresh2-reports.jsonl' } as const;

/** Every pair set from the report files' contents. Throws when a later dev report's village does not hash to dev. */
export function buildPairSets(reports: {
  first: readonly PairReport[];
  devMore: readonly PairReport[];
  fresh: readonly PairReport[];
  fresh2: readonly PairReport[];
}): Record<PairSet, ProblemPair[]> {
  const wrong = reports.devMore.filter((r) => pairSplitOf(villageKeyOf(r)) !== 'dev').map((r) => r.id);
  if (wrong.length > 0) throw new Error(`dev-reports.jsonl: ${wrong.join(', ')} are in villages that hash to test`);
  const sets: Record<PairSet, ProblemPair[]> = { dev: [], test: [], fresh: buildPairs(reports.fresh), fresh2: buildPairs(reports.fresh2) };
  for (const p of buildPairs(reports.first)) sets[pairSplitOf(villageKeyOf(p.a))].push(p);
  sets.dev = [...sets.dev, ...buildPairs(reports.devMore)].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return sets;
}

export const villageKeyOf = (r: Pick<PairReport, 'problem'>): string => r.problem.split('-')[0];

/**
 * A pair's split is its first report's village's (FNV-1a of the key, mod 100: 0–49 test, 50–99 dev), so no report,
 * village or problem of the test pairs is seen while tuning.
 */
export function pairSplitOf(villageKey: string): PairSplit {
  return fnv1a32(villageKey) % 100 < 50 ? 'test' : 'dev';
}

const FIELDS = ['id', 'problem', 'town', 'village', 'subItem', 'filedAt', 'text'] as const;

/** Reads `reports.jsonl`, checking every line; throws with every fault found. */
export function parsePairReports(text: string): PairReport[] {
  const faults: string[] = [];
  const reports: PairReport[] = [];
  const ids = new Set<string>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const raw = JSON.parse(line) as Record<string, unknown>;
    const missing = FIELDS.filter((f) => typeof raw[f] !== 'string' || (raw[f] as string).trim() === '');
    if (missing.length > 0) return faults.push(`line ${i + 1}: ${missing.join(', ')} missing`);
    const r = raw as unknown as PairReport;
    if (!/^[VFG]\d{2}-\d+$/.test(r.problem)) faults.push(`line ${i + 1}: problem ${r.problem} is not like V07-2`);
    if (Number.isNaN(Date.parse(r.filedAt))) faults.push(`line ${i + 1}: filedAt ${r.filedAt} is not a date`);
    if (ids.has(r.id)) faults.push(`line ${i + 1}: id ${r.id} used twice`);
    ids.add(r.id);
    reports.push(r);
  });
  if (faults.length > 0) throw new Error(`reports.jsonl: ${faults.join('; ')}`);
  return reports;
}

/** Words that name the place: a report without them reads the same from any village. */
const namesPlace = (r: PairReport) => [r.village, r.town].some((n) => r.text.includes(n.replace(/(村|镇)$/u, '')));

/**
 * Every pair of two reports in one village (same problem or not), and for about one report in five that does not name
 * its place, the same words filed three days later in a village of another town (`other-place`). Sorted by id.
 */
export function buildPairs(reports: readonly PairReport[]): ProblemPair[] {
  const pairs: ProblemPair[] = [];
  const byVillage = new Map<string, PairReport[]>();
  for (const r of reports) byVillage.set(villageKeyOf(r), [...(byVillage.get(villageKeyOf(r)) ?? []), r]);
  for (const mine of byVillage.values()) {
    for (let i = 0; i < mine.length; i++) {
      for (let j = i + 1; j < mine.length; j++) {
        const [a, b] = [mine[i], mine[j]];
        const relation: PairRelation = a.problem === b.problem ? 'same-problem' : a.subItem === b.subItem ? 'same-sub-item' : 'other-sub-item';
        pairs.push({ id: `${a.id}-${b.id}`, label: relation === 'same-problem' ? 'same' : 'different', relation, a, b });
      }
    }
  }
  const villages = [...byVillage.values()].map((rs) => rs[0]);
  for (const a of reports) {
    if (namesPlace(a) || fnv1a32(`elsewhere:${a.id}`) % 5 !== 0) continue;
    const others = villages.filter((v) => v.town !== a.town);
    if (others.length === 0) continue;
    const there = others[fnv1a32(`where:${a.id}`) % others.length];
    const b: PairReport = {
      ...a,
      id: `${a.id}x`,
      problem: `${villageKeyOf(there)}-x`,
      town: there.town,
      village: there.village,
      filedAt: new Date(Date.parse(a.filedAt) + 3 * 86_400_000).toISOString(),
    };
    pairs.push({ id: `${a.id}-${b.id}`, label: 'different', relation: 'other-place', a, b });
  }
  return pairs.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** One pair per line, keys in a fixed order, so a rebuild gives the same bytes. */
export function formatPairLine(p: ProblemPair): string {
  const report = (r: PairReport) => Object.fromEntries(FIELDS.map((f) => [f, r[f]]));
  return JSON.stringify({ id: p.id, label: p.label, relation: p.relation, a: report(p.a), b: report(p.b) });
}

export function parsePairs(text: string): ProblemPair[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ProblemPair);
}
