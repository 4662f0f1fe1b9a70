/**
 * P(X ≥ k) for X ~ Binomial(n, p), summed in log space. Used for the conditional test of two
 * Poisson rates: given n demands over the baseline and the recent window together, under "nothing
 * changed" the recent share is Binomial(n, recentDays / (recentDays + baselineDays)). Unlike a
 * Poisson test against the baseline's mean, it allows for the baseline being only an estimate,
 * so a town whose last four weeks happened to be quiet does not raise a warning.
 */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n || p <= 0) return 0;
  if (p >= 1) return 1;
  const logs = [0];
  for (let i = 1; i <= n; i += 1) logs.push(logs[i - 1] + Math.log(i));
  let sum = 0;
  for (let i = k; i <= n; i += 1) {
    const term = Math.exp(logs[n] - logs[i] - logs[n - i] + i * Math.log(p) + (n - i) * Math.log1p(-p));
    sum += term;
    if (i > n * p && term < sum * 1e-12) break;
  }
  return Math.min(1, sum);
}
