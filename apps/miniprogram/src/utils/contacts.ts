/** 干群连心卡 helpers (plain TS). */

/** The city's public hotline, shown when a village has no contacts on file. */
export const CITY_HOTLINE = '12345';

export const LEVEL_LABELS: Record<string, string> = { village: '村（社区）', town: '乡镇（街道）', city: '市级' };

const ORDER: Record<string, number> = { village: 0, town: 1, city: 2 };

export interface ContactLike {
  level: string;
  phone?: unknown;
}

/** Village first, then town, then city; stable within a level. */
export function sortContacts<T extends ContactLike>(list: T[]): T[] {
  return list
    .map((c, i) => ({ c, i }))
    .sort((a, b) => (ORDER[a.c.level] ?? 9) - (ORDER[b.c.level] ?? 9) || a.i - b.i)
    .map((x) => x.c);
}

/** The phone as text, or null when missing (the schema types it loosely). */
export function contactPhone(c: ContactLike): string | null {
  return typeof c.phone === 'string' && c.phone.trim() ? c.phone.trim() : null;
}
