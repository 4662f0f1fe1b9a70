import { workdayDeadline, type WorkCalendar } from '../calendar/work-calendar';
import type { Taxonomy } from '../classification/taxonomy';
import { ASSIGN_WORKDAYS, CASE_KINDS, CLOSE_WORKDAYS, type CaseKind } from './case-kind';

export interface CaseDeadlines {
  assignBy: Date;
  closeBy: Date;
}

/** How many working days each kind has to close: the city's taxonomy says, through its deadline classes. */
export interface DeadlinePolicy {
  closeWorkdays(kind: CaseKind): number;
}

/** The "135" defaults, for when no taxonomy is at hand. */
export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = { closeWorkdays: (kind) => CLOSE_WORKDAYS[kind] };

/**
 * The deadlines the city set in taxonomy.json: each kind names a deadline class, each class its
 * working days. A kind or class the document lacks falls back to "135".
 */
export function deadlinePolicy(taxonomy: Pick<Taxonomy, 'kinds' | 'deadlineClasses'>): DeadlinePolicy {
  const days = new Map<CaseKind, number>();
  for (const kind of CASE_KINDS) {
    const cls = taxonomy.kinds.find((k) => k.code === kind)?.deadlineClass;
    const workdays = taxonomy.deadlineClasses.find((c) => c.code === cls)?.closeWorkdays;
    days.set(kind, workdays ?? CLOSE_WORKDAYS[kind]);
  }
  return { closeWorkdays: (kind) => days.get(kind) ?? CLOSE_WORKDAYS[kind] };
}

/** The "135" promise: assigned within 1 working day, closed within 3 (consultations) or 5 — or as the city set. */
export function computeDeadlines(acceptedAt: Date, kind: CaseKind, calendar: WorkCalendar, policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY): CaseDeadlines {
  return {
    assignBy: workdayDeadline(acceptedAt, ASSIGN_WORKDAYS, calendar),
    closeBy: workdayDeadline(acceptedAt, policy.closeWorkdays(kind), calendar),
  };
}
