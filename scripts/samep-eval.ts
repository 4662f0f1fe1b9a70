// Measures the same-problem rule on the labelled pairs (libs/domain/data/corpus/pairs), next to the rule it replaced.
// It prints figures; it asserts nothing.
//   pnpm samep:eval [--split=test|dev|fresh|fresh2] [--errors] [--sweep]
//     fresh, fresh2: reports written after the rule was fixed (fresh2 after its 2026-12-07 revision), held-out sets.
//     --errors lists missed and false links; --sweep prints the figures at other thresholds (tune on dev only).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PAIR_SETS,
  SAME_PROBLEM_DAYS,
  SAME_PROBLEM_SIMILARITY,
  formatProportion,
  parsePairs,
  problemSignature,
  sameProblemScore,
  wilsonInterval,
  type PairReport,
  type ProblemPair,
  type ProblemReport,
  type Proportion,
} from '../libs/domain/src';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

const asReport = (r: PairReport): ProblemReport => ({
  id: r.id,
  subItem: r.subItem,
  placeUnitId: `${r.town}/${r.village}`,
  location: null,
  signature: problemSignature(r.text, [r.village, r.town]),
  acceptedAt: new Date(r.filedAt),
});

// The rule before issue 13, kept here only to be compared with: Jaccard over raw character bigrams ≥ 0.15, same
// sub-item, same place, within 30 days.
function oldRule(a: PairReport, b: PairReport): boolean {
  const bigrams = (text: string) => {
    const t = text.replace(/[\s\p{P}\p{S}\d]/gu, '');
    const out = new Set<string>();
    for (let i = 0; i + 1 < t.length; i += 1) out.add(t.slice(i, i + 2));
    return out;
  };
  if (a.subItem !== b.subItem || a.town !== b.town || a.village !== b.village) return false;
  if (Math.abs(Date.parse(a.filedAt) - Date.parse(b.filedAt)) > SAME_PROBLEM_DAYS * 86_400_000) return false;
  const [x, y] = [bigrams(a.text), bigrams(b.text)];
  let shared = 0;
  for (const g of x) if (y.has(g)) shared += 1;
  return shared / (x.size + y.size - shared) >= 0.15;
}

interface Figures {
  readonly linked: Proportion;
  readonly falseSamePlace: Proportion;
  readonly falseSameSubItem: Proportion;
  readonly falseOtherPlace: Proportion;
}

function figures(pairs: readonly ProblemPair[], linked: (p: ProblemPair) => boolean): Figures {
  const share = (rs: readonly string[]) => {
    const mine = pairs.filter((p) => rs.includes(p.relation));
    return wilsonInterval(mine.filter(linked).length, mine.length);
  };
  return {
    linked: share(['same-problem']),
    falseSamePlace: share(['same-sub-item', 'other-sub-item']),
    falseSameSubItem: share(['same-sub-item']),
    falseOtherPlace: share(['other-place']),
  };
}

function main() {
  const split = arg('split', 'test');
  if (!(PAIR_SETS as readonly string[]).includes(split)) throw new Error(`--split=${split}: the pair sets are ${PAIR_SETS.join(', ')}`);
  const pairs = parsePairs(readFileSync(join(__dirname, '../libs/domain/data/corpus/pairs', `${split}.jsonl`), 'utf8'));
  const score = new Map(pairs.map((p) => [p.id, sameProblemScore(asReport(p.a), asReport(p.b))]));
  const linkedAt = (t: number) => (p: ProblemPair) => (score.get(p.id) ?? -1) >= t;
  const now = figures(pairs, linkedAt(SAME_PROBLEM_SIMILARITY));
  const before = figures(pairs, (p) => oldRule(p.a, p.b));

  console.log('Same-problem detection on the labelled pairs (libs/domain/data/corpus/pairs; SYNTHETIC, written for this project)');
  console.log(`split: ${split} (${pairs.length} pairs)   threshold ${SAME_PROBLEM_SIMILARITY}   rates with Wilson 95% intervals\n`);
  const w = 52;
  console.log(`${'figure'.padEnd(w)} ${'this rule'.padEnd(31)} the rule before`);
  const line = (label: string, a: Proportion, b: Proportion) => console.log(`${label.padEnd(w)} ${formatProportion(a).padEnd(31)} ${formatProportion(b)}`);
  line('same problem, linked (target ≥ 80%)', now.linked, before.linked);
  line('different problems, same place, linked (≤ 1%)', now.falseSamePlace, before.falseSamePlace);
  line('  of which the same sub-item', now.falseSameSubItem, before.falseSameSubItem);
  line('same words from another village, linked', now.falseOtherPlace, before.falseOtherPlace);

  if (process.argv.includes('--sweep')) {
    console.log('\nthreshold   linked                          false links (same place)');
    for (let t = 0; t <= 0.701; t += 0.025) {
      const f = figures(pairs, linkedAt(t));
      console.log(`  ${t.toFixed(3)}    ${formatProportion(f.linked).padEnd(31)} ${formatProportion(f.falseSamePlace)}`);
    }
  }
  if (process.argv.includes('--errors')) {
    const shown = (p: ProblemPair) => `${(score.get(p.id) ?? NaN).toFixed(2)}  ${p.a.id} ${p.a.text}\n        ${p.b.id} ${p.b.text}`;
    console.log('\nmissed (same problem, not linked)');
    for (const p of pairs.filter((x) => x.label === 'same' && !linkedAt(SAME_PROBLEM_SIMILARITY)(x))) console.log(`  ${shown(p)}`);
    console.log('\nfalse links');
    for (const p of pairs.filter((x) => x.label === 'different' && linkedAt(SAME_PROBLEM_SIMILARITY)(x))) console.log(`  ${p.relation} ${shown(p)}`);
  }
}

main();
