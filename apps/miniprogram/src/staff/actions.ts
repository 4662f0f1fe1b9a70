/** Which buttons a member of staff sees on a case, by role and status. Mirrors the server's rules. */
import type { CaseStatus, StaffRole } from './types';

export type StaffAction =
  | 'sign_for' // 签收
  | 'note' // 进展
  | 'answer' // 答复
  | 'extension' // 申请延期
  | 'return' // 退回
  | 'classify' // 分类
  | 'assign' // 转办
  | 'decide_extension' // 审批延期
  | 'reject' // 无效
  | 'revisit'; // 电话回访

export const ACTION_LABELS: Record<StaffAction, string> = {
  sign_for: '签收',
  note: '进展',
  answer: '答复',
  extension: '申请延期',
  return: '退回',
  classify: '分类',
  assign: '转办',
  decide_extension: '审批延期',
  reject: '无效',
  revisit: '电话回访',
};

const OPEN_FOR_HANDLING: readonly CaseStatus[] = ['assigned', 'in_progress', 'reopened'];
const WAITING_FOR_DISPATCH: readonly CaseStatus[] = ['accepted', 'returned'];

const CLOSED: readonly CaseStatus[] = ['closed', 'invalid', 'merged'];

export function isOpenStatus(status: CaseStatus): boolean {
  return !CLOSED.includes(status);
}

export interface ActionContext {
  role: StaffRole | null | undefined;
  status: CaseStatus;
  /** An extension request of this case is waiting for the dispatcher. */
  hasPendingExtension?: boolean;
}

/** The actions to offer, in the order the buttons appear. */
export function allowedActions({ role, status, hasPendingExtension = false }: ActionContext): StaffAction[] {
  const out: StaffAction[] = [];
  if (role === 'handler') {
    if (status === 'assigned' || status === 'reopened') out.push('sign_for');
    if (OPEN_FOR_HANDLING.includes(status)) out.push('note');
    if (status === 'in_progress') out.push('answer');
    if (OPEN_FOR_HANDLING.includes(status) && !hasPendingExtension) out.push('extension');
    if (status === 'assigned') out.push('return');
  } else if (role === 'unit_leader') {
    if (OPEN_FOR_HANDLING.includes(status)) out.push('note');
    if (OPEN_FOR_HANDLING.includes(status) && !hasPendingExtension) out.push('extension');
  } else if (role === 'dispatcher') {
    if (WAITING_FOR_DISPATCH.includes(status)) out.push('classify', 'assign');
    if (hasPendingExtension && isOpenStatus(status)) out.push('decide_extension');
    if (WAITING_FOR_DISPATCH.includes(status)) out.push('reject');
    if (status === 'revisiting') out.push('revisit');
  }
  return out;
}

/** Actions that change the case and so carry `expectedVersion`. */
export function sendsVersion(action: StaffAction): boolean {
  return action !== 'note' && action !== 'extension' && action !== 'decide_extension' && action !== 'revisit';
}
