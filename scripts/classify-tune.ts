// Compares training settings on the dev split only (never test): each setting is trained on train, its thresholds
// chosen on dev as `pnpm classify:train` does, and its dev figures printed. Used to choose the settings the train
// script ships; it writes nothing.
//   pnpm classify:tune '[{"maxCharN":4,"wordBigrams":true,"l2":1e-5,"epochs":20}, …]'
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
  type LabelledText,
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
  prune?: number;
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
    const started = Date.now();
    const doc = trainLinearModel(toTrainingExamples(train, segment, 1, features), {
      heads: modelHeads(train, taxonomy),
      epochs: s.epochs ?? 20,
      learningRate: s.lr ?? 0.25,
      l2: s.l2 ?? 1e-5,
      minCount: s.minCount ?? 3,
      pruneBelow: s.prune ?? 0.01,
      seed: 13,
      features,
    });
    const model = parseLinearModel(doc);
    const opts = { segment, rules: defaultClassifierRules(), taxonomy, model, markers: defaultTemporalMarkers() };
    const readings = dev.map((label) => ({ label, reading: readDemand(label.text, opts) }));
    const th = tuneThresholds(readings, taxonomy, DEFAULT_COMBINE_THRESHOLDS, 0.75);
    const f = classificationFigures(judgeReadings(readings, taxonomy, th), taxonomy);
    const p = (x: { rate: number }) => (100 * x.rate).toFixed(1).padStart(5);
    console.log(
      `${JSON.stringify(s).padEnd(70)} kind ${p(f.kind)} sub ${p(f.subItem)} urg ${p(f.urgency)} red ${p(f.redRecall)}/${p(f.redPrecision)} non ${p(f.nonDemands)} drop ${p(f.demandsDropped)} | ${Object.keys(doc.weights).length} feats ${(JSON.stringify(doc).length / 1e6).toFixed(1)} MB ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
