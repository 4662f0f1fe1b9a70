// The package's own JSON rather than its functions: isWorkday()/getDayDetail() build their table
// with the process's local time zone, so west of UTC (TZ=America/Los_Angeles) every holiday
// shifts by a day. The JSON is keyed by plain YYYY-MM-DD dates and reads the same everywhere.
import data from 'chinese-days/dist/chinese-days.json';

const table = data as { holidays: Record<string, string>; workdays: Record<string, string> };

/** Days the State Council moved: false = holiday (放假), true = make-up working day (调休上班). */
const MOVED = new Map<string, boolean>([
  ...Object.keys(table.holidays).map((day): [string, boolean] => [day, false]),
  // A make-up day wins over a holiday, as in the package's own getDayDetail().
  ...Object.keys(table.workdays).map((day): [string, boolean] => [day, true]),
]);

/**
 * A year is covered when the package holds both its New Year's Day and its National Day: every
 * annual arrangement names both, and a year the package does not know holds neither.
 */
function detectYears(): number[] {
  const years = new Set([...MOVED.keys()].map((day) => Number(day.slice(0, 4))));
  return [...years].filter((y) => MOVED.get(`${y}-01-01`) === false && MOVED.get(`${y}-10-01`) === false).sort((a, b) => a - b);
}

/** The years for which chinese-days carries the official arrangement (2004–2026 in 1.5.7). */
export const OFFICIAL_DATA_YEARS: readonly number[] = Object.freeze(detectYears());

/** The official arrangement for one day: true/false when the day was moved, undefined for an ordinary day. */
export function officialMovedDay(day: string): boolean | undefined {
  return MOVED.get(day);
}
