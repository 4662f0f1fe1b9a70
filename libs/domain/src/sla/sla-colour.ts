import { countWorkdays, type WorkCalendar } from '../calendar/work-calendar';
import { chinaDate } from '../shared/china-time';

/** The traffic light of an open case against its deadline (not the urgency warning of a demand). */
export type SlaColour = 'green' | 'yellow' | 'orange' | 'red';

/**
 * Working days left before an open case's deadline, counted on Beijing dates: the working days
 * after today up to and including the deadline's date. Today never counts, however early it is;
 * 0 when the case is due today or overdue.
 */
export function workdaysLeft(closeBy: Date, now: Date, calendar: WorkCalendar): number {
  if (now.getTime() > closeBy.getTime()) return 0;
  return countWorkdays(chinaDate(now), chinaDate(closeBy), calendar);
}

/**
 * - red: past the deadline instant (now > closeBy; the deadline instant itself is still on time);
 * - orange: due today, i.e. the deadline falls on today's Beijing date;
 * - yellow: at most 1 working day left (workdaysLeft <= 1): due on the next working day, even
 *   when a weekend or holiday lies between (Friday → Monday, 9-30 → 10-08 are yellow);
 * - green: 2 or more working days left.
 */
export function slaColour(closeBy: Date, now: Date, calendar: WorkCalendar): SlaColour {
  if (now.getTime() > closeBy.getTime()) return 'red';
  if (chinaDate(now) === chinaDate(closeBy)) return 'orange';
  return workdaysLeft(closeBy, now, calendar) <= 1 ? 'yellow' : 'green';
}
