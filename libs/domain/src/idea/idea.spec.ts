import { OfficialCalendar } from '../calendar/work-calendar';
import { DomainError } from '../shared/domain-error';
import { addIdeaMilestone, evaluateIdea, ideaNotice, isEvaluationOverdue, takeUpIdea, type IdeaState } from './idea';

const calendar = new OfficialCalendar();
const at = (beijing: string): Date => new Date(`${beijing}+08:00`);
const takeUp = (over: Partial<Parameters<typeof takeUpIdea>[0]> = {}) => takeUpIdea({ caseKind: 'suggestion', unitId: 'u1', title: '建高山蔬菜基地', at: at('2026-12-07T10:00:00'), ...over }, calendar);
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? e.code : 'OTHER';
  }
  return undefined;
};

describe(takeUpIdea.name, () => {
  it('gives the unit 10 working days on the official calendar to evaluate', () => {
    // Monday 7 December 2026 + 10 working days: Monday 21 December, end of the day in Beijing.
    expect(takeUp().state).toMatchObject({ status: 'evaluating', unitId: 'u1', evaluateBy: at('2026-12-21T23:59:59.999') });
  });

  it('counts over the New Year holiday', () => {
    // 2026-12-28 (Mon) + 10 working days skips 1–3 January 2027 only if the calendar knows them; the package has
    // no 2027, so weekends alone count: Mon 11 January 2027.
    expect(takeUp({ at: at('2026-12-28T09:00:00') }).state.evaluateBy).toEqual(at('2027-01-11T23:59:59.999'));
  });

  it('takes up only suggestions, with a unit and a title', () => {
    expect(codeOf(() => takeUp({ caseKind: 'complaint' }))).toBe('IDEA_NOT_SUGGESTION');
    expect(codeOf(() => takeUp({ unitId: null }))).toBe('UNIT_REQUIRED');
    expect(codeOf(() => takeUp({ title: ' ' }))).toBe('IDEA_INVALID');
  });
});

describe('an idea’s life', () => {
  const evaluating = (): IdeaState => takeUp().state;
  const later = at('2026-12-10T10:00:00');

  it('is adopted, followed through milestones and delivered, each step a notice', () => {
    const adopted = evaluateIdea(evaluating(), { decision: 'adopt' }, later);
    expect(adopted).toEqual({ state: expect.objectContaining({ status: 'adopted', evaluatedAt: later, decision: 'adopt' }), event: { type: 'evaluated', decision: 'adopt', reason: null } });
    const step = addIdeaMilestone(adopted.state, { note: '选好了地块', delivered: false }, later);
    expect(step).toEqual({ state: adopted.state, event: { type: 'milestone', note: '选好了地块' } });
    const done = addIdeaMilestone(step.state, { note: '基地建成投产', delivered: true }, later);
    expect(done.state).toMatchObject({ status: 'delivered', deliveredAt: later });
    expect(ideaNotice('建高山蔬菜基地', done.event)).toBe('您的建议「建高山蔬菜基地」已落地：基地建成投产');
  });

  it('needs a reason to decline or to adopt in part', () => {
    expect(codeOf(() => evaluateIdea(evaluating(), { decision: 'decline' }, later))).toBe('REASON_REQUIRED');
    expect(codeOf(() => evaluateIdea(evaluating(), { decision: 'adopt_in_part', reason: '  ' }, later))).toBe('REASON_REQUIRED');
    const declined = evaluateIdea(evaluating(), { decision: 'decline', reason: '地块是基本农田' }, later);
    expect(declined.state).toMatchObject({ status: 'declined', decisionReason: '地块是基本农田' });
    expect(ideaNotice('修路', declined.event)).toBe('您的建议「修路」暂不采纳：地块是基本农田');
  });

  it.each([
    ['evaluate twice', () => evaluateIdea(evaluateIdea(takeUp().state, { decision: 'adopt' }, later).state, { decision: 'adopt' }, later)],
    ['add a milestone before adoption', () => addIdeaMilestone(takeUp().state, { note: '开工', delivered: false }, later)],
    ['add a milestone to a declined idea', () => addIdeaMilestone(evaluateIdea(takeUp().state, { decision: 'decline', reason: '不行' }, later).state, { note: '开工', delivered: false }, later)],
  ])('refuses to %s', (_, act) => {
    expect(codeOf(act)).toBe('IDEA_ILLEGAL_TRANSITION');
  });

  it('is overdue only while unevaluated after its deadline', () => {
    const s = evaluating();
    expect(isEvaluationOverdue(s, at('2026-12-21T23:00:00'))).toBe(false);
    expect(isEvaluationOverdue(s, at('2026-12-22T00:00:01'))).toBe(true);
    expect(isEvaluationOverdue(evaluateIdea(s, { decision: 'adopt' }, later).state, at('2027-02-01T00:00:00'))).toBe(false);
  });
});
