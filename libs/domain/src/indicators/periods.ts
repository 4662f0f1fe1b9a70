import { addCalendarDays, chinaDate } from '../shared/china-time';

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

/**
 * A period of days (both inclusive) as the whole months inside it (first days of the first and last
 * month) and the days left at either end: what a reader of monthly and daily rollups sums. Null
 * months when no whole month fits.
 */
export function splitMonths(from: string, to: string): { days: Array<[string, string]>; months: [string, string] | null } {
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const at = (d: string) => Date.parse(`${d}T00:00:00Z`);
  const firstWhole = from.endsWith('-01') ? from : day(Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)), 1));
  const next = day(at(to) + 86_400_000);
  const lastWhole = next.endsWith('-01') ? to : day(Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 1, 1) - 86_400_000);
  if (at(firstWhole) > at(lastWhole)) return { days: [[from, to]], months: null };
  const days: Array<[string, string]> = [];
  if (at(from) < at(firstWhole)) days.push([from, day(at(firstWhole) - 86_400_000)]);
  if (at(lastWhole) < at(to)) days.push([day(at(lastWhole) + 86_400_000), to]);
  return { days, months: [firstWhole, `${lastWhole.slice(0, 7)}-01`] };
}

/**
 * The days of a period (both inclusive) not yet over at `now` — today in Beijing, and any later — whose
 * deadline counters are read apart (`countersAsOf`); null when every day of the period has ended.
 */
export function daysNotOver(from: string, to: string, now: Date): [string, string] | null {
  const today = chinaDate(now);
  return to >= today ? [from > today ? from : today, to] : null;
}
