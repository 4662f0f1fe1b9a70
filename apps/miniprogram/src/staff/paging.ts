/** Case lists read a page at a time in the server's order (the server sorts; the phone only appends). */
import type { CasePage, CaseStatus, StaffCase } from '../api/staff';

const ALL_STATUSES: readonly CaseStatus[] = ['accepted', 'assigned', 'in_progress', 'answered', 'revisiting', 'returned', 'reopened', 'closed', 'invalid', 'merged'];
/** The states a case ends in (the server marks such a case open: false); every other state is open. */
export const FINISHED_STATUSES: readonly CaseStatus[] = ['closed', 'invalid', 'merged'];
export const OPEN_STATUSES: readonly CaseStatus[] = ALL_STATUSES.filter((s) => !FINISHED_STATUSES.includes(s));

/** What has been loaded of one list so far. */
export interface PagedCases {
  items: StaffCase[];
  /** How many the list holds in all, from its first page. */
  total: number;
  nextCursor: string | null;
}

/**
 * Adds a page after what is loaded (null: it is the first page). A case that moved between two
 * reads (its deadline was extended) may come twice: it is kept where it was first shown.
 */
export function appendPage(loaded: PagedCases | null, page: CasePage): PagedCases {
  const items = loaded ? [...loaded.items] : [];
  const seen = new Set(items.map((c) => c.id));
  for (const c of page.items ?? []) if (!seen.has(c.id)) items.push(c);
  return { items, total: page.total ?? loaded?.total ?? items.length, nextCursor: page.nextCursor ?? null };
}
