import chineseDays from 'chinese-days';
import { DomainError } from '../shared/domain-error';
import { addCalendarDays } from '../shared/china-time';
import { OFFICIAL_DATA_YEARS } from './official-data';
import { OfficialCalendar, addWorkdays, countWorkdays, isCalendarDay, uncoveredDays } from './work-calendar';

const at = (beijing: string) => new Date(`${beijing}+08:00`);
const sut = new OfficialCalendar();
/** A city's own table for 2027, which chinese-days 1.5.7 does not know (hypothetical rows). */
const city2027 = new OfficialCalendar(
  [
    { day: '2027-01-01', workday: false, note: '元旦' },
    { day: '2027-01-02', workday: false, note: '元旦' },
  ],
  [2027],
);

/** Each character is one day from `first`: W a working day, - a day off. */
function days(first: string, pattern: string): Array<[string, boolean]> {
  return [...pattern].map((c, i) => [addCalendarDays(first, i), c === 'W']);
}

describe(OfficialCalendar.name, () => {
  describe('official holidays and make-up days (checked against chinese-days 1.5.7)', () => {
    it.each([
      // 2025 Spring Festival: 01-28..02-04 off; 01-26 (Sun) and 02-08 (Sat) worked. From Fri 01-24:
      ...days('2025-01-24', 'W-WW--------WWWW-W'),
      // 2025 National Day + Mid-Autumn: 10-01..10-08 off; 09-28 (Sun) and 10-11 (Sat) worked. From Fri 09-26:
      ...days('2025-09-26', 'W-WWW--------WWW-W'),
      // 2026 Spring Festival: 02-15..02-23 off; 02-14 (Sat) and 02-28 (Sat) worked. From Thu 02-12:
      ...days('2026-02-12', 'WWW---------WWWWW-W'),
      // 2026 Mid-Autumn 09-25..09-27 and National Day 10-01..10-07 off; 09-20 (Sun) and 10-10 (Sat) worked. From Fri 09-18:
      ...days('2026-09-18', 'W-WWWWW---WWW-------WWW-W'),
    ])('%s is a working day: %s', (day, workday) => {
      expect(sut.isWorkday(day)).toBe(workday);
    });
  });

  it('finds the years of official data in the package: 2004 through 2026', () => {
    expect(OFFICIAL_DATA_YEARS).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect([2003, 2004, 2025, 2026, 2027].map((y) => sut.coversYear(y))).toEqual([false, true, true, true, false]);
    expect(sut.coveredYears().at(-1)).toBe(2026);
  });

  it('reads 2027 as plain weekdays without a city table, and the table where one is given', () => {
    expect(sut.isWorkday('2027-01-01')).toBe(true); // a Friday, really New Year's Day
    expect(city2027.isWorkday('2027-01-01')).toBe(false);
    expect(city2027.isWorkday('2027-01-04')).toBe(true); // not in the table: a Monday
    expect(city2027.coversYear(2027)).toBe(true);
    expect(city2027.coveredYears().at(-1)).toBe(2027);
  });

  it('lets a day-level override beat the package without claiming its year', () => {
    const typhoon = new OfficialCalendar([
      { day: '2026-10-08', workday: false, note: '台风停工' },
      { day: '2026-10-03', workday: true },
      { day: '2027-03-01', workday: false },
    ]);
    expect(typhoon.isWorkday('2026-10-08')).toBe(false);
    expect(typhoon.isWorkday('2026-10-03')).toBe(true);
    expect(typhoon.isWorkday('2026-10-09')).toBe(true);
    expect(typhoon.coversYear(2027)).toBe(false);
  });

  it('still takes a Map of day → workday', () => {
    const legacy = new OfficialCalendar(new Map([['2026-11-27', false]]));
    expect(legacy.isWorkday('2026-11-27')).toBe(false);
    expect(addWorkdays(at('2026-11-26T10:00:00'), 1, legacy)).toBe('2026-11-30');
  });

  it.each([
    ['a day that does not exist', [{ day: '2027-02-30', workday: false }], []],
    ['a badly written day', [{ day: '2027-2-3', workday: false }], []],
    ['a day both off and worked', [{ day: '2027-02-06', workday: false }, { day: '2027-02-06', workday: true }], []],
    ['a covered year that is not a year', [], [27]],
  ])('refuses %s', (_what, rows, years) => {
    const make = () => new OfficialCalendar(rows, years);
    expect(make).toThrow(DomainError);
    expect(make).toThrow(expect.objectContaining({ code: 'CALENDAR_OVERRIDE_INVALID' }));
  });

  it('accepts the same day twice when both rows agree', () => {
    const cal = new OfficialCalendar([
      { day: '2027-01-01', workday: false },
      { day: '2027-01-01', workday: false, note: 'again' },
    ]);
    expect(cal.isWorkday('2027-01-01')).toBe(false);
  });

  // chinese-days' own functions build their table in local time and shift by a day west of UTC;
  // the calendar reads the package's JSON. jest.config.js runs every test on Beijing time.
  it('agrees with chinese-days.isWorkday on every day 2004–2027', () => {
    const differ: string[] = [];
    for (let day = '2004-01-01'; day <= '2027-12-31'; day = addCalendarDays(day, 1)) {
      if (sut.isWorkday(day) !== chineseDays.isWorkday(day)) differ.push(day);
    }
    expect(differ).toEqual([]);
  });
});

describe(uncoveredDays.name, () => {
  const jan1to = (last: string) => {
    const out: string[] = [];
    for (let d = '2027-01-01'; d <= last; d = addCalendarDays(d, 1)) out.push(d);
    return out;
  };

  it('lists the days of 2027 within the next 90 days from 2026-11-26', () => {
    const days = uncoveredDays(at('2026-11-26T09:00:00'), 90, sut);
    expect(days).toEqual(jan1to('2027-02-23')); // 11-26 + 89 days
    expect(days).toHaveLength(54);
  });

  it('looks 90 days ahead by default', () => {
    expect(uncoveredDays(at('2026-11-26T09:00:00'), undefined, sut)).toHaveLength(54);
  });

  it('lists nothing once the city declares 2027 complete', () => {
    expect(uncoveredDays(at('2026-11-26T09:00:00'), 90, city2027)).toEqual([]);
  });

  it('still lists 2027 when the city only corrected single days', () => {
    const single = new OfficialCalendar([{ day: '2027-01-01', workday: false }]);
    expect(uncoveredDays(at('2026-11-26T09:00:00'), 90, single)).toHaveLength(54);
  });

  it.each([
    ['2026-10-02T00:00:00', 90, []], // through 2026-12-30
    ['2026-10-03T00:00:00', 90, []], // through 2026-12-31: still covered
    ['2026-10-04T00:00:00', 90, ['2027-01-01']],
    ['2026-12-31T23:59:59', 1, []], // today is still 2026 in Beijing
    ['2027-01-01T00:00:00', 1, ['2027-01-01']],
    ['2026-12-31T12:00:00', 0, []],
  ])('from %s (Beijing) over %i days: %j', (from, n, expected) => {
    expect(uncoveredDays(at(from), n, sut)).toEqual(expected);
  });

  it('counts the Beijing date, not the UTC one', () => {
    expect(uncoveredDays(new Date('2026-12-31T16:00:00Z'), 1, sut)).toEqual(['2027-01-01']);
    expect(uncoveredDays(new Date('2026-12-31T15:59:59Z'), 1, sut)).toEqual([]);
  });

  it('refuses a negative window', () => {
    expect(() => uncoveredDays(at('2026-11-26T09:00:00'), -1, sut)).toThrow(RangeError);
  });
});

describe(countWorkdays.name, () => {
  it.each([
    ['2025-01-27', '2025-02-05', 1], // the Spring Festival week counts nothing
    ['2025-01-24', '2025-01-27', 2], // Sun 01-26 is a make-up day
    ['2025-09-30', '2025-10-11', 3], // 10-09, 10-10, Sat 10-11
    ['2026-02-13', '2026-02-24', 2], // Sat 02-14, Tue 02-24
    ['2026-02-27', '2026-03-02', 2], // Sat 02-28, Mon 03-02
    ['2026-09-18', '2026-09-28', 6], // Sun 09-20, 09-21..09-24, Mon 09-28 (Mid-Autumn 09-25..27 off)
    ['2026-09-30', '2026-10-10', 3], // 10-08, 10-09, Sat 10-10
    ['2026-11-26', '2026-11-26', 0],
    ['2026-11-27', '2026-11-26', 0],
  ])('working days after %s through %s: %i', (after, through, n) => {
    expect(countWorkdays(after, through, sut)).toBe(n);
  });
});

describe(isCalendarDay.name, () => {
  it.each([
    ['2026-02-28', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['', false],
  ])('%j: %s', (day, ok) => {
    expect(isCalendarDay(day)).toBe(ok);
  });
});
