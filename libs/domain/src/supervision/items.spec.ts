import { DomainError } from '../shared/domain-error';
import {
  checkDeadline,
  checkNewItem,
  closedOnTime,
  escalationDue,
  isItemOverdue,
  maySeeItem,
  requiredText,
  supervisionCounts,
  supervisionNumber,
  supervisionStep,
  type NewSupervisionItem,
  type SupervisionActor,
  type SupervisionStatus,
} from './items';

const at = (beijing: string): Date => new Date(`${beijing}+08:00`);
const codeOf = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof DomainError ? e.code : 'not a domain error';
  }
};

const inspector: SupervisionActor = { role: 'inspector', unitId: 'discipline' };
const admin: SupervisionActor = { role: 'admin', unitId: 'city' };
const handler: SupervisionActor = { role: 'handler', unitId: 'u1' };
const leader: SupervisionActor = { role: 'unit_leader', unitId: 'u1' };
const otherHandler: SupervisionActor = { role: 'handler', unitId: 'u2' };
const dispatcher: SupervisionActor = { role: 'dispatcher', unitId: 'city' };
const cityLeader: SupervisionActor = { role: 'city_leader', unitId: 'city' };

describe(checkNewItem.name, () => {
  const base: NewSupervisionItem = { source: 'case', caseIds: ['c1'], title: ' 路灯久修不好 ', requirement: ' 三天内修复 ', dueDate: '2026-12-10' };
  const today = '2026-12-07';

  it.each<[string, Partial<NewSupervisionItem>, string | null]>([
    ['one case', {}, null],
    ['one case named twice is one case', { caseIds: ['c1', 'c1'] }, null],
    ['a case item with two cases', { caseIds: ['c1', 'c2'] }, 'SUPERVISION_INVALID'],
    ['a case item with none', { caseIds: [] }, 'SUPERVISION_INVALID'],
    ['a group of two cases', { source: 'cases', caseIds: ['c1', 'c2'] }, null],
    ['a group of one case', { source: 'cases', caseIds: ['c1'] }, 'SUPERVISION_INVALID'],
    ['a warning with its id', { source: 'warning', caseIds: [], warningId: 'w1' }, null],
    ['a warning without its id', { source: 'warning', caseIds: [] }, 'SUPERVISION_INVALID'],
    ['a confirmed flag with its id', { source: 'flag', flagId: 'f1' }, null],
    ['a flag without its id', { source: 'flag' }, 'SUPERVISION_INVALID'],
    ['a flag id on a case item', { flagId: 'f1' }, 'SUPERVISION_INVALID'],
    ['a warning id on a flag item', { source: 'flag', flagId: 'f1', warningId: 'w1' }, 'SUPERVISION_INVALID'],
    ['a field visit with its note', { source: 'field_visit', caseIds: [], fieldNote: '暗访发现村道塌方未设警示' }, null],
    ['a field visit without a note', { source: 'field_visit', caseIds: [], fieldNote: '  ' }, 'SUPERVISION_INVALID'],
    ['a field visit naming a case', { source: 'field_visit', fieldNote: '暗访' }, 'SUPERVISION_INVALID'],
    ['a blank title', { title: '   ' }, 'SUPERVISION_INVALID'],
    ['a blank requirement', { requirement: '' }, 'SUPERVISION_INVALID'],
    ['a deadline today', { dueDate: '2026-12-07' }, null],
    ['a deadline yesterday', { dueDate: '2026-12-06' }, 'SUPERVISION_INVALID'],
    ['a date that does not exist', { dueDate: '2026-02-30' }, 'SUPERVISION_INVALID'],
  ])('%s', (_, patch, code) => {
    expect(codeOf(() => checkNewItem({ ...base, ...patch }, today))).toBe(code);
  });

  it('trims the texts and drops repeated cases', () => {
    expect(checkNewItem({ ...base, caseIds: ['c1', 'c1'] }, today)).toMatchObject({ title: '路灯久修不好', requirement: '三天内修复', caseIds: ['c1'] });
  });
});

describe('deadlines and texts', () => {
  it('takes a real date no earlier than today, and words rather than blanks', () => {
    expect(checkDeadline('2026-12-31', '2026-12-07')).toBe('2026-12-31');
    expect(codeOf(() => checkDeadline('2026-13-01', '2026-12-07'))).toBe('SUPERVISION_INVALID');
    expect(requiredText('  已整改  ', 'text')).toBe('已整改');
    expect(codeOf(() => requiredText(' \n ', 'text'))).toBe('SUPERVISION_INVALID');
  });
});

describe(supervisionStep.name, () => {
  type Row = [SupervisionStatus, Parameters<typeof supervisionStep>[1], SupervisionActor, SupervisionStatus | string];
  it.each<Row>([
    // The unit answers while it owes a report.
    ['assigned', 'report', handler, 'reported'],
    ['assigned', 'report', leader, 'reported'],
    ['sent_back', 'report', handler, 'reported'],
    ['reported', 'report', handler, 'SUPERVISION_ILLEGAL_TRANSITION'],
    ['closed', 'report', handler, 'SUPERVISION_ILLEGAL_TRANSITION'],
    // Only the item's own unit, and never the inspector or the office on its behalf.
    ['assigned', 'report', otherHandler, 'SUPERVISION_NOT_ALLOWED'],
    ['assigned', 'report', inspector, 'SUPERVISION_NOT_ALLOWED'],
    ['assigned', 'report', dispatcher, 'SUPERVISION_NOT_ALLOWED'],
    // The inspector verifies a report: closes it or sends it back.
    ['reported', 'close', inspector, 'closed'],
    ['reported', 'send_back', inspector, 'sent_back'],
    ['reported', 'close', admin, 'closed'],
    ['assigned', 'close', inspector, 'SUPERVISION_ILLEGAL_TRANSITION'],
    ['sent_back', 'close', inspector, 'SUPERVISION_ILLEGAL_TRANSITION'],
    ['closed', 'send_back', inspector, 'SUPERVISION_ILLEGAL_TRANSITION'],
    ['reported', 'close', handler, 'SUPERVISION_NOT_ALLOWED'],
    ['reported', 'close', leader, 'SUPERVISION_NOT_ALLOWED'],
    ['reported', 'send_back', cityLeader, 'SUPERVISION_NOT_ALLOWED'],
    ['reported', 'close', dispatcher, 'SUPERVISION_NOT_ALLOWED'],
    // Records kept with the item: the inspector's, whatever the status.
    ['closed', 'accountability', inspector, 'closed'],
    ['assigned', 'exposure', inspector, 'assigned'],
    ['closed', 'accountability', leader, 'SUPERVISION_NOT_ALLOWED'],
    ['assigned', 'exposure', dispatcher, 'SUPERVISION_NOT_ALLOWED'],
  ])('%s → %s by %o: %s', (status, action, actor, expected) => {
    const item = { status, unitId: 'u1' };
    const run = () => supervisionStep(item, action, actor);
    if (expected.startsWith('SUPERVISION_')) expect(codeOf(run)).toBe(expected);
    else expect(run()).toBe(expected);
  });

  it('runs a whole life: assigned → reported → sent back → reported → closed', () => {
    let status: SupervisionStatus = 'assigned';
    for (const [action, actor] of [['report', handler], ['send_back', inspector], ['report', leader], ['close', inspector]] as const) {
      status = supervisionStep({ status, unitId: 'u1' }, action, actor);
    }
    expect(status).toBe('closed');
  });
});

describe(maySeeItem.name, () => {
  it.each<[SupervisionActor, boolean]>([
    [inspector, true],
    [dispatcher, true],
    [cityLeader, true],
    [admin, true],
    [handler, true],
    [leader, true],
    [otherHandler, false],
    [{ role: 'unit_leader', unitId: 'u2' }, false],
  ])('%o sees an item of u1: %s', (actor, sees) => {
    expect(maySeeItem(actor, { unitId: 'u1' })).toBe(sees);
  });
});

describe('overdue and escalation', () => {
  // The deadline is a plain Beijing date: 2026-12-11 is a Friday; the weekend does not stretch it.
  it.each<[SupervisionStatus, string, boolean]>([
    ['assigned', '2026-12-11T23:59:59', false],
    ['assigned', '2026-12-12T00:00:00', true],
    ['sent_back', '2026-12-14T09:00:00', true],
    ['reported', '2026-12-14T09:00:00', false], // waiting on the inspector, not the unit
    ['closed', '2026-12-20T09:00:00', false],
  ])('%s, seen at %s Beijing: overdue %s', (status, now, overdue) => {
    expect(isItemOverdue({ status, dueDate: '2026-12-11' }, at(now))).toBe(overdue);
    expect(escalationDue({ status, dueDate: '2026-12-11', escalatedAt: null }, at(now))).toBe(overdue);
  });

  it('escalates an item once', () => {
    expect(escalationDue({ status: 'assigned', dueDate: '2026-12-11', escalatedAt: at('2026-12-12T00:05:00') }, at('2026-12-15T09:00:00'))).toBe(false);
  });

  it('counts the UTC evening of the deadline as the next Beijing day', () => {
    expect(isItemOverdue({ status: 'assigned', dueDate: '2026-12-11' }, new Date('2026-12-11T16:30:00Z'))).toBe(true);
  });
});

describe(closedOnTime.name, () => {
  it.each<[SupervisionStatus, string | null, boolean]>([
    ['closed', '2026-12-11T22:00:00', true],
    ['closed', '2026-12-12T08:00:00', false],
    ['reported', '2026-12-10T08:00:00', false],
    ['closed', null, false],
  ])('%s, reported %s: on time %s', (status, reported, onTime) => {
    expect(closedOnTime({ status, dueDate: '2026-12-11', reportedAt: reported ? at(reported) : null })).toBe(onTime);
  });
});

describe(supervisionNumber.name, () => {
  it('numbers items by year', () => {
    expect(supervisionNumber(2026, 1)).toBe('督-2026-0001');
    expect(supervisionNumber(2026, 2691)).toBe('督-2026-2691');
    expect(supervisionNumber(2027, 12345)).toBe('督-2027-12345');
  });
});

describe(supervisionCounts.name, () => {
  it('counts open, overdue, closed and closed on time, in all and by unit', () => {
    const now = at('2026-12-15T10:00:00');
    const { total, byUnit } = supervisionCounts(
      [
        { unitId: 'u1', status: 'assigned', dueDate: '2026-12-11', reportedAt: null }, // overdue
        { unitId: 'u1', status: 'reported', dueDate: '2026-12-11', reportedAt: at('2026-12-12T09:00:00') }, // open, with the inspector
        { unitId: 'u1', status: 'closed', dueDate: '2026-12-11', reportedAt: at('2026-12-10T09:00:00') }, // on time
        { unitId: 'u2', status: 'closed', dueDate: '2026-12-11', reportedAt: at('2026-12-13T09:00:00') }, // late
        { unitId: 'u2', status: 'sent_back', dueDate: '2026-12-20', reportedAt: at('2026-12-13T09:00:00') }, // open, not yet due
      ],
      now,
    );
    expect(total).toEqual({ open: 3, overdue: 1, closed: 2, closedOnTime: 1 });
    expect(byUnit.get('u1')).toEqual({ open: 2, overdue: 1, closed: 1, closedOnTime: 1 });
    expect(byUnit.get('u2')).toEqual({ open: 1, overdue: 0, closed: 1, closedOnTime: 0 });
  });
});
