// Builds the labelled corpus's fixed splits: `pnpm corpus:build [dir-or-file …] [--drop-invalid]`.
// Reads /work/corpus/part-*.jsonl (or the folders and files named), checks every line against the labelling
// guide and the taxonomy, and writes libs/domain/data/corpus/{train,dev,test}.jsonl, each demand in the split
// its id hashes to. The written files are the source of truth afterwards; the input is only for rebuilding.
// A part without its `.done` marker is still being written: its complete lines are used, a partial last one dropped.
// Any invalid line stops the build unless --drop-invalid is given; then it is left out and listed.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  CORPUS_KINDS,
  CORPUS_SPLITS,
  CORPUS_TRAITS,
  URGENCIES,
  completeLines,
  corpusCounts,
  corpusDoubts,
  defaultTaxonomy,
  formatCorpusLine,
  parseCorpus,
  splitCorpus,
  type CorpusSource,
} from '../libs/domain/src/classification';

const root = resolve(__dirname, '..');
const out = join(root, 'libs/domain/data/corpus');
const args = process.argv.slice(2);
const dropInvalid = args.includes('--drop-invalid');
const inputs = args.filter((a) => !a.startsWith('--'));

function partFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => /^part-.*\.jsonl$/.test(f))
    .sort()
    .map((f) => join(path, f));
}

const files = (inputs.length > 0 ? inputs : ['/work/corpus']).map((p) => resolve(p)).flatMap(partFiles);
if (files.length === 0) {
  console.error('no part-*.jsonl found');
  process.exit(1);
}

const sources: CorpusSource[] = [];
const provenance: string[] = [];
for (const file of files) {
  const raw = readFileSync(file, 'utf8');
  const done = existsSync(file.replace(/\.jsonl$/, '.done'));
  const { text, droppedPartial } = done ? { text: raw, droppedPartial: null } : completeLines(raw);
  const lines = text.split('\n').filter((l) => l.trim().length > 0).length;
  console.log(`${basename(file)}: ${lines} lines${done ? ' (complete: .done present)' : ' (NO .done: still being written; complete lines only)'}`);
  if (droppedPartial !== null) console.log(`  dropped a partial last line: ${droppedPartial.slice(0, 60)}…`);
  sources.push({ name: basename(file), text });
  provenance.push(
    `- ${basename(file)}: ${lines} lines, ${done ? 'complete' : 'NOT complete when built (its writer had not finished; complete lines only)'}${droppedPartial !== null ? ', a partial last line dropped' : ''}`,
  );
}

const taxonomy = defaultTaxonomy();
const { items, faults } = parseCorpus(sources, taxonomy);
if (faults.length > 0) {
  console.log(`\n${faults.length} invalid line(s)${dropInvalid ? ', left out' : ''}:`);
  for (const f of faults) console.log(`  ${f.at}${f.id ? ` ${f.id}` : ''}: ${f.problems.join('; ')}`);
  if (!dropInvalid) {
    console.error('\nnothing written: fix the lines above, or rerun with --drop-invalid to leave them out');
    process.exit(1);
  }
}

// Kept, but listed for a second reading.
const doubtful = items.map((i) => ({ i, doubts: corpusDoubts(i) })).filter((d) => d.doubts.length > 0);
if (doubtful.length > 0) {
  console.log(`\n${doubtful.length} item(s) whose labels contradict the guide or the text (kept; worth a second reading):`);
  for (const { i, doubts } of doubtful) console.log(`  ${i.id}: ${doubts.join('; ')} — ${i.text.slice(0, 40)}`);
}

const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const splits = splitCorpus(sorted);
for (const split of CORPUS_SPLITS) {
  writeFileSync(join(out, `${split}.jsonl`), splits[split].map((i) => `${formatCorpusLine(i)}\n`).join(''));
}

const all = corpusCounts(sorted);
const per = Object.fromEntries(CORPUS_SPLITS.map((s) => [s, corpusCounts(splits[s])]));
const row = (label: string, get: (c: ReturnType<typeof corpusCounts>) => number) =>
  `| ${label} | ${get(all)} | ${CORPUS_SPLITS.map((s) => get(per[s])).join(' | ')} |`;
const head = (what: string) => [`| ${what} | all | ${CORPUS_SPLITS.join(' | ')} |`, '|---|---:|---:|---:|---:|'];
const tables = [
  `Built from:`,
  ...provenance,
  `- ${faults.length} invalid line(s) left out${faults.length > 0 ? `: ${faults.map((f) => f.id ?? f.at).join(', ')}` : ''}; ${doubtful.length} item(s) kept but doubtful (listed by the build)`,
  '',
  ...head('split'),
  row('items', (c) => c.total),
  '',
  ...head('kind'),
  ...CORPUS_KINDS.map((k) => row(k, (c) => c.kind[k] ?? 0)),
  '',
  ...head('sub-item'),
  ...taxonomy.subItems.map((s) => row(`${s.name} ${s.code}`, (c) => c.subItem[s.code] ?? 0)),
  '',
  ...head('urgency (demands)'),
  ...URGENCIES.map((u) => row(u, (c) => c.urgency[u] ?? 0)),
  '',
  ...head('trait (an item may show several)'),
  ...CORPUS_TRAITS.map((t) => row(t, (c) => c.trait[t] ?? 0)),
].join('\n');
console.log(`\nwrote ${sorted.length} items to ${out}: ${CORPUS_SPLITS.map((s) => `${s} ${splits[s].length}`).join(', ')}\n`);
console.log(tables);

// The README's counts are the build's, between its markers.
const readme = join(out, 'README.md');
const START = '<!-- counts: written by pnpm corpus:build -->';
const END = '<!-- end of counts -->';
if (existsSync(readme)) {
  const text = readFileSync(readme, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a >= 0 && b > a) {
    writeFileSync(readme, `${text.slice(0, a + START.length)}\n${tables}\n${text.slice(b)}`);
    console.log(`\ncounts written to ${readme}`);
  } else console.log(`\n${readme} has no count markers: counts not written there`);
}
