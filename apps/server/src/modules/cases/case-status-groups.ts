import { CASE_STATUSES, isOnTheClock, OPEN_STATUSES } from '@msz/domain';

export { OPEN_STATUSES };
/** Open cases that wait on the unit and so carry an SLA colour (an answered case waits on the resident). */
export const COLOURED_STATUSES = CASE_STATUSES.filter(isOnTheClock);
