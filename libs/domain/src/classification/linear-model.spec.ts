import { LEGACY_FEATURES, ModelError, normaliseForModel, parseLinearModel, predictHeads, textFeatures, trainLinearModel, type TrainingExample } from './linear-model';
import type { Segmenter } from './segmenter';

const bySpaces: Segmenter = (t) => t.split(/[,，。 ]/).filter(Boolean);

describe(textFeatures.name, () => {
  it('gives character 1-3-grams of the normalised text (no spaces, full-width folded) and the segmenter’s words, each once', () => {
    expect(textFeatures('停水 停水', bySpaces).sort()).toEqual(['c:停', 'c:停水', 'c:水', 'c:水停', 'c:水停水', 'c:停水停', 'w:停水停水'].sort());
    expect(textFeatures('停水，修路', bySpaces)).toEqual(expect.arrayContaining(['w:停水', 'w:修路', 'c:水,修']));
  });

  it('folds width, case and digits so 3天 and ３天 read the same', () => {
    expect(normaliseForModel('ＡＢ 3天')).toBe('ab0天');
    expect(textFeatures('停了3天', bySpaces)).toEqual(textFeatures('停了５天', bySpaces));
  });

  it('has no features for an empty text', () => {
    expect(textFeatures('  ', bySpaces)).toEqual([]);
  });

  it('reads longer n-grams and neighbouring word pairs only when the spec asks for them', () => {
    const wide = textFeatures('停水，修路', bySpaces, { maxCharN: 4, wordBigrams: true });
    expect(wide).toEqual(expect.arrayContaining(['c:停水,修', 'b:停水|修路', 'w:停水', 'w:修路']));
    expect(textFeatures('停水，修路', bySpaces)).not.toEqual(expect.arrayContaining(['c:停水,修']));
    expect(textFeatures('停水，修路', bySpaces).some((f) => f.startsWith('b:'))).toBe(false);
  });
});

describe('the features a model was trained on', () => {
  const doc = { version: 1, about: {}, thresholds: {}, headOrder: ['kind'], heads: { kind: { labels: ['complaint'], bias: [0] } }, scale: 1000, weights: {} };

  it('are stored with it, and a model stored without them reads the legacy ones', () => {
    expect(parseLinearModel(doc).features).toEqual(LEGACY_FEATURES);
    expect(parseLinearModel({ ...doc, features: { maxCharN: 4, wordBigrams: true } }).features).toEqual({ maxCharN: 4, wordBigrams: true });
    const trained = trainLinearModel([ex('停水', 'complaint')], { heads: { kind: ['complaint'] }, epochs: 1, learningRate: 0.1, l2: 0, minCount: 1, pruneBelow: 0, seed: 1, features: { maxCharN: 2, wordBigrams: true } });
    expect(trained.features).toEqual({ maxCharN: 2, wordBigrams: true });
  });

  it('refuses a malformed spec', () => {
    expect(() => parseLinearModel({ ...doc, features: { maxCharN: 0, wordBigrams: false } })).toThrow(ModelError);
    expect(() => parseLinearModel({ ...doc, features: { maxCharN: 3, wordBigrams: 'yes' } })).toThrow(ModelError);
  });
});

const ex = (text: string, kind: string, weight?: number): TrainingExample => ({ features: textFeatures(text, bySpaces), labels: { kind }, ...(weight ? { weight } : {}) });
const examples = [
  ex('自来水停了', 'complaint'),
  ex('停水三天了', 'complaint'),
  ex('家里停水', 'complaint'),
  ex('谢谢你们', 'not_a_demand'),
  ex('谢谢', 'not_a_demand'),
  ex('好的谢谢', 'not_a_demand'),
];
const opts = { heads: { kind: ['complaint', 'not_a_demand'] }, epochs: 30, learningRate: 0.3, l2: 1e-5, minCount: 1, pruneBelow: 0.001, seed: 1 };

describe(trainLinearModel.name, () => {
  it('learns to tell the labels apart on unseen text', () => {
    const model = parseLinearModel(trainLinearModel(examples, opts));
    expect(predictHeads(model, textFeatures('又停水了', bySpaces)).kind.ranked[0].label).toBe('complaint');
    expect(predictHeads(model, textFeatures('谢谢啦', bySpaces)).kind.ranked[0].label).toBe('not_a_demand');
  });

  it('is deterministic: the same data and seed give the same weights', () => {
    expect(trainLinearModel(examples, opts)).toEqual(trainLinearModel(examples, opts));
  });

  it('drops features seen too rarely and features whose weights are all small', () => {
    const all = Object.keys(trainLinearModel(examples, opts).weights);
    const common = Object.keys(trainLinearModel(examples, { ...opts, minCount: 2 }).weights);
    expect(common.length).toBeLessThan(all.length);
    expect(common).toContain('c:谢谢');
    expect(common).not.toContain('c:自来水');
    expect(Object.keys(trainLinearModel(examples, { ...opts, pruneBelow: 1e9 }).weights)).toEqual([]);
  });

  it('learns only from examples labelled for the head, and counts an example’s weight', () => {
    const unlabelled: TrainingExample = { features: ['c:x'], labels: {} };
    const model = parseLinearModel(trainLinearModel([...examples, unlabelled], opts));
    expect(model.weights.has('c:x')).toBe(false);
    // The office's confirmed example outweighs a corpus item that says the opposite.
    const tie = [ex('停水', 'complaint'), ex('停水', 'not_a_demand', 3)];
    const p = predictHeads(parseLinearModel(trainLinearModel(tie, opts)), textFeatures('停水', bySpaces)).kind.ranked;
    expect(p[0].label).toBe('not_a_demand');
  });

  it('gives probabilities that sum to one, most likely first', () => {
    const ranked = predictHeads(parseLinearModel(trainLinearModel(examples, opts)), textFeatures('停水', bySpaces)).kind.ranked;
    expect(ranked.reduce((s, r) => s + r.p, 0)).toBeCloseTo(1, 6);
    expect(ranked[0].p).toBeGreaterThanOrEqual(ranked[1].p);
  });
});

describe(parseLinearModel.name, () => {
  it('refuses a document that is not a model, or whose rows do not fit its heads', () => {
    expect(() => parseLinearModel({})).toThrow(ModelError);
    const good = trainLinearModel(examples, opts);
    expect(() => parseLinearModel({ ...good, weights: { 'c:水': [1, 2, 3] } })).toThrow(/expected 2/);
    expect(() => parseLinearModel({ ...good, heads: { kind: { labels: ['a'], bias: [] } } })).toThrow(/malformed/);
  });
});
