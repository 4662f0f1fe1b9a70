import { countWorkdays, type WorkCalendar } from '../calendar/work-calendar';
import { addCalendarDays, chinaDate } from '../shared/china-time';

/** Who is warned about an overdue case: the handler, then the unit leader, then the city leader. */
export type EscalationLevel = 'none' | 'handler' | 'unit_leader' | 'city_leader';

/** Whole working days overdue at which the unit leader (单位负责人) is warned. */
export const UNIT_LEADER_AFTER_WORKDAYS = 1;
/** Whole working days overdue at which the city leader in charge (分管领导) is warned. */
export const CITY_LEADER_AFTER_WORKDAYS = 3;

/**
 * Whole working days that have passed since the deadline: working days after the deadline's
 * Beijing date and before today's. Today is not over, so it does not count yet: a case due
 * Thursday is 0 days overdue all Friday and 1 from Saturday 00:00 (Beijing). 0 when not overdue.
 */
export function workdaysOverdue(closeBy: Date, now: Date, calendar: WorkCalendar): number {
  if (now.getTime() <= closeBy.getTime()) return 0;
  return countWorkdays(chinaDate(closeBy), addCalendarDays(chinaDate(now), -1), calendar);
}

/** none: on time; handler: overdue; unit_leader: >= 1 working day overdue; city_leader: >= 3. */
export function escalationLevel(closeBy: Date, now: Date, calendar: WorkCalendar): EscalationLevel {
  if (now.getTime() <= closeBy.getTime()) return 'none';
  const days = workdaysOverdue(closeBy, now, calendar);
  if (days >= CITY_LEADER_AFTER_WORKDAYS) return 'city_leader';
  if (days >= UNIT_LEADER_AFTER_WORKDAYS) return 'unit_leader';
  return 'handler';
}

/**
 * The dispatcher's "1": a case still unassigned after its assignBy instant is overdue for the
 * dispatcher. `assignedAt` is null while unassigned; an assignment later than `now` (clock skew,
 * replay) does not count yet.
 */
export function isAssignmentOverdue(assignBy: Date, assignedAt: Date | null, now: Date): boolean {
  const assigned = assignedAt !== null && assignedAt.getTime() <= now.getTime();
  return !assigned && now.getTime() > assignBy.getTime();
}
