import { computeDeadlines } from './deadlines';
import { OfficialCalendar, addWorkdays } from '../calendar/work-calendar';
import { chinaDate } from '../shared/china-time';

const calendar = new OfficialCalendar();
const at = (beijing: string) => new Date(`${beijing}+08:00`);

describe('"135" deadlines on the official calendar', () => {
  it.each([
    // accepted (Beijing time)   kind            assign by      close by
    ['2026-11-26T10:00:00', 'consultation', '2026-11-27', '2026-12-01'], // Thu: Fri, then Mon-Tue
    ['2026-11-26T10:00:00', 'complaint', '2026-11-27', '2026-12-03'],
    ['2026-11-28T09:00:00', 'complaint', '2026-11-30', '2026-12-04'], // filed on a Saturday
    ['2026-09-30T16:00:00', 'consultation', '2026-10-08', '2026-10-10'], // National Day 2026: 10-01..10-07 off; 10-10 (Sat) is a make-up day
    ['2026-02-13T10:00:00', 'complaint', '2026-02-14', '2026-02-27'], // Spring Festival 2026: 02-14 (Sat) make-up, 02-15..02-23 off
    ['2025-09-30T10:00:00', 'complaint', '2025-10-09', '2025-10-14'], // 2025: 10-01..10-08 off, 10-11 (Sat) make-up
    ['2025-04-30T08:00:00', 'consultation', '2025-05-06', '2025-05-08'], // Labour Day 2025: 05-01..05-05 off
  ] as const)('accepted %s as %s: assign by %s, close by %s', (accepted, kind, assignDay, closeDay) => {
    const d = computeDeadlines(at(accepted), kind, calendar);
    expect(chinaDate(d.assignBy)).toBe(assignDay);
    expect(chinaDate(d.closeBy)).toBe(closeDay);
    expect(d.closeBy.toISOString()).toBe(new Date(`${closeDay}T23:59:59.999+08:00`).toISOString());
  });

  it('lets a city override a day the package gets wrong or does not know', () => {
    const withOverride = new OfficialCalendar(new Map([['2026-11-27', false]]));
    expect(addWorkdays(at('2026-11-26T10:00:00'), 1, withOverride)).toBe('2026-11-30');
  });
});
