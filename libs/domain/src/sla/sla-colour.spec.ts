import { OfficialCalendar } from '../calendar/work-calendar';
import { endOfChinaDay } from '../shared/china-time';
import { slaColour, workdaysLeft, type SlaColour } from './sla-colour';

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

/** `now` is Beijing wall-clock time unless it ends in Z. */
const instant = (now: string): Date => (now.endsWith('Z') ? new Date(now) : at(now));

describe(slaColour.name, () => {
  it.each<[string, string, SlaColour, number]>([
    // deadline day  now                         colour    working days left
    // An ordinary week: Fri 2026-11-27
    ['2026-11-27', '2026-11-25T10:00:00', 'green', 2],
    ['2026-11-27', '2026-11-26T10:00:00', 'yellow', 1],
    ['2026-11-27', '2026-11-26T15:59:00Z', 'yellow', 1], // Thu 23:59 in Beijing
    ['2026-11-27', '2026-11-26T16:30:00Z', 'orange', 0], // still Thu in UTC, already Fri 00:30 in Beijing
    ['2026-11-27', '2026-11-27T10:00:00', 'orange', 0],
    ['2026-11-27', '2026-11-27T23:59:00', 'orange', 0],
    ['2026-11-27', '2026-11-27T15:59:59.999Z', 'orange', 0], // exactly the deadline instant: on time
    ['2026-11-27', '2026-11-27T16:00:00.000Z', 'red', 0], // Sat 00:00 in Beijing, still Fri in UTC
    ['2026-11-27', '2026-11-30T09:00:00', 'red', 0],
    // Over a weekend: Mon 2026-11-30
    ['2026-11-30', '2026-11-26T10:00:00', 'green', 2], // Fri, Mon
    ['2026-11-30', '2026-11-27T10:00:00', 'yellow', 1], // only Mon: the weekend does not count
    ['2026-11-30', '2026-11-28T10:00:00', 'yellow', 1],
    // 2025 Spring Festival: 01-28..02-04 off, Sun 01-26 worked
    ['2025-02-05', '2025-01-26T10:00:00', 'green', 2], // Mon 01-27, Wed 02-05
    ['2025-02-05', '2025-01-27T10:00:00', 'yellow', 1], // nine days away, one working day away
    ['2025-02-05', '2025-02-02T10:00:00', 'yellow', 1],
    ['2025-02-05', '2025-02-05T08:00:00', 'orange', 0],
    // 2025 National Day: 10-01..10-08 off, Sat 10-11 worked
    ['2025-10-09', '2025-09-30T17:00:00', 'yellow', 1],
    ['2025-10-11', '2025-10-09T10:00:00', 'green', 2],
    ['2025-10-11', '2025-10-10T10:00:00', 'yellow', 1],
    ['2025-10-11', '2025-10-11T10:00:00', 'orange', 0], // due on a make-up Saturday
    // 2026 Spring Festival: 02-15..02-23 off, Sat 02-14 and Sat 02-28 worked
    ['2026-02-14', '2026-02-13T10:00:00', 'yellow', 1],
    ['2026-02-24', '2026-02-13T10:00:00', 'green', 2], // Sat 02-14, Tue 02-24
    ['2026-02-24', '2026-02-14T10:00:00', 'yellow', 1],
    ['2026-02-28', '2026-02-26T10:00:00', 'green', 2],
    ['2026-02-28', '2026-02-27T10:00:00', 'yellow', 1],
    // 2026 Mid-Autumn 09-25..09-27 and National Day 10-01..10-07 off; Sun 09-20, Sat 10-10 worked
    ['2026-09-20', '2026-09-17T10:00:00', 'green', 2],
    ['2026-09-20', '2026-09-18T10:00:00', 'yellow', 1],
    ['2026-09-28', '2026-09-24T10:00:00', 'yellow', 1],
    ['2026-10-08', '2026-09-29T10:00:00', 'green', 2],
    ['2026-10-08', '2026-09-30T10:00:00', 'yellow', 1],
    ['2026-10-10', '2026-10-09T10:00:00', 'yellow', 1],
  ])('due %s, at %s: %s (%i left)', (day, now, colour, left) => {
    expect(slaColour(endOfChinaDay(day), instant(now), official)).toBe(colour);
    expect(workdaysLeft(endOfChinaDay(day), instant(now), official)).toBe(left);
  });

  it('counts 2027 on bare weekdays without a city table, and on the table with one', () => {
    const due = endOfChinaDay('2027-01-04'); // a Monday
    const now = at('2026-12-31T10:00:00');
    expect(slaColour(due, now, official)).toBe('green'); // Fri 01-01 read as a working day
    expect(slaColour(due, now, with2027)).toBe('yellow');
  });

  it.each<[string, SlaColour]>([
    ['2026-11-27T09:59:59', 'orange'],
    ['2026-11-27T10:00:00', 'orange'],
    ['2026-11-27T10:00:00.001', 'red'],
    ['2026-11-26T10:00:00', 'yellow'],
  ])('a deadline in the middle of a day (10:00), at %s: %s', (now, colour) => {
    expect(slaColour(at('2026-11-27T10:00:00'), at(now), official)).toBe(colour);
  });
});
