import type { CaseState } from '@msz/domain';
import type { CaseEntity } from './case.entity';

/** The row as the Case aggregate sees it (the one mapping between them). */
export function caseState(c: CaseEntity, coUnitIds: readonly string[]): CaseState {
  return {
    id: c.id,
    number: c.number,
    status: c.status,
    kind: c.kind,
    subItem: c.subItem,
    urgency: c.urgency,
    unitId: c.unitId,
    coUnitIds,
    acceptedAt: c.acceptedAt,
    assignBy: c.assignBy,
    closeBy: c.closeBy,
    assignedAt: c.assignedAt,
    extendedWorkdays: c.extendedWorkdays,
    extensionPending: c.extensionPending ?? false,
    answer: c.answer,
    revisitStartedAt: c.revisitStartedAt,
    revisitRating: c.revisitRating,
    revisitSolved: c.revisitSolved,
    closedAt: c.closedAt,
    invalidReason: c.invalidReason,
    mergedInto: c.mergedInto,
  };
}
