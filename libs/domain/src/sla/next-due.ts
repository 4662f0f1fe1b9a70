import { addWorkdays, countWorkdays, type WorkCalendar } from '../calendar/work-calendar';
import { awaitsRevisit, type CaseState } from '../case/case';
import type { CaseStatus } from '../case/case-lifecycle';
import { revisitAnswerBy } from '../case/revisit';
import { addCalendarDays, chinaDate } from '../shared/china-time';
import { CITY_LEADER_AFTER_WORKDAYS, UNIT_LEADER_AFTER_WORKDAYS } from './escalation';

/** Cases still in a unit's hands: the ones a closing deadline can pass on. */
export const WORKING_STATUSES: readonly CaseStatus[] = ['assigned', 'in_progress', 'reopened', 'returned'];

/**
 * What a periodic job does for a case once its moment comes:
 * dispatcher — not assigned within 1 working day; approaching — due within a working day (the
 * handler is reminded); handler / unit_leader / city_leader — the climb of an overdue case;
 * revisit — the resident has not answered the revisit in 3 working days (a phone task), their own
 * case's or, for a merged case, the one the main case's answer opened.
 */
export type DueStep = 'dispatcher' | 'approaching' | 'handler' | 'unit_leader' | 'city_leader' | 'revisit';

/** The fields of a case that decide when something falls due. */
export interface DueCase {
  status: CaseStatus;
  assignBy: Date;
  assignedAt: Date | null;
  closeBy: Date;
  revisitStartedAt: Date | null;
  revisitRating: CaseState['revisitRating'];
}

/** A step falls due at `at` and applies until `until` (exclusive; open-ended when absent). */
export interface DueMoment {
  step: DueStep;
  at: Date;
  until?: Date;
}

const MS = 1;
const startOfChinaDay = (day: string): Date => new Date(Date.parse(`${day}T00:00:00.000+08:00`));
/** The yellow light never starts more than this many days before the deadline (the longest holiday is 9). */
const MAX_YELLOW_LOOKBACK_DAYS = 60;

/**
 * The first Beijing date on which the case shows yellow or orange: at most 1 working day left
 * after today (see slaColour). Walks back from the deadline's date while that still holds.
 */
function yellowFrom(closeBy: Date, calendar: WorkCalendar): Date {
  const due = chinaDate(closeBy);
  let day = due;
  for (let i = 0; i < MAX_YELLOW_LOOKBACK_DAYS; i += 1) {
    const before = addCalendarDays(day, -1);
    if (countWorkdays(before, due, calendar) > 1) break;
    day = before;
  }
  return startOfChinaDay(day);
}

/**
 * Every moment at which something falls due for a case in its current state, earliest first.
 * The escalation levels follow escalationLevel(): the handler the instant after the deadline,
 * the unit leader once 1 whole working day has passed since, the city leader once 3 have.
 */
export function dueSchedule(c: DueCase, calendar: WorkCalendar): DueMoment[] {
  const out: DueMoment[] = [];
  if (c.status === 'accepted' && c.assignedAt === null) {
    out.push({ step: 'dispatcher', at: new Date(c.assignBy.getTime() + MS) });
  }
  if (WORKING_STATUSES.includes(c.status)) {
    const close = c.closeBy.getTime();
    const yellow = yellowFrom(c.closeBy, calendar);
    // The reminder belongs to the time before the deadline; a case already late skips it.
    out.push({ step: 'approaching', at: yellow, until: new Date(close + MS) });
    out.push({ step: 'handler', at: new Date(close + MS) });
    // n whole working days overdue from 00:00 (Beijing) of the day after the nth working day after the deadline's date.
    const leaderAt = (n: number) => startOfChinaDay(addCalendarDays(addWorkdays(c.closeBy, n, calendar), 1));
    out.push({ step: 'unit_leader', at: leaderAt(UNIT_LEADER_AFTER_WORKDAYS) });
    out.push({ step: 'city_leader', at: leaderAt(CITY_LEADER_AFTER_WORKDAYS) });
  }
  if (awaitsRevisit(c) && c.revisitStartedAt !== null) {
    out.push({ step: 'revisit', at: new Date(revisitAnswerBy(c.revisitStartedAt, calendar).getTime() + MS) });
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

const applies = (m: DueMoment, now: Date): boolean => m.at.getTime() <= now.getTime() && (m.until === undefined || now.getTime() < m.until.getTime());

/** The steps that apply at `now`; a job does each once (they are keyed), however often it looks. */
export function dueSteps(c: DueCase, now: Date, calendar: WorkCalendar): DueStep[] {
  return dueSchedule(c, calendar)
    .filter((m) => applies(m, now))
    .map((m) => m.step);
}

/** The first moment after `now` at which a step falls due; null when nothing ever will in this state. */
export function nextDueAfter(c: DueCase, now: Date, calendar: WorkCalendar): Date | null {
  const next = dueSchedule(c, calendar).find((m) => m.at.getTime() > now.getTime());
  return next?.at ?? null;
}

/**
 * The moment to store with a case that has just changed: the earliest step that applies now
 * (whether or not it was done before: the job checks its keys) or else the next one to come.
 */
export function nextDueAt(c: DueCase, now: Date, calendar: WorkCalendar): Date | null {
  const applying = dueSchedule(c, calendar).find((m) => applies(m, now));
  return applying?.at ?? nextDueAfter(c, now, calendar);
}
