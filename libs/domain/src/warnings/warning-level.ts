import type { SlaColour } from '../sla/sla-colour';

/** 红橙黄三色预警: red is the gravest. */
export type WarningLevel = 'red' | 'orange' | 'yellow';
export const WARNING_LEVELS: readonly WarningLevel[] = ['yellow', 'orange', 'red'];

/** Said in words beside the colour, so nobody has to tell red from orange by sight. */
export const WARNING_LEVEL_LABELS: Record<WarningLevel, string> = { red: '红色预警', orange: '橙色预警', yellow: '黄色预警' };

/** Positive when a is graver than b. */
export function compareLevels(a: WarningLevel, b: WarningLevel): number {
  return WARNING_LEVELS.indexOf(a) - WARNING_LEVELS.indexOf(b);
}

export interface CaseWarningInput {
  urgency: 'normal' | 'urgent' | 'critical';
  /** The case's deadline light while it is open; null once it is closed. */
  slaColour: SlaColour | null;
  /** Whether overdue work has already climbed to a leader. */
  escalated: boolean;
}

/**
 * A case's own warning colour (safety and life first): red for a critical demand, orange for an
 * urgent one, yellow for an ordinary one at risk — near or past its deadline, or escalated; none
 * otherwise. Emergency alerting for red cases is the alerts' job; this only names the colour.
 */
export function caseWarningLevel(c: CaseWarningInput): WarningLevel | null {
  if (c.urgency === 'critical') return 'red';
  if (c.urgency === 'urgent') return 'orange';
  if (c.escalated) return 'yellow';
  return c.slaColour !== null && c.slaColour !== 'green' ? 'yellow' : null;
}
