/** Case lists read a page at a time in the server's order (the server sorts; the phone only appends). */
import type { CasePage, StaffCase } from '../api/staff';

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
