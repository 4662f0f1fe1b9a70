import { detectAreaWarnings, type AreaCount } from './area-warnings';
import { defaultWarningThresholds, parseWarningThresholds } from './thresholds';
import thresholdsJson from '../../data/warning-thresholds.json';

const t = defaultWarningThresholds();
const TOWNS = ['井溪镇', '八台镇', '青岗镇', '花园镇', '石窝镇', '天池镇', '高峰镇', '云台镇', '黄钟镇', '龙潭镇'];

/** One town's count of a sub-item: `recent` in the last 3 days over `baselineTotal` in the 28 before. */
function count(town: string, recent: number, baselineTotal: number, category = 'water-supply'): AreaCount {
  return {
    townId: `id-${town}`,
    townName: town,
    category,
    categoryName: category === 'water-supply' ? '供水水利' : '道路交通',
    recent,
    baselineTotal,
    exampleCases: Array.from({ length: recent }, (_, i) => `MS20261207-${String(i + 1).padStart(4, '0')}`),
  };
}

const shape = (counts: AreaCount[]) => detectAreaWarnings(counts, t).map((w) => `${w.scope} ${w.level} ${w.townId ?? w.evidence.towns.map((x) => x.townName).join('、')}`);

describe(detectAreaWarnings.name, () => {
  const table: Array<[string, AreaCount[], string[]]> = [
    ['nothing filed raises nothing', [], []],
    ['1 → 3 in a quiet town is not a surge (below the minimum count)', [count('井溪镇', 3, 1)], []],
    ['a busy town at its usual pace raises nothing', [count('井溪镇', 7, 56)], []],
    ['a busy town at 1.5 times its pace raises nothing', [count('井溪镇', 9, 56)], []],
    ['6 in a town that had 2 in four weeks is a yellow town surge', [count('井溪镇', 6, 2)], ['town yellow id-井溪镇']],
    ['5 in a town that had 2 in four weeks is not yet unlikely enough on its own', [count('井溪镇', 5, 2)], []],
    ['20 against a usual 6 is orange', [count('井溪镇', 20, 56)], ['town orange id-井溪镇']],
    ['40 against a usual 6 is red', [count('井溪镇', 40, 56)], ['town red id-井溪镇']],
    ['16 against a usual 6 is not yet unlikely enough', [count('井溪镇', 16, 56)], []],
    ['70 against a usual 30 is only yellow (2.3 times, not 3)', [count('井溪镇', 70, 280)], ['town yellow id-井溪镇']],
    ['two towns rising together are not yet a city warning', [count('井溪镇', 4, 2), count('八台镇', 4, 1)], []],
    [
      'drinking water rising in three towns at once: one city warning naming them, and town warnings where a town surges on its own',
      [count('井溪镇', 6, 3), count('八台镇', 5, 2), count('青岗镇', 4, 1), count('花园镇', 1, 2), count('石窝镇', 0, 3)],
      ['city yellow 井溪镇、八台镇、青岗镇', 'town yellow id-井溪镇'],
    ],
    ['the same sub-item rising in five towns is an orange city warning', TOWNS.slice(0, 5).map((x) => count(x, 4, 2)), ['city orange 八台镇、花园镇、井溪镇、青岗镇、石窝镇']],
    ['in eight towns it is red', TOWNS.slice(0, 8).map((x) => count(x, 3, 0)), ['city red 八台镇、高峰镇、花园镇、井溪镇、青岗镇、石窝镇、天池镇、云台镇']],
    [
      'different sub-items rising in different towns are not one city warning',
      [count('井溪镇', 4, 2, 'water-supply'), count('八台镇', 4, 2, 'roads-transport'), count('青岗镇', 4, 2, 'water-supply')],
      [],
    ],
  ];
  it.each(table)('%s', (_, counts, expected) => {
    expect(shape(counts)).toEqual(expected);
  });

  it('carries its evidence: counts, the baseline, the expected count, the towns and example case numbers', () => {
    const [city] = detectAreaWarnings([count('井溪镇', 6, 3), count('八台镇', 5, 2), count('青岗镇', 4, 1)], t);
    expect(city.key).toBe('city:water-supply');
    expect(city.summary).toBe('井溪镇、八台镇、青岗镇 供水水利 同时上升，近3天共15件');
    expect(city.evidence).toMatchObject({ category: 'water-supply', categoryName: '供水水利', recentDays: 3, baselineDays: 28, recentTotal: 15, expectedTotal: 1.8 });
    expect(city.evidence.towns[0]).toMatchObject({ townId: 'id-井溪镇', townName: '井溪镇', recent: 6, baselineTotal: 3, expected: 0.6, ratio: 10 });
    expect(city.evidence.towns[0].exampleCases).toHaveLength(t.exampleCases);
    expect(city.evidence.towns[0].pValue).toBeLessThan(t.pValue);
    expect(city.evidence.towns[2]).toMatchObject({ townName: '青岗镇', recent: 4, baselineTotal: 1 });
    expect(city.evidence.towns[2].pValue).toBeGreaterThan(t.pValue); // rising with the others, though not a surge of its own
  });

  it('names a town surge in one plain line', () => {
    const [w] = detectAreaWarnings([count('井溪镇', 20, 56)], t);
    expect(w.summary).toBe('井溪镇 供水水利 近3天20件，是平时的3.3倍');
    expect(w.key).toBe('town:id-井溪镇:water-supply');
  });

  it.each([
    ['a quiet week in a quiet town', [count('井溪镇', 1, 8), count('八台镇', 0, 3), count('青岗镇', 2, 5)]],
    ['a steady busy town', [count('井溪镇', 8, 60, 'roads-transport'), count('八台镇', 11, 90, 'roads-transport')]],
    ['a new category with two demands in three towns', [count('井溪镇', 2, 0), count('八台镇', 2, 0), count('青岗镇', 2, 0)]],
  ])('raises nothing for %s', (_, counts) => {
    expect(detectAreaWarnings(counts as AreaCount[], t)).toEqual([]);
  });

  it('raises almost nothing in quiet weeks: 500 windows of 31 towns × 16 sub-items drawn at their own usual rates', () => {
    // mulberry32: a fixed pseudo-random stream, so the test is the same every run.
    let state = 20261207;
    const random = () => {
      state = (state + 0x6d2b79f5) | 0;
      let x = Math.imul(state ^ (state >>> 15), 1 | state);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
    const poisson = (lambda: number) => {
      let k = 0;
      for (let p = random(); p > Math.exp(-lambda); p *= random()) k += 1;
      return k;
    };
    const raised: string[] = [];
    for (let window = 0; window < 500; window += 1) {
      const counts: AreaCount[] = [];
      for (let town = 0; town < 31; town += 1) {
        for (let item = 0; item < 16; item += 1) {
          // Usual rates from one a month to three a day, nothing changed between the baseline and now.
          const perDay = [0.03, 0.1, 0.3, 1, 3][(town + item) % 5];
          const baselineTotal = poisson(perDay * 28);
          counts.push({ townId: `t${town}`, townName: `镇${town}`, category: `c${item}`, categoryName: `类${item}`, baselineTotal, recent: poisson(perDay * 3), exampleCases: [] });
        }
      }
      raised.push(...detectAreaWarnings(counts, t).map((w) => w.scope));
    }
    // 7.75 million town-and-sub-item readings: no city warning, and a false town warning less often than once in 40 windows.
    expect(raised.filter((s) => s === 'city')).toEqual([]);
    expect(raised.length).toBeLessThan(500 / 40);
  });
});

describe(parseWarningThresholds.name, () => {
  it('accepts the shipped defaults', () => {
    expect(t).toMatchObject({ recentDays: 3, baselineDays: 28, pValue: 0.0001, spread: { ratio: 3, pValue: 0.01, townsForLevel: { yellow: 3, orange: 5, red: 8 } }, ackWorkdays: 1 });
  });

  const bad: Array<[string, (doc: any) => void]> = [
    ['a missing window', (d) => delete d.recentDays],
    ['a zero baseline', (d) => (d.baselineDays = 0)],
    ['a fractional count', (d) => (d.townLevels.yellow.minCount = 2.5)],
    ['levels that do not climb', (d) => (d.townLevels.red.ratio = 1)],
    ['a city warning of one town', (d) => (d.spread.townsForLevel.yellow = 1)],
    ['a p-value of 1', (d) => (d.pValue = 1)],
    ['text for a number', (d) => (d.spread.ratio = '2')],
  ];
  it.each(bad)('refuses %s', (_, spoil) => {
    const doc = structuredClone(thresholdsJson) as any;
    spoil(doc);
    expect(() => parseWarningThresholds(doc)).toThrow(expect.objectContaining({ code: 'WARNING_THRESHOLDS_INVALID' }));
  });
});
