import { addCalendarDays } from '../shared/china-time';
import { dailyDigestDay, weekDays, weekOf } from './digest-period';

const at = (beijing: string): Date => new Date(`${beijing}+08:00`);
const instant = (now: string): Date => (now.endsWith('Z') ? new Date(now) : at(now));

describe(dailyDigestDay.name, () => {
  it.each([
    ['2026-11-27T00:00:00', '2026-11-27'],
    ['2026-11-27T23:59:59.999', '2026-11-27'],
    ['2026-11-27T15:59:59.999Z', '2026-11-27'],
    ['2026-11-27T16:00:00.000Z', '2026-11-28'], // Beijing has moved on, UTC has not
    ['2026-11-26T16:30:00Z', '2026-11-27'],
    ['2025-01-28T10:00:00', '2025-01-28'], // holidays have a day too; whether to send is the caller's call
  ])('%s: %s', (now, day) => {
    expect(dailyDigestDay(instant(now))).toBe(day);
  });
});

describe(weekOf.name, () => {
  it.each([
    ['2026-11-23T00:00:00', '2026-W48'], // Monday
    ['2026-11-29T23:59:59.999', '2026-W48'], // Sunday
    ['2026-11-29T15:59:59.999Z', '2026-W48'],
    ['2026-11-29T16:00:00.000Z', '2026-W49'], // Monday 00:00 Beijing, Sunday in UTC
    ['2025-01-28T10:00:00', '2025-W05'], // Spring Festival 2025
    ['2025-10-01T10:00:00', '2025-W40'], // National Day 2025
    ['2026-02-15T10:00:00', '2026-W07'], // Spring Festival 2026 (a Sunday)
    ['2026-10-01T10:00:00', '2026-W40'], // National Day 2026
    ['2025-12-28T12:00:00', '2025-W52'], // Sunday
    ['2025-12-29T00:00:00', '2026-W01'], // Monday in 2025, ISO week-year 2026
    ['2026-12-31T12:00:00', '2026-W53'], // 2026 has 53 weeks (1 January was a Thursday)
    ['2027-01-03T23:59:59', '2026-W53'],
    ['2027-01-04T00:00:00', '2027-W01'],
    ['2021-01-01T12:00:00', '2020-W53'],
  ])('%s: %s', (now, week) => {
    expect(weekOf(instant(now))).toBe(week);
  });

  it('gives every Beijing day of 2025–2027 a week whose Monday–Sunday holds it', () => {
    const wrong: string[] = [];
    for (let day = '2025-01-01'; day <= '2027-12-31'; day = addCalendarDays(day, 1)) {
      const { first, last } = weekDays(weekOf(at(`${day}T12:00:00`)));
      const monday = new Date(`${first}T00:00:00Z`).getUTCDay() === 1;
      if (!monday || last !== addCalendarDays(first, 6) || day < first || day > last) wrong.push(day);
    }
    expect(wrong).toEqual([]);
  });

  it('changes key only at Monday 00:00 Beijing time, so each week is keyed once', () => {
    const changes: string[] = [];
    let previous = weekOf(new Date('2026-12-20T00:00:00Z'));
    for (let t = Date.parse('2026-12-20T00:00:00Z'); t < Date.parse('2027-01-20T00:00:00Z'); t += 30 * 60 * 1000) {
      const week = weekOf(new Date(t));
      if (week !== previous) changes.push(`${new Date(t).toISOString()} ${week}`);
      previous = week;
    }
    expect(changes).toEqual([
      '2026-12-20T16:00:00.000Z 2026-W52',
      '2026-12-27T16:00:00.000Z 2026-W53',
      '2027-01-03T16:00:00.000Z 2027-W01',
      '2027-01-10T16:00:00.000Z 2027-W02',
      '2027-01-17T16:00:00.000Z 2027-W03',
    ]);
  });
});

describe(weekDays.name, () => {
  it.each([
    ['2026-W48', '2026-11-23', '2026-11-29'],
    ['2026-W01', '2025-12-29', '2026-01-04'],
    ['2026-W53', '2026-12-28', '2027-01-03'],
    ['2025-W05', '2025-01-27', '2025-02-02'],
  ])('%s: %s to %s', (week, first, last) => {
    expect(weekDays(week)).toEqual({ first, last });
  });

  it.each(['2025-W53', '2026-W00', '2026-W54', '2026-48', 'W48', '2026-W4'])('refuses %j', (week) => {
    expect(() => weekDays(week)).toThrow(RangeError);
  });
});
