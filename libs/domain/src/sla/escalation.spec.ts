import { OfficialCalendar } from '../calendar/work-calendar';
import { computeDeadlines } from '../case/deadlines';
import { endOfChinaDay } from '../shared/china-time';
import { escalationLevel, isAssignmentOverdue, workdaysOverdue, type EscalationLevel } from './escalation';

const at = (beijing: string): Date => new Date(`${beijing}+08:00`);
const official = new OfficialCalendar();
/** Official calendar plus a city table declaring 2027 complete (hypothetical rows: 01-01..01-02 off). */
const with2027 = new OfficialCalendar(
  [
    { day: '2027-01-01', workday: false, note: '元旦' },
    { day: '2027-01-02', workday: false, note: '元旦' },
  ],
  [2027],
);
const instant = (now: string): Date => (now.endsWith('Z') ? new Date(now) : at(now));

describe(escalationLevel.name, () => {
  it.each<[string, string, number, EscalationLevel]>([
    // deadline day  now                        overdue  level
    // Due Thu 2026-11-26
    ['2026-11-26', '2026-11-26T23:59:59.999', 0, 'none'],
    ['2026-11-26', '2026-11-26T16:00:00.000Z', 0, 'handler'], // Fri 00:00 Beijing, Thu in UTC
    ['2026-11-26', '2026-11-27T18:00:00', 0, 'handler'], // Friday is not over yet
    ['2026-11-26', '2026-11-27T15:59:59.999Z', 0, 'handler'],
    ['2026-11-26', '2026-11-27T16:00:00.000Z', 1, 'unit_leader'], // Sat 00:00 Beijing: Friday has passed
    ['2026-11-26', '2026-11-30T10:00:00', 1, 'unit_leader'], // the weekend does not count
    ['2026-11-26', '2026-12-01T10:00:00', 2, 'unit_leader'],
    ['2026-11-26', '2026-12-02T10:00:00', 3, 'city_leader'],
    // Due Fri 2026-11-27
    ['2026-11-27', '2026-11-29T10:00:00', 0, 'handler'],
    ['2026-11-27', '2026-11-30T10:00:00', 0, 'handler'],
    ['2026-11-27', '2026-12-01T10:00:00', 1, 'unit_leader'],
    ['2026-11-27', '2026-12-03T10:00:00', 3, 'city_leader'],
    // 2025 Spring Festival: 01-28..02-04 off; Sun 01-26 and Sat 02-08 worked
    ['2025-01-24', '2025-01-27T10:00:00', 1, 'unit_leader'], // the make-up Sunday 01-26 has passed
    ['2025-01-27', '2025-02-04T10:00:00', 0, 'handler'], // a week late, no working day lost
    ['2025-01-27', '2025-02-05T10:00:00', 0, 'handler'],
    ['2025-01-27', '2025-02-06T10:00:00', 1, 'unit_leader'],
    ['2025-01-27', '2025-02-08T10:00:00', 3, 'city_leader'], // 02-05, 02-06, 02-07
    // 2025 National Day: 10-01..10-08 off; Sat 10-11 worked
    ['2025-09-30', '2025-10-08T10:00:00', 0, 'handler'],
    ['2025-09-30', '2025-10-10T10:00:00', 1, 'unit_leader'],
    ['2025-09-30', '2025-10-11T10:00:00', 2, 'unit_leader'],
    ['2025-09-30', '2025-10-12T10:00:00', 3, 'city_leader'], // 10-09, 10-10, Sat 10-11
    // 2026 Spring Festival: 02-15..02-23 off; Sat 02-14 and Sat 02-28 worked
    ['2026-02-13', '2026-02-14T10:00:00', 0, 'handler'],
    ['2026-02-13', '2026-02-15T10:00:00', 1, 'unit_leader'], // the make-up Saturday has passed
    ['2026-02-13', '2026-02-23T10:00:00', 1, 'unit_leader'],
    ['2026-02-13', '2026-02-26T10:00:00', 3, 'city_leader'], // 02-14, 02-24, 02-25
    // 2026 Mid-Autumn 09-25..09-27, National Day 10-01..10-07; Sun 09-20 and Sat 10-10 worked
    ['2026-09-18', '2026-09-21T09:00:00', 1, 'unit_leader'], // Sun 09-20 worked
    ['2026-09-24', '2026-09-28T10:00:00', 0, 'handler'],
    ['2026-09-30', '2026-10-07T10:00:00', 0, 'handler'],
    ['2026-09-30', '2026-10-09T10:00:00', 1, 'unit_leader'],
    ['2026-09-30', '2026-10-11T10:00:00', 3, 'city_leader'], // 10-08, 10-09, Sat 10-10
  ])('due %s, at %s: %i working days overdue, %s', (day, now, overdue, level) => {
    expect(workdaysOverdue(endOfChinaDay(day), instant(now), official)).toBe(overdue);
    expect(escalationLevel(endOfChinaDay(day), instant(now), official)).toBe(level);
  });

  it('counts 2027 on bare weekdays without a city table, and on the table with one', () => {
    const due = endOfChinaDay('2026-12-31');
    const now = at('2027-01-04T10:00:00');
    expect(escalationLevel(due, now, official)).toBe('unit_leader'); // Fri 01-01 read as worked
    expect(escalationLevel(due, now, with2027)).toBe('handler');
  });
});

describe(isAssignmentOverdue.name, () => {
  const assignBy = endOfChinaDay('2026-11-27');

  it.each<[string, string | null, string, boolean]>([
    ['unassigned, at the deadline instant', null, '2026-11-27T23:59:59.999', false],
    ['unassigned, a millisecond later', null, '2026-11-28T00:00:00', true],
    ['unassigned, UTC still on the deadline day', null, '2026-11-27T16:00:00.000Z', true],
    ['assigned in time', '2026-11-27T09:00:00', '2026-11-30T10:00:00', false],
    ['assigned late, before the assignment', '2026-11-28T10:00:00', '2026-11-28T09:00:00', true],
    ['assigned late, after the assignment', '2026-11-28T10:00:00', '2026-11-28T11:00:00', false],
  ])('%s: %s', (_what, assignedAt, now, overdue) => {
    expect(isAssignmentOverdue(assignBy, assignedAt === null ? null : at(assignedAt), instant(now))).toBe(overdue);
  });

  it.each([
    ['2026-10-07T10:00:00', false],
    ['2026-10-08T23:59:59', false],
    ['2026-10-09T00:00:00', true],
  ])('a consultation accepted 2026-09-30 16:00 and still unassigned at %s: %s', (now, overdue) => {
    const { assignBy: due } = computeDeadlines(at('2026-09-30T16:00:00'), 'consultation', official);
    expect(isAssignmentOverdue(due, null, at(now))).toBe(overdue);
  });
});
