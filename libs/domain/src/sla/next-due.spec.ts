import { OfficialCalendar, workdayDeadline } from '../calendar/work-calendar';
import { awaitsRevisit } from '../case/case';
import { CASE_STATUSES } from '../case/case-lifecycle';
import { endOfChinaDay } from '../shared/china-time';
import { escalationLevel, isAssignmentOverdue } from './escalation';
import { dueSchedule, dueSteps, nextDueAfter, nextDueAt, type DueCase, type DueStep } from './next-due';
import { slaColour } from './sla-colour';

const at = (beijing: string): Date => new Date(`${beijing}+08:00`);
const official = new OfficialCalendar();

/** A case in `status` due (closeBy) at the end of `closeDay`; assignBy a day earlier. */
const aCase = (overrides: Partial<DueCase> = {}): DueCase => ({
  status: 'in_progress',
  assignBy: endOfChinaDay('2026-11-23'),
  assignedAt: at('2026-11-23T09:00:00'),
  closeBy: endOfChinaDay('2026-11-27'),
  revisitStartedAt: null,
  revisitRating: null,
  ...overrides,
});

describe(dueSchedule.name, () => {
  it.each<[string, string, string, string, string]>([
    // deadline day   reminder from (yellow)     handler                    unit leader                city leader
    // An ordinary week: Fri 2026-11-27; Thu is yellow, the weekend does not count
    ['2026-11-27', '2026-11-26T00:00:00', '2026-11-28T00:00:00', '2026-12-01T00:00:00', '2026-12-03T00:00:00'],
    // Mon 2026-11-30: Fri, Sat and Sun all leave 1 working day
    ['2026-11-30', '2026-11-27T00:00:00', '2026-12-01T00:00:00', '2026-12-02T00:00:00', '2026-12-04T00:00:00'],
    // 2026 National Day: 10-01..10-07 off, Sat 10-10 worked; due Thu 10-08 → yellow all through the holiday
    ['2026-10-08', '2026-09-30T00:00:00', '2026-10-09T00:00:00', '2026-10-10T00:00:00', '2026-10-13T00:00:00'],
    // Due Wed 09-30 before the holiday: the city leader hears after 10-08, 10-09 and Sat 10-10
    ['2026-09-30', '2026-09-29T00:00:00', '2026-10-01T00:00:00', '2026-10-09T00:00:00', '2026-10-11T00:00:00'],
    // 2026 Spring Festival: 02-15..02-23 off, Sat 02-14 and Sat 02-28 worked; due Tue 02-24
    ['2026-02-24', '2026-02-14T00:00:00', '2026-02-25T00:00:00', '2026-02-26T00:00:00', '2026-02-28T00:00:00'],
    // Due on the make-up Saturday 02-14
    ['2026-02-14', '2026-02-13T00:00:00', '2026-02-15T00:00:00', '2026-02-25T00:00:00', '2026-02-27T00:00:00'],
  ])('a working case due %s: reminder %s, handler %s, unit leader %s, city leader %s', (day, yellow, handler, unit, city) => {
    const schedule = dueSchedule(aCase({ closeBy: endOfChinaDay(day) }), official);
    expect(schedule.map((m) => [m.step, m.at.getTime()])).toEqual([
      ['approaching', at(yellow).getTime()],
      ['handler', at(handler).getTime()],
      ['unit_leader', at(unit).getTime()],
      ['city_leader', at(city).getTime()],
    ]);
  });

  it('asks the dispatcher the instant after assignBy while a case waits unassigned, and nothing else', () => {
    const waiting = aCase({ status: 'accepted', assignedAt: null });
    expect(dueSchedule(waiting, official)).toEqual([{ step: 'dispatcher', at: new Date(endOfChinaDay('2026-11-23').getTime() + 1) }]);
  });

  it('makes a phone-revisit task the instant after 3 working days without an answer', () => {
    const revisiting = aCase({ status: 'revisiting', revisitStartedAt: at('2026-11-20T10:00:00') }); // a Friday
    expect(dueSchedule(revisiting, official)).toEqual([{ step: 'revisit', at: new Date(endOfChinaDay('2026-11-25').getTime() + 1) }]);
  });

  it.each(['answered', 'closed', 'invalid'] as const)('has nothing due for a case that is %s', (status) => {
    expect(dueSchedule(aCase({ status, revisitStartedAt: at('2026-11-20T10:00:00') }), official)).toEqual([]);
  });

  it.each<[string, Partial<DueCase>, DueStep[]]>([
    // A merged case whose main case answered waits for its own resident's rating, like a revisiting one.
    ['the main case answered, no rating yet', { revisitStartedAt: at('2026-11-20T10:00:00'), revisitRating: null }, ['revisit']],
    ['its resident has rated', { revisitStartedAt: at('2026-11-20T10:00:00'), revisitRating: 'satisfied' }, []],
    ['the main case not answered yet', { revisitStartedAt: null, revisitRating: null }, []],
  ])('a merged case, %s: its due steps', (_why, fields, steps) => {
    const schedule = dueSchedule(aCase({ status: 'merged', ...fields }), official);
    expect(schedule.map((m) => m.step)).toEqual(steps);
    if (steps.length) expect(schedule[0].at).toEqual(new Date(endOfChinaDay('2026-11-25').getTime() + 1));
  });
});

describe(nextDueAt.name, () => {
  const due = aCase({ closeBy: endOfChinaDay('2026-11-27') });

  it.each<[string, string, string | null]>([
    // now                   next moment to look                 why
    ['2026-11-20T10:00:00', '2026-11-26T00:00:00', null], // green: the reminder comes next
    ['2026-11-26T10:00:00', '2026-11-26T00:00:00', null], // yellow: the reminder applies now
    ['2026-11-28T10:00:00', '2026-11-28T00:00:00', null], // late: the handler's step applies (the reminder does not)
    ['2026-12-05T10:00:00', '2026-11-28T00:00:00', null],
  ])('at %s a changed case is next looked at %s', (now, expected) => {
    expect(nextDueAt(due, at(now), official)).toEqual(at(expected));
  });

  it('is null for a closed case', () => {
    expect(nextDueAt(aCase({ status: 'closed' }), at('2026-11-20T10:00:00'), official)).toBeNull();
  });
});

describe(nextDueAfter.name, () => {
  it.each<[string, string | null]>([
    ['2026-11-26T10:00:00', '2026-11-28T00:00:00'],
    ['2026-11-28T10:00:00', '2026-12-01T00:00:00'],
    ['2026-12-01T10:00:00', '2026-12-03T00:00:00'],
    ['2026-12-03T10:00:00', null], // the city leader is the top: nothing more until the case changes
  ])('after a pass at %s the case is next due at %s', (now, expected) => {
    expect(nextDueAfter(aCase(), at(now), official)).toEqual(expected === null ? null : at(expected));
  });
});

describe(dueSteps.name, () => {
  /**
   * The steps are the old predicates cut into moments: at every hour over six weeks around the
   * 2026 National Day, for every status, dueSteps says exactly what escalationLevel, slaColour,
   * isAssignmentOverdue and the revisit window say.
   */
  const expected = (c: DueCase, now: Date): DueStep[] => {
    const steps: DueStep[] = [];
    if (c.status === 'accepted' && isAssignmentOverdue(c.assignBy, c.assignedAt, now)) steps.push('dispatcher');
    if (['assigned', 'in_progress', 'reopened', 'returned'].includes(c.status)) {
      const colour = slaColour(c.closeBy, now, official);
      if (colour === 'yellow' || colour === 'orange') steps.push('approaching');
      const level = escalationLevel(c.closeBy, now, official);
      const levels = ['handler', 'unit_leader', 'city_leader'] as const;
      if (level !== 'none') steps.push(...levels.slice(0, levels.indexOf(level) + 1));
    }
    if (awaitsRevisit(c) && c.revisitStartedAt && workdayDeadline(c.revisitStartedAt, 3, official) < now) steps.push('revisit');
    return steps.sort();
  };

  it.each(['2026-09-25', '2026-09-30', '2026-10-09', '2026-10-12'])('agrees with the old predicates for cases due %s', (day) => {
    const from = at('2026-09-15T00:30:00').getTime();
    for (const status of CASE_STATUSES) {
      const c = aCase({
        status,
        assignBy: endOfChinaDay(day),
        assignedAt: status === 'accepted' ? null : at('2026-09-14T09:00:00'),
        closeBy: endOfChinaDay(day),
        revisitStartedAt: at(`${day}T10:00:00`),
      });
      for (let t = from; t < from + 42 * 86_400_000; t += 3_600_000) {
        const now = new Date(t);
        expect([status, now.toISOString(), dueSteps(c, now, official).sort()]).toEqual([status, now.toISOString(), expected(c, now)]);
      }
    }
  });
});
