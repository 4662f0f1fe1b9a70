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
