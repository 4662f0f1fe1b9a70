import type { CaseStatus } from '../case/case-lifecycle';

/**
 * 办结: the demand was answered (solved on the spot, or by the unit) and is at revisit or closed.
 * The completion rate is settled demands over demands raised.
 */
export const SETTLED_STATUSES: readonly CaseStatus[] = ['revisiting', 'closed'];

export function isSettled(status: CaseStatus): boolean {
  return SETTLED_STATUSES.includes(status);
}

export interface BenchTotalsRow {
  /** The group: a kind of meeting, a town, a month … */
  readonly key: string;
  readonly meetingsHeld: number;
  readonly attendance: number;
  readonly demandsRaised: number;
  readonly demandsSettled: number;
  readonly solvedOnTheSpot: number;
}

export interface BenchTotals extends BenchTotalsRow {
  /** Settled over raised, 0–1 (null when nothing was raised: no rate, rather than 100%). */
  readonly completionRate: number | null;
}

export function withRate(row: BenchTotalsRow): BenchTotals {
  return { ...row, completionRate: row.demandsRaised ? Math.round((row.demandsSettled / row.demandsRaised) * 1000) / 1000 : null };
}

/** The whole from its groups: every figure is a plain sum, the rate recomputed from the sums. */
export function sumTotals(rows: readonly BenchTotalsRow[], key = 'all'): BenchTotals {
  const sum = (f: keyof Omit<BenchTotalsRow, 'key'>) => rows.reduce((n, r) => n + r[f], 0);
  return withRate({ key, meetingsHeld: sum('meetingsHeld'), attendance: sum('attendance'), demandsRaised: sum('demandsRaised'), demandsSettled: sum('demandsSettled'), solvedOnTheSpot: sum('solvedOnTheSpot') });
}
