import { OfficialCalendar } from '../calendar/work-calendar';
import { chinaDate } from '../shared/china-time';
import { canReturn, returnBy } from './return-window';

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

describe(returnBy.name, () => {
  it.each([
    // assigned (Beijing)      may return until the end of
    ['2026-11-26T10:00:00', '2026-11-27'],
    ['2026-11-27T16:00:00', '2026-11-30'], // Friday: Monday
    ['2026-11-28T10:00:00', '2026-11-30'], // Saturday: Monday
    ['2025-01-25T10:00:00', '2025-01-26'], // Sat: Sun 01-26 is a make-up day
    ['2025-01-27T10:00:00', '2025-02-05'], // over the Spring Festival
    ['2025-09-30T10:00:00', '2025-10-09'],
    ['2025-10-10T10:00:00', '2025-10-11'], // Sat 10-11 is a make-up day
    ['2026-02-13T10:00:00', '2026-02-14'],
    ['2026-02-14T10:00:00', '2026-02-24'],
    ['2026-09-24T10:00:00', '2026-09-28'], // over Mid-Autumn
    ['2026-10-09T10:00:00', '2026-10-10'],
  ])('assigned %s: until %s', (assigned, until) => {
    const end = returnBy(at(assigned), official);
    expect(end.getTime()).toBe(at(`${until}T23:59:59.999`).getTime());
  });

  it('counts from the Beijing date of the assignment', () => {
    // 2026-11-26T17:00Z is Fri 11-27 01:00 in Beijing.
    expect(chinaDate(returnBy(new Date('2026-11-26T17:00:00Z'), official))).toBe('2026-11-30');
  });

  it('counts 2027 on bare weekdays without a city table, and on the table with one', () => {
    expect(chinaDate(returnBy(at('2026-12-31T10:00:00'), official))).toBe('2027-01-01');
    expect(chinaDate(returnBy(at('2026-12-31T10:00:00'), with2027))).toBe('2027-01-04');
  });
});

describe(canReturn.name, () => {
  it.each([
    ['2026-11-26T10:00:00', '2026-11-26T10:05:00', true],
    ['2026-11-26T10:00:00', '2026-11-27T23:59:59.999', true],
    ['2026-11-26T10:00:00', '2026-11-28T00:00:00', false],
    ['2026-11-27T16:00:00', '2026-11-29T12:00:00', true], // the weekend does not use the window
    ['2026-11-27T16:00:00', '2026-11-30T23:00:00', true],
    ['2026-11-27T16:00:00', '2026-12-01T00:00:00', false],
    ['2025-01-27T10:00:00', '2025-02-03T10:00:00', true],
    ['2025-01-25T10:00:00', '2025-01-27T09:00:00', false], // Sun 01-26 was a working day
    ['2025-09-30T10:00:00', '2025-10-09T18:00:00', true],
    ['2026-02-13T10:00:00', '2026-02-16T10:00:00', false], // Sat 02-14 was a working day
    ['2026-10-09T10:00:00', '2026-10-11T10:00:00', false], // Sat 10-10 was a working day
  ])('assigned %s, at %s: %s', (assigned, now, ok) => {
    expect(canReturn(at(assigned), at(now), official)).toBe(ok);
  });

  it('keeps the window open over New Year 2027 only when the city table says so', () => {
    expect(canReturn(at('2026-12-31T10:00:00'), at('2027-01-02T10:00:00'), official)).toBe(false);
    expect(canReturn(at('2026-12-31T10:00:00'), at('2027-01-02T10:00:00'), with2027)).toBe(true);
  });
});
