import type { WorkCalendar } from '../calendar/work-calendar';
import { applyExtension, extensionNote } from '../sla/extension';
import { canReturn, returnBy } from '../sla/return-window';
import type { EscalationLevel } from '../sla/escalation';
import { DomainError } from '../shared/domain-error';
import type { Urgency } from '../classification/rules';
import type { CaseKind } from './case-kind';
import { canApply, DISPATCH_STATUSES, isInHandling, isOpen, nextStatus, type CaseAction, type CaseStatus } from './case-lifecycle';
import { computeDeadlines, DEFAULT_DEADLINE_POLICY, type DeadlinePolicy } from './deadlines';
import { reopenReason, revisitCloses, revisitNote, type ReopenReason, type RevisitRating } from './revisit';

/** Staff roles as the case sees them. */
export type CaseStaffRole = 'dispatcher' | 'handler' | 'unit_leader' | 'city_leader' | 'inspector' | 'admin';

/** Who acts on a case: a member of staff (with role and unit), the resident, or the system's jobs. */
export type CaseActor =
  | { readonly kind: 'staff'; readonly id: string; readonly name: string; readonly role: CaseStaffRole; readonly unitId: string }
  | { readonly kind: 'resident'; readonly id: string; readonly name: string }
  | { readonly kind: 'system'; readonly id: null; readonly name: string };

export const SYSTEM_ACTOR: CaseActor = { kind: 'system', id: null, name: '系统' };
export const residentCaseActor = (openid: string): CaseActor => ({ kind: 'resident', id: openid, name: '群众' });

/** Every step the timeline records: the lifecycle's actions, and the steps that leave the status as it is. */
export type CaseStep =
  | 'file'
  | CaseAction
  | 'add_info'
  | 'main_answered'
  | 'revisit'
  | 'classify'
  | 'note'
  | 'request_extension'
  | 'extend'
  | 'refuse_extension'
  | 'escalate';

/** The buttons a member of staff may be offered on a case, in the order they appear. */
export const STAFF_ACTIONS = [
  'sign_for', // 签收
  'note', // 进展
  'answer', // 答复
  'extension', // 申请延期
  'return', // 退回
  'classify', // 分类
  'assign', // 转办
  'decide_extension', // 审批延期
  'reject', // 无效
  'revisit', // 电话回访
] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

/** What the rules look at. The server keeps the rest of the row (text, resident, place …) beside it. */
export interface CaseState {
  readonly id: string;
  readonly number: string;
  readonly status: CaseStatus;
  readonly kind: CaseKind;
  readonly subItem: string | null;
  readonly urgency: Urgency;
  /** The lead unit (主办). */
  readonly unitId: string | null;
  /** Co-handling units (协办): they see the case and add notes. */
  readonly coUnitIds: readonly string[];
  readonly acceptedAt: Date;
  readonly assignBy: Date;
  readonly closeBy: Date;
  readonly assignedAt: Date | null;
  readonly extendedWorkdays: number;
  /** An extension request waits for the dispatcher. */
  readonly extensionPending: boolean;
  readonly answer: string | null;
  readonly revisitStartedAt: Date | null;
  readonly revisitRating: RevisitRating | null;
  readonly revisitSolved: boolean | null;
  readonly closedAt: Date | null;
  readonly invalidReason: string | null;
  readonly mergedInto: string | null;
}

/**
 * Whether the resident's revisit answer is awaited: their case is being revisited, or it was merged
 * and the main case has answered them and they have not yet said whether they are satisfied.
 */
export function awaitsRevisit(c: Pick<CaseState, 'status' | 'revisitStartedAt' | 'revisitRating'>): boolean {
  return c.status === 'revisiting' || (c.status === 'merged' && c.revisitStartedAt !== null && c.revisitRating === null);
}

/** One immutable timeline entry: who, what, from which state to which. */
export interface TimelineStep {
  readonly action: CaseStep;
  readonly fromStatus: CaseStatus | null;
  readonly toStatus: CaseStatus;
  readonly actor: CaseActor;
  readonly note: string | null;
}

/**
 * What other parts of the system react to. `step` is the index, in this change's `timeline`,
 * of the entry the event belongs to (its id keys the reaction so it happens once).
 */
export type CaseEvent =
  | { readonly type: 'filed'; readonly step: number }
  | { readonly type: 'assigned'; readonly step: number; readonly unitId: string; readonly addedCoUnitIds: readonly string[] }
  | { readonly type: 'returned'; readonly step: number; readonly unitId: string | null }
  | { readonly type: 'answered'; readonly step: number }
  | { readonly type: 'revisited'; readonly step: number; readonly rating: RevisitRating; readonly closes: boolean }
  /** 问题溯源: an unsatisfied or unsolved revisit, held against the unit that answered. */
  | { readonly type: 'traced'; readonly step: number; readonly unitId: string | null; readonly reason: ReopenReason; readonly note: string | null }
  | { readonly type: 'reopened'; readonly step: number; readonly unitId: string | null }
  | { readonly type: 'closed'; readonly step: number }
  | { readonly type: 'classified'; readonly step: number }
  | { readonly type: 'merged'; readonly step: number; readonly into: string }
  | { readonly type: 'escalated'; readonly step: number; readonly level: EscalationTarget; readonly workdaysOverdue: number }
  /** The resident told where it is after filing (a location sent after the text): who was told of the place may need telling again. */
  | { readonly type: 'located'; readonly step: number };

/** Whom an escalation step warns: the climb of overdue work, a reminder before it, or dispatchers for a late assignment. */
export type EscalationTarget = Exclude<EscalationLevel, 'none'> | 'approaching' | 'dispatcher';

/** The result of one action: the new state, what the timeline gains, and what others must hear. */
export interface CaseChange {
  readonly state: CaseState;
  readonly timeline: readonly TimelineStep[];
  readonly events: readonly CaseEvent[];
}

/** What the rules need from outside: the official calendar and the city's deadline classes. */
export interface CaseRules {
  readonly calendar: WorkCalendar;
  readonly deadlines?: DeadlinePolicy;
}

export interface Filing {
  /** Empty until the database names the new case. */
  readonly id?: string;
  readonly number: string;
  readonly kind: CaseKind;
  readonly urgency: Urgency;
  readonly acceptedAt: Date;
}

const ESCALATION_NOTES: Record<EscalationTarget, (overdue: number) => string> = {
  dispatcher: () => '超过转办时限',
  approaching: () => '即将到期，已提醒承办人',
  handler: (d) => `超期${d}个工作日，预警至承办人`,
  unit_leader: (d) => `超期${d}个工作日，预警至单位负责人`,
  city_leader: (d) => `超期${d}个工作日，预警至分管领导`,
};

function illegal(action: string, status: CaseStatus): DomainError {
  return new DomainError('CASE_ILLEGAL_TRANSITION', `cannot ${action} a case that is ${status}`, { status, action });
}

/**
 * 诉求: the one owner of a case's rules. Each action takes the actor and the time and returns a
 * CaseChange, or throws a coded DomainError; nothing is written here. Who may reach the case at
 * all (a unit sees its own cases) is the server's scope; which buttons to offer is allowedActions.
 */
export class Case {
  private constructor(
    readonly state: CaseState,
    private readonly rules: CaseRules,
  ) {}

  static from(state: CaseState, rules: CaseRules): Case {
    return new Case(state, rules);
  }

  /** 受理: a new case with its "135" deadlines (the kind's deadline class, as the city set it). */
  static file(filing: Filing, actor: CaseActor, rules: CaseRules): CaseChange {
    const { assignBy, closeBy } = computeDeadlines(filing.acceptedAt, filing.kind, rules.calendar, rules.deadlines ?? DEFAULT_DEADLINE_POLICY);
    const state: CaseState = {
      id: filing.id ?? '',
      number: filing.number,
      status: 'accepted',
      kind: filing.kind,
      subItem: null,
      urgency: filing.urgency,
      unitId: null,
      coUnitIds: [],
      acceptedAt: filing.acceptedAt,
      assignBy,
      closeBy,
      assignedAt: null,
      extendedWorkdays: 0,
      extensionPending: false,
      answer: null,
      revisitStartedAt: null,
      revisitRating: null,
      revisitSolved: null,
      closedAt: null,
      invalidReason: null,
      mergedInto: null,
    };
    return { state, timeline: [{ action: 'file', fromStatus: null, toStatus: 'accepted', actor, note: null }], events: [{ type: 'filed', step: 0 }] };
  }

  get isOpen(): boolean {
    return isOpen(this.state.status);
  }

  /** 转办 to a lead unit, with co-handling units; a new assignment replaces the co-units. */
  assign(actor: CaseActor, input: { unitId: string; coUnitIds?: readonly string[]; note: string | null }, at: Date): CaseChange {
    if (!input.unitId) throw new DomainError('UNIT_REQUIRED', 'a case is assigned to a unit');
    const coUnitIds = [...new Set(input.coUnitIds ?? [])].filter((u) => u !== input.unitId);
    const added = coUnitIds.filter((u) => !this.state.coUnitIds.includes(u));
    return this.move(actor, 'assign', { unitId: input.unitId, coUnitIds, assignedAt: at }, input.note, (step) => [
      { type: 'assigned', step, unitId: input.unitId, addedCoUnitIds: added },
    ]);
  }

  /** 无效: rejected at acceptance, with the reason. */
  reject(actor: CaseActor, reason: string): CaseChange {
    if (!reason.trim()) throw new DomainError('REASON_REQUIRED', 'say why the case is invalid');
    return this.move(actor, 'reject', { invalidReason: reason }, reason);
  }

  signFor(actor: CaseActor): CaseChange {
    return this.move(actor, 'sign_for', {}, null);
  }

  /**
   * 退回: a misrouted case goes back to the dispatcher, but only within 1 working day of its
   * assignment. The returning unit lets go of it, so the dispatcher can route it again.
   */
  returnToDispatcher(actor: CaseActor, reason: string, at: Date): CaseChange {
    if (!reason.trim()) throw new DomainError('REASON_REQUIRED', 'say why the case is returned');
    const { assignedAt } = this.state;
    if (assignedAt && !canReturn(assignedAt, at, this.rules.calendar)) {
      throw new DomainError('RETURN_WINDOW_PASSED', 'a case can be returned only within 1 working day of assignment; ask the dispatcher instead', {
        returnBy: returnBy(assignedAt, this.rules.calendar).toISOString(),
      });
    }
    const unitId = this.state.unitId;
    return this.move(actor, 'return', { unitId: null }, reason, (step) => [{ type: 'returned', step, unitId }]);
  }

  /** 反馈: the handler's answer; the revisit question goes out with it (回访 starts at once). */
  answer(actor: CaseActor, text: string, at: Date, revisitNote = '已发送回访'): CaseChange {
    const answer = text.trim();
    if (!answer) throw new DomainError('ANSWER_EMPTY', 'the answer has no text');
    const answered = this.move(actor, 'answer', { answer }, answer);
    const revisiting = Case.from(answered.state, this.rules).move(SYSTEM_ACTOR, 'start_revisit', { revisitStartedAt: at }, revisitNote);
    return { state: revisiting.state, timeline: [...answered.timeline, ...revisiting.timeline], events: [{ type: 'answered', step: 1 }] };
  }

  /**
   * 当场解决: a village cadre who solved it on the spot records the answer as they file it. The case
   * is assigned to their unit, signed for and answered at once, and goes to a phone revisit. Nobody
   * is notified: the resident was there, and the unit is the cadre's own.
   */
  solveOnTheSpot(actor: CaseActor & { kind: 'staff' }, answer: string, at: Date): CaseChange {
    const assigned = this.move(actor, 'assign', { unitId: actor.unitId, coUnitIds: [], assignedAt: at }, '当场受理');
    const signed = Case.from(assigned.state, this.rules).move(actor, 'sign_for', {}, null);
    const answered = Case.from(signed.state, this.rules).answer(actor, answer, at, '待电话回访');
    const [answerStep, revisitStep] = answered.timeline;
    return {
      state: answered.state,
      timeline: [...assigned.timeline, ...signed.timeline, { ...answerStep, note: `当场解决：${answer.trim()}` }, revisitStep],
      events: [],
    };
  }

  /**
   * 回访: the resident's word, in chat or by phone. Satisfied (and solved) closes the case (销号);
   * unsatisfied or unsolved reopens it for the lead unit and is traced against it (问题溯源).
   * A merged case's resident answers the revisit of the main case's answer: their word is kept and
   * traced, and their case stays merged (the main case's own revisit decides whether it reopens).
   * `answeredBy` names the unit that answered a merged case (the main case's lead unit).
   */
  revisit(actor: CaseActor, input: { rating: RevisitRating; solved?: boolean | null; note?: string | null; answeredBy?: string | null }, at: Date): CaseChange {
    // 独立回访: the unit that handled the case never records what the resident said of its work.
    if (actor.kind === 'staff' && this.handledBy(actor.unitId, input.answeredBy ?? null)) {
      throw new DomainError('REVISIT_BY_HANDLING_UNIT', 'the unit that handled the case cannot record its revisit', { unitId: actor.unitId });
    }
    const solved = input.solved ?? null;
    const closes = revisitCloses(input.rating, solved);
    const note = revisitNote(input.rating, solved, input.note);
    const traced = (step: number, unitId: string | null): CaseEvent[] =>
      closes ? [] : [{ type: 'traced', step, unitId, reason: reopenReason(solved), note: input.note ?? null }];
    if (this.state.status === 'merged') {
      if (!this.awaitsMergedRevisit) throw illegal('revisit', this.state.status);
      return this.step(actor, 'revisit', { revisitRating: input.rating, revisitSolved: solved }, note, (step) => [
        { type: 'revisited', step, rating: input.rating, closes },
        ...traced(step, input.answeredBy ?? null),
      ]);
    }
    const patch: Partial<CaseState> = { revisitRating: input.rating, revisitSolved: solved, closedAt: closes ? at : null };
    return this.move(actor, closes ? 'close' : 'reopen', patch, note, (step) => [
      { type: 'revisited', step, rating: input.rating, closes },
      ...traced(step, this.state.unitId),
      closes ? { type: 'closed', step } : { type: 'reopened', step, unitId: this.state.unitId },
    ]);
  }

  /** Whether a unit handled this case: its lead unit, a co-handling unit, or the unit that answered it (a merged case's main unit). */
  handledBy(unitId: string, answeredBy: string | null = null): boolean {
    return unitId === this.state.unitId || unitId === answeredBy || this.state.coUnitIds.includes(unitId);
  }

  /** A merged case whose main case has answered, and whose resident has not yet said whether they are satisfied. */
  get awaitsMergedRevisit(): boolean {
    return this.state.status === 'merged' && awaitsRevisit(this.state);
  }

  /**
   * 合并后跟随主诉求: when the case this one was merged into is answered, its resident hears the same
   * answer and gets their own revisit. The case stays merged; the step says which answer it got.
   */
  followMainAnswer(main: Pick<CaseState, 'id' | 'number' | 'answer'>, at: Date): CaseChange {
    if (this.state.status !== 'merged' || this.state.mergedInto !== main.id) throw illegal('follow the answer of', this.state.status);
    if (!main.answer) throw new DomainError('ANSWER_EMPTY', 'the main case has no answer');
    return this.step(
      SYSTEM_ACTOR,
      'main_answered',
      { answer: main.answer, revisitStartedAt: at, revisitRating: null, revisitSolved: null },
      `主诉求${main.number}已答复：${main.answer}`,
      (step) => [{ type: 'answered', step }],
    );
  }

  /** 延期申请: one request waits at a time, and the 10 working days must not be spent already. */
  requestExtension(actor: CaseActor, workdays: number, reason: string): CaseChange {
    if (!isInHandling(this.state.status)) throw illegal('extend', this.state.status);
    if (this.state.extensionPending) {
      throw new DomainError('EXTENSION_ALREADY_PENDING', 'an extension request for this case is already waiting for the dispatcher');
    }
    // Checked now as well as at approval, so the handler hears at once that the 10 days are spent.
    applyExtension(this.state.closeBy, this.state.acceptedAt, workdays, this.state.extendedWorkdays, this.rules.calendar);
    return this.step(actor, 'request_extension', { extensionPending: true }, `申请延期${workdays}个工作日：${reason}`);
  }

  /** The dispatcher approves (the deadline moves by that many working days) or refuses. */
  decideExtension(actor: CaseActor, input: { approve: boolean; workdays: number; note?: string | null }): CaseChange {
    const { note } = input;
    if (!input.approve) return this.step(actor, 'refuse_extension', { extensionPending: false }, note ?? '不予延期');
    const closeBy = applyExtension(this.state.closeBy, this.state.acceptedAt, input.workdays, this.state.extendedWorkdays, this.rules.calendar);
    return this.step(
      actor,
      'extend',
      { closeBy, extendedWorkdays: this.state.extendedWorkdays + input.workdays, extensionPending: false },
      extensionNote(input.workdays, note),
    );
  }

  /**
   * 分类: the dispatcher confirms or overrides the suggestion. The deadline follows the kind; an
   * extended case whose kind stays keeps its extended deadline.
   */
  reclassify(actor: CaseActor, input: { kind: CaseKind; subItem: string; urgency: Urgency; note: string }): CaseChange {
    if (!this.isOpen) throw illegal('classify', this.state.status);
    const computed = computeDeadlines(this.state.acceptedAt, input.kind, this.rules.calendar, this.rules.deadlines ?? DEFAULT_DEADLINE_POLICY).closeBy;
    const closeBy = this.state.extendedWorkdays > 0 && input.kind === this.state.kind ? this.state.closeBy : computed;
    return this.step(actor, 'classify', { kind: input.kind, subItem: input.subItem, urgency: input.urgency, closeBy }, input.note, (step) => [{ type: 'classified', step }]);
  }

  /** 合并: this duplicate closes into `target`, which must be another open case. */
  mergeInto(actor: CaseActor, target: Pick<CaseState, 'id' | 'number' | 'status'>): CaseChange {
    if (target.id === this.state.id) throw new DomainError('MERGE_INVALID', 'a case cannot be merged into itself');
    if (!isOpen(target.status)) throw new DomainError('MERGE_INVALID', `the case to keep is ${target.status}`, { status: target.status });
    return this.move(actor, 'merge', { mergedInto: target.id }, `合并到${target.number}`, (step) => [{ type: 'merged', step, into: target.id }]);
  }

  /** The kept case's side of a merge: its timeline says which duplicate joined it. */
  absorb(actor: CaseActor, duplicate: Pick<CaseState, 'number'>): CaseChange {
    return this.step(actor, 'note', {}, `合并重复诉求${duplicate.number}`);
  }

  /** More from the resident (text, media, a location): no change of state, a step in the timeline. */
  addInfo(actor: CaseActor, note: string): CaseChange {
    return this.step(actor, 'add_info', {}, note);
  }

  /** Where it is, sent after the filing: a step like any added information, and an event (an alert told 「地点不明」 can now reach the town). */
  locate(actor: CaseActor, note: string): CaseChange {
    return this.step(actor, 'add_info', {}, note, (step) => [{ type: 'located', step }]);
  }

  /** A photo or recording the resident adds from the app: only while the case is open. */
  addResidentMedia(actor: CaseActor, label: string): CaseChange {
    if (!this.isOpen) throw illegal('add media to', this.state.status);
    return this.addInfo(actor, label);
  }

  /** 进展 or 现场照片: staff's note, while the case is open. */
  addNote(actor: CaseActor, note: string): CaseChange {
    if (!this.isOpen) throw illegal('add a note to', this.state.status);
    return this.step(actor, 'note', {}, note);
  }

  /** 日提醒: a deadline passed (or is near); the step says whom it warned. */
  escalate(level: EscalationTarget, workdaysOverdue: number): CaseChange {
    return this.step(SYSTEM_ACTOR, 'escalate', {}, ESCALATION_NOTES[level](workdaysOverdue), (step) => [{ type: 'escalated', step, level, workdaysOverdue }]);
  }

  /**
   * The buttons this actor may press now. The lead unit's handler works the case; its leader and
   * co-handling units add notes (and the leader asks for time); the dispatcher routes, decides
   * extensions and records phone revisits. Other roles only read.
   */
  allowedActions(actor: CaseActor, now: Date): StaffAction[] {
    if (actor.kind !== 'staff') return [];
    const { status, unitId, coUnitIds, extensionPending, assignedAt } = this.state;
    const out: StaffAction[] = [];
    const handling = isInHandling(status);
    const lead = unitId !== null && actor.unitId === unitId;
    switch (actor.role) {
      case 'handler':
        if (lead) {
          if (canApply(status, 'sign_for')) out.push('sign_for');
          if (handling) out.push('note');
          if (canApply(status, 'answer')) out.push('answer');
          if (handling && !extensionPending) out.push('extension');
          if (canApply(status, 'return') && (!assignedAt || canReturn(assignedAt, now, this.rules.calendar))) out.push('return');
        } else if (coUnitIds.includes(actor.unitId) && this.isOpen) {
          out.push('note');
        }
        break;
      case 'unit_leader':
        if (lead && handling) out.push('note');
        if (lead && handling && !extensionPending) out.push('extension');
        if (!lead && coUnitIds.includes(actor.unitId) && this.isOpen) out.push('note');
        break;
      case 'dispatcher':
        if (DISPATCH_STATUSES.includes(status)) out.push('classify', 'assign');
        if (extensionPending && this.isOpen) out.push('decide_extension');
        if (canApply(status, 'reject')) out.push('reject');
        // A phone revisit, for the case's own revisit or a merged case's.
        if (awaitsRevisit(this.state)) out.push('revisit');
        break;
      case 'city_leader':
      case 'inspector':
      case 'admin':
        break;
    }
    return out;
  }

  /** A lifecycle action: the status moves by the lifecycle's table. */
  private move(actor: CaseActor, action: CaseAction, patch: Partial<CaseState>, note: string | null, events?: (step: number) => CaseEvent[]): CaseChange {
    const from = this.state.status;
    const to = nextStatus(from, action);
    return {
      state: { ...this.state, ...patch, status: to },
      timeline: [{ action, fromStatus: from, toStatus: to, actor, note }],
      events: events?.(0) ?? [],
    };
  }

  /** A step that leaves the status where it is. */
  private step(actor: CaseActor, action: CaseStep, patch: Partial<CaseState>, note: string | null, events?: (step: number) => CaseEvent[]): CaseChange {
    const { status } = this.state;
    return { state: { ...this.state, ...patch }, timeline: [{ action, fromStatus: status, toStatus: status, actor, note }], events: events?.(0) ?? [] };
  }
}
