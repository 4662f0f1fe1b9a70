// Evaluates the classifier (the learned model with its rules, next to the rules alone and a majority baseline).
// It prints figures; it asserts nothing (the tests check form, not accuracy).
//   pnpm classify:eval [--split=test|dev] [--parts=Q,R,S,T] [--segmenter=jieba|bigram] [--errors] [--model=weights.json]
//     on the labelled corpus (libs/domain/data/corpus): the test split unless told otherwise; --parts keeps the items
//     whose id starts with one of the given part letters (e.g. a part written after the others were evaluated).
//   pnpm classify:eval --set=labelled [--split=held-out|train|all] [--segmenter=…] [--errors]
//     the earlier evaluation on the 331 labelled demands the rules were tuned on (libs/domain/data/labelled-demands.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import labelledJson from '../libs/domain/data/labelled-demands.json';
import {
  CLASSIFIER_MODEL_FILE,
  CORPUS_KINDS,
  CORPUS_TRAITS,
  URGENCIES,
  accuracy,
  bigramSegmenter,
  classify,
  confusion,
  defaultClassifierRules,
  defaultTaxonomy,
  defaultTemporalMarkers,
  findSubItem,
  formatProportion,
  majority,
  parseCorpus,
  parseLabelledSet,
  parseLinearModel,
  recallPrecision,
  splitLabelledSet,
  suggestClassification,
  wilsonInterval,
  type ClassificationResult,
  type CorpusItem,
  type CorpusSplit,
  type LabelledDemand,
  type LinearModel,
  type Proportion,
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
// Chinese characters take two columns in a terminal.
const padCols = (s: string, cols: number) => s + ' '.repeat(Math.max(0, cols - Array.from(s).reduce((n, c) => n + (/[\u3000-\uffff]/.test(c) ? 2 : 1), 0)));
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

function labelledEvaluation(seg: Named) {
  const taxonomy = defaultTaxonomy();
  const set = parseLabelledSet(labelledJson as unknown, taxonomy);
  const { train, heldOut } = splitLabelledSet(set.items);
  const splitName = arg('split', 'held-out');
  const items = splitName === 'train' ? train : splitName === 'all' ? set.items : heldOut;

  const scored = run(items, seg);
  const s = summary(scored);
  console.log(`Classifier evaluation — ${set.synthetic ? 'SYNTHETIC labelled set' : 'labelled set'} of ${set.items.length} demands`);
  console.log(`split: ${splitName} (${items.length} items; train ${train.length}, held-out ${heldOut.length})   segmenter: ${seg.name}`);
  console.log(`rules v${defaultClassifierRules().version}, taxonomy "${taxonomy.title}" v${taxonomy.version}\n`);

  console.log(`sub-item (${taxonomy.subItems.length}-way)  ${pct(s.subItem, s.n)}  (${s.subItem}/${s.n})`);
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

// ---------------------------------------------------------------------------------------------------------------
// The labelled corpus: the rule classifier next to a majority baseline learned from the train split.

interface Judged {
  readonly item: CorpusItem;
  readonly kind: string;
  readonly subItem: string | null;
  readonly category: string | null;
  readonly urgency: string;
}

function readCorpusSplit(name: CorpusSplit): readonly CorpusItem[] {
  const file = `${name}.jsonl`;
  const text = readFileSync(join(__dirname, '../libs/domain/data/corpus', file), 'utf8');
  const { items, faults } = parseCorpus([{ name: file, text }], defaultTaxonomy());
  if (faults.length > 0) throw new Error(`${file} has invalid lines (run the domain tests): ${faults.map((f) => f.at).join(', ')}`);
  return items;
}

const isPastOrHypothetical = (i: CorpusItem) => i.traits.includes('hypothetical') || i.traits.includes('past-mention');

/** The figures of issue 13, for one set of judgements. */
function corpusFigures(judged: readonly Judged[]) {
  const demands = judged.filter((j) => j.item.kind !== 'not_a_demand');
  const categoryOf = (code: string | null) => (code ? findSubItem(defaultTaxonomy(), code)?.category ?? null : null);
  const red = recallPrecision(
    judged.map((j) => ({ label: j.item.urgency, predicted: j.urgency })),
    'critical',
  );
  const nonDemands = judged.filter((j) => j.item.kind === 'not_a_demand');
  const notRed = judged.filter((j) => isPastOrHypothetical(j.item) && j.item.urgency !== 'critical');
  return {
    kind: accuracy(judged.map((j) => ({ label: j.item.kind as string, predicted: j.kind }))),
    subItem: accuracy(demands.map((j) => ({ label: j.item.subItem, predicted: j.subItem }))),
    category: accuracy(demands.map((j) => ({ label: categoryOf(j.item.subItem), predicted: j.category }))),
    urgency: accuracy(demands.map((j) => ({ label: j.item.urgency as string | null, predicted: j.urgency }))),
    redRecall: red.recall,
    redPrecision: red.precision,
    nonDemands: wilsonInterval(nonDemands.filter((j) => j.kind === 'not_a_demand').length, nonDemands.length),
    nonDemandsRouted: wilsonInterval(nonDemands.filter((j) => j.subItem !== null).length, nonDemands.length),
    demandsDropped: wilsonInterval(demands.filter((j) => j.kind === 'not_a_demand').length, demands.length),
    pastOrHypotheticalRaised: wilsonInterval(notRed.filter((j) => j.urgency === 'critical').length, notRed.length),
  };
}

function loadModel(): LinearModel {
  return parseLinearModel(JSON.parse(readFileSync(arg('model', join(__dirname, '../libs/domain', CLASSIFIER_MODEL_FILE)), 'utf8')) as unknown);
}

function corpusEvaluation(seg: Named) {
  const taxonomy = defaultTaxonomy();
  const rules = defaultClassifierRules();
  const splitName = arg('split', 'test');
  if (splitName !== 'test' && splitName !== 'dev') throw new Error(`--split=${splitName}: the corpus is evaluated on test or dev`);
  const train = readCorpusSplit('train');
  const parts = arg('parts', '').split(',').filter(Boolean);
  const items = readCorpusSplit(splitName).filter((item) => parts.length === 0 || parts.some((p) => item.id.startsWith(p)));
  if (items.length === 0) throw new Error(`--parts=${parts.join(',')}: no item of the ${splitName} split has such an id`);

  const started = Date.now();
  const model = loadModel();
  const loadMs = Date.now() - started;
  const markers = defaultTemporalMarkers();
  const classifyStarted = process.hrtime.bigint();
  const suggestions = items.map((item) => suggestClassification(item.text, { segment: seg.segment, rules, taxonomy, model, markers }));
  const classifyMs = Number(process.hrtime.bigint() - classifyStarted) / 1e6;
  const modelJudged: Judged[] = items.map((item, i) => {
    const s = suggestions[i];
    return { item, kind: s.outcome, subItem: s.subItem, category: s.category, urgency: s.outcome === 'not_a_demand' ? '' : s.urgency };
  });
  const ruleJudged: Judged[] = items.map((item) => {
    const r = classify(item.text, { segment: seg.segment, rules, taxonomy });
    return { item, kind: r.kind, subItem: r.subItem, category: r.category, urgency: r.urgency };
  });
  // The baseline answers every item with what is most frequent in train (never in the split it is scored on).
  const trainDemands = train.filter((i) => i.kind !== 'not_a_demand');
  const base = {
    kind: majority(train.map((i) => i.kind as string)) ?? 'complaint',
    subItem: majority(trainDemands.map((i) => i.subItem as string)) ?? null,
    category: majority(trainDemands.map((i) => findSubItem(taxonomy, i.subItem as string)?.category ?? '')) ?? null,
    urgency: majority(trainDemands.map((i) => i.urgency as string)) ?? 'normal',
  };
  const baseJudged: Judged[] = items.map((item) => ({ item, ...base }));
  const combined = corpusFigures(modelJudged);
  const rule = corpusFigures(ruleJudged);
  const baseline = corpusFigures(baseJudged);

  const nonDemandCount = items.filter((i) => i.kind === 'not_a_demand').length;
  console.log(`Classifier evaluation on the labelled corpus (libs/domain/data/corpus; SYNTHETIC, written for this project)`);
  console.log(`split: ${splitName}${parts.length ? `, parts ${parts.join(', ')} only` : ''} (${items.length} items, ${items.length - nonDemandCount} demands, ${nonDemandCount} non-demands)   train: ${train.length}   segmenter: ${seg.name}`);
  console.log(`model + rules: ${arg('model', CLASSIFIER_MODEL_FILE)} (${model.weights.size} features; ${String(model.about.trainedOn ?? '')}), read and parsed in ${loadMs} ms; ${(classifyMs / items.length).toFixed(2)} ms a text (segmenter, rules and model; ${items.length} texts)`);
  console.log(`rules only (the classifier before the model): rules v${rules.version}, taxonomy "${taxonomy.title}" v${taxonomy.version}`);
  console.log(`majority baseline (from train): kind ${base.kind}, sub-item ${base.subItem}, category ${base.category}, urgency ${base.urgency}`);
  if (splitName === 'dev') console.log('NOTE: the shipped model learned from dev too (thresholds were chosen on dev): dev figures flatter it; `pnpm classify:train --dry-run` prints the honest dev figures.');
  console.log('rates with Wilson 95% intervals\n');

  const w = 46;
  const c = 29;
  console.log(`${'figure'.padEnd(w)} ${'model + rules'.padEnd(c)} ${'rules only'.padEnd(c)} majority baseline`);
  const line = (label: string, a: Proportion, b: Proportion, d?: Proportion) => console.log(`${padCols(label, w)} ${formatProportion(a).padEnd(c)} ${formatProportion(b).padEnd(c)} ${d ? formatProportion(d) : ''}`);
  line('kind (6-way, non-demands included)   ≥90%', combined.kind, rule.kind, baseline.kind);
  line(`sub-item ("domain", ${taxonomy.subItems.length}-way; demands) ≥85%`, combined.subItem, rule.subItem, baseline.subItem);
  line('category (demands)', combined.category, rule.category, baseline.category);
  line('urgency (3-way; demands)', combined.urgency, rule.urgency, baseline.urgency);
  line('red recall (critical → critical)     ≥95%', combined.redRecall, rule.redRecall, baseline.redRecall);
  line('red precision (proposed red → right) ≥70%', combined.redPrecision, rule.redPrecision, baseline.redPrecision);
  line('non-demands recognised               ≥90%', combined.nonDemands, rule.nonDemands, baseline.nonDemands);
  line('non-demands given a sub-item (lower=better)', combined.nonDemandsRouted, rule.nonDemandsRouted, baseline.nonDemandsRouted);
  line('demands read as non-demands (lower=better)', combined.demandsDropped, rule.demandsDropped, baseline.demandsDropped);
  line('past/hypothetical raised to red (lower=better)', combined.pastOrHypotheticalRaised, rule.pastOrHypotheticalRaised, baseline.pastOrHypotheticalRaised);
  console.log('(the rules have no not_a_demand outcome: they cannot recognise a non-demand, so that figure is 0 by construction)');

  const flagged = suggestions.filter((s) => s.uncertain).length;
  const rightWhen = (flag: boolean) => {
    const js = modelJudged.filter((j, i) => suggestions[i].uncertain === flag && j.item.kind !== 'not_a_demand');
    return accuracy(js.map((j) => ({ label: j.item.subItem, predicted: j.subItem })));
  };
  console.log(`\nuncertainty: ${flagged}/${items.length} flagged "系统不确定，请核对"; sub-item right when flagged ${formatProportion(rightWhen(true))}, when not ${formatProportion(rightWhen(false))}`);

  console.log('\nper kind (recall: labelled kind → same kind)');
  for (const k of CORPUS_KINDS) {
    const mine = (js: readonly Judged[]) => accuracy(js.filter((j) => j.item.kind === k).map((j) => ({ label: j.item.kind as string, predicted: j.kind })));
    line(`  ${k}`, mine(modelJudged), mine(ruleJudged), mine(baseJudged));
  }

  console.log('\nper sub-item (recall)                         model + rules                 rules only                    model + rules precision');
  for (const si of taxonomy.subItems) {
    const rp = (js: readonly Judged[]) => recallPrecision(js.map((j) => ({ label: j.item.subItem, predicted: j.subItem })), si.code);
    line(`  ${si.name} ${si.code}`, rp(modelJudged).recall, rp(ruleJudged).recall, rp(modelJudged).precision);
  }

  console.log('\nper category (recall)                         model + rules                 rules only');
  for (const cat of taxonomy.categories) {
    const rp = (js: readonly Judged[]) => recallPrecision(js.filter((j) => j.item.kind !== 'not_a_demand').map((j) => ({ label: findSubItem(taxonomy, j.item.subItem ?? '')?.category ?? null, predicted: j.category })), cat.code);
    line(`  ${cat.name} ${cat.code}`, rp(modelJudged).recall, rp(ruleJudged).recall);
  }

  console.log('\nkinds (model + rules): label (rows) → proposal (columns)');
  const proposals = CORPUS_KINDS as readonly string[];
  const table = confusion(
    modelJudged.map((j) => ({ label: j.item.kind as string, predicted: j.kind })),
    CORPUS_KINDS,
    proposals,
  );
  console.log(`  ${''.padEnd(14)}${proposals.map((p) => p.padStart(13)).join('')}         n`);
  CORPUS_KINDS.forEach((k, r) => {
    const n = table[r].reduce((s, x) => s + x, 0);
    console.log(`  ${k.padEnd(14)}${table[r].slice(0, proposals.length).map((x) => String(x).padStart(13)).join('')}${String(n).padStart(10)}`);
  });

  console.log('\nurgency of demands (model + rules): label (rows) → proposal normal / urgent / critical');
  for (const u of URGENCIES) {
    const row = modelJudged.filter((j) => j.item.urgency === u);
    console.log(`  ${u.padEnd(9)} ${URGENCIES.map((p) => String(row.filter((j) => j.urgency === p).length).padStart(5)).join(' ')}   (n=${row.length})`);
  }

  console.log('\nby trait (items showing it)                   kind (model + rules)          sub-item (model + rules; demands)');
  for (const t of CORPUS_TRAITS) {
    const mine = modelJudged.filter((j) => j.item.traits.includes(t));
    const ds = mine.filter((j) => j.item.kind !== 'not_a_demand');
    line(
      `  ${t}`,
      accuracy(mine.map((j) => ({ label: j.item.kind as string, predicted: j.kind }))),
      accuracy(ds.map((j) => ({ label: j.item.subItem, predicted: j.subItem }))),
    );
  }

  if (process.argv.includes('--errors')) {
    console.log('\nmissed and false red (model + rules)');
    for (const j of modelJudged) {
      if ((j.item.urgency === 'critical') === (j.urgency === 'critical')) continue;
      console.log(`  ${j.item.id} [label ${j.item.urgency ?? '-'}, proposed ${j.urgency || '-'}] ${j.item.text}`);
    }
    console.log('\nkind errors (model + rules)');
    for (const j of modelJudged) if (j.kind !== j.item.kind) console.log(`  ${j.item.id} [${j.item.kind} → ${j.kind}] ${j.item.text}`);
  }
}

async function main() {
  let seg: Named = bigrams;
  if (arg('segmenter', 'jieba') === 'jieba') {
    const j = await jieba();
    if (typeof j === 'string') console.log(`@node-rs/jieba could not be loaded (${j}); falling back to bigrams.`);
    else seg = j;
  }
  if (arg('set', 'corpus') === 'labelled') labelledEvaluation(seg);
  else corpusEvaluation(seg);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
