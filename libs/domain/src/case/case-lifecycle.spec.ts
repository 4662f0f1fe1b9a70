import { CASE_ACTIONS, CASE_STATUSES, canApply, isOnTheClock, isOpen, nextStatus, type CaseAction, type CaseStatus } from './case-lifecycle';
import { DomainError } from '../shared/domain-error';

describe('case lifecycle', () => {
  it('walks the closed loop: accept → assign → sign for → answer → revisit → close', () => {
    const path: CaseAction[] = ['assign', 'sign_for', 'answer', 'start_revisit', 'close'];
    const visited = path.reduce<CaseStatus[]>((acc, action) => [...acc, nextStatus(acc[acc.length - 1], action)], ['accepted']);
    expect(visited).toEqual(['accepted', 'assigned', 'in_progress', 'answered', 'revisiting', 'closed']);
  });

  it('reopens on an unsatisfied revisit and lets the handler answer again', () => {
    const reopened = nextStatus('revisiting', 'reopen');
    expect(reopened).toBe('reopened');
    expect(nextStatus(nextStatus(reopened, 'sign_for'), 'answer')).toBe('answered');
  });

  it('sends a returned case back to the dispatcher, who can re-route or reject it', () => {
    const returned = nextStatus('assigned', 'return');
    expect(nextStatus(returned, 'assign')).toBe('assigned');
    expect(nextStatus(returned, 'reject')).toBe('invalid');
  });

  it.each<[CaseStatus, CaseAction]>([
    ['accepted', 'answer'],
    ['closed', 'assign'],
    ['closed', 'reopen'],
    ['invalid', 'sign_for'],
    ['merged', 'assign'],
    ['in_progress', 'return'],
    ['answered', 'close'],
  ])('refuses to %s → %s with a coded error', (status, action) => {
    expect(() => nextStatus(status, action)).toThrow(DomainError);
    try {
      nextStatus(status, action);
    } catch (e) {
      expect((e as DomainError).code).toBe('CASE_ILLEGAL_TRANSITION');
      expect((e as DomainError).details).toMatchObject({ status, action });
    }
  });

  it.each<[CaseStatus, boolean]>([
    ['accepted', true],
    ['assigned', true],
    ['in_progress', true],
    ['returned', true],
    ['reopened', true],
    ['answered', false],
    ['revisiting', false],
    ['closed', false],
    ['merged', false],
  ])('%s is on the clock: %s', (status, expected) => {
    expect(isOnTheClock(status)).toBe(expected);
  });

  it('leaves no terminal state with a way out', () => {
    for (const terminal of CASE_STATUSES.filter((s) => !isOpen(s))) {
      expect(CASE_ACTIONS.filter((a) => canApply(terminal, a))).toEqual([]);
    }
  });
});
