import { chinaDate } from '../shared/china-time';
import type { CaseFacts, CaseMeasures } from './case-measures';

/**
 * What the rollups add up, per Beijing day. Each count lands on the day its event happened or its
 * deadline fell, so any period's indicators are sums over its days (see docs/indicators.md). The
 * counts do not depend on when they are read; a day not yet over is read by `countersAsOf`.
 */
export const COUNTERS = [
  'accepted', // filed (volume), on the day of acceptance
  'valid', // filed and neither invalid nor merged
  'complaints', // valid complaints
  'repeats', // valid cases that repeat a problem reported within 30 days
  'repeatsMany', // … that are its third report or later
  'repeatComplaints', // repeats among complaints
  'assignDue', // cases whose assignment deadline fell that day
  'assignOnTime',
  'signDue', // assignments (and reopenings) whose sign-for deadline fell that day
  'signOnTime',
  'closeDue', // cases whose closing deadline (with extensions) fell that day
  'closeOnTime', // … answered by it
  'extendedCases', // … that had an extension
  'extendedOnTime', // … that had an extension and were answered by it
  'extensions', // extensions approved that day
  'extensionWorkdays',
  'assignments', // assignments made that day
  'returns', // returns (misroutes) made that day
  'answered', // cases whose standing answer came that day
  'cycleWorkdays', // their working days from acceptance, summed
  'answeredRevisited', // … that have a revisit answer
  'revisited', // cases whose final revisit answer came that day
  'satisfied',
  'basicallySatisfied',
  'unsatisfied',
  'solved', // final answer closes the case: the problem counts as solved
  'firstSatisfied', // satisfied at the first revisit, never reopened
  'revisitAnswers', // every revisit answer that day (a reopened case gives several)
  'unsatisfiedAnswers',
  'reopens', // reopenings (re-handling) that day
] as const;
export type CounterName = (typeof COUNTERS)[number];

/** Cycle lengths in whole working days, 0 … 20 and "21 or more": enough for a median without the cases. */
export const CYCLE_BUCKETS = 22;

export type Counters = Record<CounterName, number> & { cycleHistogram: number[] };

export function emptyCounters(): Counters {
  const c = Object.fromEntries(COUNTERS.map((k) => [k, 0])) as Record<CounterName, number>;
  return { ...c, cycleHistogram: new Array<number>(CYCLE_BUCKETS).fill(0) };
}

export function addCounters(into: Counters, add: Counters, sign: 1 | -1 = 1): Counters {
  for (const k of COUNTERS) into[k] += sign * add[k];
  for (let i = 0; i < CYCLE_BUCKETS; i += 1) into.cycleHistogram[i] += sign * (add.cycleHistogram[i] ?? 0);
  return into;
}

export function sumCounters(rows: Iterable<Counters>): Counters {
  const total = emptyCounters();
  for (const r of rows) addCounters(total, r);
  return total;
}

export function isEmptyCounters(c: Counters): boolean {
  return COUNTERS.every((k) => c[k] === 0) && c.cycleHistogram.every((n) => n === 0);
}

/** One case's contribution to each Beijing day's counters. Sum them over cases and days for any period. */
export function caseContributions(m: CaseMeasures, facts: Pick<CaseFacts, 'kind'>): Map<string, Counters> {
  const out = new Map<string, Counters>();
  const on = (at: Date): Counters => {
    const day = chinaDate(at);
    let c = out.get(day);
    if (!c) out.set(day, (c = emptyCounters()));
    return c;
  };
  const accepted = on(m.acceptedAt);
  accepted.accepted += 1;
  if (m.excluded) return out;

  accepted.valid += 1;
  const complaint = facts.kind === 'complaint';
  if (complaint) accepted.complaints += 1;
  if (m.repeat) {
    accepted.repeats += 1;
    if (complaint) accepted.repeatComplaints += 1;
  }
  if (m.repeatMany) accepted.repeatsMany += 1;

  const assign = on(m.assignBy);
  assign.assignDue += 1;
  if (m.firstAssignedAt && m.firstAssignedAt <= m.assignBy) assign.assignOnTime += 1;

  for (const f of m.signFors) {
    const c = on(f.by);
    c.signDue += 1;
    if (f.at && f.at <= f.by) c.signOnTime += 1;
  }
  for (const at of m.assignments) on(at).assignments += 1;
  for (const at of m.returns) on(at).returns += 1;
  for (const e of m.extensions) {
    const c = on(e.at);
    c.extensions += 1;
    c.extensionWorkdays += e.workdays;
  }

  const close = on(m.closeBy);
  close.closeDue += 1;
  if (m.answeredAt && m.answeredAt <= m.closeBy) close.closeOnTime += 1;
  if (m.extensions.length) {
    close.extendedCases += 1;
    if (m.answeredAt && m.answeredAt <= m.closeBy) close.extendedOnTime += 1;
  }

  if (m.answeredAt && m.cycleWorkdays !== null) {
    const c = on(m.answeredAt);
    c.answered += 1;
    c.cycleWorkdays += m.cycleWorkdays;
    c.cycleHistogram[Math.min(m.cycleWorkdays, CYCLE_BUCKETS - 1)] += 1;
    if (m.revisits.length) c.answeredRevisited += 1;
  }

  for (const r of m.revisits) {
    const c = on(r.at);
    c.revisitAnswers += 1;
    if (r.rating === 'unsatisfied') c.unsatisfiedAnswers += 1;
  }
  const final = m.revisits.at(-1);
  if (final) {
    const c = on(final.at);
    c.revisited += 1;
    if (final.rating === 'satisfied') c.satisfied += 1;
    if (final.rating === 'basically_satisfied') c.basicallySatisfied += 1;
    if (final.rating === 'unsatisfied') c.unsatisfied += 1;
    if (final.closes) c.solved += 1;
    if (m.revisits.length === 1 && final.closes) c.firstSatisfied += 1;
  }
  for (const at of m.reopens) on(at).reopens += 1;
  return out;
}

/**
 * Each deadline counter and its part already met. Every deadline is the end of a Beijing day, so on
 * a day not yet over none of that day's deadlines has passed: what was done by now was done in time,
 * and what was not is still pending, neither on time nor late.
 */
export const MET_PART: Readonly<Partial<Record<CounterName, CounterName>>> = {
  assignDue: 'assignOnTime',
  signDue: 'signOnTime',
  closeDue: 'closeOnTime',
  extendedCases: 'extendedOnTime',
};

/** Whether a Beijing day has ended at `now` (its deadlines, at its last moment, have passed). */
export function dayOver(day: string, now: Date): boolean {
  return day < chinaDate(now);
}

/**
 * A day's counters as they stand at `now`: a day that has ended as they are; a day not yet over
 * (today, or later) with its deadlines counted only where they were already met, the pending ones
 * left out of every rate. The stored counters do not depend on `now`; only their reading does.
 */
export function countersAsOf(day: string, c: Counters, now: Date): Counters {
  return dayOver(day, now) ? c : metOnly(c);
}

/** Counters with every deadline counter cut to its part already met: a day not yet over, read at `now`. */
export function metOnly(c: Counters): Counters {
  const out: Counters = { ...c, cycleHistogram: [...c.cycleHistogram] };
  for (const [due, met] of Object.entries(MET_PART) as Array<[CounterName, CounterName]>) out[due] = c[met];
  return out;
}

/** The two ways the rollups file a case's counters: by the day each thing happened, or all on the day the case fell due. */
export const BASES = ['event', 'due'] as const;
export type Basis = (typeof BASES)[number];

/**
 * The week's list judges the cases that came due in it: all of a case's counters, whenever they
 * happened, on the day its closing deadline fell. Invalid and merged cases never fall due.
 */
export function dueCohort(m: CaseMeasures, byDay: ReadonlyMap<string, Counters>): { day: string; counters: Counters } | null {
  if (m.excluded) return null;
  return { day: chinaDate(m.closeBy), counters: sumCounters(byDay.values()) };
}
