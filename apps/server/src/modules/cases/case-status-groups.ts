import { CASE_STATUSES, isOpen, type CaseStatus } from '@msz/domain';

export const OPEN_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter(isOpen);
/** Open cases that wait on the unit and so carry an SLA colour (an answered case waits on the resident). */
export const COLOURED_STATUSES: readonly CaseStatus[] = OPEN_STATUSES.filter((s) => s !== 'answered' && s !== 'revisiting');
