import { OfficialCalendar } from '../calendar/work-calendar';
import { defaultTaxonomy } from '../classification/default-data';
import { chinaDate } from '../shared/china-time';
import { DomainError } from '../shared/domain-error';
import { awaitsRevisit, Case, SYSTEM_ACTOR, residentCaseActor, type CaseActor, type CaseChange, type CaseRules, type CaseState, type StaffAction } from './case';
import type { CaseKind } from './case-kind';
import type { CaseStatus } from './case-lifecycle';
import { deadlinePolicy } from './deadlines';

const at = (beijing: string): Date => new Date(`${beijing}+08:00`);
const rules: CaseRules = { calendar: new OfficialCalendar(), deadlines: deadlinePolicy(defaultTaxonomy()) };

const LEAD = 'unit-lead';
const HELPER = 'unit-helper';
const OTHER = 'unit-other';
const staff = (role: Extract<CaseActor, { kind: 'staff' }>['role'], unitId = 'office'): CaseActor => ({ kind: 'staff', id: `${role}-${unitId}`, name: role, role, unitId });
const dispatcher = staff('dispatcher');
const handler = staff('handler', LEAD);
const resident = residentCaseActor('openid-1');

function filed(kind: CaseKind = 'complaint', acceptedAt = at('2026-11-02T10:00:00')): Case {
  return Case.from(Case.file({ id: 'c1', number: 'MS20261102-0001', kind, urgency: 'normal', acceptedAt }, resident, rules).state, rules);
}
/** Applies each step to the state the one before left. */
function walk(start: Case, ...steps: Array<(c: Case) => CaseChange>): { case: Case; changes: CaseChange[] } {
  let c = start;
  const changes: CaseChange[] = [];
  for (const s of steps) {
    const change = s(c);
    changes.push(change);
    c = Case.from(change.state, rules);
  }
  return { case: c, changes };
}
const inState = (patch: Partial<CaseState>): Case => Case.from({ ...filed().state, ...patch }, rules);
function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? e.code : `not a DomainError: ${String(e)}`;
  }
  return undefined;
}

describe(Case.name, () => {
  describe('filing: deadlines from the taxonomy\'s deadline classes on the official calendar', () => {
    it.each<[string, CaseKind, string, string]>([
      // accepted (Beijing)      kind            assign by     close by
      ['2026-02-13T10:00:00', 'consultation', '2026-02-14', '2026-02-25'], // Spring Festival 02-15..02-23; Sat 02-14 worked
      ['2026-02-20T10:00:00', 'complaint', '2026-02-24', '2026-02-28'], // Sat 02-28 worked
      ['2026-09-24T10:00:00', 'help', '2026-09-28', '2026-10-09'], // Mid-Autumn and National Day
      ['2026-11-06T16:00:00', 'suggestion', '2026-11-09', '2026-11-13'], // a Friday
    ])('accepted %s as %s: assign by %s, close by %s', (accepted, kind, assignDay, closeDay) => {
      const change = Case.file({ id: 'c', number: 'n', kind, urgency: 'normal', acceptedAt: at(accepted) }, resident, rules);
      expect(change.state.status).toBe('accepted');
      expect(chinaDate(change.state.assignBy)).toBe(assignDay);
      expect(chinaDate(change.state.closeBy)).toBe(closeDay);
      expect(change.timeline).toEqual([{ action: 'file', fromStatus: null, toStatus: 'accepted', actor: resident, note: null }]);
      expect(change.events).toEqual([{ type: 'filed', step: 0 }]);
    });

    it('follows the city when it edits a deadline class (consultations get 2 working days)', () => {
      const t = defaultTaxonomy();
      const city = { ...t, deadlineClasses: t.deadlineClasses.map((c) => (c.code === 'consultation' ? { ...c, closeWorkdays: 2 } : c)) };
      const change = Case.file({ id: 'c', number: 'n', kind: 'consultation', urgency: 'normal', acceptedAt: at('2026-11-02T10:00:00') }, resident, {
        ...rules,
        deadlines: deadlinePolicy(city),
      });
      expect(chinaDate(change.state.closeBy)).toBe('2026-11-04');
    });
  });

  it('walks the closed loop with a timeline entry per step and the events others react to', () => {
    const { case: done, changes } = walk(
      filed(),
      (c) => c.assign(dispatcher, { unitId: LEAD, coUnitIds: [HELPER], note: '转办' }, at('2026-11-02T11:00:00')),
      (c) => c.signFor(handler),
      (c) => c.answer(handler, ' 已修好 ', at('2026-11-03T09:00:00')),
      (c) => c.revisit(resident, { rating: 'satisfied' }, at('2026-11-03T12:00:00')),
    );
    expect(done.state).toMatchObject({ status: 'closed', unitId: LEAD, coUnitIds: [HELPER], answer: '已修好', revisitRating: 'satisfied', closedAt: at('2026-11-03T12:00:00') });
    expect(changes.flatMap((c) => c.timeline.map((t) => `${t.action}:${t.fromStatus}→${t.toStatus}`))).toEqual([
      'assign:accepted→assigned',
      'sign_for:assigned→in_progress',
      'answer:in_progress→answered',
      'start_revisit:answered→revisiting',
      'close:revisiting→closed',
    ]);
    expect(changes[2].timeline[1].actor).toBe(SYSTEM_ACTOR);
    expect(changes.flatMap((c) => c.events)).toEqual([
      { type: 'assigned', step: 0, unitId: LEAD, addedCoUnitIds: [HELPER] },
      // The resident hears the answer with the revisit question: the event belongs to the start_revisit entry.
      { type: 'answered', step: 1 },
      { type: 'revisited', step: 0, rating: 'satisfied', closes: true },
      { type: 'closed', step: 0 },
    ]);
  });

  describe('revisit: when it closes and when it reopens', () => {
    it.each<[string, 'satisfied' | 'basically_satisfied' | 'unsatisfied', boolean | null, CaseStatus, string | null]>([
      ['satisfied', 'satisfied', null, 'closed', null],
      ['basically satisfied', 'basically_satisfied', null, 'closed', null],
      ['unsatisfied', 'unsatisfied', null, 'reopened', 'unsatisfied'],
      ['satisfied on the phone but not solved', 'satisfied', false, 'reopened', 'not_solved'],
      ['satisfied and solved', 'satisfied', true, 'closed', null],
    ])('%s → %s', (_, rating, solved, status, reason) => {
      const c = inState({ status: 'revisiting', unitId: LEAD });
      const change = c.revisit(dispatcher, { rating, solved }, at('2026-11-05T10:00:00'));
      expect(change.state.status).toBe(status);
      expect(change.state.closedAt).toEqual(status === 'closed' ? at('2026-11-05T10:00:00') : null);
      const traced = change.events.find((e) => e.type === 'traced');
      expect(traced ? traced.reason : null).toBe(reason);
      if (traced) expect(traced.unitId).toBe(LEAD);
      expect(change.events.some((e) => e.type === 'reopened')).toBe(status === 'reopened');
    });

    it('writes the answer in plain words', () => {
      const change = inState({ status: 'revisiting' }).revisit(dispatcher, { rating: 'satisfied', solved: false, note: '路灯还不亮' }, new Date());
      expect(change.timeline[0].note).toBe('回访：满意，问题未解决（路灯还不亮）');
    });

    it('is never recorded by the unit that handled the case (独立回访)', () => {
      const c = inState({ status: 'revisiting', unitId: LEAD, coUnitIds: [HELPER] });
      expect(codeOf(() => c.revisit(staff('unit_leader', LEAD), { rating: 'satisfied' }, new Date()))).toBe('REVISIT_BY_HANDLING_UNIT');
      expect(codeOf(() => c.revisit(staff('handler', HELPER), { rating: 'satisfied' }, new Date()))).toBe('REVISIT_BY_HANDLING_UNIT');
      // A merged case is answered by the main case's unit: that unit may not record it either.
      const merged = inState({ status: 'merged', unitId: null, mergedInto: 'main', revisitStartedAt: new Date(), revisitRating: null });
      expect(codeOf(() => merged.revisit(staff('dispatcher', OTHER), { rating: 'satisfied', answeredBy: OTHER }, new Date()))).toBe('REVISIT_BY_HANDLING_UNIT');
      // The office, and the resident themselves, may.
      expect(c.revisit(dispatcher, { rating: 'satisfied' }, new Date()).state.status).toBe('closed');
      expect(c.revisit(resident, { rating: 'satisfied' }, new Date()).state.status).toBe('closed');
    });
  });

  describe('return: within 1 working day of assignment, and the unit lets go', () => {
    it.each<[string, string, string | null]>([
      // assigned (Beijing)     returned (Beijing)     error
      ['2026-11-06T15:00:00', '2026-11-09T23:00:00', null], // Friday → Monday midnight
      ['2026-11-06T15:00:00', '2026-11-10T00:01:00', 'RETURN_WINDOW_PASSED'],
      ['2026-09-30T10:00:00', '2026-10-08T12:00:00', null], // National Day: the next working day is 10-08
      ['2026-09-30T10:00:00', '2026-10-09T00:01:00', 'RETURN_WINDOW_PASSED'],
    ])('assigned %s, returned %s → %s', (assigned, returned, error) => {
      const c = inState({ status: 'assigned', unitId: LEAD, assignedAt: at(assigned) });
      if (error) return expect(codeOf(() => c.returnToDispatcher(handler, '不归我们管', at(returned)))).toBe(error);
      const change = c.returnToDispatcher(handler, '不归我们管', at(returned));
      expect(change.state).toMatchObject({ status: 'returned', unitId: null });
      expect(change.events).toEqual([{ type: 'returned', step: 0, unitId: LEAD }]);
    });
  });

  describe('extensions: one waiting at a time, 10 working days in all', () => {
    const handling = inState({ status: 'in_progress', unitId: LEAD, closeBy: at('2026-11-09T23:59:59.999') });

    it('asks, then the dispatcher grants: the deadline moves on the calendar', () => {
      const asked = handling.requestExtension(handler, 3, '需要协调');
      expect(asked.state.extensionPending).toBe(true);
      expect(asked.timeline[0]).toMatchObject({ action: 'request_extension', note: '申请延期3个工作日：需要协调' });
      const granted = Case.from(asked.state, rules).decideExtension(dispatcher, { approve: true, workdays: 3 });
      expect(chinaDate(granted.state.closeBy)).toBe('2026-11-12');
      expect(granted.state).toMatchObject({ extendedWorkdays: 3, extensionPending: false });
    });

    it.each<[string, Partial<CaseState>, number, string]>([
      ['a second request while one waits', { extensionPending: true }, 1, 'EXTENSION_ALREADY_PENDING'],
      ['more than 10 working days in all', { extendedWorkdays: 8 }, 3, 'EXTENSION_LIMIT_EXCEEDED'],
      ['zero days', {}, 0, 'EXTENSION_INVALID'],
      ['a case not in a unit\'s hands', { status: 'answered' }, 1, 'CASE_ILLEGAL_TRANSITION'],
    ])('refuses %s', (_, patch, days, code) => {
      expect(codeOf(() => Case.from({ ...handling.state, ...patch }, rules).requestExtension(handler, days, '理由'))).toBe(code);
    });

    it('refusing leaves the deadline', () => {
      const refused = Case.from({ ...handling.state, extensionPending: true }, rules).decideExtension(dispatcher, { approve: false, workdays: 3 });
      expect(refused.state.closeBy).toEqual(handling.state.closeBy);
      expect(refused.timeline[0]).toMatchObject({ action: 'refuse_extension', note: '不予延期' });
    });
  });

  describe('reclassify: the deadline follows the kind, and an extension survives when the kind stays', () => {
    const accepted = at('2026-11-02T10:00:00');
    it.each<[string, CaseKind, number, CaseKind, string]>([
      // case                         kind now     extended  new kind      close by
      ['complaint → consultation', 'complaint', 0, 'consultation', '2026-11-05'],
      ['consultation → complaint', 'consultation', 0, 'complaint', '2026-11-09'],
      ['extended, kind kept', 'complaint', 2, 'complaint', '2026-11-11'],
      ['extended, kind changed', 'complaint', 2, 'consultation', '2026-11-05'],
    ])('%s', (_, kind, extendedWorkdays, newKind, closeDay) => {
      const c = inState({ kind, acceptedAt: accepted, extendedWorkdays, closeBy: at('2026-11-11T23:59:59.999') });
      const change = c.reclassify(dispatcher, { kind: newKind, subItem: 'disputes', urgency: 'normal', note: '分类' });
      expect(chinaDate(change.state.closeBy)).toBe(closeDay);
      expect(change.events).toEqual([{ type: 'classified', step: 0 }]);
    });

    it('refuses a closed case', () => {
      expect(codeOf(() => inState({ status: 'closed' }).reclassify(dispatcher, { kind: 'help', subItem: 'x', urgency: 'normal', note: '' }))).toBe('CASE_ILLEGAL_TRANSITION');
    });
  });

  describe('merge', () => {
    it('closes the duplicate into an open case', () => {
      const change = inState({ status: 'assigned' }).mergeInto(dispatcher, { id: 'c2', number: 'MS2', status: 'in_progress' });
      expect(change.state).toMatchObject({ status: 'merged', mergedInto: 'c2' });
      expect(change.timeline[0].note).toBe('合并到MS2');
      expect(change.events).toEqual([{ type: 'merged', step: 0, into: 'c2' }]);
    });
    it.each<[string, string, CaseStatus, CaseStatus, string]>([
      ['into itself', 'c1', 'accepted', 'accepted', 'MERGE_INVALID'],
      ['into a closed case', 'c2', 'accepted', 'closed', 'MERGE_INVALID'],
      ['a case already answered', 'c2', 'answered', 'accepted', 'CASE_ILLEGAL_TRANSITION'],
    ])('refuses %s', (_, targetId, status, targetStatus, code) => {
      expect(codeOf(() => inState({ status }).mergeInto(dispatcher, { id: targetId, number: 'n', status: targetStatus }))).toBe(code);
    });
  });

  describe('a merged case follows the main case', () => {
    const main = { id: 'main', number: 'MS-MAIN', answer: '桥已修好' };
    const merged = inState({ status: 'merged', mergedInto: 'main' });

    it('hears the main case\'s answer and gets its own revisit, staying merged', () => {
      const change = merged.followMainAnswer(main, at('2026-11-04T10:00:00'));
      expect(change.state).toMatchObject({ status: 'merged', answer: '桥已修好', revisitStartedAt: at('2026-11-04T10:00:00'), revisitRating: null });
      expect(change.timeline[0]).toMatchObject({ action: 'main_answered', fromStatus: 'merged', toStatus: 'merged', note: '主诉求MS-MAIN已答复：桥已修好' });
      expect(change.events).toEqual([{ type: 'answered', step: 0 }]);
      expect(Case.from(change.state, rules).awaitsMergedRevisit).toBe(true);
      expect(awaitsRevisit(change.state)).toBe(true);
      expect(awaitsRevisit(merged.state)).toBe(false);
    });

    it.each<[string, 'satisfied' | 'unsatisfied', boolean | null, boolean]>([
      ['satisfied', 'satisfied', null, false],
      ['unsatisfied: traced against the unit that answered', 'unsatisfied', null, true],
      ['not solved: traced', 'satisfied', false, true],
    ])('its resident answers the revisit — %s', (_, rating, solved, traced) => {
      const waiting = Case.from(merged.followMainAnswer(main, at('2026-11-04T10:00:00')).state, rules);
      const change = waiting.revisit(resident, { rating, solved, answeredBy: LEAD }, at('2026-11-04T12:00:00'));
      expect(change.state).toMatchObject({ status: 'merged', revisitRating: rating, closedAt: null });
      expect(change.timeline[0]).toMatchObject({ action: 'revisit', toStatus: 'merged' });
      expect(change.events.filter((e) => e.type === 'traced')).toEqual(traced ? [{ type: 'traced', step: 0, unitId: LEAD, reason: solved === false ? 'not_solved' : 'unsatisfied', note: null }] : []);
      expect(Case.from(change.state, rules).awaitsMergedRevisit).toBe(false);
    });

    it.each<[string, () => CaseChange, string]>([
      ['a revisit before the main case answered', () => merged.revisit(resident, { rating: 'satisfied' }, new Date()), 'CASE_ILLEGAL_TRANSITION'],
      ['another case\'s answer', () => merged.followMainAnswer({ ...main, id: 'other' }, new Date()), 'CASE_ILLEGAL_TRANSITION'],
      ['an open case', () => inState({ status: 'assigned', mergedInto: 'main' }).followMainAnswer(main, new Date()), 'CASE_ILLEGAL_TRANSITION'],
    ])('refuses %s', (_, act, code) => {
      expect(codeOf(act)).toBe(code);
    });
  });

  it('assign tells which co-handling units are new, so only they are told', () => {
    const c = inState({ status: 'returned', coUnitIds: [HELPER] });
    const change = c.assign(dispatcher, { unitId: LEAD, coUnitIds: [HELPER, OTHER, LEAD], note: null }, new Date());
    expect(change.state.coUnitIds).toEqual([HELPER, OTHER]);
    expect(change.events).toEqual([{ type: 'assigned', step: 0, unitId: LEAD, addedCoUnitIds: [OTHER] }]);
  });

  it('solves on the spot: assigned to the cadre\'s unit, signed for, answered, waiting for a phone revisit; nobody notified', () => {
    const cadre = staff('handler', 'village-1') as Extract<CaseActor, { kind: 'staff' }>;
    const change = filed().solveOnTheSpot(cadre, '已调解', at('2026-11-02T10:05:00'));
    expect(change.state).toMatchObject({ status: 'revisiting', unitId: 'village-1', answer: '已调解' });
    expect(change.timeline.map((t) => [t.action, t.note])).toEqual([
      ['assign', '当场受理'],
      ['sign_for', null],
      ['answer', '当场解决：已调解'],
      ['start_revisit', '待电话回访'],
    ]);
    expect(change.events).toEqual([]);
  });

  it('escalates with a note that names whom it warned', () => {
    const change = inState({ status: 'in_progress' }).escalate('unit_leader', 2);
    expect(change.timeline[0]).toMatchObject({ action: 'escalate', fromStatus: 'in_progress', toStatus: 'in_progress', actor: SYSTEM_ACTOR, note: '超期2个工作日，预警至单位负责人' });
    expect(change.events).toEqual([{ type: 'escalated', step: 0, level: 'unit_leader', workdaysOverdue: 2 }]);
  });

  it.each<[string, () => CaseChange, string]>([
    ['an empty answer', () => inState({ status: 'in_progress' }).answer(handler, '  ', new Date()), 'ANSWER_EMPTY'],
    ['answering before signing for', () => inState({ status: 'assigned' }).answer(handler, '好', new Date()), 'CASE_ILLEGAL_TRANSITION'],
    ['a note on a closed case', () => inState({ status: 'closed' }).addNote(handler, '进展'), 'CASE_ILLEGAL_TRANSITION'],
    ['media on a merged case', () => inState({ status: 'merged' }).addResidentMedia(resident, '图片'), 'CASE_ILLEGAL_TRANSITION'],
    ['rejecting without a reason', () => filed().reject(dispatcher, ' '), 'REASON_REQUIRED'],
  ])('refuses %s with a coded error', (_, act, code) => {
    expect(codeOf(act)).toBe(code);
  });

  it('keeps a late revisit answer with a closed case', () => {
    expect(inState({ status: 'closed' }).addInfo(resident, '办结后的回访答复：满意').timeline[0]).toMatchObject({ action: 'add_info', toStatus: 'closed' });
  });

  it('records where it is, sent after filing, as added information that others hear of', () => {
    const change = filed().locate(resident, '位置：井溪镇 胜利村');
    expect(change.timeline[0]).toMatchObject({ action: 'add_info', toStatus: 'accepted', note: '位置：井溪镇 胜利村' });
    expect(change.events).toEqual([{ type: 'located', step: 0 }]);
    expect(filed().addInfo(resident, '补充').events).toEqual([]);
  });

  describe('allowedActions: the buttons each actor gets now', () => {
    const now = at('2026-11-03T10:00:00');
    const assignedAt = at('2026-11-03T09:00:00');
    it.each<[string, CaseActor, Partial<CaseState>, StaffAction[]]>([
      ['dispatcher, new case', dispatcher, { status: 'accepted' }, ['classify', 'assign', 'reject']],
      ['dispatcher, returned', dispatcher, { status: 'returned' }, ['classify', 'assign', 'reject']],
      ['dispatcher, extension waiting', dispatcher, { status: 'in_progress', extensionPending: true }, ['decide_extension']],
      ['dispatcher, revisiting', dispatcher, { status: 'revisiting' }, ['revisit']],
      ['dispatcher, merged and answered through the main case', dispatcher, { status: 'merged', revisitStartedAt: now, revisitRating: null }, ['revisit']],
      ['dispatcher, merged, rated', dispatcher, { status: 'merged', revisitStartedAt: now, revisitRating: 'satisfied' }, []],
      ['lead handler, assigned', handler, { status: 'assigned', unitId: LEAD, assignedAt }, ['sign_for', 'note', 'extension', 'return']],
      ['lead handler, assigned days ago', handler, { status: 'assigned', unitId: LEAD, assignedAt: at('2026-10-28T09:00:00') }, ['sign_for', 'note', 'extension']],
      ['lead handler, in progress', handler, { status: 'in_progress', unitId: LEAD }, ['note', 'answer', 'extension']],
      ['lead handler, extension waiting', handler, { status: 'in_progress', unitId: LEAD, extensionPending: true }, ['note', 'answer']],
      ['lead handler, reopened', handler, { status: 'reopened', unitId: LEAD }, ['sign_for', 'note', 'extension']],
      ['lead handler, revisiting', handler, { status: 'revisiting', unitId: LEAD }, []],
      ['co-handling unit handler', staff('handler', HELPER), { status: 'in_progress', unitId: LEAD, coUnitIds: [HELPER] }, ['note']],
      ['another unit\'s handler', staff('handler', OTHER), { status: 'in_progress', unitId: LEAD, coUnitIds: [HELPER] }, []],
      ['lead unit leader', staff('unit_leader', LEAD), { status: 'in_progress', unitId: LEAD }, ['note', 'extension']],
      ['city leader', staff('city_leader'), { status: 'in_progress', unitId: LEAD }, []],
      ['the resident', resident, { status: 'in_progress', unitId: LEAD }, []],
      ['dispatcher, closed', dispatcher, { status: 'closed' }, []],
    ])('%s', (_, actor, patch, expected) => {
      expect(inState(patch).allowedActions(actor, now)).toEqual(expected);
    });
  });
});
