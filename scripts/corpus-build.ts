// Rebuilds the labelled corpus's fixed splits: `pnpm corpus:build [part-file-or-dir …] [--drop-invalid]`.
// Starts from the committed splits libs/domain/data/corpus/{train,dev,test}.jsonl (the source of truth), adds the
// items of the committed parts libs/domain/data/corpus/parts/part-*.jsonl (and of any part named on the command
// line) that are not in yet, applies libs/domain/data/corpus/relabels.jsonl, checks every line against the labelling
// guide and the taxonomy, and writes the three files again, each demand in the split its id hashes to, and the
// README's counts. Run twice, it writes the same bytes. A part from elsewhere without its `.done` marker is still being
// written: its complete lines are used, a partial last one dropped. Any invalid line stops the build unless
// --drop-invalid is given; then it is left out and listed.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  CORPUS_KINDS,
  CORPUS_SPLITS,
  CORPUS_TRAITS,
  URGENCIES,
  buildCorpus,
  completeLines,
  corpusCounts,
  corpusDoubts,
  defaultTaxonomy,
  formatCorpusLine,
  splitCorpus,
  type CorpusSource,
} from '../libs/domain/src/classification';

const root = resolve(__dirname, '..');
const out = join(root, 'libs/domain/data/corpus');
const committedParts = join(out, 'parts');
const relabelFile = join(out, 'relabels.jsonl');
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

const base: CorpusSource[] = CORPUS_SPLITS.map((split) => ({ name: `${split}.jsonl`, text: readFileSync(join(out, `${split}.jsonl`), 'utf8') }));
const files = [...new Set([...(existsSync(committedParts) ? partFiles(committedParts) : []), ...inputs.map((p) => resolve(p)).flatMap(partFiles)])];

const parts: CorpusSource[] = [];
const partNotes = new Map<string, string>();
for (const file of files) {
  const raw = readFileSync(file, 'utf8');
  // A committed part is whole; one from elsewhere is whole once its writer leaves a .done marker.
  const done = file.startsWith(committedParts) || existsSync(file.replace(/\.jsonl$/, '.done'));
  const { text, droppedPartial } = done ? { text: raw, droppedPartial: null } : completeLines(raw);
  const lines = text.split('\n').filter((l) => l.trim().length > 0).length;
  console.log(`${basename(file)}: ${lines} lines${done ? '' : ' (NO .done: still being written; complete lines only)'}`);
  if (droppedPartial !== null) console.log(`  dropped a partial last line: ${droppedPartial.slice(0, 60)}…`);
  if (!file.startsWith(committedParts)) console.log(`  not under ${committedParts}: commit it there so the build can be repeated from the repository`);
  parts.push({ name: basename(file), text });
  partNotes.set(basename(file), `${lines} lines${done ? '' : ', NOT complete when built (complete lines only)'}${droppedPartial !== null ? ', a partial last line dropped' : ''}`);
}
const relabelSource: CorpusSource | null = existsSync(relabelFile) ? { name: basename(relabelFile), text: readFileSync(relabelFile, 'utf8') } : null;

const taxonomy = defaultTaxonomy();
const build = buildCorpus(base, parts, relabelSource, taxonomy);
const { faults } = build;
if (faults.length > 0) {
  console.log(`\n${faults.length} invalid line(s)${dropInvalid ? ', left out' : ''}:`);
  for (const f of faults) console.log(`  ${f.at}${f.id ? ` ${f.id}` : ''}: ${f.problems.join('; ')}`);
  if (!dropInvalid) {
    console.error('\nnothing written: fix the lines above, or rerun with --drop-invalid to leave them out');
    process.exit(1);
  }
}
const items = build.items;
const before = base.reduce((n, b) => n + b.text.split('\n').filter((l) => l.trim().length > 0).length, 0);
if (items.length < before) console.log(`\nWARNING: the corpus shrinks from ${before} to ${items.length} items`);

// Kept, but listed for a second reading.
const doubtful = items.map((i) => ({ i, doubts: corpusDoubts(i) })).filter((d) => d.doubts.length > 0);
if (doubtful.length > 0) {
  console.log(`\n${doubtful.length} item(s) whose labels contradict the guide or the text (kept; worth a second reading):`);
  for (const { i, doubts } of doubtful) console.log(`  ${i.id}: ${doubts.join('; ')} — ${i.text.slice(0, 40)}`);
}

const sorted = items;
const splits = splitCorpus(sorted);
for (const split of CORPUS_SPLITS) {
  writeFileSync(join(out, `${split}.jsonl`), splits[split].map((i) => `${formatCorpusLine(i)}\n`).join(''));
}

const all = corpusCounts(sorted);
const per = Object.fromEntries(CORPUS_SPLITS.map((s) => [s, corpusCounts(splits[s])]));
const row = (label: string, get: (c: ReturnType<typeof corpusCounts>) => number) =>
  `| ${label} | ${get(all)} | ${CORPUS_SPLITS.map((s) => get(per[s])).join(' | ')} |`;
const head = (what: string) => [`| ${what} | all | ${CORPUS_SPLITS.join(' | ')} |`, '|---|---:|---:|---:|---:|'];
// Relabels by the sub-item (or kind) they move an item from and to.
const moves = new Map<string, number>();
for (const r of build.relabels) {
  const from = r.was.subItem !== undefined ? String(r.was.subItem) : r.was.kind !== undefined ? `kind ${String(r.was.kind)}` : 'other labels';
  const to = r.set.subItem !== undefined ? String(r.set.subItem) : r.set.kind !== undefined ? `kind ${String(r.set.kind)}` : 'other labels';
  moves.set(`| ${from} | ${to} |`, (moves.get(`| ${from} | ${to} |`) ?? 0) + 1);
}
const tables = [
  `Built from:`,
  `- the committed splits: ${build.base} items`,
  ...parts.map((p) => `- parts/${p.name}: ${partNotes.get(p.name)}; ${build.added[p.name] ?? 0} new, ${build.alreadyIn[p.name] ?? 0} already in`),
  `- ${relabelSource ? relabelSource.name : 'no relabel file'}: ${build.relabels.length} relabel(s), ${build.relabelled} applied by this build, ${build.alreadyRelabelled} already applied`,
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
  ...(moves.size > 0
    ? ['', '| relabelled from | to | items |', '|---|---|---:|', ...[...moves].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, n]) => `${k} ${n} |`)]
    : []),
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
