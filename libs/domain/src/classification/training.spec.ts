import { defaultTaxonomy } from './default-data';
import type { DemandReading } from './suggest';
import { DEFAULT_COMBINE_THRESHOLDS } from './suggest';
import { classificationFigures, MIN_RED_BAR, modelHeads, parseOfficeExamples, toTrainingExamples, tuneThresholds, type LabelledText } from './training';

const taxonomy = defaultTaxonomy();

describe(parseOfficeExamples.name, () => {
  it('reads the exported examples and names every line it leaves out', () => {
    const jsonl = [
      JSON.stringify({ text: '自来水停了', kind: 'complaint', subItem: 'water-supply', urgency: 'urgent' }),
      '',
      'not json',
      JSON.stringify({ text: '路烂了', kind: 'complaint', subItem: 'dropped-by-the-city', urgency: 'normal' }),
      JSON.stringify({ text: '谢谢', kind: 'not_a_demand', subItem: 'water-supply', urgency: 'normal' }),
      JSON.stringify({ text: ' ', kind: 'complaint', subItem: 'water-supply', urgency: 'normal' }),
      JSON.stringify({ text: '房子裂了', kind: 'help', subItem: 'housing-safety', urgency: 'red' }),
    ].join('\n');
    const { items, faults } = parseOfficeExamples(jsonl, taxonomy);
    expect(items).toEqual([{ text: '自来水停了', kind: 'complaint', subItem: 'water-supply', urgency: 'urgent' }]);
    expect(faults).toEqual([
      'line 3: not JSON',
      'line 4: sub-item dropped-by-the-city is not in the taxonomy',
      'line 5: kind not_a_demand is not a case kind',
      'line 6: no text',
      'line 7: urgency red is unknown',
    ]);
  });
});

describe(modelHeads.name, () => {
  it('takes its labels from the taxonomy and the data: a sub-item nobody labelled is not learned', () => {
    const items: LabelledText[] = [
      { text: 'a', kind: 'complaint', subItem: 'water-supply', urgency: 'normal' },
      { text: 'b', kind: 'not_a_demand', subItem: null, urgency: null },
      { text: 'c', kind: 'help', subItem: 'housing-safety', urgency: 'critical' },
    ];
    expect(modelHeads(items, taxonomy)).toEqual({
      kind: ['help', 'complaint', 'not_a_demand'],
      // In taxonomy order.
      subItem: taxonomy.subItems.map((s) => s.code).filter((c) => c === 'water-supply' || c === 'housing-safety'),
      urgency: ['normal', 'urgent', 'critical'],
    });
  });
});

describe(toTrainingExamples.name, () => {
  it('labels the kind always, sub-item and urgency only for demands', () => {
    const [demand, chatter] = toTrainingExamples(
      [
        { text: '停水', kind: 'complaint', subItem: 'water-supply', urgency: 'urgent' },
        { text: '你好', kind: 'not_a_demand', subItem: null, urgency: null },
      ],
      (t) => [t],
      2,
    );
    expect(demand.labels).toEqual({ kind: 'complaint', subItem: 'water-supply', urgency: 'urgent' });
    expect(chatter.labels).toEqual({ kind: 'not_a_demand' });
    expect(demand.weight).toBe(2);
    expect(demand.features).toContain('w:停水');
  });
});

describe(classificationFigures.name, () => {
  it('counts kind over all items, domain and urgency over demands, red recall and precision, and non-demands', () => {
    const red: LabelledText = { text: 'r', kind: 'help', subItem: 'housing-safety', urgency: 'critical' };
    const plain: LabelledText = { text: 'p', kind: 'complaint', subItem: 'water-supply', urgency: 'normal' };
    const hello: LabelledText = { text: 'h', kind: 'not_a_demand', subItem: null, urgency: null };
    const f = classificationFigures(
      [
        { label: red, kind: 'help', subItem: 'housing-safety', urgency: 'critical' },
        { label: plain, kind: 'complaint', subItem: 'roads-transport', urgency: 'critical' },
        { label: hello, kind: 'not_a_demand', subItem: null, urgency: null },
      ],
      taxonomy,
    );
    expect([f.kind.hits, f.kind.n]).toEqual([3, 3]);
    expect([f.subItem.hits, f.subItem.n]).toEqual([1, 2]);
    // Roads and water are both infrastructure.
    expect([f.category.hits, f.category.n]).toEqual([2, 2]);
    expect([f.redRecall.hits, f.redRecall.n]).toEqual([1, 1]);
    expect([f.redPrecision.hits, f.redPrecision.n]).toEqual([1, 2]);
    expect([f.nonDemands.hits, f.nonDemands.n]).toEqual([1, 1]);
    expect([f.demandsDropped.hits, f.demandsDropped.n]).toEqual([0, 2]);
  });
});

describe(tuneThresholds.name, () => {
  // Readings made by hand: the model's red probability for each item, no rule evidence.
  const reading = (pCritical: number): DemandReading => ({
    rules: { kind: 'complaint', kindScore: 0, subItem: null, category: null, subItemScore: 0, urgency: 'normal', urgencyEvidence: { urgent: 0, critical: 0 }, alternatives: [], matchedTerms: [], needsReview: true },
    kind: [{ label: 'complaint', p: 1 }],
    subItem: [{ label: 'water-supply', p: 1 }],
    urgency: [
      { label: 'critical', p: pCritical },
      { label: 'normal', p: 1 - pCritical },
    ],
    hazard: false,
    notNow: false,
  });
  const item = (urgency: 'critical' | 'normal'): LabelledText => ({ text: 'x', kind: 'complaint', subItem: 'water-supply', urgency });

  it('keeps every red above the floor with the highest bar, never below MIN_RED_BAR', () => {
    const readings = [
      { label: item('critical'), reading: reading(0.9) },
      { label: item('critical'), reading: reading(0.6) },
      { label: item('normal'), reading: reading(0.4) },
      { label: item('normal'), reading: reading(0.05) },
    ];
    const th = tuneThresholds(readings, taxonomy, DEFAULT_COMBINE_THRESHOLDS, 0.7);
    // Both reds caught (bar ≤ 0.6) and the normal item at 0.4 left out (bar > 0.4): the highest such bar.
    expect(th.critical).toBeGreaterThan(0.4);
    expect(th.critical).toBeLessThanOrEqual(0.6);
    expect(th.critical).toBe(0.6);
  });

  it('takes a non-demand bar that recognises the floor of non-demands, even when kind accuracy alone would not', () => {
    const greeting = (pNon: number) => ({
      label: { text: 'x', kind: 'not_a_demand' as const, subItem: null, urgency: null },
      reading: { ...reading(0), kind: [{ label: 'not_a_demand' as const, p: pNon }, { label: 'complaint' as const, p: 1 - pNon }] },
    });
    const complaint = (pNon: number) => ({
      label: item('normal'),
      reading: { ...reading(0), kind: [{ label: 'complaint' as const, p: 1 - pNon }, { label: 'not_a_demand' as const, p: pNon }] },
    });
    // Ten sure greetings, one unsure (0.5), and two complaints the model half takes for chatter (0.52): a bar above
    // 0.52 is right on 12 of 13 items and recognises 10 of 11 greetings (91%); a bar at 0.5 recognises all 11.
    const readings = [...Array.from({ length: 10 }, () => greeting(0.95)), greeting(0.5), complaint(0.52), complaint(0.52)];
    expect(tuneThresholds(readings, taxonomy, DEFAULT_COMBINE_THRESHOLDS, 0.7, 0.97, 0.9).nonDemand).toBeGreaterThan(0.52);
    expect(tuneThresholds(readings, taxonomy, DEFAULT_COMBINE_THRESHOLDS, 0.7, 0.97, 0.93).nonDemand).toBe(0.5);
  });

  it('does not go below MIN_RED_BAR even when a lower bar would catch more reds', () => {
    const readings = [
      { label: item('critical'), reading: reading(0.9) },
      { label: item('critical'), reading: reading(0.2) },
      { label: item('normal'), reading: reading(0.05) },
    ];
    const th = tuneThresholds(readings, taxonomy, DEFAULT_COMBINE_THRESHOLDS, 0.7);
    // The red at 0.2 is missed rather than lower the bar under MIN_RED_BAR, where ordinary texts read red.
    expect(th.critical).toBeGreaterThanOrEqual(MIN_RED_BAR);
    expect(th.critical).toBeLessThanOrEqual(0.9);
  });
});
