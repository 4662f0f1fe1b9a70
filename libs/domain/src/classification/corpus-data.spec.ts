// The committed corpus files are read from disk: JSON Lines cannot be imported, and only tests read them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_KINDS, CORPUS_SPLITS, CORPUS_TRAITS, corpusCounts, corpusSplitOf, formatCorpusLine, parseCorpus, type CorpusItem } from './corpus';
import { defaultTaxonomy } from './default-data';
import { URGENCIES } from './rules';

const taxonomy = defaultTaxonomy();
/** The size the committed corpus reached (libs/domain/data/corpus/README.md says the same). */
const CORPUS_FLOOR = 18353;
/**
 * The held-out test split: the first round's 774 items and the fifth round's two fresh parts written for it
 * (Q–T, 827; W–Z, 818), and the seventh round's (OA–OD, 815). Parts for train and dev skip its ids, so it changes only
 * when a part is written for it.
 */
const TEST_SPLIT_SIZE = 774 + 827 + 818 + 815;

describe('the committed corpus (libs/domain/data/corpus)', () => {
  const dir = join(__dirname, '../../data/corpus');
  const files = CORPUS_SPLITS.map((split) => ({ split, name: `${split}.jsonl`, text: readFileSync(join(dir, `${split}.jsonl`), 'utf8') }));
  // Parsed together, so an id or a text in two splits is a duplicate fault.
  const sut = parseCorpus(files, taxonomy);
  const bySplit = Object.fromEntries(files.map((f) => [f.split, parseCorpus([f], taxonomy).items])) as Record<string, CorpusItem[]>;
  const counts = corpusCounts(sut.items);

  it('has only valid lines: labels the taxonomy knows, no id or text twice, not even across splits', () => {
    expect(sut.faults).toEqual([]);
    for (const item of sut.items) {
      expect(CORPUS_KINDS).toContain(item.kind);
      if (item.kind === 'not_a_demand') expect([item.subItem, item.urgency]).toEqual([null, null]);
      else {
        expect(taxonomy.subItems.map((s) => s.code)).toContain(item.subItem);
        expect(URGENCIES).toContain(item.urgency);
      }
      for (const t of item.traits) expect(CORPUS_TRAITS).toContain(t);
    }
  });

  it('puts every item in the split its id hashes to', () => {
    for (const split of CORPUS_SPLITS) {
      const misplaced = bySplit[split].filter((i) => corpusSplitOf(i.id) !== split).map((i) => i.id);
      expect(misplaced).toEqual([]);
    }
  });

  it('is written in the canonical form corpus:build writes', () => {
    for (const f of files) {
      const items = bySplit[f.split];
      expect(f.text).toBe(items.map((i) => `${formatCorpusLine(i)}\n`).join(''));
      expect(items.map((i) => i.id)).toEqual([...items.map((i) => i.id)].sort());
    }
  });

  it(`has at least ${CORPUS_FLOOR} items (the floor stated in its README), train and dev about 3:1, and the test split of ${TEST_SPLIT_SIZE} as written for it`, () => {
    expect(sut.items.length).toBeGreaterThanOrEqual(CORPUS_FLOOR);
    const share = (s: string) => bySplit[s].length / (bySplit.train.length + bySplit.dev.length);
    expect(share('train')).toBeGreaterThan(0.7);
    expect(share('dev')).toBeGreaterThan(0.2);
    expect(bySplit.test).toHaveLength(TEST_SPLIT_SIZE);
  });

  it('covers every kind (non-demands included), every sub-item and every urgency', () => {
    for (const k of CORPUS_KINDS) expect(counts.kind[k] ?? 0).toBeGreaterThanOrEqual(10);
    for (const s of taxonomy.subItems) expect(counts.subItem[s.code] ?? 0).toBeGreaterThanOrEqual(10);
    for (const u of URGENCIES) expect(counts.urgency[u] ?? 0).toBeGreaterThanOrEqual(10);
  });
});
