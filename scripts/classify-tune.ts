// Compares training settings on the dev split only (never test): each setting is trained on train, its thresholds
// chosen on dev as `pnpm classify:train` does, and its dev figures printed. Used to choose the settings the train
// script ships; it writes nothing.
//   pnpm classify:tune '[{"maxCharN":4,"wordBigrams":true,"l2":1e-5,"epochs":20,"criticalWeight":2.5,"prunes":[0.01,0.1]}, …]'
// `prunes` reads one trained model at several pruning bars (every weight below the bar set to 0, a feature left with
// none dropped), so the size a bar saves is compared at the cost of one training; the pruned models are read with the
// thresholds chosen for the first bar, which can only flatter the first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_COMBINE_THRESHOLDS,
  classificationFigures,
  defaultClassifierRules,
  defaultTaxonomy,
  defaultTemporalMarkers,
  judgeReadings,
  modelHeads,
  parseCorpus,
  parseLinearModel,
  readDemand,
  toTrainingExamples,
  trainLinearModel,
  tuneThresholds,
  type CombineThresholds,
  type LabelledText,
  type LinearModelDocument,
  type Segmenter,
} from '../libs/domain/src/classification';

const root = join(__dirname, '..');

interface Setting {
  maxCharN?: number;
  wordBigrams?: boolean;
  epochs?: number;
  lr?: number;
  l2?: number;
  minCount?: number;
  criticalWeight?: number;
  prunes?: number[];
  /** Stored precision: weights kept as integer multiples of 1/scale (the train script writes 1000). */
  scales?: number[];
}

/** The document with every weight below `bar` set to 0, the features left with none dropped, and the weights stored × `scale`. */
function pruned(doc: LinearModelDocument, bar: number, scale: number): LinearModelDocument {
  const limit = bar * doc.scale;
  const rows = Object.entries(doc.weights).map(([f, row]) => [f, row.map((w) => (Math.abs(w) >= limit ? Math.round((w * scale) / doc.scale) : 0))] as const);
  return { ...doc, scale, weights: Object.fromEntries(rows.filter(([, row]) => row.some((w) => w !== 0))) };
}

async function main() {
  const { Jieba } = await import('@node-rs/jieba');
  const { dict } = await import('@node-rs/jieba/dict');
  const j = Jieba.withDict(dict);
  const segment: Segmenter = (t) => j.cut(t, true);
  const taxonomy = defaultTaxonomy();
  const split = (name: string): readonly LabelledText[] =>
    parseCorpus([{ name, text: readFileSync(join(root, 'libs/domain/data/corpus', `${name}.jsonl`), 'utf8') }], taxonomy).items;
  const [train, dev] = [split('train'), split('dev')];
  const settings = JSON.parse(process.argv[2] ?? '[{}]') as Setting[];
  for (const s of settings) {
    const features = { maxCharN: s.maxCharN ?? 3, wordBigrams: s.wordBigrams ?? false };
    const criticalWeight = s.criticalWeight ?? 2.5;
    const started = Date.now();
    const examples = train.map((item) => toTrainingExamples([item], segment, item.urgency === 'critical' ? criticalWeight : 1, features)[0]!);
    const doc = trainLinearModel(examples, {
      heads: modelHeads(train, taxonomy),
      epochs: s.epochs ?? 20,
      learningRate: s.lr ?? 0.25,
      l2: s.l2 ?? 1e-5,
      minCount: s.minCount ?? 2,
      pruneBelow: 0.01,
      seed: 13,
      features,
    });
    const trainedIn = (Date.now() - started) / 1000;
    let th: CombineThresholds | undefined;
    for (const [bar, scale] of (s.prunes ?? [0.01]).flatMap((b) => (s.scales ?? [doc.scale]).map((sc) => [b, sc] as const))) {
      const kept = pruned(doc, bar, scale);
      const model = parseLinearModel(kept);
      const opts = { segment, rules: defaultClassifierRules(), taxonomy, model, markers: defaultTemporalMarkers() };
      const readings = dev.map((label) => ({ label, reading: readDemand(label.text, opts) }));
      th ??= tuneThresholds(readings, taxonomy, DEFAULT_COMBINE_THRESHOLDS, 0.75);
      const f = classificationFigures(judgeReadings(readings, taxonomy, th), taxonomy);
      const p = (x: { rate: number }) => (100 * x.rate).toFixed(1).padStart(5);
      console.log(
        `${JSON.stringify({ ...s, prunes: undefined, scales: undefined, prune: bar, scale }).padEnd(70)} kind ${p(f.kind)} sub ${p(f.subItem)} urg ${p(f.urgency)} red ${p(f.redRecall)}/${p(f.redPrecision)} non ${p(f.nonDemands)} drop ${p(f.demandsDropped)} | ${Object.keys(kept.weights).length} feats ${(JSON.stringify(kept).length / 1e6).toFixed(1)} MB trained ${trainedIn.toFixed(0)} s | red bar ${th.critical}/${th.criticalWithHazard}`,
      );
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
