import { OfficialCalendar } from '../calendar/work-calendar';
import type { CaseKind } from '../case/case-kind';
import type { CaseStatus } from '../case/case-lifecycle';
import type { CaseStep } from '../case/case';
import { revisitNote } from '../case/revisit';
import { extensionNote } from '../sla/extension';
import { measureCase, type TimelineRecord } from './case-measures';
import { caseContributions, emptyCounters, sumCounters, type Counters } from './counters';
import { indicatorValues, medianCycle } from './indicators';
import { isoWeek, isoWeekDays, periodOf, previousWeek, splitMonths, weekMonday } from './periods';

const at = (beijing: string): Date => new Date(`${beijing}+08:00`);
const calendar = new OfficialCalendar();
const rules = { calendar };

/** A timeline from (Beijing time, action, note) rows; the statuses are not read by the measures. */
function timeline(rows: Array<[string, CaseStep, string?]>): TimelineRecord[] {
  return rows.map(([when, action, note]) => ({ action, at: at(when), note: note ?? null, fromStatus: null, toStatus: 'accepted' as CaseStatus }));
}

function counters(rows: Array<[string, CaseStep, string?]>, kind: CaseKind = 'complaint', earlierSameProblem = 0): Counters {
  return sumCounters(caseContributions(measureCase(timeline(rows), { kind, earlierSameProblem }, rules), { kind }).values());
}

describe(measureCase.name, () => {
  it.each<[string, CaseKind, string, string, string]>([
    // accepted (Beijing)    kind            assign by     close by      (2025 National Day: 10-01..10-08 off; Sun 09-28 and Sat 10-11 worked)
    ['2025-09-26T10:00:00', 'consultation', '2025-09-28', '2025-09-30', 'consultation: 3 working days, the Sunday make-up day counts'],
    ['2025-09-26T10:00:00', 'complaint', '2025-09-28', '2025-10-10', 'complaint: 5 working days across the holiday'],
    ['2026-12-04T16:00:00', 'complaint', '2026-12-07', '2026-12-11', 'an ordinary Friday'],
  ])('recomputes the "135" deadlines from the filing step: %s %s', (accepted, kind, assignDay, closeDay) => {
    const m = measureCase(timeline([[accepted, 'file']]), { kind, earlierSameProblem: 0 }, rules);
    expect(m.assignBy).toEqual(at(`${assignDay}T23:59:59.999`));
    expect(m.closeBy).toEqual(at(`${closeDay}T23:59:59.999`));
  });

  it('moves the deadline by the approved extensions, read from their steps', () => {
    const m = measureCase(
      timeline([
        ['2026-12-01T09:00:00', 'file'],
        ['2026-12-01T10:00:00', 'assign'],
        ['2026-12-03T10:00:00', 'extend', extensionNote(3, '需要协调')],
      ]),
      { kind: 'complaint', earlierSameProblem: 0 },
      rules,
    );
    expect(m.extensions).toEqual([{ at: at('2026-12-03T10:00:00'), workdays: 3 }]);
    expect(m.closeBy).toEqual(at('2026-12-11T23:59:59.999')); // 5 + 3 working days from Tue 12-01
  });

  it.each<[string, Array<[string, CaseStep, string?]>, number | null]>([
    ['answered the same day', [['2026-12-01T09:00:00', 'file'], ['2026-12-01T17:00:00', 'answer']], 0],
    ['answered over a weekend', [['2026-12-04T09:00:00', 'file'], ['2026-12-08T17:00:00', 'answer']], 2],
    // 2026 National Day: 10-01..10-07 off, so only 09-30, 10-08 and 10-09 count
    ['answered across National Day 2026', [['2026-09-29T09:00:00', 'file'], ['2026-10-09T17:00:00', 'answer']], 3],
    ['the standing answer is the last one', [['2026-12-01T09:00:00', 'file'], ['2026-12-01T17:00:00', 'answer'], ['2026-12-03T10:00:00', 'reopen', revisitNote('unsatisfied', null)], ['2026-12-07T10:00:00', 'answer']], 4],
    ['not answered', [['2026-12-01T09:00:00', 'file']], null],
  ])('counts the cycle in working days: %s', (_, rows, expected) => {
    expect(measureCase(timeline(rows), { kind: 'complaint', earlierSameProblem: 0 }, rules).cycleWorkdays).toBe(expected);
  });
});

describe(caseContributions.name, () => {
  it('puts each count on the day its event happened or its deadline fell', () => {
    const rows: Array<[string, CaseStep, string?]> = [
      ['2026-11-30T09:00:00', 'file'], // Monday
      ['2026-11-30T15:00:00', 'assign'],
      ['2026-12-01T08:00:00', 'sign_for'], // signed for by Tue 12-01 end: on time
      ['2026-12-02T17:00:00', 'answer'],
      ['2026-12-03T09:00:00', 'close', revisitNote('satisfied', true)],
    ];
    const byDay = caseContributions(measureCase(timeline(rows), { kind: 'complaint', earlierSameProblem: 0 }, rules), { kind: 'complaint' });
    expect([...byDay.keys()].sort()).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-07']);
    expect(byDay.get('2026-11-30')).toMatchObject({ accepted: 1, valid: 1, complaints: 1, assignments: 1 });
    expect(byDay.get('2026-12-01')).toMatchObject({ assignDue: 1, assignOnTime: 1, signDue: 1, signOnTime: 1 });
    expect(byDay.get('2026-12-02')).toMatchObject({ answered: 1, cycleWorkdays: 2, answeredRevisited: 1 });
    expect(byDay.get('2026-12-03')).toMatchObject({ revisited: 1, satisfied: 1, solved: 1, firstSatisfied: 1, revisitAnswers: 1 });
    expect(byDay.get('2026-12-07')).toMatchObject({ closeDue: 1, closeOnTime: 1 });
  });

  it.each<[string, Array<[string, CaseStep, string?]>, Partial<Counters>]>([
    [
      'late assignment, late sign-for, overdue answer',
      [['2026-11-30T09:00:00', 'file'], ['2026-12-02T09:00:00', 'assign'], ['2026-12-04T09:00:00', 'sign_for'], ['2026-12-09T09:00:00', 'answer']],
      { assignDue: 1, assignOnTime: 0, signDue: 1, signOnTime: 0, closeDue: 1, closeOnTime: 0 },
    ],
    [
      'returned before signing: that sign-for is not owed; the next one is',
      [['2026-11-30T09:00:00', 'file'], ['2026-11-30T10:00:00', 'assign'], ['2026-11-30T16:00:00', 'return', '不归我们管'], ['2026-12-01T09:00:00', 'assign'], ['2026-12-01T10:00:00', 'sign_for']],
      { assignments: 2, returns: 1, signDue: 1, signOnTime: 1 },
    ],
    [
      'reopened: a second sign-for is owed, the final answer counts, one revisit was unsatisfied',
      [
        ['2026-11-30T09:00:00', 'file'],
        ['2026-11-30T10:00:00', 'assign'],
        ['2026-11-30T11:00:00', 'sign_for'],
        ['2026-11-30T17:00:00', 'answer'],
        ['2026-12-01T09:00:00', 'reopen', revisitNote('basically_satisfied', false)],
        ['2026-12-01T10:00:00', 'sign_for'],
        ['2026-12-02T10:00:00', 'answer'],
        ['2026-12-02T12:00:00', 'close', revisitNote('basically_satisfied', true, '修好了')],
      ],
      { signDue: 2, signOnTime: 2, reopens: 1, revisitAnswers: 2, unsatisfiedAnswers: 0, revisited: 1, basicallySatisfied: 1, solved: 1, firstSatisfied: 0, answered: 1 },
    ],
    ['rejected as invalid: volume only', [['2026-11-30T09:00:00', 'file'], ['2026-11-30T10:00:00', 'reject', '重复骚扰']], { accepted: 1, valid: 0, assignDue: 0, closeDue: 0 }],
    ['unsatisfied and left so', [['2026-11-30T09:00:00', 'file'], ['2026-11-30T10:00:00', 'assign'], ['2026-11-30T17:00:00', 'answer'], ['2026-12-01T09:00:00', 'reopen', revisitNote('unsatisfied', null)]], { revisited: 1, unsatisfied: 1, solved: 0, unsatisfiedAnswers: 1, reopens: 1 }],
  ])('%s', (_, rows, expected) => {
    expect(counters(rows)).toMatchObject(expected);
  });

  it('marks repeats of the same problem, and complaints among them', () => {
    const rows: Array<[string, CaseStep, string?]> = [['2026-11-30T09:00:00', 'file']];
    expect(counters(rows, 'complaint', 1)).toMatchObject({ repeats: 1, repeatComplaints: 1, repeatsMany: 0 });
    expect(counters(rows, 'help', 2)).toMatchObject({ repeats: 1, repeatComplaints: 0, repeatsMany: 1, complaints: 0 });
  });
});

describe('indicator values', () => {
  it('turns counters into rates, means and a median, and null where nothing was measured', () => {
    const c = { ...emptyCounters(), accepted: 10, closeDue: 4, closeOnTime: 3, answered: 4, cycleWorkdays: 10, revisited: 4, satisfied: 2, basicallySatisfied: 1, unsatisfied: 1 };
    c.cycleHistogram[1] = 1;
    c.cycleHistogram[2] = 2;
    c.cycleHistogram[5] = 1;
    const v = indicatorValues(c);
    expect(v).toMatchObject({ volume: 10, closeOnTimeRate: 0.75, averageCycle: 2.5, medianCycle: 2, satisfactionRate: 0.75, fullSatisfactionRate: 0.5 });
    expect(v.signOnTimeRate).toBeNull();
    expect(medianCycle([0, 0])).toBeNull();
  });
});

describe('periods', () => {
  it.each([
    ['2026-12-07', '2026-W50'],
    ['2026-12-06', '2026-W49'],
    ['2027-01-01', '2026-W53'],
    ['2024-12-30', '2025-W01'],
    ['2021-01-03', '2020-W53'],
  ])('ISO week of %s is %s', (day, week) => {
    expect(isoWeek(day)).toBe(week);
    expect(isoWeekDays(week).from <= day && day <= isoWeekDays(week).to).toBe(true);
  });

  it('buckets by day, week and month, and refuses weeks that do not exist', () => {
    expect(periodOf('2026-12-09', 'week')).toBe('2026-W50');
    expect(periodOf('2026-12-09', 'month')).toBe('2026-12');
    expect(previousWeek('2026-W01')).toBe('2025-W52');
    expect(weekMonday('2026-W50')).toBe('2026-12-07');
    expect(() => weekMonday('2025-W53')).toThrow(RangeError);
  });

  it('splits a period into the whole months inside it and the days at either end', () => {
    expect(splitMonths('2025-12-08', '2026-12-07')).toEqual({ days: [['2025-12-08', '2025-12-31'], ['2026-12-01', '2026-12-07']], months: ['2026-01-01', '2026-11-01'] });
    expect(splitMonths('2026-01-01', '2026-12-31')).toEqual({ days: [], months: ['2026-01-01', '2026-12-01'] });
    expect(splitMonths('2026-02-01', '2026-02-28')).toEqual({ days: [], months: ['2026-02-01', '2026-02-01'] });
    expect(splitMonths('2026-02-01', '2026-03-15')).toEqual({ days: [['2026-03-01', '2026-03-15']], months: ['2026-02-01', '2026-02-01'] });
    // No whole month inside: all days, even across a month's end.
    expect(splitMonths('2026-11-08', '2026-12-07')).toEqual({ days: [['2026-11-08', '2026-12-07']], months: null });
    expect(splitMonths('2026-02-02', '2026-02-28')).toEqual({ days: [['2026-02-02', '2026-02-28']], months: null });
  });
});
