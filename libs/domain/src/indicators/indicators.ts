import { CYCLE_BUCKETS, type CounterName, type Counters } from './counters';

/** An indicator is a ratio of two counters (a rate, or a mean when the numerator is a sum), or a plain count. */
export interface IndicatorDefinition {
  readonly code: IndicatorCode;
  readonly name: string;
  readonly numerator: CounterName;
  /** Absent for a plain count. */
  readonly denominator?: CounterName;
  readonly unit: 'count' | 'rate' | 'workdays';
  /** Which way is better, for trends and the list. */
  readonly better: 'higher' | 'lower' | 'neither';
}

export const INDICATOR_CODES = [
  'volume',
  'assignOnTimeRate',
  'signOnTimeRate',
  'closeOnTimeRate',
  'averageCycle',
  'medianCycle',
  'satisfactionRate',
  'fullSatisfactionRate',
  'firstSatisfactionRate',
  'solvedRate',
  'revisitCoverage',
  'unsatisfiedAnswerRate',
  'returnRate',
  'reopenRate',
  'repeatRate',
  'repeatManyRate',
  'repeatComplaintRate',
  'extensions',
  'extensionRate',
] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];

/** The indicators, defined once: docs/indicators.md explains each in words. */
export const INDICATORS: readonly IndicatorDefinition[] = [
  { code: 'volume', name: '受理量', numerator: 'accepted', unit: 'count', better: 'neither' },
  { code: 'assignOnTimeRate', name: '按时转办率', numerator: 'assignOnTime', denominator: 'assignDue', unit: 'rate', better: 'higher' },
  { code: 'signOnTimeRate', name: '按时签收率', numerator: 'signOnTime', denominator: 'signDue', unit: 'rate', better: 'higher' },
  { code: 'closeOnTimeRate', name: '按时办结率', numerator: 'closeOnTime', denominator: 'closeDue', unit: 'rate', better: 'higher' },
  { code: 'averageCycle', name: '平均办理时长', numerator: 'cycleWorkdays', denominator: 'answered', unit: 'workdays', better: 'lower' },
  // The median comes from the cycle histogram, not from a ratio; the pair names what it is read from.
  { code: 'medianCycle', name: '办理时长中位数', numerator: 'cycleWorkdays', denominator: 'answered', unit: 'workdays', better: 'lower' },
  { code: 'satisfactionRate', name: '满意率', numerator: 'satisfied', denominator: 'revisited', unit: 'rate', better: 'higher' },
  { code: 'fullSatisfactionRate', name: '非常满意率', numerator: 'satisfied', denominator: 'revisited', unit: 'rate', better: 'higher' },
  { code: 'firstSatisfactionRate', name: '一次满意率', numerator: 'firstSatisfied', denominator: 'revisited', unit: 'rate', better: 'higher' },
  { code: 'solvedRate', name: '解决率', numerator: 'solved', denominator: 'revisited', unit: 'rate', better: 'higher' },
  { code: 'revisitCoverage', name: '回访率', numerator: 'answeredRevisited', denominator: 'answered', unit: 'rate', better: 'higher' },
  { code: 'unsatisfiedAnswerRate', name: '不满意率', numerator: 'unsatisfiedAnswers', denominator: 'revisitAnswers', unit: 'rate', better: 'lower' },
  { code: 'returnRate', name: '退回率', numerator: 'returns', denominator: 'assignments', unit: 'rate', better: 'lower' },
  { code: 'reopenRate', name: '重办率', numerator: 'reopens', denominator: 'revisitAnswers', unit: 'rate', better: 'lower' },
  { code: 'repeatRate', name: '重复诉求率', numerator: 'repeats', denominator: 'valid', unit: 'rate', better: 'lower' },
  { code: 'repeatManyRate', name: '多次重复诉求率', numerator: 'repeatsMany', denominator: 'valid', unit: 'rate', better: 'lower' },
  { code: 'repeatComplaintRate', name: '重复投诉率', numerator: 'repeatComplaints', denominator: 'complaints', unit: 'rate', better: 'lower' },
  { code: 'extensions', name: '延期次数', numerator: 'extensions', unit: 'count', better: 'neither' },
  { code: 'extensionRate', name: '延期率', numerator: 'extendedCases', denominator: 'closeDue', unit: 'rate', better: 'lower' },
];

export const INDICATOR_BY_CODE: ReadonlyMap<IndicatorCode, IndicatorDefinition> = new Map(INDICATORS.map((d) => [d.code, d]));

/** 满意率 counts 满意 and 基本满意 together, as the revisit scale's two closing answers. */
function numeratorOf(d: IndicatorDefinition, c: Counters): number {
  return d.code === 'satisfactionRate' ? c.satisfied + c.basicallySatisfied : c[d.numerator];
}

/** The median cycle in whole working days, from the histogram (the lower median; 21 means "21 or more"). */
export function medianCycle(histogram: readonly number[]): number | null {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const half = Math.ceil(total / 2);
  let seen = 0;
  for (let i = 0; i < CYCLE_BUCKETS; i += 1) {
    seen += histogram[i] ?? 0;
    if (seen >= half) return i;
  }
  return CYCLE_BUCKETS - 1;
}

/** One indicator's value: null when nothing was there to measure (no denominator). */
export function indicatorValue(code: IndicatorCode, c: Counters): number | null {
  const d = INDICATOR_BY_CODE.get(code)!;
  if (code === 'medianCycle') return medianCycle(c.cycleHistogram);
  if (!d.denominator) return numeratorOf(d, c);
  const den = c[d.denominator];
  return den > 0 ? numeratorOf(d, c) / den : null;
}

export type IndicatorValues = Record<IndicatorCode, number | null>;

export function indicatorValues(c: Counters): IndicatorValues {
  return Object.fromEntries(INDICATOR_CODES.map((code) => [code, indicatorValue(code, c)])) as IndicatorValues;
}

/** The numerator and denominator behind an indicator, as the list's explanations show them. */
export function indicatorParts(code: IndicatorCode, c: Counters): { numerator: number; denominator: number | null } {
  const d = INDICATOR_BY_CODE.get(code)!;
  return { numerator: numeratorOf(d, c), denominator: d.denominator ? c[d.denominator] : null };
}
