import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_SPLITS, parseCorpus } from './corpus';
import { CLASSIFIER_MODEL_FILE, defaultClassifierRules, defaultTaxonomy, defaultTemporalMarkers } from './default-data';
import { parseLinearModel, type LinearModelDocument } from './linear-model';
import { bigramSegmenter } from './segmenter';
import { confidentlyNotADemand, followUpAsksForNothing, notHappeningNow, suggestClassification, type CombineThresholds } from './suggest';
import type { Taxonomy } from './taxonomy';

// A hand-made model (weights in thousandths): each feature speaks for a known kind, sub-item and urgency,
// so the combination with the rules can be checked on its own. Rows: kind ×3, sub-item ×3, urgency ×3.
const doc: LinearModelDocument = {
  version: 1,
  about: {},
  thresholds: {},
  headOrder: ['kind', 'subItem', 'urgency'],
  heads: {
    kind: { labels: ['complaint', 'help', 'not_a_demand'], bias: [0, 0, 0] },
    subItem: { labels: ['water-supply', 'roads-transport', 'housing-safety'], bias: [0, 0, 0] },
    urgency: { labels: ['normal', 'urgent', 'critical'], bias: [2, 0, -2] },
  },
  scale: 1000,
  weights: {
    'c:停水': [40000, 0, 0, 60000, 0, 0, 0, 30000, 0],
    'c:路面': [40000, 0, 0, 0, 60000, 0, 0, 0, 0],
    'c:着火': [0, 60000, 0, 0, 0, 40000, 0, 0, 90000],
    'c:冒烟': [0, 20000, 0, 0, 0, 20000, 0, 0, 8000],
    'c:谢谢': [0, 0, 90000, 0, 0, 0, 0, 0, 0],
  },
};
const model = parseLinearModel(doc);
const taxonomy = defaultTaxonomy();
const sut = (text: string, opts: { taxonomy?: Taxonomy; thresholds?: Partial<CombineThresholds> } = {}) =>
  suggestClassification(text, {
    segment: bigramSegmenter,
    rules: defaultClassifierRules(),
    taxonomy: opts.taxonomy ?? taxonomy,
    model,
    markers: defaultTemporalMarkers(),
    thresholds: { subItemRuleShare: 0, ...opts.thresholds },
  });

describe(suggestClassification.name, () => {
  it('reads kind, sub-item and urgency from the model, with a confidence for each', () => {
    const s = sut('村里停水');
    expect(s).toMatchObject({ outcome: 'complaint', kind: 'complaint', subItem: 'water-supply', category: 'infrastructure', urgency: 'urgent', uncertain: false, needsReview: false });
    expect(s.confidence.kind).toBeGreaterThan(0.9);
    expect(s.confidence.subItem).toBeGreaterThan(0.9);
    expect(s.reasons).toEqual([]);
  });

  it('mixes the rules’ kind terms into the model’s kinds in the share given, and not at all by default', () => {
    // The model reads 停水 as a complaint; the rules read 求助 as a call for help.
    expect(sut('村里停水，求助').kind).toBe('complaint');
    expect(sut('村里停水，求助', { thresholds: { kindRuleShare: 0.9 } }).kind).toBe('help');
    // With no kind term, any share leaves the model's kind.
    expect(sut('村里停水', { thresholds: { kindRuleShare: 0.9 } }).kind).toBe('complaint');
  });

  it('never proposes a sub-item the city’s taxonomy dropped', () => {
    const edited: Taxonomy = { ...taxonomy, subItems: taxonomy.subItems.filter((x) => x.code !== 'water-supply') };
    const s = sut('村里停水', { taxonomy: edited });
    expect(s.subItem).not.toBe('water-supply');
    expect(s.alternatives.map((a) => a.subItem)).not.toContain('water-supply');
  });

  it('is red for a fire now, and not for a fire that may happen or happened last year', () => {
    expect(sut('家里着火了').urgency).toBe('critical');
    const maybe = sut('万一着火了咋办');
    expect(maybe.urgency).not.toBe('critical');
    expect(maybe.reasons).toContain('red-not-now');
    expect(maybe.uncertain).toBe(true);
    expect(sut('去年着火了').urgency).not.toBe('critical');
    // A present word overrules: it is happening now.
    expect(sut('去年着过一回，现在又着火了').urgency).toBe('critical');
  });

  it('lets an explicit hazard term raise a weak red reading, and nothing else', () => {
    const thresholds = { critical: 0.999, criticalWithHazard: 0.0001 };
    // "冒烟" alone gives the model a small red probability; the rules' hazard term "着火" is not there.
    expect(sut('冒烟', { thresholds }).urgency).not.toBe('critical');
    // "煤气泄漏" is a rules hazard term the model has never seen: with the weak reading of "冒烟" it is red.
    expect(sut('冒烟了，煤气泄漏', { thresholds }).urgency).toBe('critical');
  });

  it('reads a red demand as a call for help when told to lean that way', () => {
    // 着火 speaks for help already; with a lean towards complaint in the kind head, the boost brings help back.
    const leaning = parseLinearModel({ ...doc, heads: { ...doc.heads, kind: { labels: ['complaint', 'help', 'not_a_demand'], bias: [16, 0, 0] } } });
    const read = (criticalHelp: number) =>
      suggestClassification('家里着火了', { segment: bigramSegmenter, rules: defaultClassifierRules(), taxonomy, model: leaning, markers: defaultTemporalMarkers(), thresholds: { criticalHelp } });
    expect(read(0)).toMatchObject({ urgency: 'critical', kind: 'complaint' });
    expect(read(0.9)).toMatchObject({ urgency: 'critical', kind: 'help', outcome: 'help' });
  });

  it('does not count a negated hazard ("没有人受伤")', () => {
    const thresholds = { critical: 0.999, criticalWithHazard: 0.0001 };
    // 冒烟 (2) and 受伤 (4) would reach the rules' bar (4); the negated 受伤 does not count.
    expect(sut('冒烟了，没有人受伤', { thresholds }).urgency).not.toBe('critical');
  });

  it('says it is unsure when two sub-items are close, and lists both', () => {
    const s = sut('停水了路面也坏了');
    expect(s.uncertain).toBe(true);
    expect(s.reasons).toContain('sub-item-close');
    expect(s.alternatives.slice(0, 2).map((a) => a.subItem).sort()).toEqual(['roads-transport', 'water-supply']);
  });

  it('recognises a thank-you as not a demand: no sub-item, no urgency, the chat may file nothing', () => {
    const s = sut('谢谢');
    expect(s).toMatchObject({ outcome: 'not_a_demand', confidentlyNotADemand: true, subItem: null, urgency: 'normal', alternatives: [] });
    expect(s.kind).not.toBe('not_a_demand');
  });

  it('does not drop a doubtful non-demand from the chat', () => {
    const s = sut('谢谢', { thresholds: { nonDemand: 0.5, nonDemandChat: 1.01 } });
    expect(s.outcome).toBe('not_a_demand');
    expect(s.confidentlyNotADemand).toBe(false);
  });

  it('proposes no sub-item from a weak guess with no rule evidence, but still shows the alternatives', () => {
    const s = sut('麻烦回个电话', { thresholds: { subItemAlone: 0.5 } });
    expect(s.subItem).toBeNull();
    expect(s.reasons).toContain('sub-item-none');
    expect(s.alternatives.length).toBeGreaterThan(0);
  });
});

describe(notHappeningNow.name, () => {
  const markers = defaultTemporalMarkers();
  it.each([
    ['万一失火了咋办', true],
    ['去年发大水淹了', true],
    ['上个月有人掉河里', true],
    ['房子着火了', false],
    ['以前就漏过，现在又漏气了', false],
    // Look-alikes: a marker inside a phrase that does not carry its sense.
    ['吃了凉拌菜以后有个娃儿都昏过去了', false],
    ['我好害怕，他拿着刀在砸门', false],
    ['上个月垮方埋过一辆车，路到现在还没通', true],
  ])('%s → %s', (text, expected) => {
    expect(notHappeningNow(text, markers)).toBe(expected);
  });
});

describe(confidentlyNotADemand.name, () => {
  // The shipped model over every text of the committed corpus: greetings and demands, red and not.
  const shipped = parseLinearModel(JSON.parse(readFileSync(join(__dirname, '../..', CLASSIFIER_MODEL_FILE), 'utf8')) as unknown);
  const dir = join(__dirname, '../../data/corpus');
  const texts = parseCorpus(
    CORPUS_SPLITS.map((split) => ({ split, name: `${split}.jsonl`, text: readFileSync(join(dir, `${split}.jsonl`), 'utf8') })),
    taxonomy,
  ).items.map((item) => item.text);
  const opts = { segment: bigramSegmenter, rules: defaultClassifierRules(), taxonomy, model: shipped, markers: defaultTemporalMarkers() };

  it('says what the whole suggestion says of every corpus text, with the shipped model and with other thresholds', () => {
    for (const thresholds of [undefined, { nonDemand: 0.3, nonDemandChat: 0.6 }]) {
      const sut = texts.map((text) => confidentlyNotADemand(text, { ...opts, thresholds }));
      expect(sut).toEqual(texts.map((text) => suggestClassification(text, { ...opts, thresholds }).confidentlyNotADemand));
      // Both answers occur: the comparison is not between two constant lists.
      expect(new Set(sut)).toEqual(new Set([true, false]));
    }
  });
});

describe(followUpAsksForNothing.name, () => {
  const shipped = parseLinearModel(JSON.parse(readFileSync(join(__dirname, '../..', CLASSIFIER_MODEL_FILE), 'utf8')) as unknown);
  const opts = { segment: bigramSegmenter, model: shipped, markers: defaultTemporalMarkers() };

  it.each(['谢谢你们，辛苦了', '好的收到', '麻烦你们了', '知道了'])('%s asks for nothing: the guide, not the case', (text) => {
    expect(followUpAsksForNothing(text, opts)).toBe(true);
  });

  it('keeps a plea with the case even where the model reads it as chatter', () => {
    // The model alone drops it (the premise); a word asking someone to come keeps it.
    expect(confidentlyNotADemand('你们快来看看嘛', opts)).toBe(true);
    expect(followUpAsksForNothing('你们快来看看嘛', opts)).toBe(false);
    for (const plea of ['麻烦尽快来看看', '请派人处理一下', '帮忙催一下']) expect(followUpAsksForNothing(plea, opts)).toBe(false);
  });
});
