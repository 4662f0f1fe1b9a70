import { computeDeadlines } from '../case/deadlines';
import type { CaseKind } from '../case/case-kind';
import { chinaDate } from '../shared/china-time';
import { OfficialCalendar } from '../calendar/work-calendar';

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

describe('"135" deadlines around the 2025 and 2026 holidays', () => {
  it.each<[string, CaseKind, string, string]>([
    // accepted (Beijing)      kind            assign by     close by
    // 2025 Spring Festival: 01-28..02-04 off; Sun 01-26 and Sat 02-08 worked
    ['2025-01-24T10:00:00', 'consultation', '2025-01-26', '2025-02-05'], // 01-26, 01-27, 02-05
    ['2025-01-24T10:00:00', 'complaint', '2025-01-26', '2025-02-07'],
    ['2025-01-27T15:00:00', 'help', '2025-02-05', '2025-02-10'], // 02-05..02-08, 02-10
    ['2025-01-30T11:00:00', 'report', '2025-02-05', '2025-02-10'], // filed during the holiday
    ['2025-02-07T09:00:00', 'consultation', '2025-02-08', '2025-02-11'],
    // 2025 National Day: 10-01..10-08 off; Sun 09-28 and Sat 10-11 worked
    ['2025-09-26T10:00:00', 'consultation', '2025-09-28', '2025-09-30'],
    ['2025-09-26T10:00:00', 'complaint', '2025-09-28', '2025-10-10'],
    ['2025-10-05T20:00:00', 'suggestion', '2025-10-09', '2025-10-14'], // 10-09, 10-10, 10-11, 10-13, 10-14
    // 2026 Spring Festival: 02-15..02-23 off; Sat 02-14 and Sat 02-28 worked
    ['2026-02-13T10:00:00', 'consultation', '2026-02-14', '2026-02-25'],
    ['2026-02-20T10:00:00', 'complaint', '2026-02-24', '2026-02-28'],
    // 2026 Mid-Autumn 09-25..09-27, National Day 10-01..10-07 off; Sun 09-20 and Sat 10-10 worked
    ['2026-09-18T10:00:00', 'consultation', '2026-09-20', '2026-09-22'],
    ['2026-09-24T10:00:00', 'complaint', '2026-09-28', '2026-10-09'],
    ['2026-10-07T10:00:00', 'consultation', '2026-10-08', '2026-10-10'],
  ])('accepted %s as %s: assign by %s, close by %s', (accepted, kind, assignDay, closeDay) => {
    const d = computeDeadlines(at(accepted), kind, official);
    expect(chinaDate(d.assignBy)).toBe(assignDay);
    expect(chinaDate(d.closeBy)).toBe(closeDay);
    expect(d.assignBy.getTime()).toBe(at(`${assignDay}T23:59:59.999`).getTime());
    expect(d.closeBy.getTime()).toBe(at(`${closeDay}T23:59:59.999`).getTime());
  });

  it('counts from the Beijing date of acceptance, not the UTC one', () => {
    // 2026-02-13T16:30Z is Sat 02-14 00:30 in Beijing, itself a make-up working day that does not count.
    const late = computeDeadlines(new Date('2026-02-13T16:30:00Z'), 'consultation', official);
    expect([chinaDate(late.assignBy), chinaDate(late.closeBy)]).toEqual(['2026-02-24', '2026-02-26']);
    const early = computeDeadlines(new Date('2026-02-13T15:59:00Z'), 'consultation', official);
    expect([chinaDate(early.assignBy), chinaDate(early.closeBy)]).toEqual(['2026-02-14', '2026-02-25']);
  });

  it('counts 2027 on bare weekdays without a city table, and on the table with one', () => {
    const bare = computeDeadlines(at('2026-12-31T10:00:00'), 'complaint', official);
    expect([chinaDate(bare.assignBy), chinaDate(bare.closeBy)]).toEqual(['2027-01-01', '2027-01-07']);
    const city = computeDeadlines(at('2026-12-31T10:00:00'), 'complaint', with2027);
    expect([chinaDate(city.assignBy), chinaDate(city.closeBy)]).toEqual(['2027-01-04', '2027-01-08']);
  });
});
