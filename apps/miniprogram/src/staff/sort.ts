/** Ordering and picking of case lists. */
import type { StaffCase } from '../api/staff';

function time(iso: string | null | undefined): number {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/**
 * Dispatcher's inbox: new (accepted) and returned cases; emergencies nobody has acknowledged first
 * (the server pins them), then returned, then oldest accepted first.
 */
export function inboxCases<T extends Pick<StaffCase, 'status' | 'acceptedAt' | 'number' | 'emergency'>>(cases: readonly T[]): T[] {
  return cases
    .filter((c) => c.status === 'accepted' || c.status === 'returned')
    .sort((a, b) => {
      if (Boolean(a.emergency) !== Boolean(b.emergency)) return a.emergency ? -1 : 1;
      if (a.status !== b.status) return a.status === 'returned' ? -1 : 1;
      const d = time(a.acceptedAt) - time(b.acceptedAt);
      if (d !== 0 && !Number.isNaN(d)) return d;
      return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
    });
}

/** First characters of a case's text for a list row. */
export function shortText(text: string | null | undefined, max = 40): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
