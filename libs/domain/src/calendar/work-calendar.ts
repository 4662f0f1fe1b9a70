import { addCalendarDays, chinaDate, endOfChinaDay } from '../shared/china-time';
import { DomainError } from '../shared/domain-error';
import { OFFICIAL_DATA_YEARS, officialMovedDay } from './official-data';

/** Which Beijing dates are working days: weekends, official holidays and make-up days (调休) included. */
export interface WorkCalendar {
  isWorkday(day: string): boolean;
}

/** A calendar that knows for which years its holidays are real rather than guessed from weekdays. */
export interface CalendarCoverage {
  coversYear(year: number): boolean;
}

/** One row of a city's own calendar table: a day off (放假) or a working day (上班) that overrides the package. */
export interface CalendarOverride {
  day: string;
  workday: boolean;
  note?: string | null;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDay(day: string): boolean {
  const m = DAY.exec(day);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function weekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`);
  if (!DAY.test(day) || Number.isNaN(d.getTime())) throw new RangeError(`not a YYYY-MM-DD date: ${day}`);
  return d.getUTCDay();
}

function invalidOverride(message: string, details: Record<string, unknown>): DomainError {
  return new DomainError('CALENDAR_OVERRIDE_INVALID', message, details);
}

function isOverrideList(o: readonly CalendarOverride[] | ReadonlyMap<string, boolean>): o is readonly CalendarOverride[] {
  return Array.isArray(o);
}

function overrideMap(overrides: readonly CalendarOverride[] | ReadonlyMap<string, boolean>): Map<string, boolean> {
  const rows: readonly CalendarOverride[] = isOverrideList(overrides)
    ? overrides
    : [...overrides.entries()].map(([day, workday]) => ({ day, workday }));
  const map = new Map<string, boolean>();
  for (const row of rows) {
    if (!isCalendarDay(row.day)) throw invalidOverride(`calendar override is not a YYYY-MM-DD date: ${row.day}`, { day: row.day });
    if (typeof row.workday !== 'boolean') {
      throw invalidOverride(`calendar override for ${row.day} must say workday true or false`, { day: row.day });
    }
    const earlier = map.get(row.day);
    if (earlier !== undefined && earlier !== row.workday) {
      throw invalidOverride(`calendar override for ${row.day} says both workday and day off`, { day: row.day });
    }
    map.set(row.day, row.workday);
  }
  return map;
}

/**
 * The official calendar as published in the chinese-days package, under a city's own table.
 * The package's data ends with 2026 and later years read as plain weekdays, so a city enters
 * the new year's arrangement as overrides and declares the year complete in `coveredYears`;
 * single overrides (a typhoon day off) correct a day without claiming the whole year.
 */
export class OfficialCalendar implements WorkCalendar, CalendarCoverage {
  private readonly overrides: ReadonlyMap<string, boolean>;
  private readonly cityYears: ReadonlySet<number>;

  constructor(overrides: readonly CalendarOverride[] | ReadonlyMap<string, boolean> = [], coveredYears: Iterable<number> = []) {
    this.overrides = overrideMap(overrides);
    const years = [...coveredYears];
    for (const year of years) {
      if (!Number.isInteger(year) || year < 1000 || year > 9999) {
        throw invalidOverride(`covered year must be a 4-digit year: ${year}`, { year });
      }
    }
    this.cityYears = new Set(years);
  }

  isWorkday(day: string): boolean {
    const override = this.overrides.get(day);
    if (override !== undefined) return override;
    const moved = officialMovedDay(day);
    if (moved !== undefined) return moved;
    const wd = weekday(day);
    return wd >= 1 && wd <= 5;
  }

  coversYear(year: number): boolean {
    return OFFICIAL_DATA_YEARS.includes(year) || this.cityYears.has(year);
  }

  /** Every covered year, ascending: the package's and the city's. */
  coveredYears(): number[] {
    return [...new Set([...OFFICIAL_DATA_YEARS, ...this.cityYears])].sort((a, b) => a - b);
  }
}

/** How far ahead the server looks for days without an official arrangement. */
export const COVERAGE_LOOKAHEAD_DAYS = 90;

/**
 * The Beijing dates, from today (the Beijing date of `from`) through the next `days - 1` days,
 * whose year the calendar does not cover: deadlines falling there are counted on bare weekdays.
 */
export function uncoveredDays(from: Date, days: number = COVERAGE_LOOKAHEAD_DAYS, calendar: CalendarCoverage): string[] {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a non-negative integer: ${days}`);
  const out: string[] = [];
  let day = chinaDate(from);
  for (let i = 0; i < days; i += 1, day = addCalendarDays(day, 1)) {
    if (!calendar.coversYear(Number(day.slice(0, 4)))) out.push(day);
  }
  return out;
}

/** Working days D with after < D <= through (Beijing dates); 0 when through is not after `after`. */
export function countWorkdays(after: string, through: string, calendar: WorkCalendar): number {
  weekday(after);
  weekday(through);
  let n = 0;
  for (let day = addCalendarDays(after, 1); day <= through; day = addCalendarDays(day, 1)) {
    if (calendar.isWorkday(day)) n += 1;
  }
  return n;
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
