/**
 * The leaders' home indicators: the last four weeks (this one so far included) against the four
 * before, as large numbers with an arrow that says in words whether it got better, and a bar per
 * week over the eight. Plain TypeScript (no Taro), so jest tests it.
 */
import type { IndicatorReport } from '../api/staff';
import { addDays, beijingDay, isoWeekOf, mondayOf } from './league';

/** What a leader reads first, in this order (codes as libs/domain defines them). */
export const HOME_INDICATORS = [
  { code: 'volume', name: '受理量' },
  { code: 'signOnTimeRate', name: '按时签收率' },
  { code: 'closeOnTimeRate', name: '按时办结率' },
  { code: 'averageCycle', name: '平均办理时长' },
  { code: 'satisfactionRate', name: '满意率' },
  { code: 'repeatRate', name: '重复诉求率' },
] as const;

/** Four weeks to this day (from the Monday three weeks back), and the four whole weeks before. */
export function indicatorWindows(now: Date = new Date()): { current: { from: string; to: string }; previous: { from: string; to: string } } {
  const today = beijingDay(now);
  const from = addDays(mondayOf(today), -21);
  return { current: { from, to: today }, previous: { from: addDays(from, -28), to: addDays(from, -1) } };
}

export type Tone = 'good' | 'bad' | 'flat';

export interface IndicatorCard {
  code: string;
  name: string;
  /** 92% · 3.5天 · 12件 · 暂无 */
  value: string;
  arrow: '↑' | '↓' | '';
  /** 比前四周 多3件 / 高5个百分点 / 快0.8天 / 持平 */
  change: string;
  tone: Tone;
  /** One bar per week, oldest first: its height 0..1 of the highest week, and its label. */
  bars: { week: string; label: string; height: number; value: string }[];
}

type Unit = 'count' | 'rate' | 'workdays';
type Better = 'higher' | 'lower' | 'neither';

function format(unit: Unit, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '暂无';
  if (unit === 'rate') return `${Math.round(v * 100)}%`;
  if (unit === 'workdays') return `${v.toFixed(1)}天`;
  return `${Math.round(v)}件`;
}

function changeOf(unit: Unit, better: Better, cur: number | null | undefined, prev: number | null | undefined): Pick<IndicatorCard, 'arrow' | 'change' | 'tone'> {
  if (cur === null || cur === undefined || prev === null || prev === undefined) return { arrow: '', change: '前四周没有可比的数', tone: 'flat' };
  // Compared as shown: whole percentage points, tenths of a day, whole cases.
  const diff = unit === 'rate' ? Math.round(cur * 100) - Math.round(prev * 100) : unit === 'workdays' ? Math.round((cur - prev) * 10) / 10 : Math.round(cur - prev);
  if (diff === 0) return { arrow: '', change: '比前四周 持平', tone: 'flat' };
  const up = diff > 0;
  const size = Math.abs(diff);
  const words =
    unit === 'rate'
      ? `${up ? '高' : '低'}${size}个百分点`
      : unit === 'workdays'
        ? `${up ? '慢' : '快'}${size.toFixed(1)}天`
        : `${up ? '多' : '少'}${size}件`;
  const tone: Tone = better === 'neither' ? 'flat' : (better === 'higher') === up ? 'good' : 'bad';
  return { arrow: up ? '↑' : '↓', change: `比前四周 ${words}`, tone };
}

/** The cards for the home page from the two windows' reports (groupBy none, period week). */
export function indicatorCards(current: IndicatorReport, previous: IndicatorReport): IndicatorCard[] {
  const cur = current.groups[0];
  const prev = previous.groups[0];
  return HOME_INDICATORS.map(({ code, name }) => {
    const def = current.definitions.find((d) => d.code === code);
    const unit = (def?.unit ?? 'count') as Unit;
    const better = (def?.better ?? 'neither') as Better;
    const series = [...seriesOf(previous), ...seriesOf(current)];
    const values = series.map((p) => p.values[code] ?? null);
    const top = Math.max(0, ...values.map((v) => v ?? 0));
    return {
      code,
      name: def?.name ?? name,
      value: format(unit, cur?.total[code] ?? (unit === 'count' ? 0 : null)),
      ...changeOf(unit, better, cur?.total[code] ?? (unit === 'count' ? 0 : null), prev?.total[code] ?? (unit === 'count' ? 0 : null)),
      bars: series.map((p, i) => ({
        week: p.period,
        label: `第${Number(p.period.split('-W')[1])}周`,
        // A week above zero keeps a sliver, so it is not read as none.
        height: top > 0 && (values[i] ?? 0) > 0 ? Math.max((values[i] as number) / top, 0.04) : 0,
        value: format(unit, values[i]),
      })),
    };
  });
}

/** A report's weekly points; empty weeks when it had nothing at all to group. */
function seriesOf(r: IndicatorReport): { period: string; values: Record<string, number | null> }[] {
  return r.groups[0]?.series ?? weeksOf(r).map((period) => ({ period, values: {} }));
}

/** The weeks a report covers, when it had nothing at all to group. */
function weeksOf(r: IndicatorReport): string[] {
  const out: string[] = [];
  for (let day = r.from; day <= r.to; day = addDays(day, 7)) out.push(isoWeekOf(day));
  const last = isoWeekOf(r.to);
  if (out.at(-1) !== last) out.push(last);
  return out;
}
