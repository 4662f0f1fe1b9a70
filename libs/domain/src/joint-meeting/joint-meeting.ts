import { isCalendarDay } from '../calendar/work-calendar';
import { chinaDate } from '../shared/china-time';
import { DomainError } from '../shared/domain-error';

/**
 * 联席会议: the office convenes the units a hard, cross-department case needs; the decisions become
 * tasks, each owned by one invited unit with a deadline, tracked like co-handling until each unit
 * reports it done.
 */
export const JOINT_MEETING_LIMITS = { title: 60, place: 100, text: 500, note: 500, cases: 20, units: 30, tasks: 50 } as const;

export type JointTaskStatus = 'assigned' | 'done';
export const JOINT_TASK_STATUSES: readonly JointTaskStatus[] = ['assigned', 'done'];
export const JOINT_TASK_STATUS_LABELS: Record<JointTaskStatus, string> = { assigned: '办理中', done: '已完成' };

/** What the office writes down when it convenes a meeting. */
export interface JointMeetingInput {
  readonly title: string;
  readonly place: string;
  readonly heldAt: Date;
  readonly caseIds: readonly string[];
  readonly unitIds: readonly string[];
}

export interface JointMeeting {
  readonly title: string;
  readonly place: string;
  readonly heldAt: Date;
  readonly caseIds: readonly string[];
  readonly unitIds: readonly string[];
}

/** A decision of the meeting: one unit's task, about one of its cases or (caseId null) all of them. */
export interface JointTaskInput {
  readonly unitId: string;
  readonly caseId?: string | null;
  readonly text: string;
  /** The last Beijing day to finish it, YYYY-MM-DD. */
  readonly dueDate: string;
}

export interface JointTask {
  readonly unitId: string;
  readonly caseId: string | null;
  readonly text: string;
  readonly dueDate: string;
  readonly status: JointTaskStatus;
  readonly doneNote: string | null;
}

function invalid(message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('JOINT_MEETING_INVALID', message, details);
}

function text(value: string | null | undefined, field: string, max: number): string {
  const t = value?.trim() ?? '';
  if (!t) throw invalid(`${field} is required`, { field });
  if ([...t].length > max) throw invalid(`${field} is longer than ${max} characters`, { field, max });
  return t;
}

function distinct(ids: readonly string[], field: string, min: number, max: number): string[] {
  const list = [...new Set(ids)];
  if (list.length < min) throw invalid(`${field}: at least ${min}`, { field, min });
  if (list.length > max) throw invalid(`${field}: at most ${max}`, { field, max });
  return list;
}

/** 召开: at least one case, at least two units (a meeting of one unit is not a joint one), a title, a place and a time. */
export function conveneJointMeeting(input: JointMeetingInput): JointMeeting {
  if (!(input.heldAt instanceof Date) || Number.isNaN(input.heldAt.getTime())) throw invalid('heldAt is not a time', { field: 'heldAt' });
  return {
    title: text(input.title, 'title', JOINT_MEETING_LIMITS.title),
    place: text(input.place, 'place', JOINT_MEETING_LIMITS.place),
    heldAt: input.heldAt,
    caseIds: distinct(input.caseIds, 'caseIds', 1, JOINT_MEETING_LIMITS.cases),
    unitIds: distinct(input.unitIds, 'unitIds', 2, JOINT_MEETING_LIMITS.units),
  };
}

/**
 * 会议决定: each task goes to a unit the meeting invited, about one of its cases (or all), with a
 * deadline on or after the day of the meeting; `existing` counts the tasks already recorded.
 */
export function recordJointTasks(meeting: JointMeeting, tasks: readonly JointTaskInput[], existing = 0): JointTask[] {
  if (tasks.length === 0) throw invalid('at least one task', { field: 'tasks' });
  if (existing + tasks.length > JOINT_MEETING_LIMITS.tasks) throw invalid(`a meeting has at most ${JOINT_MEETING_LIMITS.tasks} tasks`, { field: 'tasks' });
  const meetingDay = chinaDate(meeting.heldAt);
  return tasks.map((t, i) => {
    if (!meeting.unitIds.includes(t.unitId)) throw invalid(`task ${i + 1}: its unit was not invited to the meeting`, { field: 'unitId', task: i });
    const caseId = t.caseId ?? null;
    if (caseId !== null && !meeting.caseIds.includes(caseId)) throw invalid(`task ${i + 1}: its case is not one of the meeting's`, { field: 'caseId', task: i });
    if (!isCalendarDay(t.dueDate)) throw invalid(`task ${i + 1}: dueDate is not a day like 2026-12-31`, { field: 'dueDate', task: i });
    if (t.dueDate < meetingDay) throw invalid(`task ${i + 1}: due before the meeting`, { field: 'dueDate', task: i });
    return { unitId: t.unitId, caseId, text: text(t.text, 'text', JOINT_MEETING_LIMITS.text), dueDate: t.dueDate, status: 'assigned', doneNote: null };
  });
}

/** 办结: only the task's own unit reports it done, once, with a note of what it did. */
export function completeJointTask(task: JointTask, byUnitId: string, note: string): JointTask {
  if (task.unitId !== byUnitId) throw new DomainError('JOINT_TASK_ILLEGAL', 'only the unit the task is assigned to reports it done', { unitId: byUnitId });
  if (task.status !== 'assigned') throw new DomainError('JOINT_TASK_ILLEGAL', 'the task is already done', { status: task.status });
  return { ...task, status: 'done', doneNote: text(note, 'note', JOINT_MEETING_LIMITS.note) };
}

/** Overdue once its last day has passed in Beijing and it is still open. */
export function isJointTaskOverdue(task: Pick<JointTask, 'status' | 'dueDate'>, now: Date): boolean {
  return task.status === 'assigned' && task.dueDate < chinaDate(now);
}

/** The tasks that bear on one case: those about it and those about all the meeting's cases. */
export function tasksOfCase<T extends Pick<JointTask, 'caseId'>>(tasks: readonly T[], caseId: string): T[] {
  return tasks.filter((t) => t.caseId === null || t.caseId === caseId);
}

/**
 * A case counts as solved by a meeting when it closed after the meeting was held and every task
 * the meeting set for it is done (a meeting that set it no task did not solve it).
 */
export function solvedByMeeting(
  meeting: Pick<JointMeeting, 'heldAt'>,
  c: { readonly id: string; readonly status: string; readonly closedAt: Date | null },
  tasks: readonly Pick<JointTask, 'caseId' | 'status'>[],
): boolean {
  if (c.status !== 'closed' || !c.closedAt || c.closedAt.getTime() <= meeting.heldAt.getTime()) return false;
  const own = tasksOfCase(tasks, c.id);
  return own.length > 0 && own.every((t) => t.status === 'done');
}

/** 联席会议 totals: meetings held by `now` and the distinct cases they solved. */
export function jointMeetingTotals(
  meetings: ReadonlyArray<{
    readonly heldAt: Date;
    readonly cases: ReadonlyArray<{ readonly id: string; readonly status: string; readonly closedAt: Date | null }>;
    readonly tasks: readonly Pick<JointTask, 'caseId' | 'status'>[];
  }>,
  now: Date,
): { held: number; casesSolved: number } {
  const held = meetings.filter((m) => m.heldAt.getTime() <= now.getTime());
  const solved = new Set<string>();
  for (const m of held) for (const c of m.cases) if (solvedByMeeting(m, c, m.tasks)) solved.add(c.id);
  return { held: held.length, casesSolved: solved.size };
}
