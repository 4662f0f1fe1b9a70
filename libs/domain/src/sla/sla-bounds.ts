import { countWorkdays, type WorkCalendar } from '../calendar/work-calendar';
import { addCalendarDays, chinaDate } from '../shared/china-time';
import type { SlaColour } from './sla-colour';

/**
 * Where the colours of open cases change at one moment, as deadline instants, so a database can
 * count the colours with range conditions instead of loading every case:
 *   closeBy < red             → red
 *   closeBy < orange          → orange (due later today)
 *   closeBy < yellow          → yellow (at most 1 working day left: before the second working day)
 *   otherwise                 → green
 * slaColourBetween(closeBy, bounds) equals slaColour(closeBy, now, calendar) for every closeBy.
 */
export interface SlaBounds {
  red: Date;
  orange: Date;
  yellow: Date;
}

/** Calendars in use always have a working day within two months (the longest holiday is 8 days). */
const MAX_SEARCH_DAYS = 60;

const startOfChinaDay = (day: string): Date => new Date(Date.parse(`${day}T00:00:00.000+08:00`));

export function slaBounds(now: Date, calendar: WorkCalendar): SlaBounds {
  const today = chinaDate(now);
  // Yellow ends where a deadline would leave 2 working days: the second working day after today.
  let secondWorkday = addCalendarDays(today, 1);
  for (let i = 0; i < MAX_SEARCH_DAYS && countWorkdays(today, secondWorkday, calendar) < 2; i++) secondWorkday = addCalendarDays(secondWorkday, 1);
  return { red: now, orange: startOfChinaDay(addCalendarDays(today, 1)), yellow: startOfChinaDay(secondWorkday) };
}

export function slaColourBetween(closeBy: Date, bounds: SlaBounds): SlaColour {
  const t = closeBy.getTime();
  if (t < bounds.red.getTime()) return 'red';
  if (t < bounds.orange.getTime()) return 'orange';
  return t < bounds.yellow.getTime() ? 'yellow' : 'green';
}
