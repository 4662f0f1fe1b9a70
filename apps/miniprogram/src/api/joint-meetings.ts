/**
 * 联席会议 calls over the app's one client, typed by the generated schema; each settles to a
 * Result worded for what the page shows. Plain TypeScript (no Taro), bound in client.ts.
 */
import type { Client } from './core';
import type { Wording } from './errors';
import { settle } from './staff';
import type { Schemas } from './types';

/**
 * Fields the server sends as nullable strings that its OpenAPI document leaves untyped
 * (they generate as `Record<string, never>`): read here as what the server sends.
 */
type TaskNullables = { caseId: string | null; caseNumber: string | null; doneNote: string | null; doneAt: string | null; doneByName: string | null; escalatedAt: string | null };

export type JointTask = Omit<Schemas['JointTaskDto'], keyof TaskNullables> & TaskNullables;
export type JointTaskStatus = JointTask['status'];
export type JointMeetingCase = Schemas['JointMeetingCaseDto'];
export type JointMeeting = Omit<Schemas['JointMeetingDto'], 'tasks'> & { tasks: JointTask[] };
export type JointTotals = Schemas['JointTotalsDto'];
/** A decision to record: for an invited unit, about one case (caseId) or all of them (left out). */
export interface JointTaskInput {
  unitId: string;
  caseId?: string;
  text: string;
  /** The last Beijing day, YYYY-MM-DD. */
  dueDate: string;
}
export interface ConveneInput {
  title: string;
  place: string;
  /** ISO time of the meeting. */
  heldAt: string;
  caseIds: string[];
  unitIds: string[];
  tasks?: JointTaskInput[];
}

export const JOINT_WORDING: Wording = { not_found: '没找到这次联席会议或任务，可能不归您单位。', conflict: '这项任务已被他人处理，请刷新。' };

type TaskBody = Schemas['JointTaskInputDto'];
// The document leaves caseId untyped (Record<string, never>); the server takes the case's id.
const taskBody = (t: JointTaskInput): TaskBody => ({ unitId: t.unitId, text: t.text, dueDate: t.dueDate, ...(t.caseId ? { caseId: t.caseId as unknown as TaskBody['caseId'] } : {}) });

export function createJointMeetingsApi(client: Client) {
  const { call } = client;
  const run = <T>(p: Promise<T>) => settle(p, JOINT_WORDING);
  return {
    /** Meetings, newest first (a unit's staff: the ones their unit was invited to). */
    meetings: () => run(call('/api/joint-meetings', 'get') as Promise<JointMeeting[]>),
    meeting: (id: string) => run(call('/api/joint-meetings/{id}', 'get', { params: { id } }) as Promise<JointMeeting>),
    /** Tasks (a unit's staff: their unit's own), open ones by last day first. */
    tasks: (status?: JointTaskStatus) => run(call('/api/joint-meetings/tasks', 'get', status ? { query: { status } } : {}) as Promise<JointTask[]>),
    /** Meetings held and the cases they solved, over Beijing days (both ends optional). */
    totals: (period: { from?: string; to?: string } = {}) =>
      run(call('/api/joint-meetings/totals', 'get', { query: { ...(period.from ? { from: period.from } : {}), ...(period.to ? { to: period.to } : {}) } })),
    convene: ({ tasks, ...meeting }: ConveneInput) =>
      run(call('/api/joint-meetings', 'post', { body: tasks?.length ? { ...meeting, tasks: tasks.map(taskBody) } : meeting }) as Promise<JointMeeting>),
    recordTasks: (id: string, tasks: JointTaskInput[]) => run(call('/api/joint-meetings/{id}/tasks', 'post', { params: { id }, body: { tasks: tasks.map(taskBody) } }) as Promise<JointMeeting>),
    /** 办结报告: the task's unit says what it did. */
    complete: (taskId: string, note: string) => run(call('/api/joint-meetings/tasks/{id}/done', 'post', { params: { id: taskId }, body: { note } }) as Promise<JointTask>),
  };
}

export type JointMeetingsApi = ReturnType<typeof createJointMeetingsApi>;
