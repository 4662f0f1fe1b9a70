import { allowedActions, isOpenStatus, sendsVersion, type StaffAction } from './actions';
import type { CaseStatus, StaffRole } from './types';

describe('allowedActions', () => {
  const table: [StaffRole | null, CaseStatus, boolean, StaffAction[]][] = [
    ['handler', 'assigned', false, ['sign_for', 'note', 'extension', 'return']],
    ['handler', 'assigned', true, ['sign_for', 'note', 'return']],
    ['handler', 'in_progress', false, ['note', 'answer', 'extension']],
    ['handler', 'in_progress', true, ['note', 'answer']],
    ['handler', 'reopened', false, ['sign_for', 'note', 'extension']],
    ['handler', 'accepted', false, []],
    ['handler', 'answered', false, []],
    ['handler', 'revisiting', false, []],
    ['handler', 'closed', false, []],
    ['unit_leader', 'in_progress', false, ['note', 'extension']],
    ['dispatcher', 'accepted', false, ['classify', 'assign', 'reject']],
    ['dispatcher', 'returned', false, ['classify', 'assign', 'reject']],
    ['dispatcher', 'in_progress', true, ['decide_extension']],
    ['dispatcher', 'in_progress', false, []],
    ['dispatcher', 'closed', true, []],
    ['dispatcher', 'invalid', false, []],
    ['dispatcher', 'revisiting', false, ['revisit']],
    ['dispatcher', 'answered', false, []],
    ['handler', 'revisiting', true, []],
    ['unit_leader', 'revisiting', false, []],
    ['admin', 'revisiting', false, []],
    [null, 'revisiting', false, []],
    ['admin', 'accepted', false, []],
    [null, 'assigned', false, []],
  ];
  it.each(table)('%s on %s (pending extension %s) → %j', (role, status, pending, expected) => {
    expect(allowedActions({ role, status, hasPendingExtension: pending })).toEqual(expected);
  });
});

describe('isOpenStatus', () => {
  it.each([
    ['accepted', true],
    ['revisiting', true],
    ['closed', false],
    ['invalid', false],
    ['merged', false],
  ] as [CaseStatus, boolean][])('%s → %s', (s, open) => expect(isOpenStatus(s)).toBe(open));
});

describe('sendsVersion', () => {
  it.each([
    ['sign_for', true],
    ['answer', true],
    ['return', true],
    ['classify', true],
    ['assign', true],
    ['reject', true],
    ['note', false],
    ['extension', false],
    ['decide_extension', false],
    ['revisit', false],
  ] as [StaffAction, boolean][])('%s → %s', (a, v) => expect(sendsVersion(a)).toBe(v));
});
