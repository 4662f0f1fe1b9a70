import { defaultTaxonomy } from './default-data';
import {
  buildCorpus,
  completeLines,
  corpusCounts,
  corpusDoubts,
  corpusSplitOf,
  fnv1a32,
  formatCorpusLine,
  parseCorpus,
  parseRelabels,
} from './corpus';

const taxonomy = defaultTaxonomy();

const demand = (over: Record<string, unknown> = {}) => ({
  id: 'A0001',
  text: '我们村的路灯坏了好久了',
  kind: 'complaint',
  subItem: 'power-telecom',
  urgency: 'normal',
  traits: ['dialect'],
  ...over,
});
const chatter = (over: Record<string, unknown> = {}) => ({ id: 'A0002', text: '在吗', kind: 'not_a_demand', subItem: null, urgency: null, traits: ['chatter', 'short'], ...over });
const jsonl = (...rows: unknown[]) => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
const parse = (...rows: unknown[]) => parseCorpus([{ name: 'part-A.jsonl', text: jsonl(...rows) }], taxonomy);

describe(parseCorpus.name, () => {
  it('reads demands and non-demands', () => {
    const sut = parse(demand(), chatter());
    expect(sut.faults).toEqual([]);
    expect(sut.items.map((i) => i.kind)).toEqual(['complaint', 'not_a_demand']);
  });

  it.each([
    ['an unknown kind', demand({ kind: 'praise' }), /unknown kind/],
    ['a sub-item the taxonomy lacks', demand({ subItem: 'weather' }), /unknown sub-item/],
    ['a demand without a sub-item', demand({ subItem: null }), /unknown sub-item/],
    ['an unknown urgency', demand({ urgency: 'red' }), /unknown urgency/],
    ['a non-demand with a sub-item', chatter({ subItem: 'disputes' }), /subItem null/],
    ['a non-demand with an urgency', chatter({ urgency: 'normal' }), /urgency null/],
    ['an empty text', demand({ text: '   ' }), /text is missing/],
    ['an unknown trait', demand({ traits: ['angry'] }), /unknown trait/],
    ['a trait twice', demand({ traits: ['short', 'short'] }), /twice/],
    ['no id', demand({ id: undefined }), /id/],
    ['a line that is not JSON', '{"id":"A0001","text":"停水', /not valid JSON/],
  ])('reports %s with its line and leaves it out', (_what, row, problem) => {
    const sut = parse(chatter(), row);
    expect(sut.items).toHaveLength(1);
    expect(sut.faults).toHaveLength(1);
    expect(sut.faults[0].at).toBe('part-A.jsonl:2');
    expect(sut.faults[0].problems.join('; ')).toMatch(problem);
  });

  it('keeps the first of two items with the same id or the same text (as the classifier reads it)', () => {
    const sut = parse(demand(), demand({ text: '另一句话，水管爆了' }), demand({ id: 'A0003', text: '我们村的路灯 坏了好久了' }), demand({ id: 'A0004', text: '水管爆了' }));
    expect(sut.items.map((i) => i.id)).toEqual(['A0001', 'A0004']);
    expect(sut.faults.map((f) => f.problems[0])).toEqual(['id already used at part-A.jsonl:1', 'the same text already appears at part-A.jsonl:1']);
  });

  it('finds duplicates across sources', () => {
    const sut = parseCorpus(
      [
        { name: 'a', text: jsonl(demand()) },
        { name: 'b', text: jsonl(demand({ id: 'B0001' })) },
      ],
      taxonomy,
    );
    expect(sut.faults).toEqual([{ at: 'b:1', id: 'B0001', problems: ['the same text already appears at a:1'] }]);
  });
});

describe(completeLines.name, () => {
  it('drops a last line still being written, and only that', () => {
    const whole = jsonl(demand());
    expect(completeLines(`${whole}{"id":"A0002","te`)).toEqual({ text: whole, droppedPartial: '{"id":"A0002","te' });
    expect(completeLines(whole)).toEqual({ text: whole, droppedPartial: null });
    const noNewline = whole.slice(0, -1);
    expect(completeLines(noNewline)).toEqual({ text: noNewline, droppedPartial: null });
  });
});

describe(corpusSplitOf.name, () => {
  it('hashes with FNV-1a (32 bits)', () => {
    // Published FNV-1a test vectors.
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('sends about 60/20/20 of many ids to train/dev/test, by the id alone', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `${'ABC'[i % 3]}${String(i).padStart(4, '0')}`);
    const n = { train: 0, dev: 0, test: 0 };
    for (const id of ids) n[corpusSplitOf(id)]++;
    expect(n.train / 3000).toBeGreaterThan(0.56);
    expect(n.train / 3000).toBeLessThan(0.64);
    expect(n.dev / 3000).toBeGreaterThan(0.17);
    expect(n.test / 3000).toBeGreaterThan(0.17);
    expect(ids.map(corpusSplitOf)).toEqual(ids.map(corpusSplitOf));
  });
});

describe(corpusDoubts.name, () => {
  const item = (over: Record<string, unknown>) => parse(demand(over)).items[0];

  it('questions a hypothetical or past danger labelled critical', () => {
    expect(corpusDoubts(item({ urgency: 'critical', traits: ['hypothetical'] }))).toEqual(['critical, yet marked hypothetical or past']);
    expect(corpusDoubts(item({ urgency: 'critical', traits: ['dialect'] }))).toEqual([]);
  });

  it('questions traits the text does not show', () => {
    expect(corpusDoubts(item({ text: '停水了，三天了', traits: ['voice-no-punctuation', 'long'] }))).toEqual([
      'marked voice-no-punctuation, yet punctuated',
      'marked long, yet 7 characters',
    ]);
    expect(corpusDoubts(item({ text: '停'.repeat(31), traits: ['short'] }))).toEqual(['marked short, yet 31 characters']);
  });
});

describe(formatCorpusLine.name, () => {
  it('writes the keys in the order of the guide, whatever order they came in', () => {
    const [item] = parse({ traits: [], urgency: 'urgent', subItem: 'water-supply', kind: 'help', text: '停水三天了', id: 'B0007' }).items;
    expect(formatCorpusLine(item)).toBe('{"id":"B0007","text":"停水三天了","kind":"help","subItem":"water-supply","urgency":"urgent","traits":[]}');
  });
});

describe(corpusCounts.name, () => {
  it('counts kinds, and sub-items and urgencies of demands only', () => {
    const sut = corpusCounts(parse(demand(), chatter(), demand({ id: 'A0003', text: '水管爆了', subItem: 'water-supply', urgency: 'critical' })).items);
    expect(sut).toEqual({
      total: 3,
      kind: { complaint: 2, not_a_demand: 1 },
      subItem: { 'power-telecom': 1, 'water-supply': 1 },
      urgency: { normal: 1, critical: 1 },
      trait: { dialect: 2, chatter: 1, short: 1 },
    });
  });
});

describe(parseRelabels.name, () => {
  const relabels = (...rows: unknown[]) => parseRelabels({ name: 'relabels.jsonl', text: jsonl(...rows) });
  const move = { id: 'A0001', was: { subItem: 'power-telecom' }, set: { subItem: 'safety-hazards' }, reason: '电线掉落，眼下危及行人' };

  it('reads a relabel with what it was, what it becomes and why', () => {
    expect(relabels(move)).toEqual({ relabels: [{ ...move, at: 'relabels.jsonl:1' }], faults: [] });
  });

  it.each<[string, unknown, RegExp]>([
    ['no reason', { ...move, reason: ' ' }, /reason is missing/],
    ['no was', { ...move, was: undefined }, /was is missing/],
    ['was and set naming different fields', { ...move, was: { kind: 'complaint' } }, /different fields/],
    ['a field that cannot change', { ...move, was: { text: 'a' }, set: { text: 'b' } }, /"text" cannot be relabelled/],
    ['a change to the same value', { ...move, set: { subItem: 'power-telecom' } }, /changes nothing/],
    ['an id relabelled twice', null, /already relabelled at relabels.jsonl:1/],
  ])('refuses %s', (_what, row, problem) => {
    const sut = row === null ? relabels(move, { ...move, set: { urgency: 'critical' }, was: { urgency: 'urgent' } }) : relabels(row);
    expect(sut.faults).toHaveLength(1);
    expect(sut.faults[0].problems.join('; ')).toMatch(problem);
  });
});

describe(buildCorpus.name, () => {
  const source = (name: string, ...rows: unknown[]) => ({ name, text: jsonl(...rows) });
  const base = [source('train.jsonl', demand(), chatter())];
  const relabel = { id: 'A0001', was: { subItem: 'power-telecom', urgency: 'normal' }, set: { subItem: 'safety-hazards', urgency: 'critical' }, reason: '电线掉落' };
  const newOne = demand({ id: 'D0001', text: '小区电梯又坏了，物业不管', subItem: 'property-management' });

  it('keeps the base, adds what a part brings and applies the relabels', () => {
    const sut = buildCorpus(base, [source('part-D.jsonl', newOne)], source('relabels.jsonl', relabel), taxonomy);
    expect(sut.faults).toEqual([]);
    expect(sut.items.map((i) => [i.id, i.subItem, i.urgency])).toEqual([
      ['A0001', 'safety-hazards', 'critical'],
      ['A0002', null, null],
      ['D0001', 'property-management', 'normal'],
    ]);
    expect([sut.base, sut.added['part-D.jsonl'], sut.relabelled, sut.alreadyRelabelled]).toEqual([2, 1, 1, 0]);
  });

  it('gives the same corpus when rebuilt from its own output, the parts and relabels still committed', () => {
    const first = buildCorpus(base, [source('part-D.jsonl', newOne)], source('relabels.jsonl', relabel), taxonomy);
    const again = buildCorpus([{ name: 'train.jsonl', text: first.items.map((i) => `${formatCorpusLine(i)}\n`).join('') }], [source('part-D.jsonl', newOne)], source('relabels.jsonl', relabel), taxonomy);
    expect(again.faults).toEqual([]);
    expect(again.items).toEqual(first.items);
    expect([again.added['part-D.jsonl'], again.alreadyIn['part-D.jsonl'], again.relabelled, again.alreadyRelabelled]).toEqual([0, 1, 0, 1]);
  });

  it('refuses a part that changes an item already in, a text already in, and a relabel that no longer fits', () => {
    const sut = buildCorpus(
      base,
      [source('part-D.jsonl', demand({ text: '路灯坏了', urgency: 'urgent' }), demand({ id: 'D0002', text: '我们村的路灯 坏了好久了' }))],
      source('relabels.jsonl', { ...relabel, was: { subItem: 'water-supply', urgency: 'normal' } }),
      taxonomy,
    );
    expect(sut.faults.map((f) => [f.at, f.problems[0]])).toEqual([
      ['part-D.jsonl:1', expect.stringMatching(/already in the corpus with another text or labels/)],
      ['part-D.jsonl:2', 'the same text is already in the corpus as A0001'],
      ['relabels.jsonl:1', expect.stringMatching(/A0001.subItem is "power-telecom", neither "water-supply" \(was\) nor "safety-hazards" \(set\)/)],
    ]);
    expect(sut.items.map((i) => [i.id, i.subItem])).toEqual([
      ['A0001', 'power-telecom'],
      ['A0002', null],
    ]);
  });

  it('refuses a relabel that leaves labels the guide does not allow, or names no item', () => {
    const sut = buildCorpus(
      base,
      [],
      source('relabels.jsonl', { id: 'A0002', was: { kind: 'not_a_demand' }, set: { kind: 'help' }, reason: '是求助' }, { id: 'Z9', was: { urgency: 'normal' }, set: { urgency: 'urgent' }, reason: 'x' }),
      taxonomy,
    );
    expect(sut.faults.map((f) => f.problems.join('; '))).toEqual([expect.stringMatching(/A0002 relabelled: unknown sub-item null/), 'no item has this id']);
  });
});
