// The committed pair files are read from disk: JSON Lines cannot be imported, and only tests read them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultTaxonomy } from '../classification/default-data';
import { buildPairs, buildPairSets, formatPairLine, PAIR_REPORT_FILES, PAIR_SETS, PAIR_SPLITS, pairSplitOf, parsePairReports, parsePairs, type PairReport, type ProblemPair } from './same-problem-pairs';
import { SAME_PROBLEM_DAYS } from './same-problem';

const report = (id: string, problem: string, over: Partial<PairReport> = {}): PairReport => ({
  id,
  problem,
  town: '井溪镇',
  village: '青杠村',
  subItem: 'water-supply',
  filedAt: '2026-11-01T09:00:00+08:00',
  text: `二组停水了${id}`,
  ...over,
});

describe(buildPairs.name, () => {
  it('labels two reports of one problem same, and any other two in the village different, by sub-item', () => {
    const pairs = buildPairs([report('R1', 'V01-1'), report('R2', 'V01-1'), report('R3', 'V01-2'), report('R4', 'V01-3', { subItem: 'roads-transport' }), report('R5', 'V02-1')]);
    const rel = Object.fromEntries(pairs.filter((p) => p.relation !== 'other-place').map((p) => [p.id, `${p.label} ${p.relation}`]));
    expect(rel).toEqual({
      'R1-R2': 'same same-problem',
      'R1-R3': 'different same-sub-item',
      'R2-R3': 'different same-sub-item',
      'R1-R4': 'different other-sub-item',
      'R2-R4': 'different other-sub-item',
      'R3-R4': 'different other-sub-item',
    });
  });

  it('splits by village, so one village’s reports are all in one split', () => {
    expect(PAIR_SPLITS).toContain(pairSplitOf('V01'));
    expect(pairSplitOf('V01')).toBe(pairSplitOf('V01'));
  });
});

describe('the committed pairs (libs/domain/data/corpus/pairs)', () => {
  const dir = join(__dirname, '../../data/corpus/pairs');
  const read = (file: string) => parsePairReports(readFileSync(join(dir, file), 'utf8'));
  const firstSet = read(PAIR_REPORT_FILES.first);
  const devMore = read(PAIR_REPORT_FILES.devMore);
  const reports = [...firstSet, ...devMore];
  const files = Object.fromEntries(PAIR_SETS.map((s) => [s, readFileSync(join(dir, `${s}.jsonl`), 'utf8')]));

  const fresh = read(PAIR_REPORT_FILES.fresh);
  const fresh2 = read(PAIR_REPORT_FILES.fresh2);
  const lines = (pairs: readonly ProblemPair[]) => pairs.map((p) => `${formatPairLine(p)}\n`).join('');

  it('are exactly what pnpm samep:build derives from the reports', () => {
    const built = buildPairSets({ first: firstSet, devMore, fresh, fresh2 });
    for (const set of PAIR_SETS) expect(files[set]).toBe(lines(built[set]));
  });

  it('put the reports added to dev later in villages that hash to dev, so the test pairs stay as they were', () => {
    for (const r of devMore) expect(pairSplitOf(r.problem.split('-')[0])).toBe('dev');
    expect(() => buildPairSets({ first: [], devMore: [{ ...devMore[0], problem: 'V01-1' }], fresh: [], fresh2: [] })).toThrow(/hash to test/);
  });

  it('keep each fresh set apart: no id, village, problem or text of theirs is in an earlier set', () => {
    const earlier = new Set<string>();
    for (const set of [reports, fresh, fresh2]) {
      for (const r of set) for (const k of [r.id, r.problem, r.village, r.text]) expect(earlier.has(k)).toBe(false);
      for (const r of set) for (const k of [r.id, r.problem, r.village, r.text]) earlier.add(k);
    }
  });

  it('hold every report in a sub-item the taxonomy knows, and each village’s reports within 30 days', () => {
    const codes = defaultTaxonomy().subItems.map((s) => s.code);
    for (const r of [...reports, ...fresh, ...fresh2]) expect(codes).toContain(r.subItem);
    for (const p of parsePairs(files.dev + files.test).filter((x) => x.relation !== 'other-place')) {
      expect(Math.abs(Date.parse(p.a.filedAt) - Date.parse(p.b.filedAt))).toBeLessThanOrEqual(SAME_PROBLEM_DAYS * 86_400_000);
    }
  });

  it('have at least 200 same-problem pairs and 400 different problems in one place', () => {
    const all = parsePairs(files.dev + files.test);
    expect(all.filter((p) => p.relation === 'same-problem').length).toBeGreaterThanOrEqual(200);
    expect(all.filter((p) => p.relation === 'same-sub-item' || p.relation === 'other-sub-item').length).toBeGreaterThanOrEqual(400);
  });
});
