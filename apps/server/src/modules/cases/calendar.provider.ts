import { OfficialCalendar, type WorkCalendar } from '@msz/domain';

export const WORK_CALENDAR = Symbol('WORK_CALENDAR');

// The city's own override table arrives with the workflow work; until then the published calendar.
export const workCalendarProvider = { provide: WORK_CALENDAR, useFactory: (): WorkCalendar => new OfficialCalendar() };
