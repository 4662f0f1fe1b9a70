import { distanceMetres, type GeoPoint } from '../place/nearest-place';

/** What the same-problem rule looks at in a case. */
export interface ProblemReport {
  id: string;
  subItem: string | null;
  placeUnitId: string | null;
  location: GeoPoint | null;
  text: string;
  acceptedAt: Date;
}

/** 专项治理 opens when the same problem has been reported this many times. */
export const GOVERNANCE_THRESHOLD = 3;
export const SAME_PLACE_METRES = 500;
export const SAME_PROBLEM_DAYS = 30;
/** Share of character pairs two descriptions have in common (Jaccard over bigrams). */
export const SIMILAR_TEXT = 0.15;

function bigrams(text: string): Set<string> {
  const t = text.replace(/[\s\p{P}\p{S}\d]/gu, '');
  const out = new Set<string>();
  for (let i = 0; i + 1 < t.length; i += 1) out.add(t.slice(i, i + 2));
  return out;
}

/** Jaccard similarity of the two texts' character bigrams, 0..1. */
export function textSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared += 1;
  return shared / (x.size + y.size - shared);
}

/**
 * The same problem: same sub-item, the same village/town or within 500 m, similar words, and
 * reported within 30 days of each other.
 */
export function isSameProblem(a: ProblemReport, b: ProblemReport): boolean {
  if (!a.subItem || a.subItem !== b.subItem) return false;
  if (Math.abs(a.acceptedAt.getTime() - b.acceptedAt.getTime()) > SAME_PROBLEM_DAYS * 86_400_000) return false;
  const samePlace =
    (a.placeUnitId !== null && a.placeUnitId === b.placeUnitId) ||
    (a.location !== null && b.location !== null && distanceMetres(a.location, b.location) <= SAME_PLACE_METRES);
  return samePlace && textSimilarity(a.text, b.text) >= SIMILAR_TEXT;
}

/** The earlier reports of the same problem as `report`, when together they reach the threshold; else []. */
export function repeatedProblem<R extends ProblemReport>(report: R, earlier: readonly R[]): R[] {
  const same = earlier.filter((e) => e.id !== report.id && isSameProblem(report, e));
  return same.length + 1 >= GOVERNANCE_THRESHOLD ? same : [];
}
