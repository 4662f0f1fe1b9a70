import { DomainError } from '../shared/domain-error';
import { MAX_POINTS_PER_ENTRY } from './ledger';

/** One item a village reviews households on (e.g. 门前五包: 包卫生), worth so many points when met. */
export interface ReviewCriterion {
  code: string;
  name: string;
  points: number;
}

const CODE = /^[a-z0-9-]{1,32}$/;

/** The village's criteria: 1-20 items, unique codes, each worth 1-100 points. */
export function checkCriteria(items: ReadonlyArray<ReviewCriterion>): ReviewCriterion[] {
  if (items.length === 0 || items.length > 20) throw new DomainError('REVIEW_INVALID', 'a village sets 1 to 20 review criteria');
  const seen = new Set<string>();
  return items.map((item) => {
    const name = item.name.trim();
    if (!CODE.test(item.code) || seen.has(item.code)) throw new DomainError('REVIEW_INVALID', `criterion code ${item.code} is malformed or repeated`);
    if (name.length === 0 || name.length > 40) throw new DomainError('REVIEW_INVALID', 'a criterion needs a name of at most 40 characters');
    if (!Number.isInteger(item.points) || item.points < 1 || item.points > 100) throw new DomainError('REVIEW_INVALID', 'a criterion is worth 1 to 100 points');
    seen.add(item.code);
    return { code: item.code, name, points: item.points };
  });
}

/** The village's 门前五包 (five responsibilities in front of one's door), a default to start from. */
export const FIVE_RESPONSIBILITIES: ReviewCriterion[] = [
  { code: 'hygiene', name: '包卫生', points: 10 },
  { code: 'greening', name: '包绿化', points: 10 },
  { code: 'order', name: '包秩序', points: 10 },
  { code: 'facilities', name: '包设施', points: 10 },
  { code: 'safety', name: '包安全', points: 10 },
];

export interface HouseholdScore {
  householdId: string;
  points: number;
  /** The names of the criteria met, for the ledger's note (what the resident reads). */
  note: string;
}

/**
 * What a review awards: per household, the sum of the criteria it met. A household meeting
 * none earns nothing (and gets no entry); unknown criteria or a household twice are refused.
 */
export function scoreReview(criteria: ReadonlyArray<ReviewCriterion>, results: ReadonlyArray<{ householdId: string; met: string[] }>): HouseholdScore[] {
  if (results.length === 0) throw new DomainError('REVIEW_INVALID', 'a review names at least one household');
  const byCode = new Map(criteria.map((c) => [c.code, c]));
  const households = new Set<string>();
  const scores: HouseholdScore[] = [];
  for (const r of results) {
    if (households.has(r.householdId)) throw new DomainError('REVIEW_INVALID', 'a household appears twice in one review', { householdId: r.householdId });
    households.add(r.householdId);
    const met = [...new Set(r.met)].map((code) => {
      const c = byCode.get(code);
      if (!c) throw new DomainError('REVIEW_INVALID', `no criterion ${code} in this village`, { code });
      return c;
    });
    const points = met.reduce((s, c) => s + c.points, 0);
    if (points > MAX_POINTS_PER_ENTRY) throw new DomainError('POINTS_AMOUNT_INVALID', 'too many points in one review');
    if (points > 0) scores.push({ householdId: r.householdId, points, note: met.map((c) => c.name).join('、') });
  }
  return scores;
}
