import { DomainError } from '../shared/domain-error';

/**
 * A cash reward's life: proposed by one person, approved by another within the period's budget,
 * then a WeChat Pay merchant transfer whose state WeChat Pay reports (callback or query).
 */
export type RewardState = 'proposed' | 'approved' | 'rejected' | 'transferring' | 'wait_user_confirm' | 'succeeded' | 'failed' | 'cancelled';

/** What staff and residents read for each state. */
export const REWARD_STATE_LABELS: Record<RewardState, string> = {
  proposed: '等待审批',
  approved: '已审批，正在转账',
  rejected: '没有批准',
  transferring: '正在转账',
  wait_user_confirm: '等待本人确认收款',
  succeeded: '已到账',
  failed: '转账失败',
  cancelled: '已撤销',
};

/** WeChat Pay's bill states (商家转账 transfer-bills) as our reward states. */
export function rewardStateFromTransfer(state: string): RewardState {
  switch (state) {
    case 'ACCEPTED':
    case 'PROCESSING':
    case 'TRANSFERING':
    case 'CANCELING':
      return 'transferring';
    case 'WAIT_USER_CONFIRM':
      return 'wait_user_confirm';
    case 'SUCCESS':
      return 'succeeded';
    case 'FAIL':
      return 'failed';
    case 'CANCELLED':
      return 'cancelled';
    default:
      throw new DomainError('REWARD_STATE_UNKNOWN', `unknown transfer state ${state}`, { state });
  }
}

const FINAL: ReadonlySet<RewardState> = new Set(['rejected', 'succeeded', 'failed', 'cancelled']);
export const isFinalReward = (s: RewardState): boolean => FINAL.has(s);

/** A state report may only move a reward forward: a late or repeated callback never undoes a final state. */
export function nextRewardState(current: RewardState, reported: RewardState): RewardState {
  if (isFinalReward(current)) return current;
  if (current === 'proposed') throw new DomainError('REWARD_ILLEGAL', 'a reward is approved before any transfer');
  if (current === 'wait_user_confirm' && reported === 'transferring') return current;
  return reported;
}

/** WeChat Pay's merchant transfer takes 0.3 yuan and up; 2000 yuan is our ceiling per reward (fen). */
export const MIN_REWARD_FEN = 30;
export const MAX_REWARD_FEN = 200_000;

export function checkRewardAmount(amountFen: number): number {
  if (!Number.isInteger(amountFen) || amountFen < MIN_REWARD_FEN || amountFen > MAX_REWARD_FEN) {
    throw new DomainError('REWARD_AMOUNT_INVALID', `a reward is ${MIN_REWARD_FEN} to ${MAX_REWARD_FEN} fen`, { amountFen });
  }
  return amountFen;
}

/** The second pair of eyes: never the proposer, and never beyond what is left of the period's budget. */
export function checkApproval(reward: { state: RewardState; proposedBy: string; amountFen: number }, approverId: string, spentInPeriodFen: number, budgetFen: number): void {
  if (reward.state !== 'proposed') throw new DomainError('REWARD_ILLEGAL', 'only a proposed reward is approved', { state: reward.state });
  if (reward.proposedBy === approverId) throw new DomainError('REWARD_SAME_PERSON', 'the proposer cannot approve their own reward');
  if (spentInPeriodFen + reward.amountFen > budgetFen) {
    throw new DomainError('REWARD_OVER_BUDGET', 'the period budget would be exceeded', { spentInPeriodFen, budgetFen, amountFen: reward.amountFen });
  }
}

/** The budget period a moment falls in: the calendar month in Beijing, as YYYY-MM. */
export function rewardPeriod(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
}
