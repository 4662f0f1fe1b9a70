/** 三色预警 on staff pages: a badge with the level in words (never colour alone) and the buttons a status allows. */
import type { StaffRole, WarningLevel, WarningStatus, WarningSummary } from '../api/staff';

export interface WarningBadge {
  className: string;
  /** Said in words, so an elderly cadre need not tell red from orange by sight. */
  label: string;
}

const BADGES: Record<WarningLevel, WarningBadge> = {
  red: { className: 'warn warn--red', label: '红色预警' },
  orange: { className: 'warn warn--orange', label: '橙色预警' },
  yellow: { className: 'warn warn--yellow', label: '黄色预警' },
};

/** null for anything the app does not know. */
export function warningBadge(level: string | null | undefined): WarningBadge | null {
  if (!level || !Object.prototype.hasOwnProperty.call(BADGES, level)) return null;
  return BADGES[level as WarningLevel];
}

/** Where a warning is: one town, or several at once. */
export function warningPlace(w: Pick<WarningSummary, 'scope' | 'towns'>): string {
  if (w.scope === 'town') return w.towns[0] ?? '';
  return w.towns.length > 3 ? `${w.towns.slice(0, 3).join('、')}等${w.towns.length}个乡镇` : w.towns.join('、');
}

export type WarningButton = 'acknowledge' | 'follow-ups' | 'close';

/**
 * The buttons a warning shows: sign for it first; then follow up and close. Inspectors only read;
 * a town's leader closes only their own town's warning (the server checks it as well).
 */
export function warningButtons(w: Pick<WarningSummary, 'status' | 'scope'>, role: StaffRole | null): WarningButton[] {
  if (role !== 'dispatcher' && role !== 'unit_leader' && role !== 'city_leader' && role !== 'admin') return [];
  const status: WarningStatus = w.status;
  if (status === 'open') return ['acknowledge'];
  if (status === 'closed') return [];
  return role === 'unit_leader' && w.scope === 'city' ? ['follow-ups'] : ['follow-ups', 'close'];
}

export const WARNING_BUTTON_LABELS: Record<WarningButton, string> = { acknowledge: '签收', 'follow-ups': '填写跟进情况', close: '办结' };

/** Who reads warnings: the office, leaders and inspectors (handlers do not). */
export function seesWarnings(role: StaffRole | null): boolean {
  return role === 'dispatcher' || role === 'unit_leader' || role === 'city_leader' || role === 'inspector' || role === 'admin';
}
