import thresholdsJson from '../../data/anomaly-thresholds.json';
import type { CaseKind } from '../case/case-kind';
import { chinaDate } from '../shared/china-time';

/**
 * 异常线索: patterns in handling that an inspector should look at. Each rule is pure: plain facts
 * in, flag drafts out, each with its evidence and a key that makes it raised once. A flag is a
 * lead for review, never a verdict.
 */
export const ANOMALY_KINDS = [
  'revisit_by_linked_account', // 回访由办理单位人员的账号或电话作答
  'copied_answer', // 不同诉求的答复几乎一字不差
  'off_topic_answer', // 答复与诉求内容无关或只是套话
  'short_answer', // 答复过短
  'quick_answer', // 需到现场的问题签收后几分钟就答复
  'deadline_burst', // 单位在时限前扎堆办结
  'close_reopen', // 反复办结又重办
  'satisfaction_gap', // 群众满意度远高于办公室抽样回访
  'sample_disagrees', // 抽样回访与群众自己的回访不一致
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface AnomalyThresholds {
  readonly copiedAnswer: { readonly minChars: number; readonly similarity: number; readonly lookbackDays: number };
  readonly offTopicAnswer: { readonly minOverlap: number; readonly templatePhrases: readonly string[] };
  readonly shortAnswer: { readonly minChars: Readonly<Record<CaseKind, number>> };
  readonly quickAnswer: { readonly minutes: number; readonly fieldCategories: readonly string[] };
  readonly deadlineBurst: { readonly withinHours: number; readonly minCases: number; readonly windowHours: number };
  readonly closeReopen: { readonly minReopens: number };
  readonly satisfactionGap: { readonly minSample: number; readonly maxGap: number };
  readonly officeSample: { readonly size: number };
}

/** The shipped thresholds (libs/domain/data/anomaly-thresholds.json). */
export const DEFAULT_ANOMALY_THRESHOLDS: AnomalyThresholds = thresholdsJson as unknown as AnomalyThresholds;

/** A flag to raise: `key` is unique per kind, so raising it again changes nothing. */
export interface AnomalyDraft {
  readonly kind: AnomalyKind;
  readonly key: string;
  readonly unitId: string | null;
  readonly caseId: string | null;
  readonly evidence: Record<string, unknown>;
}

/** Letters and digits only: punctuation and spaces do not make two answers differ. */
const fold = (text: string): string => text.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();

function grams(text: string, n: number): Set<string> {
  const t = fold(text);
  const out = new Set<string>();
  if (t.length > 0 && t.length < n) out.add(t);
  for (let i = 0; i + n <= t.length; i++) out.add(t.slice(i, i + n));
  return out;
}

/** Jaccard similarity of two texts' character 3-grams (1 for the same words, whatever the punctuation). */
export function answerSimilarity(a: string, b: string): number {
  const x = grams(a, 3);
  const y = grams(b, 3);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return shared / (x.size + y.size - shared);
}

/** The share of the answer's character pairs that also appear in the demand. */
export function demandOverlap(answer: string, demand: string): number {
  const a = grams(answer, 2);
  const d = grams(demand, 2);
  if (a.size === 0) return 0;
  let shared = 0;
  for (const g of a) if (d.has(g)) shared++;
  return shared / a.size;
}

/** What is left of an answer once the template phrases are taken out. */
export function withoutTemplates(answer: string, phrases: readonly string[]): string {
  let t = fold(answer);
  for (const p of [...phrases].sort((x, y) => y.length - x.length)) t = t.split(fold(p)).join('');
  return t;
}

/** An answered case, as the answer rules read it. */
export interface AnsweredCase {
  readonly caseId: string;
  readonly number: string;
  readonly unitId: string | null;
  readonly kind: CaseKind;
  /** The taxonomy category of the case's sub-item (infrastructure …), when classified. */
  readonly category: string | null;
  readonly demand: string;
  readonly answer: string;
  readonly signedForAt: Date | null;
  readonly answeredAt: Date;
  /** 当场解决: signed for and answered at once by design. */
  readonly onTheSpot: boolean;
}

/** The answer rules for one answer: short, template or off the subject, fast for field work, copied from another case's answer. */
export function answerAnomalies(c: AnsweredCase, otherAnswers: readonly Pick<AnsweredCase, 'caseId' | 'number' | 'unitId' | 'answer' | 'answeredAt'>[], t: AnomalyThresholds = DEFAULT_ANOMALY_THRESHOLDS): AnomalyDraft[] {
  const out: AnomalyDraft[] = [];
  const base = { unitId: c.unitId, caseId: c.caseId };
  const at = c.answeredAt.toISOString();
  const chars = fold(c.answer).length;
  const minChars = t.shortAnswer.minChars[c.kind];
  if (chars < minChars) out.push({ ...base, kind: 'short_answer', key: `${c.caseId}@${at}`, evidence: { number: c.number, answer: c.answer, chars, minChars, kind: c.kind } });
  else {
    const left = withoutTemplates(c.answer, t.offTopicAnswer.templatePhrases);
    const overlap = demandOverlap(c.answer, c.demand);
    if (left.length < 4 || overlap < t.offTopicAnswer.minOverlap) {
      out.push({ ...base, kind: 'off_topic_answer', key: `${c.caseId}@${at}`, evidence: { number: c.number, demand: c.demand, answer: c.answer, overlap: round(overlap), templateOnly: left.length < 4, minOverlap: t.offTopicAnswer.minOverlap } });
    }
  }
  if (!c.onTheSpot && c.signedForAt && c.category && t.quickAnswer.fieldCategories.includes(c.category)) {
    const minutes = (c.answeredAt.getTime() - c.signedForAt.getTime()) / 60_000;
    if (minutes >= 0 && minutes < t.quickAnswer.minutes) {
      out.push({ ...base, kind: 'quick_answer', key: `${c.caseId}@${at}`, evidence: { number: c.number, category: c.category, signedForAt: c.signedForAt.toISOString(), answeredAt: at, minutes: round(minutes), limitMinutes: t.quickAnswer.minutes } });
    }
  }
  if (chars >= t.copiedAnswer.minChars) {
    const since = c.answeredAt.getTime() - t.copiedAnswer.lookbackDays * 86_400_000;
    for (const o of otherAnswers) {
      if (o.caseId === c.caseId || o.answeredAt.getTime() < since || fold(o.answer).length < t.copiedAnswer.minChars) continue;
      const similarity = answerSimilarity(c.answer, o.answer);
      if (similarity < t.copiedAnswer.similarity) continue;
      const pair = [c.caseId, o.caseId].sort();
      out.push({
        ...base,
        kind: 'copied_answer',
        key: pair.join('+'),
        evidence: { number: c.number, answer: c.answer, otherCaseId: o.caseId, otherNumber: o.number, otherUnitId: o.unitId, otherAnswer: o.answer, similarity: round(similarity) },
      });
    }
  }
  return out;
}

/** A resident's revisit answer, with who may be behind it. */
export interface RevisitAnswer {
  readonly caseId: string;
  readonly number: string;
  readonly unitId: string | null;
  readonly entryId: string;
  readonly openid: string | null;
  /** The phone bound to the answering account, if any. */
  readonly phone: string | null;
}

/** The handling unit's staff answering the revisit as if they were the resident: their openid or phone. */
export function linkedRevisitAnomaly(r: RevisitAnswer, unitStaff: readonly { id: string; name: string; openid: string | null; phone: string | null }[]): AnomalyDraft | null {
  const by = unitStaff.find((s) => (r.openid !== null && s.openid === r.openid) || (r.phone !== null && s.phone === r.phone));
  if (!by) return null;
  return {
    kind: 'revisit_by_linked_account',
    key: r.entryId,
    unitId: r.unitId,
    caseId: r.caseId,
    evidence: { number: r.number, staffId: by.id, staffName: by.name, matchedBy: r.openid !== null && by.openid === r.openid ? 'openid' : 'phone' },
  };
}

/** A unit's answer against its deadline. */
export interface Completion {
  readonly caseId: string;
  readonly number: string;
  readonly answeredAt: Date;
  readonly closeBy: Date;
}

/**
 * 扎堆办结: at least minCases of a unit's answers, each within withinHours of its deadline, inside
 * one windowHours span. Raised once per unit and Beijing day of the burst's first answer.
 */
export function deadlineBurstAnomaly(unitId: string, completions: readonly Completion[], t: AnomalyThresholds = DEFAULT_ANOMALY_THRESHOLDS): AnomalyDraft | null {
  const { withinHours, minCases, windowHours } = t.deadlineBurst;
  const late = completions
    .filter((c) => c.answeredAt <= c.closeBy && c.closeBy.getTime() - c.answeredAt.getTime() <= withinHours * 3_600_000)
    .sort((a, b) => a.answeredAt.getTime() - b.answeredAt.getTime());
  for (let i = 0; i + minCases <= late.length; i++) {
    const span = late.slice(i).filter((c) => c.answeredAt.getTime() - late[i].answeredAt.getTime() <= windowHours * 3_600_000);
    if (span.length < minCases) continue;
    return {
      kind: 'deadline_burst',
      key: `${unitId}@${chinaDate(late[i].answeredAt)}`,
      unitId,
      caseId: null,
      evidence: {
        cases: span.map((c) => ({ caseId: c.caseId, number: c.number, answeredAt: c.answeredAt.toISOString(), closeBy: c.closeBy.toISOString() })),
        withinHours,
        minCases,
        windowHours,
      },
    };
  }
  return null;
}

/** 反复办结又重办: a case answered and reopened again and again. */
export function closeReopenAnomaly(c: { caseId: string; number: string; unitId: string | null; reopens: readonly Date[] }, t: AnomalyThresholds = DEFAULT_ANOMALY_THRESHOLDS): AnomalyDraft | null {
  if (c.reopens.length < t.closeReopen.minReopens) return null;
  return { kind: 'close_reopen', key: c.caseId, unitId: c.unitId, caseId: c.caseId, evidence: { number: c.number, reopens: c.reopens.map((d) => d.toISOString()), minReopens: t.closeReopen.minReopens } };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
