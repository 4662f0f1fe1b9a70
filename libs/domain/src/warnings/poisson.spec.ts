import { binomialUpperTail } from './poisson';

describe(binomialUpperTail.name, () => {
  const table: Array<[number, number, number, number]> = [
    // k, n, p, P(X ≥ k) worked out by hand
    [0, 5, 0.3, 1],
    [6, 5, 0.3, 0],
    [5, 5, 0.5, 1 / 32],
    [4, 5, 0.5, 6 / 32],
    [2, 3, 0.1, 3 * 0.01 * 0.9 + 0.001],
  ];
  it.each(table)('P(X ≥ %d | n = %d, p = %d)', (k, n, p, expected) => {
    expect(binomialUpperTail(k, n, p)).toBeCloseTo(expected, 12);
  });

  it('stays finite for thousands of demands', () => {
    const p = binomialUpperTail(400, 3000, 3 / 31);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-4);
  });
});
