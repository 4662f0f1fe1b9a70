// Derives the labelled same-problem pairs from the writers' reports and writes them split by village.
//   pnpm samep:build   (reads libs/domain/data/corpus/pairs/reports.jsonl, dev-reports.jsonl, fresh-reports.jsonl and
//                       fresh2-reports.jsonl, writes dev.jsonl, test.jsonl, fresh.jsonl and fresh2.jsonl beside them)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAIR_RELATIONS, PAIR_REPORT_FILES, buildPairSets, formatPairLine, parsePairReports, villageKeyOf } from '../libs/domain/src';

const dir = join(__dirname, '../libs/domain/data/corpus/pairs');
const read = (file: string) => parsePairReports(readFileSync(join(dir, file), 'utf8'));
const sets = buildPairSets({
  first: read(PAIR_REPORT_FILES.first),
  devMore: read(PAIR_REPORT_FILES.devMore),
  fresh: read(PAIR_REPORT_FILES.fresh),
  fresh2: read(PAIR_REPORT_FILES.fresh2),
});
for (const [name, pairs] of Object.entries(sets)) {
  writeFileSync(join(dir, `${name}.jsonl`), pairs.map((p) => `${formatPairLine(p)}\n`).join(''));
  const count = (r: string) => pairs.filter((p) => p.relation === r).length;
  const villages = new Set(pairs.map((p) => villageKeyOf(p.a)));
  console.log(`${name}: ${pairs.length} pairs from ${villages.size} villages (${PAIR_RELATIONS.map((r) => `${r} ${count(r)}`).join(', ')})`);
}
