import { benchTotalsLine, meetingTotals, meetingTotalsLine } from './meeting-totals';

describe(meetingTotals.name, () => {
  it.each([
    [[], { raised: 0, settled: 0, ratePercent: null }, '提出 0 件 · 办结 0 件 · 办结率 —'],
    [[{ settled: false }], { raised: 1, settled: 0, ratePercent: 0 }, '提出 1 件 · 办结 0 件 · 办结率 0%'],
    [[{ settled: true }, { settled: false }], { raised: 2, settled: 1, ratePercent: 50 }, '提出 2 件 · 办结 1 件 · 办结率 50%'],
    [[{ settled: true }, { settled: false }, { settled: true }], { raised: 3, settled: 2, ratePercent: 67 }, '提出 3 件 · 办结 2 件 · 办结率 67%'],
    [[{ settled: true }, { settled: true }], { raised: 2, settled: 2, ratePercent: 100 }, '提出 2 件 · 办结 2 件 · 办结率 100%'],
  ])('counts %j', (demands, totals, line) => {
    expect(meetingTotals(demands)).toEqual(totals);
    expect(meetingTotalsLine(meetingTotals(demands))).toBe(line);
  });
});

describe('benchTotalsLine', () => {
  it('reads the city\'s figures plainly, the rate in whole percent', () => {
    expect(benchTotalsLine({ meetingsHeld: 12, attendance: 340, demandsRaised: 25, demandsSettled: 20, solvedOnTheSpot: 6, completionRate: 0.8 })).toBe(
      '开会 12 场 · 参加 340 人次 · 提出 25 件 · 办结 20 件 · 办结率 80% · 当场解决 6 件',
    );
  });
  it('shows no rate when nothing was raised', () => {
    expect(benchTotalsLine({ meetingsHeld: 1, attendance: 30, demandsRaised: 0, demandsSettled: 0, solvedOnTheSpot: 0, completionRate: null })).toContain('办结率 —');
  });
});
