import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { revisitCloses, type RevisitRating } from '../case/revisit';
import { addCalendarDays, chinaDate } from '../shared/china-time';
import { DEFAULT_ANOMALY_THRESHOLDS, type AnomalyDraft, type AnomalyThresholds } from './anomalies';

/**
 * 办公室抽样回访: each week the office phones a random sample of the cases closed the week before
 * and compares what the resident says with the answer the case closed on.
 */

/** The Monday (Beijing date) of the week an instant falls in. */
export function mondayOf(at: Date): string {
  const day = chinaDate(at);
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addCalendarDays(day, -weekday);
}

/** The sample: seeded by the week, so anyone can draw it again from the same cases and get the same ones. */
export function drawSample(caseIds: readonly string[], seed: string, size: number): string[] {
  const keyed = caseIds.map((id) => ({ id, k: bytesToHex(sha256(utf8ToBytes(`${seed}|${id}`))) }));
  return keyed
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .slice(0, Math.max(0, size))
    .map((x) => x.id);
}

export interface RevisitWord {
  readonly rating: RevisitRating;
  readonly solved: boolean | null;
}

/** The office's call and the resident's own answer disagree: one would close the case and the other not, or satisfied became unsatisfied. */
export function sampleDisagrees(resident: RevisitWord, office: RevisitWord): boolean {
  return revisitCloses(resident.rating, resident.solved) !== revisitCloses(office.rating, office.solved);
}

/** The office's sample answer against the resident's own, as a flag when they disagree. */
export function sampleDisagreementAnomaly(s: { sampleId: string; caseId: string; number: string; unitId: string | null; resident: RevisitWord; office: RevisitWord; note: string | null }): AnomalyDraft | null {
  if (!sampleDisagrees(s.resident, s.office)) return null;
  return { kind: 'sample_disagrees', key: s.sampleId, unitId: s.unitId, caseId: s.caseId, evidence: { number: s.number, resident: s.resident, office: s.office, note: s.note } };
}

/**
 * 满意度虚高: a unit's residents' satisfaction that week far above what the office's own calls found
 * (at least minSample calls, a gap above maxGap). Raised once per unit and week.
 */
export function satisfactionGapAnomaly(
  unitId: string,
  week: string,
  residentAnswers: readonly RevisitWord[],
  officeAnswers: readonly RevisitWord[],
  t: AnomalyThresholds = DEFAULT_ANOMALY_THRESHOLDS,
): AnomalyDraft | null {
  if (officeAnswers.length < t.satisfactionGap.minSample || residentAnswers.length === 0) return null;
  const rate = (xs: readonly RevisitWord[]) => xs.filter((x) => revisitCloses(x.rating, x.solved)).length / xs.length;
  const residentRate = rate(residentAnswers);
  const officeRate = rate(officeAnswers);
  if (residentRate - officeRate <= t.satisfactionGap.maxGap) return null;
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    kind: 'satisfaction_gap',
    key: `${unitId}@${week}`,
    unitId,
    caseId: null,
    evidence: { week, residentRate: r(residentRate), officeRate: r(officeRate), residentAnswers: residentAnswers.length, officeCalls: officeAnswers.length, maxGap: t.satisfactionGap.maxGap },
  };
}
