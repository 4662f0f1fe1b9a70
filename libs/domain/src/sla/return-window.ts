import { workdayDeadline, type WorkCalendar } from '../calendar/work-calendar';

/** A unit signs for (签收) or returns (退回) a case within 1 working day of its assignment. */
export const RETURN_WINDOW_WORKDAYS = 1;

/**
 * The end of the return window: midnight Beijing time of the first working day after the
 * assignment's Beijing date, counted like the "1" of "135" (assigned Friday or Saturday: Monday).
 */
export function returnBy(assignedAt: Date, calendar: WorkCalendar): Date {
  return workdayDeadline(assignedAt, RETURN_WINDOW_WORKDAYS, calendar);
}

/** Whether a unit may still return a misrouted case: up to and including the returnBy instant. */
export function canReturn(assignedAt: Date, now: Date, calendar: WorkCalendar): boolean {
  return now.getTime() <= returnBy(assignedAt, calendar).getTime();
}
