/** SLA colour (from the server's `slaColour`) to a badge: class name and short label. */
import type { SlaColour } from '../api/staff';

export interface SlaBadge {
  className: string;
  label: string;
}

const BADGES: Record<SlaColour, SlaBadge> = {
  green: { className: 'sla sla--green', label: '正常' },
  yellow: { className: 'sla sla--yellow', label: '临期' },
  orange: { className: 'sla sla--orange', label: '今日到期' },
  red: { className: 'sla sla--red', label: '已超期' },
};

/** null for closed cases (the server sends no colour) or anything unknown. */
export function slaBadge(colour: SlaColour | null | undefined | string): SlaBadge | null {
  if (!colour || !Object.prototype.hasOwnProperty.call(BADGES, colour)) return null;
  return BADGES[colour as SlaColour];
}

export const SLA_ORDER: readonly SlaColour[] = ['red', 'orange', 'yellow', 'green'];
