import chineseDays from 'chinese-days';
import { addCalendarDays, chinaDate, endOfChinaDay } from '../shared/china-time';

/** Which Beijing dates are working days: weekends, official holidays and make-up days (调休) included. */
export interface WorkCalendar {
  isWorkday(day: string): boolean;
}

/**
 * The official calendar as published in the chinese-days package. Its data ends with 2026;
 * later years read as plain weekdays, which is why overrides (a city's own table) come first.
 */
export class OfficialCalendar implements WorkCalendar {
  constructor(private readonly overrides: ReadonlyMap<string, boolean> = new Map()) {}

  isWorkday(day: string): boolean {
    const override = this.overrides.get(day);
    return override ?? chineseDays.isWorkday(day);
  }
}

/** The Nth working day after the given instant's Beijing date (the day itself never counts). */
export function addWorkdays(from: Date, n: number, calendar: WorkCalendar): string {
  let day = chinaDate(from);
  let left = n;
  while (left > 0) {
    day = addCalendarDays(day, 1);
    if (calendar.isWorkday(day)) left -= 1;
  }
  return day;
}

/** A deadline of N working days ends at midnight Beijing time of the Nth working day. */
export function workdayDeadline(from: Date, n: number, calendar: WorkCalendar): Date {
  return endOfChinaDay(addWorkdays(from, n, calendar));
}
