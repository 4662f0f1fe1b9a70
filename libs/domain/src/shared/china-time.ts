/** China has one time zone, UTC+8, and no daylight saving: dates on the official calendar are Beijing dates. */
const OFFSET_MS = 8 * 60 * 60 * 1000;

/** The Beijing calendar date of an instant, as YYYY-MM-DD. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The last second of a Beijing calendar day, as an instant. */
export function endOfChinaDay(day: string): Date {
  return new Date(Date.parse(`${day}T23:59:59.999+08:00`));
}

export function addCalendarDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** "11月28日 17:00"-style text is too precise for villagers; the day is what they need. */
export function formatChinaDay(at: Date): string {
  const [y, m, d] = chinaDate(at).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
