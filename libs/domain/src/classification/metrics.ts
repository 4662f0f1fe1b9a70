/** A share of successes with its Wilson score interval (95% by default): honest at small n and at 0% or 100%. */
export interface Proportion {
  readonly hits: number;
  readonly n: number;
  /** hits / n; NaN when n is 0 (nothing to measure). */
  readonly rate: number;
  readonly low: number;
  readonly high: number;
}

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export function wilsonInterval(hits: number, n: number, z = Z95): Proportion {
  if (!Number.isInteger(hits) || !Number.isInteger(n) || hits < 0 || n < 0 || hits > n) {
    throw new RangeError(`wilsonInterval needs whole numbers 0 ≤ hits ≤ n, got ${hits}/${n}`);
  }
  if (n === 0) return { hits, n, rate: NaN, low: 0, high: 1 };
  const p = hits / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // Clamp the rounding error at the ends: 0 hits gives a low of exactly 0, n hits a high of exactly 1.
  return { hits, n, rate: p, low: hits === 0 ? 0 : Math.max(0, centre - half), high: hits === n ? 1 : Math.min(1, centre + half) };
}

/** Share of pairs where the prediction equals the label. */
export function accuracy<T>(pairs: readonly { readonly label: T; readonly predicted: T | null }[]): Proportion {
  return wilsonInterval(pairs.filter((p) => p.predicted === p.label).length, pairs.length);
}

/** Recall and precision of one class (e.g. critical): recall over what is labelled so, precision over what is predicted so. */
export function recallPrecision<T>(
  pairs: readonly { readonly label: T | null; readonly predicted: T | null }[],
  positive: T,
): { readonly recall: Proportion; readonly precision: Proportion } {
  const labelled = pairs.filter((p) => p.label === positive);
  const predicted = pairs.filter((p) => p.predicted === positive);
  return {
    recall: wilsonInterval(labelled.filter((p) => p.predicted === positive).length, labelled.length),
    precision: wilsonInterval(predicted.filter((p) => p.label === positive).length, predicted.length),
  };
}

/** The most frequent value (ties to the first seen): what a majority baseline answers for every item. */
export function majority<T>(values: readonly T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | undefined;
  let bestCount = 0;
  // A Map iterates in insertion order, so the first value seen wins a tie.
  for (const [v, c] of counts) if (c > bestCount) [best, bestCount] = [v, c];
  return best;
}

/** Counts of (label, prediction) pairs; rows and columns in the given orders, anything else under `other`. */
export function confusion<T>(
  pairs: readonly { readonly label: T; readonly predicted: T | null }[],
  labels: readonly T[],
  predictions: readonly (T | null)[],
): number[][] {
  return labels.map((l) => {
    const row = pairs.filter((p) => p.label === l);
    return [...predictions.map((c) => row.filter((p) => p.predicted === c).length), row.filter((p) => !predictions.includes(p.predicted)).length];
  });
}

/** "71.3% [68.0–74.4] (412/578)"; "–" when there is nothing to measure. */
export function formatProportion(p: Proportion): string {
  if (p.n === 0) return `   –   (0/0)`;
  const pc = (x: number) => (100 * x).toFixed(1);
  return `${pc(p.rate).padStart(5)}% [${pc(p.low)}–${pc(p.high)}] (${p.hits}/${p.n})`;
}
