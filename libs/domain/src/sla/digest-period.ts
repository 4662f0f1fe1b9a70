import { addCalendarDays, chinaDate } from '../shared/china-time';

/** The Beijing date keying the daily reminder (日提醒): one per unit per date. */
export function dailyDigestDay(now: Date): string {
  return chinaDate(now);
}

function utcDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** Monday = 0 … Sunday = 6. */
function isoWeekday(day: string): number {
  return (utcDay(day).getUTCDay() + 6) % 7;
}

const WEEK = /^(\d{4})-W(\d{2})$/;

/** The Monday of ISO week 1: the week holding 4 January. */
function firstMonday(year: number): string {
  const jan4 = `${year}-01-04`;
  return addCalendarDays(jan4, -isoWeekday(jan4));
}

/**
 * The ISO week (Monday–Sunday) of the Beijing date, as YYYY-Www, keying the weekly
 * reconciliation (周对账). The year is the ISO week-year: 2027-01-03 (a Sunday) is 2026-W53.
 */
export function weekOf(now: Date): string {
  const day = chinaDate(now);
  const thursday = addCalendarDays(day, 3 - isoWeekday(day));
  const year = Number(thursday.slice(0, 4));
  const dayOfYear = (utcDay(thursday).getTime() - utcDay(`${year}-01-01`).getTime()) / 86_400_000;
  const week = Math.floor(dayOfYear / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday and Sunday (Beijing dates) of an ISO week written YYYY-Www. */
export function weekDays(week: string): { first: string; last: string } {
  const m = WEEK.exec(week);
  if (!m) throw new RangeError(`not an ISO week: ${week}`);
  const year = Number(m[1]);
  const n = Number(m[2]);
  const weeksInYear = (utcDay(firstMonday(year + 1)).getTime() - utcDay(firstMonday(year)).getTime()) / 86_400_000 / 7;
  if (n < 1 || n > weeksInYear) throw new RangeError(`not an ISO week: ${week}`);
  const first = addCalendarDays(firstMonday(year), 7 * (n - 1));
  return { first, last: addCalendarDays(first, 6) };
}
