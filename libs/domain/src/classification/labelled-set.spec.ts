import { CASE_KINDS } from '../case/case-kind';
import labelledJson from '../../data/labelled-demands.json';
import { defaultTaxonomy } from './default-data';
import { labelCounts, parseLabelledSet, splitLabelledSet } from './labelled-set';
import { URGENCIES } from './rules';
import { TaxonomyError } from './taxonomy';

describe('the labelled demands (libs/domain/data/labelled-demands.json)', () => {
  const taxonomy = defaultTaxonomy();
  const sut = parseLabelledSet(labelledJson as unknown, taxonomy);
  const counts = labelCounts(sut.items);

  it('says it is synthetic sample data', () => {
    expect(sut.synthetic).toBe(true);
    expect((labelledJson as any).notice).toMatch(/SYNTHETIC/);
  });

  it('has at least 300 demands, each labelled with a kind, sub-item and urgency the taxonomy knows', () => {
    expect(sut.items.length).toBeGreaterThanOrEqual(300);
    const codes = new Set(taxonomy.subItems.map((s) => s.code));
    for (const item of sut.items) {
      expect(codes.has(item.subItem)).toBe(true);
      expect(CASE_KINDS).toContain(item.kind);
      expect(URGENCIES).toContain(item.urgency);
    }
  });

  // The set predates 安全隐患, 物业管理 and 消防安全; the corpus (corpus-data.spec.ts) covers those.
  const ADDED_LATER = ['safety-hazards', 'property-management', 'fire-safety'];

  it('has at least 12 examples of every sub-item of the seed, and none of those added later', () => {
    const seed = taxonomy.subItems.filter((s) => !ADDED_LATER.includes(s.code));
    expect(seed).toHaveLength(16);
    const thin = seed.filter((s) => (counts.subItem[s.code] ?? 0) < 12).map((s) => s.code);
    expect(thin).toEqual([]);
    expect(ADDED_LATER.map((code) => counts.subItem[code] ?? 0)).toEqual([0, 0, 0]);
  });

  it('has every kind and every urgency, critical ones included', () => {
    for (const k of CASE_KINDS) expect(counts.kind[k] ?? 0).toBeGreaterThanOrEqual(12);
    for (const u of URGENCIES) expect(counts.urgency[u] ?? 0).toBeGreaterThanOrEqual(10);
  });

  it('is written in Chinese', () => {
    const han = sut.items.filter((i) => /\p{Script=Han}{4,}/u.test(i.text));
    expect(han).toHaveLength(sut.items.length);
  });
});

describe(splitLabelledSet.name, () => {
  it('holds out every 4th item, deterministically and without overlap', () => {
    const items = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(splitLabelledSet(items)).toEqual({ train: [1, 2, 3, 5, 6, 7, 9, 10], heldOut: [4, 8] });
  });

  it('holds out a quarter of the labelled set, spread over every sub-item it labels (the seed\'s 16)', () => {
    const { items } = parseLabelledSet(labelledJson as unknown, defaultTaxonomy());
    const { train, heldOut } = splitLabelledSet(items);
    expect(train.length + heldOut.length).toBe(items.length);
    expect(heldOut.length).toBe(Math.floor(items.length / 4));
    const labelled = new Set(items.map((i) => i.subItem));
    expect(labelled.size).toBe(16);
    expect(new Set(heldOut.map((i) => i.subItem))).toEqual(labelled);
    const trainIds = new Set(train.map((i) => i.id));
    expect(heldOut.some((i) => trainIds.has(i.id))).toBe(false);
  });
});

describe(parseLabelledSet.name, () => {
  const taxonomy = defaultTaxonomy();
  const item = { id: 'X1', text: '村里停水三天了', kind: 'complaint', subItem: 'water-supply', urgency: 'urgent' };

  it('accepts a well-formed set', () => {
    expect(parseLabelledSet({ synthetic: true, items: [item] }, taxonomy).items).toEqual([item]);
  });

  it.each<[string, unknown, RegExp]>([
    ['an unknown sub-item', { synthetic: true, items: [{ ...item, subItem: 'weather' }] }, /unknown sub-item "weather"/],
    ['an unknown kind', { synthetic: true, items: [{ ...item, kind: 'praise' }] }, /unknown kind "praise"/],
    ['an unknown urgency', { synthetic: true, items: [{ ...item, urgency: 'red' }] }, /unknown urgency "red"/],
    ['a repeated id', { synthetic: true, items: [item, { ...item, text: '又停水了，三天了' }] }, /id is not unique/],
    ['a repeated text', { synthetic: true, items: [item, { ...item, id: 'X2' }] }, /same text appears twice/],
    ['no synthetic flag', { items: [item] }, /synthetic/],
  ])('rejects a set with %s', (_what, input, message) => {
    expect(() => parseLabelledSet(input, taxonomy)).toThrow(TaxonomyError);
    expect(() => parseLabelledSet(input, taxonomy)).toThrow(message);
  });
});
