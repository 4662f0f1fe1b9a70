import { endOfChinaDay, chinaDate } from '../shared/china-time';
import { DomainError } from '../shared/domain-error';
import { MAX_EXTENSION_WORKDAYS, applyExtension } from './extension';
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

const accepted = at('2024-12-20T10:00:00');

describe(applyExtension.name, () => {
  it.each([
    // current close by   asked  already  new close by
    ['2025-02-05', 3, 0, '2025-02-08'], // Sat 02-08 is a make-up day
    ['2025-02-05', 4, 2, '2025-02-10'],
    ['2025-01-27', 1, 0, '2025-02-05'], // over the whole Spring Festival
    ['2025-09-30', 2, 0, '2025-10-10'],
    ['2025-09-30', 3, 7, '2025-10-11'], // Sat 10-11 is a make-up day; total exactly 10
    ['2026-02-13', 1, 0, '2026-02-14'], // Sat 02-14 is a make-up day
    ['2026-02-13', 2, 0, '2026-02-24'],
    ['2026-09-24', 1, 0, '2026-09-28'], // over Mid-Autumn
    ['2026-09-30', 3, 5, '2026-10-10'],
    ['2026-11-26', 10, 0, '2026-12-10'], // the whole allowance at once
  ])('close by %s, %i more (%i already): %s', (current, asked, already, expected) => {
    const next = applyExtension(endOfChinaDay(current), accepted, asked, already, official);
    expect(chinaDate(next)).toBe(expected);
    expect(next.getTime()).toBe(at(`${expected}T23:59:59.999`).getTime());
  });

  it('extends into 2027 on bare weekdays, or on the city table', () => {
    expect(chinaDate(applyExtension(endOfChinaDay('2026-12-31'), accepted, 1, 0, official))).toBe('2027-01-01');
    expect(chinaDate(applyExtension(endOfChinaDay('2026-12-31'), accepted, 1, 0, with2027))).toBe('2027-01-04');
  });

  it.each([
    [7, 4, 6],
    [1, 10, 0],
    [11, 0, 10],
  ])('refuses %i more when %i are already used (%i left)', (asked, already, remaining) => {
    const act = () => applyExtension(endOfChinaDay('2026-11-26'), accepted, asked, already, official);
    expect(act).toThrow(DomainError);
    expect(act).toThrow(
      expect.objectContaining({
        code: 'EXTENSION_LIMIT_EXCEEDED',
        details: { requestedWorkdays: asked, alreadyExtendedWorkdays: already, remainingWorkdays: remaining },
      }),
    );
  });

  it('allows at most 10 working days in total', () => {
    expect(MAX_EXTENSION_WORKDAYS).toBe(10);
  });

  it.each([
    ['nothing', 0, 0],
    ['a negative number', -1, 0],
    ['half a day', 1.5, 0],
    ['a negative allowance used', 1, -1],
  ])('refuses asking %s', (_what, asked, already) => {
    const act = () => applyExtension(endOfChinaDay('2026-11-26'), accepted, asked, already, official);
    expect(act).toThrow(expect.objectContaining({ code: 'EXTENSION_INVALID' }));
  });

  it('refuses a current deadline earlier than the acceptance', () => {
    const act = () => applyExtension(endOfChinaDay('2024-12-19'), accepted, 1, 0, official);
    expect(act).toThrow(expect.objectContaining({ code: 'EXTENSION_INVALID' }));
  });
});
