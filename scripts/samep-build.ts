// Derives the labelled same-problem pairs from the writers' reports and writes them split by village.
//   pnpm samep:build   (reads libs/domain/data/corpus/pairs/reports.jsonl and fresh-reports.jsonl, writes dev.jsonl,
//                       test.jsonl and fresh.jsonl beside them)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAIR_RELATIONS, buildPairs, formatPairLine, pairSplitOf, parsePairReports, villageKeyOf, type PairSet, type ProblemPair } from '../libs/domain/src';

const dir = join(__dirname, '../libs/domain/data/corpus/pairs');
const read = (file: string) => parsePairReports(readFileSync(join(dir, file), 'utf8'));
const sets: Record<PairSet, ProblemPair[]> = { dev: [], test: [], fresh: buildPairs(read('fresh-reports.jsonl')) };
for (const p of buildPairs(read('reports.jsonl'))) sets[pairSplitOf(villageKeyOf(p.a))].push(p);
for (const [name, pairs] of Object.entries(sets)) {
  writeFileSync(join(dir, `${name}.jsonl`), pairs.map((p) => `${formatPairLine(p)}\n`).join(''));
  const count = (r: string) => pairs.filter((p) => p.relation === r).length;
  const villages = new Set(pairs.map((p) => villageKeyOf(p.a)));
  console.log(`${name}: ${pairs.length} pairs from ${villages.size} villages (${PAIR_RELATIONS.map((r) => `${r} ${count(r)}`).join(', ')})`);
}
