// Derives the labelled same-problem pairs from the writers' reports and writes them split by village.
//   pnpm samep:build   (reads libs/domain/data/corpus/pairs/reports.jsonl, writes dev.jsonl and test.jsonl beside it)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAIR_RELATIONS, PAIR_SPLITS, buildPairs, formatPairLine, pairSplitOf, parsePairReports, villageKeyOf, type PairSplit, type ProblemPair } from '../libs/domain/src';

const dir = join(__dirname, '../libs/domain/data/corpus/pairs');
const reports = parsePairReports(readFileSync(join(dir, 'reports.jsonl'), 'utf8'));
const bySplit: Record<PairSplit, ProblemPair[]> = { dev: [], test: [] };
for (const p of buildPairs(reports)) bySplit[pairSplitOf(villageKeyOf(p.a))].push(p);
for (const split of PAIR_SPLITS) {
  writeFileSync(join(dir, `${split}.jsonl`), bySplit[split].map((p) => `${formatPairLine(p)}\n`).join(''));
  const count = (r: string) => bySplit[split].filter((p) => p.relation === r).length;
  const villages = new Set(bySplit[split].map((p) => villageKeyOf(p.a)));
  console.log(`${split}: ${bySplit[split].length} pairs from ${villages.size} villages (${PAIR_RELATIONS.map((r) => `${r} ${count(r)}`).join(', ')})`);
}
