import { DomainError } from '../shared/domain-error';
import type { BenchKinds } from './bench-kinds';

/** 计划 → 已开 → 已结束 (closing report written); a planned meeting may be called off instead. */
export type MeetingStatus = 'planned' | 'held' | 'closed' | 'cancelled';
export const MEETING_STATUSES: readonly MeetingStatus[] = ['planned', 'held', 'closed', 'cancelled'];
export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = { planned: '准备开', held: '已开', closed: '已结束', cancelled: '已取消' };

export type MeetingAction = 'hold' | 'close' | 'cancel' | 'add_demand';

export const MEETING_LIMITS = { place: 100, topic: 50, topics: 10, outcomes: 2000, report: 4000, reason: 500, attendance: 10_000 } as const;

/** The parts of a bench meeting its rules look at. */
export interface MeetingState {
  readonly status: MeetingStatus;
  readonly kind: string;
  readonly villageUnitId: string;
  readonly place: string;
  readonly hostStaffId: string;
  readonly plannedAt: Date;
  readonly topics: readonly string[];
  readonly heldAt: Date | null;
  readonly attendance: number | null;
  readonly outcomes: string | null;
  readonly report: string | null;
  readonly cancelReason: string | null;
}

function invalid(message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('BENCH_MEETING_INVALID', message, details);
}

function illegal(action: MeetingAction, status: MeetingStatus): DomainError {
  return new DomainError('BENCH_ILLEGAL_TRANSITION', `a ${status} meeting cannot ${action}`, { action, status });
}

function text(value: string | null | undefined, field: string, max: number, required: boolean): string | null {
  const t = value?.trim() ?? '';
  if (!t) {
    if (required) throw invalid(`${field} is required`, { field });
    return null;
  }
  if (t.length > max) throw invalid(`${field} is longer than ${max} characters`, { field, max });
  return t;
}

function topicsOf(topics: readonly string[] | undefined): string[] {
  const list = [...new Set((topics ?? []).map((t) => t.trim()).filter(Boolean))];
  if (list.length > MEETING_LIMITS.topics) throw invalid(`at most ${MEETING_LIMITS.topics} topics`, { field: 'topics' });
  const long = list.find((t) => t.length > MEETING_LIMITS.topic);
  if (long) throw invalid(`a topic is longer than ${MEETING_LIMITS.topic} characters`, { field: 'topics' });
  return list;
}

/** What the actions allowed now are, for the page's buttons. */
export function meetingActions(status: MeetingStatus): MeetingAction[] {
  switch (status) {
    case 'planned':
      return ['hold', 'cancel'];
    case 'held':
      return ['close', 'add_demand'];
    case 'closed':
      // A demand written down at the meeting on a phone with no signal may arrive after the report.
      return ['add_demand'];
    case 'cancelled':
      return [];
  }
}

export function assertMeetingAction(state: Pick<MeetingState, 'status'>, action: MeetingAction): void {
  if (!meetingActions(state.status).includes(action)) throw illegal(action, state.status);
}

/** 计划: a kind the city lists, a village, a place, a host and a time. */
export function planMeeting(
  input: { kind: string; villageUnitId: string; place: string; hostStaffId: string; plannedAt: Date; topics?: readonly string[] },
  kinds: BenchKinds,
): MeetingState {
  if (!kinds.kinds.some((k) => k.code === input.kind)) throw invalid(`unknown kind of meeting: ${input.kind}`, { field: 'kind' });
  if (Number.isNaN(input.plannedAt.getTime())) throw invalid('plannedAt is not a time', { field: 'plannedAt' });
  return {
    status: 'planned',
    kind: input.kind,
    villageUnitId: input.villageUnitId,
    place: text(input.place, 'place', MEETING_LIMITS.place, true) as string,
    hostStaffId: input.hostStaffId,
    plannedAt: input.plannedAt,
    topics: topicsOf(input.topics),
    heldAt: null,
    attendance: null,
    outcomes: null,
    report: null,
    cancelReason: null,
  };
}

/** 已开: when it was held and how many came; not in the future (a small clock skew of the phone allowed). */
export function holdMeeting(state: MeetingState, input: { heldAt: Date; attendance: number; topics?: readonly string[]; outcomes?: string | null }, now: Date): MeetingState {
  assertMeetingAction(state, 'hold');
  if (Number.isNaN(input.heldAt.getTime())) throw invalid('heldAt is not a time', { field: 'heldAt' });
  if (input.heldAt.getTime() > now.getTime() + 10 * 60_000) throw invalid('a meeting cannot be recorded as held in the future', { field: 'heldAt' });
  if (!Number.isInteger(input.attendance) || input.attendance < 1 || input.attendance > MEETING_LIMITS.attendance) {
    throw invalid(`attendance must be a whole number from 1 to ${MEETING_LIMITS.attendance}`, { field: 'attendance' });
  }
  return {
    ...state,
    status: 'held',
    heldAt: input.heldAt,
    attendance: input.attendance,
    topics: input.topics ? topicsOf(input.topics) : state.topics,
    outcomes: input.outcomes !== undefined ? text(input.outcomes, 'outcomes', MEETING_LIMITS.outcomes, false) : state.outcomes,
  };
}

/** 结束: the closing report (会议小结) is required; outcomes may be completed with it. */
export function closeMeeting(state: MeetingState, input: { report: string; outcomes?: string | null }): MeetingState {
  assertMeetingAction(state, 'close');
  return {
    ...state,
    status: 'closed',
    report: text(input.report, 'report', MEETING_LIMITS.report, true),
    outcomes: input.outcomes !== undefined ? text(input.outcomes, 'outcomes', MEETING_LIMITS.outcomes, false) : state.outcomes,
  };
}

/** 取消: only a meeting not yet held, with a reason. */
export function cancelMeeting(state: MeetingState, reason: string): MeetingState {
  assertMeetingAction(state, 'cancel');
  const why = reason?.trim();
  if (!why) throw new DomainError('REASON_REQUIRED', 'a cancelled meeting needs a reason');
  return { ...state, status: 'cancelled', cancelReason: text(why, 'reason', MEETING_LIMITS.reason, true) };
}
