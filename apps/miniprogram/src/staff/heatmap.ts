import type { Heatmap } from '../api/staff';

/** The periods a leader picks from, in days ending today. */
export const PERIODS = [
  { days: 7, label: '近7天' },
  { days: 30, label: '近30天' },
  { days: 90, label: '近90天' },
] as const;

/** [from, to] as Beijing dates for the last `days` days ending on the Beijing day of `now`. */
export function periodOf(days: number, now: Date = new Date()): { from: string; to: string } {
  const today = new Date(now.getTime() + 8 * 3_600_000);
  const from = new Date(today.getTime() - (days - 1) * 86_400_000);
  return { from: from.toISOString().slice(0, 10), to: today.toISOString().slice(0, 10) };
}

/** One line per busy place, in the leader's words: where, how many, and mostly about what. */
export function topPlaceLines(h: Heatmap, max = 10): { key: string; place: string; count: string; about: string }[] {
  return h.places.slice(0, max).map((p) => ({
    key: p.id,
    place: p.level === 'village' ? `${p.town} ${p.name}` : p.name,
    count: `${p.count}件`,
    about: p.topColumn ? `多为${p.topColumn}（${p.topCount}件）` : '',
  }));
}

/** The categories with demands, most first, with their share of the total. */
export function topColumnLines(h: Heatmap, max = 5): { key: string; name: string; count: string; share: string }[] {
  return h.topColumns.slice(0, max).map((c) => ({
    key: c.code,
    name: c.name,
    count: `${c.count}件`,
    share: h.total > 0 ? `占${Math.round((c.count / h.total) * 100)}%` : '',
  }));
}
