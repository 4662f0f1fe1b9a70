import { addCalendarDays } from '../shared/china-time';

/** How indicators are bucketed in time: Beijing days, ISO weeks (Monday first), calendar months. */
export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const WEEK = /^(\d{4})-W(\d{2})$/;

function utc(day: string): Date {
  if (!DAY.test(day)) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  return new Date(`${day}T00:00:00Z`);
}

/** The ISO week of a Beijing date, as 2026-W49 (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(day: string): string {
  const d = utc(day);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(d.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday of an ISO week. */
export function weekMonday(week: string): string {
  const m = WEEK.exec(week);
  if (!m) throw new RangeError(`not an ISO week like 2026-W49: ${week}`);
  const year = Number(m[1]);
  const n = Number(m[2]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday1 = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000);
  const monday = new Date(monday1.getTime() + (n - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
  if (n < 1 || isoWeek(monday) !== week) throw new RangeError(`no such ISO week: ${week}`);
  return monday;
}

/** The first and last Beijing date of a week. */
export function isoWeekDays(week: string): { from: string; to: string } {
  const from = weekMonday(week);
  return { from, to: addCalendarDays(from, 6) };
}

export function isWeek(text: string): boolean {
  try {
    weekMonday(text);
    return true;
  } catch {
    return false;
  }
}

/** The bucket a day falls in: the day itself, its ISO week, or its month (2026-12). */
export function periodOf(day: string, period: Period): string {
  switch (period) {
    case 'day':
      return day;
    case 'week':
      return isoWeek(day);
    case 'month':
      return day.slice(0, 7);
  }
}

/** The ISO week before the given one. */
export function previousWeek(week: string): string {
  return isoWeek(addCalendarDays(weekMonday(week), -7));
}
