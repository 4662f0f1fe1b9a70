import { accuracy, confusion, formatProportion, majority, recallPrecision, wilsonInterval } from './metrics';

describe(wilsonInterval.name, () => {
  // Reference values from Newcombe (1998), Statistics in Medicine 17:857, table I (method 3, the Wilson score).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('gives %i of %i as [%f, %f]', (hits, n, low, high) => {
    const sut = wilsonInterval(hits, n);
    expect(sut.low).toBeCloseTo(low, 4);
    expect(sut.high).toBeCloseTo(high, 4);
    expect(sut.rate).toBeCloseTo(hits / n, 10);
  });

  it('ends exactly at 0 and 1 when every item fails or succeeds', () => {
    expect(wilsonInterval(0, 10).low).toBe(0);
    expect(wilsonInterval(10, 10).high).toBe(1);
    expect(wilsonInterval(10, 10).low).toBeCloseTo(0.7225, 4);
  });

  it('is symmetric and narrows as n grows', () => {
    const a = wilsonInterval(3, 10);
    const b = wilsonInterval(7, 10);
    expect(a.low).toBeCloseTo(1 - b.high, 12);
    expect(wilsonInterval(300, 1000).high - wilsonInterval(300, 1000).low).toBeLessThan(a.high - a.low);
  });

  it('says nothing is known when there is nothing to measure', () => {
    expect(wilsonInterval(0, 0)).toEqual({ hits: 0, n: 0, rate: NaN, low: 0, high: 1 });
  });

  it('refuses counts that cannot be', () => {
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 4)).toThrow(RangeError);
  });
});

describe(accuracy.name, () => {
  it('counts exact agreement, a missing prediction as wrong', () => {
    const sut = accuracy([
      { label: 'a', predicted: 'a' },
      { label: 'b', predicted: 'a' },
      { label: 'b', predicted: null },
      { label: 'c', predicted: 'c' },
    ]);
    expect([sut.hits, sut.n]).toEqual([2, 4]);
  });
});

describe(recallPrecision.name, () => {
  const pairs = [
    { label: 'critical', predicted: 'critical' },
    { label: 'critical', predicted: 'urgent' },
    { label: 'critical', predicted: 'normal' },
    { label: 'normal', predicted: 'critical' },
    { label: null, predicted: 'critical' },
    { label: 'normal', predicted: 'normal' },
  ];

  it('measures recall over the labelled class and precision over the predicted one', () => {
    const sut = recallPrecision(pairs, 'critical');
    expect([sut.recall.hits, sut.recall.n]).toEqual([1, 3]);
    expect([sut.precision.hits, sut.precision.n]).toEqual([1, 3]);
  });

  it('has no precision to speak of when the class is never predicted', () => {
    const sut = recallPrecision([{ label: 'critical', predicted: 'normal' }], 'critical');
    expect(sut.precision.n).toBe(0);
    expect(sut.recall).toMatchObject({ hits: 0, n: 1 });
  });
});

describe(majority.name, () => {
  it('answers the most frequent value, ties going to the first seen', () => {
    expect(majority(['b', 'a', 'a', 'b', 'c'])).toBe('b');
    expect(majority(['c', 'a', 'a'])).toBe('a');
    expect(majority([])).toBeUndefined();
  });
});

describe(confusion.name, () => {
  it('tabulates labels against predictions, with a last column for anything else', () => {
    const sut = confusion(
      [
        { label: 'x', predicted: 'x' },
        { label: 'x', predicted: 'y' },
        { label: 'y', predicted: null },
        { label: 'y', predicted: 'z' },
      ],
      ['x', 'y'],
      ['x', 'y'],
    );
    expect(sut).toEqual([
      [1, 1, 0],
      [0, 0, 2],
    ]);
  });
});

describe(formatProportion.name, () => {
  it('prints the rate, the interval and the counts', () => {
    expect(formatProportion(wilsonInterval(1, 4))).toBe(' 25.0% [4.6–69.9] (1/4)');
    expect(formatProportion(wilsonInterval(0, 0))).toBe('   –   (0/0)');
  });
});
