import { workdayDeadline, type WorkCalendar } from '../calendar/work-calendar';
import { ASSIGN_WORKDAYS, CLOSE_WORKDAYS, type CaseKind } from './case-kind';

export interface CaseDeadlines {
  assignBy: Date;
  closeBy: Date;
}

/** The "135" promise: assigned within 1 working day, closed within 3 (consultations) or 5. */
export function computeDeadlines(acceptedAt: Date, kind: CaseKind, calendar: WorkCalendar): CaseDeadlines {
  return {
    assignBy: workdayDeadline(acceptedAt, ASSIGN_WORKDAYS, calendar),
    closeBy: workdayDeadline(acceptedAt, CLOSE_WORKDAYS[kind], calendar),
  };
}
