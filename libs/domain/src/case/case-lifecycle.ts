import { DomainError } from '../shared/domain-error';

/** Where a case stands. Every change is one action, recorded in the timeline. */
export const CASE_STATUSES = [
  'accepted', // 受理
  'assigned', // 转办
  'in_progress', // 办理 (signed for)
  'answered', // 反馈
  'revisiting', // 回访
  'closed', // 销号
  'invalid', // 无效 (rejected at acceptance)
  'returned', // 退回 to the dispatcher
  'reopened', // 重办 after an unsatisfied revisit
  'merged', // 合并 into another case
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  accepted: '已受理',
  assigned: '已转办',
  in_progress: '办理中',
  answered: '已答复',
  revisiting: '待回访',
  closed: '已办结',
  invalid: '无效诉求',
  returned: '已退回',
  reopened: '重新办理',
  merged: '已合并',
};

/**
 * The same states in a resident's words (chat, mini-program, public lookup). Staff words mislead
 * them: to a resident 待回访 means "answered, please rate", and 已退回 is only the office re-routing.
 */
export const RESIDENT_STATUS_LABELS: Record<CaseStatus, string> = {
  accepted: '已受理',
  assigned: '已转给承办单位',
  in_progress: '正在办理',
  answered: '已答复',
  revisiting: '已答复，请您评价',
  closed: '已办结',
  invalid: '无效诉求',
  returned: '正在重新安排承办单位',
  reopened: '重新办理',
  merged: '已合并到同类诉求',
};

export const CASE_ACTIONS = [
  'assign',
  'reject',
  'sign_for',
  'return',
  'answer',
  'start_revisit',
  'close',
  'reopen',
  'merge',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** The whole lifecycle in one table: from which states each action may start, and where it leads. */
const TRANSITIONS: Record<CaseAction, { from: readonly CaseStatus[]; to: CaseStatus }> = {
  assign: { from: ['accepted', 'returned'], to: 'assigned' },
  reject: { from: ['accepted', 'returned'], to: 'invalid' },
  sign_for: { from: ['assigned', 'reopened'], to: 'in_progress' },
  return: { from: ['assigned'], to: 'returned' },
  answer: { from: ['in_progress'], to: 'answered' },
  start_revisit: { from: ['answered'], to: 'revisiting' },
  close: { from: ['revisiting'], to: 'closed' },
  reopen: { from: ['revisiting'], to: 'reopened' },
  merge: { from: ['accepted', 'assigned', 'in_progress', 'returned', 'reopened'], to: 'merged' },
};

export function canApply(status: CaseStatus, action: CaseAction): boolean {
  return TRANSITIONS[action].from.includes(status);
}

/** The state an action leads to, or a coded error when it is not allowed from here. */
export function nextStatus(status: CaseStatus, action: CaseAction): CaseStatus {
  if (!canApply(status, action)) {
    throw new DomainError(
      'CASE_ILLEGAL_TRANSITION',
      `cannot ${action} a case that is ${status}`,
      { status, action, allowedFrom: TRANSITIONS[action].from },
    );
  }
  return TRANSITIONS[action].to;
}

/** Where a case's life has ended: nothing more happens to it. */
export const FINAL_STATUSES: readonly CaseStatus[] = ['closed', 'invalid', 'merged'];
/** Every status but the final ones: the one meaning of "open". */
export const OPEN_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter((s) => !FINAL_STATUSES.includes(s));
/** In the lead unit's hands: it may note progress and ask for more time. */
export const HANDLING_STATUSES: readonly CaseStatus[] = ['assigned', 'in_progress', 'reopened'];
/** Waiting for the dispatcher to route it (again). */
export const DISPATCH_STATUSES: readonly CaseStatus[] = ['accepted', 'returned'];

export function isOpen(status: CaseStatus): boolean {
  return !FINAL_STATUSES.includes(status);
}

/** Answered, and waiting for the resident's word: the closing deadline no longer runs. */
export const WAITING_FOR_RESIDENT_STATUSES: readonly CaseStatus[] = ['answered', 'revisiting'];

/** Open and not waiting for the resident: the case's deadline (and so its SLA colour) counts. */
export function isOnTheClock(status: CaseStatus): boolean {
  return isOpen(status) && !WAITING_FOR_RESIDENT_STATUSES.includes(status);
}

/** The statuses whose deadline counts (they carry an SLA colour). */
export const ON_THE_CLOCK_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter(isOnTheClock);

export function isInHandling(status: CaseStatus): boolean {
  return HANDLING_STATUSES.includes(status);
}
