import { OfficialCalendar } from '../calendar/work-calendar';
import type { CaseStatus } from '../case/case-lifecycle';
import type { CaseStep } from '../case/case';
import { extensionNote } from '../sla/extension';
import { measureCase, type TimelineRecord } from './case-measures';
import { caseContributions, countersAsOf, dayOver, sumCounters } from './counters';
import { indicatorValues, type IndicatorCode } from './indicators';
import { daysNotOver } from './periods';

const at = (beijing: string): Date => new Date(`${beijing}+08:00`);
const rules = { calendar: new OfficialCalendar() };

/** A complaint's indicators over all its days, read at `now` (Beijing time). */
function readAt(rows: Array<[string, CaseStep, string?]>, now: string): Record<IndicatorCode, number | null> {
  const timeline: TimelineRecord[] = rows.map(([when, action, note]) => ({ action, at: at(when), note: note ?? null, fromStatus: null, toStatus: 'accepted' as CaseStatus }));
  const byDay = caseContributions(measureCase(timeline, { kind: 'complaint', earlierSameProblem: 0 }, rules), { kind: 'complaint' });
  return indicatorValues(sumCounters([...byDay].map(([day, c]) => countersAsOf(day, c, at(now)))));
}

// A complaint accepted Fri 2025-09-26 on the official calendar: assignment due Sun 09-28 (a make-up
// working day), 5 working days to close across National Day (10-01..10-08 off): due Fri 10-10, end of day.
const filed: Array<[string, CaseStep, string?]> = [
  ['2025-09-26T10:00:00', 'file'],
  ['2025-09-26T11:00:00', 'assign'],
  ['2025-09-26T14:00:00', 'sign_for'],
];

describe(countersAsOf.name, () => {
  it.each<[string, Array<[string, CaseStep, string?]>, string, Partial<Record<IndicatorCode, number | null>>]>([
    ['due later today, not answered: not late yet', filed, '2025-10-10T15:00:00', { closeOnTimeRate: null, extensionRate: null }],
    ['due later today, not answered: late once the day is over', filed, '2025-10-11T00:00:00', { closeOnTimeRate: 0 }],
    ['due later today, not answered: late the next morning', filed, '2025-10-11T09:00:00', { closeOnTimeRate: 0 }],
    ['due after the holiday, not answered, read during it: pending', filed, '2025-10-03T10:00:00', { closeOnTimeRate: null }],
    ['answered before its deadline, read the same day: on time', [...filed, ['2025-10-10T11:00:00', 'answer']], '2025-10-10T15:00:00', { closeOnTimeRate: 1 }],
    ['answered before its deadline, read the next day: on time', [...filed, ['2025-10-10T11:00:00', 'answer']], '2025-10-11T09:00:00', { closeOnTimeRate: 1 }],
    ['answered a week early, read before the deadline: on time', [...filed, ['2025-09-30T11:00:00', 'answer']], '2025-10-02T09:00:00', { closeOnTimeRate: 1 }],
    ['answered after its deadline: late', [...filed, ['2025-10-11T09:30:00', 'answer']], '2025-10-11T10:00:00', { closeOnTimeRate: 0 }],
    // Extended 3 working days: due Wed 10-15 (the Saturday 10-11 is a make-up working day).
    ['extended, not answered, read before the new deadline: pending', [...filed, ['2025-10-09T10:00:00', 'extend', extensionNote(3, '需要协调')]], '2025-10-14T10:00:00', { closeOnTimeRate: null, extensionRate: null }],
    ['extended and answered in time, read before the deadline', [...filed, ['2025-10-09T10:00:00', 'extend', extensionNote(3, '需要协调')], ['2025-10-13T10:00:00', 'answer']], '2025-10-14T10:00:00', { closeOnTimeRate: 1, extensionRate: 1 }],
    ['extended, not answered, read after the new deadline: late', [...filed, ['2025-10-09T10:00:00', 'extend', extensionNote(3, '需要协调')]], '2025-10-16T10:00:00', { closeOnTimeRate: 0, extensionRate: 1 }],
    ['assignment due on the make-up Sunday, not assigned, read that day: pending', [filed[0]], '2025-09-28T18:00:00', { assignOnTimeRate: null }],
    ['assignment due on the make-up Sunday, not assigned, read the Monday: late', [filed[0]], '2025-09-29T08:00:00', { assignOnTimeRate: 0 }],
    ['assigned in time, read before the deadline: on time', filed, '2025-09-26T15:00:00', { assignOnTimeRate: 1, signOnTimeRate: 1 }],
    // Assigned Fri 10-10 at 16:00: signing for is due the next working day, the make-up Saturday 10-11.
    ['sign-for due on the make-up Saturday, not signed, read that day: pending', [filed[0], ['2025-10-10T16:00:00', 'assign']], '2025-10-11T20:00:00', { signOnTimeRate: null }],
    ['sign-for due on the make-up Saturday, not signed, read the Sunday: late', [filed[0], ['2025-10-10T16:00:00', 'assign']], '2025-10-12T08:00:00', { signOnTimeRate: 0 }],
    ['signed for on the make-up Saturday: on time', [filed[0], ['2025-10-10T16:00:00', 'assign'], ['2025-10-11T09:00:00', 'sign_for']], '2025-10-11T20:00:00', { signOnTimeRate: 1 }],
  ])('%s', (_, rows, now, expected) => {
    expect(readAt(rows, now)).toMatchObject(expected);
  });

  it('leaves a day that has ended as it was counted, and counts every deadline of a day not yet over only where it was met', () => {
    const byDay = caseContributions(measureCase(filed.map(([when, action]) => ({ action, at: at(when), note: null, fromStatus: null, toStatus: 'accepted' as CaseStatus })), { kind: 'complaint', earlierSameProblem: 0 }, rules), { kind: 'complaint' });
    const due = byDay.get('2025-10-10')!;
    expect(due).toMatchObject({ closeDue: 1, closeOnTime: 0 });
    expect(countersAsOf('2025-10-10', due, at('2025-10-11T00:00:00'))).toEqual(due);
    expect(countersAsOf('2025-10-10', due, at('2025-10-10T23:59:59'))).toEqual({ ...due, closeDue: 0 });
    expect(dayOver('2025-10-10', at('2025-10-10T23:59:59'))).toBe(false);
    expect(dayOver('2025-10-10', at('2025-10-11T00:00:00'))).toBe(true);
  });
});

describe(daysNotOver.name, () => {
  it.each<[string, string, Date, ReturnType<typeof daysNotOver>]>([
    ['2026-12-07', '2026-12-13', at('2026-12-09T10:00:00'), ['2026-12-09', '2026-12-13']],
    ['2026-12-07', '2026-12-13', at('2026-12-07T00:00:00'), ['2026-12-07', '2026-12-13']],
    ['2026-12-07', '2026-12-13', at('2026-12-14T00:00:00'), null],
    ['2026-12-14', '2026-12-20', at('2026-12-09T10:00:00'), ['2026-12-14', '2026-12-20']],
    // Beijing's day: 23:30 UTC on the 8th is already the 9th there.
    ['2026-12-01', '2026-12-31', new Date('2026-12-08T23:30:00Z'), ['2026-12-09', '2026-12-31']],
  ])('%s..%s at %s', (from, to, now, expected) => {
    expect(daysNotOver(from, to, now)).toEqual(expected);
  });
});
