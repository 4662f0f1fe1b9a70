import { workdayDeadline, type WorkCalendar } from '../calendar/work-calendar';

/** 回访 answers: 满意 / 基本满意 / 不满意, or 1 / 2 / 3. */
export const REVISIT_RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type RevisitRating = (typeof REVISIT_RATINGS)[number];

export const REVISIT_RATING_LABELS: Record<RevisitRating, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
};

/** Reads a resident's revisit reply; null when it is unclear and we should ask again. */
export function parseRevisitAnswer(text: string): RevisitRating | null {
  const t = text.replace(/[\s，。！!,.、]/g, '');
  if (t === '') return null;
  // Order matters: 不满意 and 基本满意 both contain 满意.
  if (/^(3|３|三)$/.test(t) || /不满意|没解决|未解决|不行/.test(t)) return 'unsatisfied';
  if (/^(2|２|二)$/.test(t) || /基本满意|还行|一般/.test(t)) return 'basically_satisfied';
  if (/^(1|１|一)$/.test(t) || /满意|解决了|已解决|好的|谢谢/.test(t)) return 'satisfied';
  return null;
}

/** Satisfied and basically satisfied close the case; unsatisfied reopens it for the handler. */
export function revisitCloses(rating: RevisitRating, solved: boolean | null = null): boolean {
  // A phone revisit asks "solved?" separately: an unsolved problem reopens even a kind resident's case.
  return rating !== 'unsatisfied' && solved !== false;
}

/** The timeline note of a revisit step; readRevisitNote reads it back (indicators recompute from the timeline). */
export function revisitNote(rating: RevisitRating, solved: boolean | null, note?: string | null): string {
  return `回访：${REVISIT_RATING_LABELS[rating]}${solved === false ? '，问题未解决' : ''}${note ? `（${note}）` : ''}`;
}

/** The rating and the "solved?" answer a revisit step's note records; null when the note is not a revisit's. */
export function readRevisitNote(note: string | null): { rating: RevisitRating; solved: boolean | null } | null {
  const m = /^回访：(满意|基本满意|不满意)(，问题未解决)?(?:（|$)/.exec(note ?? '');
  if (!m) return null;
  const rating = REVISIT_RATINGS.find((r) => REVISIT_RATING_LABELS[r] === m[1])!;
  // The note says "unsolved" only when the resident said so; otherwise a closing revisit counts as solved.
  return { rating, solved: m[2] ? false : null };
}

/** Why a revisit reopened a case, as the trace item (问题溯源) records it. */
export type ReopenReason = 'unsatisfied' | 'not_solved';

export function reopenReason(solved: boolean | null): ReopenReason {
  return solved === false ? 'not_solved' : 'unsatisfied';
}

/** A revisit unanswered for this many working days becomes a phone call for staff (电话回访). */
export const REVISIT_ANSWER_WORKDAYS = 3;

/** The end of the resident's window to answer the revisit: past it, staff phone instead. */
export function revisitAnswerBy(revisitStartedAt: Date, calendar: WorkCalendar): Date {
  return workdayDeadline(revisitStartedAt, REVISIT_ANSWER_WORKDAYS, calendar);
}

/** A revisit answer this many days after closing is still kept with the case, as a follow-up. */
export const LATE_REVISIT_DAYS = 30;

export function lateRevisitSince(now: Date): Date {
  return new Date(now.getTime() - LATE_REVISIT_DAYS * 86_400_000);
}
