import { DomainError } from '../shared/domain-error';
import { compareLevels, type WarningLevel } from './warning-level';

/** A warning is handled like a case: acknowledged, followed up, closed with a conclusion. */
export type WarningStatus = 'open' | 'acknowledged' | 'following_up' | 'closed';
export const WARNING_STATUSES: readonly WarningStatus[] = ['open', 'acknowledged', 'following_up', 'closed'];
export const WARNING_STATUS_LABELS: Record<WarningStatus, string> = { open: '待签收', acknowledged: '已签收', following_up: '跟进中', closed: '已办结' };

export type WarningAction = 'acknowledge' | 'follow_up' | 'close';

const NEXT: Record<WarningAction, { from: readonly WarningStatus[]; to: WarningStatus }> = {
  acknowledge: { from: ['open'], to: 'acknowledged' },
  follow_up: { from: ['acknowledged', 'following_up'], to: 'following_up' },
  close: { from: ['acknowledged', 'following_up'], to: 'closed' },
};

/** The status after an action, or a WARNING_ILLEGAL_TRANSITION (e.g. a follow-up before anyone acknowledged it). */
export function warningTransition(status: WarningStatus, action: WarningAction): WarningStatus {
  const rule = NEXT[action];
  if (!rule.from.includes(status)) {
    throw new DomainError('WARNING_ILLEGAL_TRANSITION', `cannot ${action} a warning that is ${status}`, { status, action });
  }
  return rule.to;
}

/**
 * What a pass does with a surge it finds, given the scope's latest warning: raise a new one, upgrade
 * the open one when the surge grew graver, or nothing (the same surge seen again, or a lesser one).
 * A closed warning stays closed while its window lasts: only a graver surge raises a new one.
 */
export function surgeDecision(found: WarningLevel, latest: { level: WarningLevel; status: WarningStatus; withinWindow: boolean } | null): 'raise' | 'upgrade' | 'none' {
  if (!latest) return 'raise';
  const graver = compareLevels(found, latest.level) > 0;
  if (latest.status !== 'closed') return graver ? 'upgrade' : 'none';
  if (!latest.withinWindow) return 'raise';
  return graver ? 'raise' : 'none';
}
