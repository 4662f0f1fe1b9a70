// Evaluates the keyword classifier on the labelled demands: `pnpm classify:eval [--split=held-out|train|all]
// [--segmenter=jieba|bigram] [--errors]`. It prints figures; it asserts nothing (the tests check form, not accuracy).
import labelledJson from '../libs/domain/data/labelled-demands.json';
import {
  bigramSegmenter,
  classify,
  defaultClassifierRules,
  defaultTaxonomy,
  parseLabelledSet,
  splitLabelledSet,
  type ClassificationResult,
  type LabelledDemand,
  type Segmenter,
} from '../libs/domain/src/classification';

interface Named {
  readonly name: string;
  readonly segment: Segmenter;
}

async function jieba(): Promise<Named | string> {
  try {
    const { Jieba } = await import('@node-rs/jieba');
    const { dict } = await import('@node-rs/jieba/dict');
    const j = Jieba.withDict(dict);
    return { name: '@node-rs/jieba (default dictionary, HMM on)', segment: (t) => j.cut(t, true) };
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const bigrams: Named = { name: 'character bigrams (no dictionary)', segment: bigramSegmenter };

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const pct = (ok: number, n: number) => (n === 0 ? '   -  ' : `${((100 * ok) / n).toFixed(1).padStart(5)}%`);

interface Scored {
  readonly item: LabelledDemand;
  readonly result: ClassificationResult;
}

function run(items: readonly LabelledDemand[], seg: Named): Scored[] {
  const taxonomy = defaultTaxonomy();
  const rules = defaultClassifierRules();
  return items.map((item) => ({ item, result: classify(item.text, { segment: seg.segment, rules, taxonomy }) }));
}

function summary(scored: readonly Scored[]) {
  const taxonomy = defaultTaxonomy();
  const cat = (code: string | null) => (code ? taxonomy.subItems.find((s) => s.code === code)?.category : undefined);
  const n = scored.length;
  const count = (f: (s: Scored) => boolean) => scored.filter(f).length;
  return {
    n,
    subItem: count((s) => s.result.subItem === s.item.subItem),
    category: count((s) => cat(s.result.subItem) === cat(s.item.subItem)),
    kind: count((s) => s.result.kind === s.item.kind),
    urgency: count((s) => s.result.urgency === s.item.urgency),
  };
}

async function main() {
  const taxonomy = defaultTaxonomy();
  const set = parseLabelledSet(labelledJson as unknown, taxonomy);
  const { train, heldOut } = splitLabelledSet(set.items);
  const splitName = arg('split', 'held-out');
  const items = splitName === 'train' ? train : splitName === 'all' ? set.items : heldOut;

  let seg: Named = bigrams;
  if (arg('segmenter', 'jieba') === 'jieba') {
    const j = await jieba();
    if (typeof j === 'string') console.log(`@node-rs/jieba could not be loaded (${j}); falling back to bigrams.`);
    else seg = j;
  }

  const scored = run(items, seg);
  const s = summary(scored);
  console.log(`Classifier evaluation — ${set.synthetic ? 'SYNTHETIC labelled set' : 'labelled set'} of ${set.items.length} demands`);
  console.log(`split: ${splitName} (${items.length} items; train ${train.length}, held-out ${heldOut.length})   segmenter: ${seg.name}`);
  console.log(`rules v${defaultClassifierRules().version}, taxonomy "${taxonomy.title}" v${taxonomy.version}\n`);

  console.log(`sub-item (16-way)  ${pct(s.subItem, s.n)}  (${s.subItem}/${s.n})`);
  console.log(`category (4-way)   ${pct(s.category, s.n)}  (${s.category}/${s.n})`);
  console.log(`kind (5-way)       ${pct(s.kind, s.n)}  (${s.kind}/${s.n})`);
  console.log(`urgency (3-way)    ${pct(s.urgency, s.n)}  (${s.urgency}/${s.n})`);
  const none = scored.filter((x) => x.result.subItem === null).length;
  const review = scored.filter((x) => x.result.needsReview).length;
  const reviewedRight = scored.filter((x) => !x.result.needsReview && x.result.subItem === x.item.subItem).length;
  console.log(`no sub-item proposed: ${none}; flagged needsReview: ${review}; accuracy when not flagged: ${pct(reviewedRight, s.n - review)} (${reviewedRight}/${s.n - review})`);

  console.log('\nper category            sub-item   category   n');
  for (const c of taxonomy.categories) {
    const inCat = scored.filter((x) => taxonomy.subItems.find((si) => si.code === x.item.subItem)?.category === c.code);
    const cs = summary(inCat);
    console.log(`  ${`${c.name} ${c.code}`.padEnd(28)} ${pct(cs.subItem, cs.n)}   ${pct(cs.category, cs.n)}   ${cs.n}`);
  }

  console.log('\nper sub-item            accuracy   right/n  (precision: right/proposed)');
  for (const si of taxonomy.subItems) {
    const mine = scored.filter((x) => x.item.subItem === si.code);
    const proposed = scored.filter((x) => x.result.subItem === si.code);
    const ok = mine.filter((x) => x.result.subItem === si.code).length;
    console.log(`  ${`${si.name} ${si.code}`.padEnd(30)} ${pct(ok, mine.length)}   ${`${ok}/${mine.length}`.padStart(5)}   (${proposed.filter((x) => x.item.subItem === si.code).length}/${proposed.length})`);
  }

  console.log('\nper kind                accuracy   right/n');
  for (const k of taxonomy.kinds) {
    const mine = scored.filter((x) => x.item.kind === k.code);
    const ok = mine.filter((x) => x.result.kind === k.code).length;
    console.log(`  ${`${k.name} ${k.code}`.padEnd(22)} ${pct(ok, mine.length)}   ${`${ok}/${mine.length}`.padStart(5)}`);
  }

  console.log('\nurgency (rows: label, columns: predicted normal / urgent / critical)');
  for (const u of ['normal', 'urgent', 'critical'] as const) {
    const row = scored.filter((x) => x.item.urgency === u);
    const cells = (['normal', 'urgent', 'critical'] as const).map((p) => String(row.filter((x) => x.result.urgency === p).length).padStart(4));
    console.log(`  ${u.padEnd(9)} ${cells.join(' ')}   (n=${row.length})`);
  }

  const confusions = new Map<string, Scored[]>();
  for (const x of scored) {
    if (x.result.subItem === x.item.subItem) continue;
    const key = `${x.item.subItem} → ${x.result.subItem ?? '(none)'}`;
    confusions.set(key, [...(confusions.get(key) ?? []), x]);
  }
  const worst = [...confusions.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])).slice(0, 10);
  console.log('\nworst sub-item confusions (label → proposal: count, an example)');
  for (const [key, xs] of worst) console.log(`  ${key}: ${xs.length}  e.g. ${xs[0].item.id} ${xs[0].item.text.slice(0, 36)}…`);

  if (process.argv.includes('--errors')) {
    console.log('\nall errors');
    for (const x of scored) {
      const r = x.result;
      const wrong = [
        r.subItem !== x.item.subItem ? `sub ${x.item.subItem}→${r.subItem}` : '',
        r.kind !== x.item.kind ? `kind ${x.item.kind}→${r.kind}` : '',
        r.urgency !== x.item.urgency ? `urg ${x.item.urgency}→${r.urgency}` : '',
      ].filter(Boolean);
      if (wrong.length === 0) continue;
      const terms = r.matchedTerms.map((m) => `${m.term}:${m.target}${m.negated ? '¬' : ''}`).join(' ');
      console.log(`  ${x.item.id} [${wrong.join(', ')}] ${x.item.text}\n      ${terms}`);
    }
  }

  // Held-out figures next to train ones show over-fitting; never the reverse, so tuning on train does not peek.
  if (splitName !== 'train') {
    const t = summary(run(train, seg));
    console.log(`\nfor comparison: train split (what the rules were tuned on): sub-item ${pct(t.subItem, t.n)}, category ${pct(t.category, t.n)}, kind ${pct(t.kind, t.n)}, urgency ${pct(t.urgency, t.n)} (n=${t.n})`);
  }
  if (seg !== bigrams) {
    const b = summary(run(items, bigrams));
    console.log(`${splitName} split with bigrams instead of jieba: sub-item ${pct(b.subItem, b.n)}, category ${pct(b.category, b.n)}, kind ${pct(b.kind, b.n)}, urgency ${pct(b.urgency, b.n)} (n=${b.n})`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
