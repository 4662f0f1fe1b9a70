/** Display helpers; plain TypeScript so they run under jest. */

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * An ISO time as Beijing wall-clock text, whatever the phone's time zone:
 * 2026-12-03T09:00:00.000Z -> 2026年12月3日 17:00. Returns null for missing or unreadable input.
 */
export function formatChinaDateTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const t = new Date(ms + CHINA_OFFSET_MS);
  const hh = String(t.getUTCHours()).padStart(2, '0');
  const mm = String(t.getUTCMinutes()).padStart(2, '0');
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${hh}:${mm}`;
}
