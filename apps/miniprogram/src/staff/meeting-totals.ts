/** The part of a meeting's demand its totals read: the server decides what counts as settled (办结). */
export interface SettledFlag {
  settled: boolean;
}

export interface MeetingTotals {
  raised: number;
  settled: number;
  /** 办结率 in whole percent, or null when nothing was raised (no rate rather than 100%). */
  ratePercent: number | null;
}

/** One meeting's figures, the same way the city's 台账 counts them: settled ÷ raised. */
export function meetingTotals(demands: readonly SettledFlag[]): MeetingTotals {
  const raised = demands.length;
  const settled = demands.filter((d) => d.settled).length;
  return { raised, settled, ratePercent: raised ? Math.round((settled / raised) * 100) : null };
}

/** 「提出 2 件 · 办结 1 件 · 办结率 50%」 */
export function meetingTotalsLine(t: MeetingTotals): string {
  return `提出 ${t.raised} 件 · 办结 ${t.settled} 件 · 办结率 ${t.ratePercent === null ? '—' : `${t.ratePercent}%`}`;
}

/** The server's totals of many meetings (a town's, the city's), as the city reads them. */
export interface BenchTotalsFigures {
  meetingsHeld: number;
  attendance: number;
  demandsRaised: number;
  demandsSettled: number;
  solvedOnTheSpot: number;
  completionRate: number | null;
}

/** 「开会 12 场 · 参加 340 人次 · 提出 25 件 · 办结 20 件 · 办结率 80% · 当场解决 6 件」 */
export function benchTotalsLine(t: BenchTotalsFigures): string {
  const rate = t.completionRate === null ? '—' : `${Math.round(t.completionRate * 100)}%`;
  return `开会 ${t.meetingsHeld} 场 · 参加 ${t.attendance} 人次 · 提出 ${t.demandsRaised} 件 · 办结 ${t.demandsSettled} 件 · 办结率 ${rate} · 当场解决 ${t.solvedOnTheSpot} 件`;
}
