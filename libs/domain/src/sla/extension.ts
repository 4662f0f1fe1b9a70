import { workdayDeadline, type WorkCalendar } from '../calendar/work-calendar';
import { DomainError } from '../shared/domain-error';

/** "特殊疑难问题最长延期不超过10天": all extensions of one case together, in working days. */
export const MAX_EXTENSION_WORKDAYS = 10;

/**
 * The deadline after the dispatcher grants `requestedWorkdays` more: that many working days after
 * the current deadline's Beijing date, ending at midnight. The extensions of a case add up to at
 * most 10 working days; `acceptedAt` guards against a deadline that predates the case.
 */
export function applyExtension(
  currentCloseBy: Date,
  acceptedAt: Date,
  requestedWorkdays: number,
  alreadyExtendedWorkdays: number,
  calendar: WorkCalendar,
): Date {
  if (!Number.isInteger(requestedWorkdays) || requestedWorkdays <= 0) {
    throw new DomainError('EXTENSION_INVALID', `an extension must be a positive whole number of working days: ${requestedWorkdays}`, {
      requestedWorkdays,
    });
  }
  if (!Number.isInteger(alreadyExtendedWorkdays) || alreadyExtendedWorkdays < 0) {
    throw new DomainError('EXTENSION_INVALID', `working days already extended must be a whole number >= 0: ${alreadyExtendedWorkdays}`, {
      alreadyExtendedWorkdays,
    });
  }
  if (currentCloseBy.getTime() < acceptedAt.getTime()) {
    throw new DomainError('EXTENSION_INVALID', 'the current deadline is earlier than the acceptance', {
      currentCloseBy: currentCloseBy.toISOString(),
      acceptedAt: acceptedAt.toISOString(),
    });
  }
  const total = alreadyExtendedWorkdays + requestedWorkdays;
  if (total > MAX_EXTENSION_WORKDAYS) {
    throw new DomainError(
      'EXTENSION_LIMIT_EXCEEDED',
      `extensions may total at most ${MAX_EXTENSION_WORKDAYS} working days; ${alreadyExtendedWorkdays} used, ${requestedWorkdays} asked`,
      { requestedWorkdays, alreadyExtendedWorkdays, remainingWorkdays: Math.max(0, MAX_EXTENSION_WORKDAYS - alreadyExtendedWorkdays) },
    );
  }
  return workdayDeadline(currentCloseBy, requestedWorkdays, calendar);
}

/** The timeline note of an approved extension; readExtensionNote reads its working days back. */
export function extensionNote(workdays: number, note?: string | null): string {
  return `延期${workdays}个工作日${note ? `：${note}` : ''}`;
}

export function readExtensionNote(note: string | null): number | null {
  const m = /^延期(\d+)个工作日/.exec(note ?? '');
  return m ? Number(m[1]) : null;
}
