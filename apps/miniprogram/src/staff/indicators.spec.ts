import type { IndicatorReport } from '../api/staff';
import { indicatorCards, indicatorWindows } from './indicators';

const definitions: IndicatorReport['definitions'] = [
  { code: 'volume', name: '受理量', unit: 'count', better: 'neither' },
  { code: 'signOnTimeRate', name: '按时签收率', unit: 'rate', better: 'higher' },
  { code: 'closeOnTimeRate', name: '按时办结率', unit: 'rate', better: 'higher' },
  { code: 'averageCycle', name: '平均办理时长', unit: 'workdays', better: 'lower' },
  { code: 'satisfactionRate', name: '满意率', unit: 'rate', better: 'higher' },
  { code: 'repeatRate', name: '重复诉求率', unit: 'rate', better: 'lower' },
];

function report(from: string, to: string, total: Record<string, number | null> | null, series: Array<[string, Record<string, number | null>]> = []): IndicatorReport {
  return {
    from,
    to,
    period: 'week',
    groupBy: 'none',
    definitions,
    groups: total ? [{ key: null, label: '全部', total, counters: {}, series: series.map(([period, values]) => ({ period, values })), trend: {} }] : [],
  };
}

describe('indicator windows', () => {
  it('takes four weeks to today (from the Monday three weeks back) and the four whole weeks before, by the Beijing calendar', () => {
    // Monday 7 December 2026, 01:00 in Beijing (still Sunday the 6th in UTC).
    expect(indicatorWindows(new Date('2026-12-06T17:00:00Z'))).toEqual({
      current: { from: '2026-11-16', to: '2026-12-07' },
      previous: { from: '2026-10-19', to: '2026-11-15' },
    });
  });
});

describe('indicator cards', () => {
  const current = report(
    '2026-11-16',
    '2026-12-07',
    { volume: 12, signOnTimeRate: 0.95, closeOnTimeRate: 0.8, averageCycle: 3.5, satisfactionRate: 0.9, repeatRate: 0.1 },
    [
      ['2026-W47', { volume: 2, closeOnTimeRate: null }],
      ['2026-W48', { volume: 0 }],
      ['2026-W49', { volume: 6 }],
      ['2026-W50', { volume: 4 }],
    ],
  );
  const previous = report('2026-10-19', '2026-11-15', { volume: 15, signOnTimeRate: 0.95, closeOnTimeRate: 0.9, averageCycle: 7.2, satisfactionRate: 0.85, repeatRate: null }, [
    ['2026-W43', { volume: 3 }],
    ['2026-W44', { volume: 4 }],
    ['2026-W45', { volume: 5 }],
    ['2026-W46', { volume: 3 }],
  ]);

  it('shows each value large, and says in words and by arrow whether it got better or worse', () => {
    const cards = indicatorCards(current, previous);
    expect(cards.map(({ name, value, arrow, change, tone }) => ({ name, value, arrow, change, tone }))).toEqual([
      { name: '受理量', value: '12件', arrow: '↓', change: '比前四周 少3件', tone: 'flat' },
      { name: '按时签收率', value: '95%', arrow: '', change: '比前四周 持平', tone: 'flat' },
      { name: '按时办结率', value: '80%', arrow: '↓', change: '比前四周 低10个百分点', tone: 'bad' },
      { name: '平均办理时长', value: '3.5天', arrow: '↓', change: '比前四周 快3.7天', tone: 'good' },
      { name: '满意率', value: '90%', arrow: '↑', change: '比前四周 高5个百分点', tone: 'good' },
      { name: '重复诉求率', value: '10%', arrow: '', change: '前四周没有可比的数', tone: 'flat' },
    ]);
  });

  it('draws a bar per week over the eight, the highest week full height, a week with none empty', () => {
    const [volume, , close] = indicatorCards(current, previous);
    expect(volume.bars.map((b) => b.week)).toEqual(['2026-W43', '2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49', '2026-W50']);
    expect(volume.bars.map((b) => Math.round(b.height * 100))).toEqual([50, 67, 83, 50, 33, 0, 100, 67]);
    expect(volume.bars[7]).toMatchObject({ label: '第50周', value: '4件' });
    expect(close.bars.every((b) => b.height === 0 && b.value === '暂无')).toBe(true);
  });

  it('reads a scope with no cases at all as none, not as an error', () => {
    const cards = indicatorCards(report('2026-11-16', '2026-12-07', null), report('2026-10-19', '2026-11-15', null));
    expect(cards[0]).toMatchObject({ value: '0件', change: '比前四周 持平' });
    expect(cards[1]).toMatchObject({ value: '暂无', arrow: '', change: '前四周没有可比的数' });
    expect(cards[0].bars).toHaveLength(8);
    expect(cards[0].bars.every((b) => b.height === 0)).toBe(true);
  });
});
