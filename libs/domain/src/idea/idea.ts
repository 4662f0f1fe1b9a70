import { workdayDeadline, type WorkCalendar } from '../calendar/work-calendar';
import type { CaseKind } from '../case/case-kind';
import { DomainError } from '../shared/domain-error';

/**
 * 金点子: a resident's suggestion the office takes up. The unit that owns its subject evaluates it
 * (采纳 / 部分采纳 / 不采纳 with a reason) within IDEA_EVALUATION_WORKDAYS; an adopted idea is
 * followed through milestones (进展) until delivered (落地).
 */
export type IdeaStatus = 'evaluating' | 'adopted' | 'partly_adopted' | 'declined' | 'delivered';
export const IDEA_STATUSES: readonly IdeaStatus[] = ['evaluating', 'adopted', 'partly_adopted', 'declined', 'delivered'];
export const IDEA_STATUS_LABELS: Record<IdeaStatus, string> = {
  evaluating: '正在评估',
  adopted: '已采纳，正在落实',
  partly_adopted: '部分采纳，正在落实',
  declined: '暂不采纳',
  delivered: '已落地',
};

/** The same in at most 5 characters (a template's phrase field). */
export const IDEA_STATUS_SHORT_LABELS: Record<IdeaStatus, string> = {
  evaluating: '评估中',
  adopted: '已采纳',
  partly_adopted: '部分采纳',
  declined: '暂不采纳',
  delivered: '已落地',
};

export type IdeaDecision = 'adopt' | 'adopt_in_part' | 'decline';
export const IDEA_DECISIONS: readonly IdeaDecision[] = ['adopt', 'adopt_in_part', 'decline'];
export type IdeaAction = 'evaluate' | 'add_milestone';

/** Working days the owning unit has to evaluate an idea, on the official calendar. */
export const IDEA_EVALUATION_WORKDAYS = 10;
export const IDEA_LIMITS = { title: 60, reason: 500, note: 1000 } as const;

export interface IdeaState {
  readonly status: IdeaStatus;
  readonly unitId: string;
  readonly title: string;
  readonly takenUpAt: Date;
  readonly evaluateBy: Date;
  readonly evaluatedAt: Date | null;
  readonly decision: IdeaDecision | null;
  readonly decisionReason: string | null;
  readonly deliveredAt: Date | null;
}

/** What the proposer is told, one notice per step. */
export type IdeaEvent =
  | { type: 'taken_up' }
  | { type: 'evaluated'; decision: IdeaDecision; reason: string | null }
  | { type: 'milestone'; note: string }
  | { type: 'delivered'; note: string };

export interface IdeaChange {
  readonly state: IdeaState;
  readonly event: IdeaEvent;
}

function invalid(message: string, field: string): DomainError {
  return new DomainError('IDEA_INVALID', message, { field });
}

function illegal(action: IdeaAction, status: IdeaStatus): DomainError {
  return new DomainError('IDEA_ILLEGAL_TRANSITION', `an idea that is ${status} cannot ${action}`, { action, status });
}

function required(value: string | null | undefined, field: string, max: number): string {
  const t = value?.trim() ?? '';
  if (!t) throw invalid(`${field} is required`, field);
  if (t.length > max) throw invalid(`${field} is longer than ${max} characters`, field);
  return t;
}

export function ideaActions(status: IdeaStatus): IdeaAction[] {
  switch (status) {
    case 'evaluating':
      return ['evaluate'];
    case 'adopted':
    case 'partly_adopted':
      return ['add_milestone'];
    case 'declined':
    case 'delivered':
      return [];
  }
}

/** 采纳: only a suggestion (建议) becomes a golden idea; it goes to the unit that owns its subject. */
export function takeUpIdea(input: { caseKind: CaseKind; unitId: string | null; title: string; at: Date }, calendar: WorkCalendar): IdeaChange {
  if (input.caseKind !== 'suggestion') throw new DomainError('IDEA_NOT_SUGGESTION', `only a suggestion can become a golden idea (this is a ${input.caseKind})`, { kind: input.caseKind });
  if (!input.unitId) throw new DomainError('UNIT_REQUIRED', 'a golden idea needs the unit that owns its subject');
  return {
    state: {
      status: 'evaluating',
      unitId: input.unitId,
      title: required(input.title, 'title', IDEA_LIMITS.title),
      takenUpAt: input.at,
      evaluateBy: workdayDeadline(input.at, IDEA_EVALUATION_WORKDAYS, calendar),
      evaluatedAt: null,
      decision: null,
      decisionReason: null,
      deliveredAt: null,
    },
    event: { type: 'taken_up' },
  };
}

/** 评估: adopt, adopt in part (say which part) or decline (say why). */
export function evaluateIdea(state: IdeaState, input: { decision: IdeaDecision; reason?: string | null }, at: Date): IdeaChange {
  if (!ideaActions(state.status).includes('evaluate')) throw illegal('evaluate', state.status);
  let reason: string | null = input.reason?.trim() || null;
  if (input.decision !== 'adopt') {
    if (!reason) throw new DomainError('REASON_REQUIRED', input.decision === 'decline' ? 'declining an idea needs a reason' : 'adopting in part needs to say which part');
    reason = required(reason, 'reason', IDEA_LIMITS.reason);
  } else if (reason && reason.length > IDEA_LIMITS.reason) throw invalid(`reason is longer than ${IDEA_LIMITS.reason} characters`, 'reason');
  const status: IdeaStatus = input.decision === 'adopt' ? 'adopted' : input.decision === 'adopt_in_part' ? 'partly_adopted' : 'declined';
  return { state: { ...state, status, evaluatedAt: at, decision: input.decision, decisionReason: reason }, event: { type: 'evaluated', decision: input.decision, reason } };
}

/** 进展: a note (and photos) on the way to delivery; the last one says it is delivered (落地). */
export function addIdeaMilestone(state: IdeaState, input: { note: string; delivered: boolean }, at: Date): IdeaChange {
  if (!ideaActions(state.status).includes('add_milestone')) throw illegal('add_milestone', state.status);
  const note = required(input.note, 'note', IDEA_LIMITS.note);
  if (!input.delivered) return { state, event: { type: 'milestone', note } };
  return { state: { ...state, status: 'delivered', deliveredAt: at }, event: { type: 'delivered', note } };
}

/** Not evaluated by its deadline: shown to the office and the unit as overdue. */
export function isEvaluationOverdue(state: Pick<IdeaState, 'status' | 'evaluateBy'>, now: Date): boolean {
  return state.status === 'evaluating' && now.getTime() > state.evaluateBy.getTime();
}

/** What the proposer reads at each step (plain words, short enough for a template field). */
export function ideaNotice(title: string, event: IdeaEvent): string {
  switch (event.type) {
    case 'taken_up':
      return `您的建议「${title}」已列为金点子，正在评估`;
    case 'evaluated':
      return event.decision === 'adopt'
        ? `您的建议「${title}」已被采纳`
        : event.decision === 'adopt_in_part'
          ? `您的建议「${title}」部分采纳：${event.reason ?? ''}`
          : `您的建议「${title}」暂不采纳：${event.reason ?? ''}`;
    case 'milestone':
      return `您的建议「${title}」有新进展：${event.note}`;
    case 'delivered':
      return `您的建议「${title}」已落地：${event.note}`;
  }
}
