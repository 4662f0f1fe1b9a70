/**
 * 联席会议 on staff pages: a unit's tasks in the order it should answer them, the last day said
 * plainly, the cases a task is about, and the checks the convene and 办结报告 forms make before sending.
 * Taro-free.
 */
import type { StaffRole } from '../api/core';
import type { JointMeeting, JointTask, JointTaskInput, JointTotals } from '../api/joint-meetings';
import { chinaDateText, chinaToday } from './supervision';

/** The server's limits (libs/domain joint-meeting), checked here so the form says it first. */
export const JOINT_LIMITS = { title: 60, place: 100, text: 500, note: 500, cases: 20, units: 30, tasks: 50 } as const;

/** The staff of an invited unit: they answer their unit's tasks. */
export function answersTasks(role: StaffRole | null): boolean {
  return role === 'handler' || role === 'unit_leader';
}

/** Only the office convenes meetings and records their decisions. */
export function convenes(role: StaffRole | null): boolean {
  return role === 'dispatcher';
}

/** A case a meeting may be called on: not finished. */
export function isOpenCase(status: string): boolean {
  return status !== 'closed' && status !== 'invalid' && status !== 'merged';
}

/** Open tasks first (overdue ones first, then by last day), then the finished ones, latest first. */
export function orderTasks<T extends Pick<JointTask, 'status' | 'overdue' | 'dueDate' | 'doneAt'>>(tasks: readonly T[]): T[] {
  const open = tasks.filter((t) => t.status !== 'done');
  const done = tasks.filter((t) => t.status === 'done');
  open.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueDate.localeCompare(b.dueDate));
  done.sort((a, b) => (b.doneAt ?? '').localeCompare(a.doneAt ?? ''));
  return [...open, ...done];
}

/** The task's state in a word or two. */
export function taskStateLabel(task: Pick<JointTask, 'status' | 'overdue'>): string {
  if (task.status === 'done') return '已办结';
  return task.overdue ? '已逾期' : '办理中';
}

/** The last day in words: by when, or how many days late while the task is still open. */
export function taskDueText(task: Pick<JointTask, 'status' | 'overdue' | 'dueDate'>, now: Date = new Date()): string {
  const day = chinaDateText(task.dueDate);
  if (task.status === 'done') return `最后期限 ${day}`;
  if (task.overdue) {
    const late = Math.round((Date.parse(chinaToday(now)) - Date.parse(task.dueDate)) / 86_400_000);
    return late > 0 ? `已逾期 ${late} 天（最后期限 ${day}）` : `已逾期（最后期限 ${day}）`;
  }
  return `请在 ${day} 前办好`;
}

/**
 * The cases a task is about: its own case, or every case of its meeting (a task without a case
 * is about all of them). Meetings the caller cannot see leave a plain phrase.
 */
export function taskCaseNumbers(task: Pick<JointTask, 'caseNumber' | 'meetingId'>, meetings: readonly Pick<JointMeeting, 'id' | 'cases'>[]): string[] {
  if (task.caseNumber) return [task.caseNumber];
  return meetings.find((m) => m.id === task.meetingId)?.cases.map((c) => c.number) ?? [];
}

export function caseNumbersText(numbers: readonly string[]): string {
  return numbers.length ? numbers.join('、') : '本次会议的全部案件';
}

/** What is wrong with a 办结报告's note, or null. */
export function checkDoneNote(note: string): string | null {
  if (!note.trim()) return '请写一写办了什么、办得怎样';
  if ([...note.trim()].length > JOINT_LIMITS.note) return `最多${JOINT_LIMITS.note}个字`;
  return null;
}

/** The meeting's time as the server takes it: a Beijing date and HH:mm. */
export function heldAtIso(date: string, time: string): string {
  return `${date}T${time}:00+08:00`;
}

/** The Beijing day `days` after a YYYY-MM-DD day: a task's default last day, a week after the meeting. */
export function dayAfter(day: string, days: number): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) ? day : new Date(ms + days * 86_400_000).toISOString().slice(0, 10);
}

/** A title the office may keep: 「关于 MS20261207-0001 等 2 件诉求的联席会议」. */
export function defaultTitle(caseNumbers: readonly string[]): string {
  if (!caseNumbers.length) return '';
  const title = caseNumbers.length === 1 ? `关于 ${caseNumbers[0]} 的联席会议` : `关于 ${caseNumbers[0]} 等 ${caseNumbers.length} 件诉求的联席会议`;
  return [...title].slice(0, JOINT_LIMITS.title).join('');
}

export interface ConveneDraft {
  title: string;
  place: string;
  date: string;
  time: string;
  caseIds: readonly string[];
  unitIds: readonly string[];
  tasks: readonly JointTaskInput[];
}

const tooLong = (text: string, max: number) => [...text.trim()].length > max;

/** What is wrong with the convene form, or null. Tasks are for invited units and due on or after the meeting's day. */
export function checkConvene(d: ConveneDraft): string | null {
  if (!d.caseIds.length) return '请至少选一件诉求';
  if (d.caseIds.length > JOINT_LIMITS.cases) return `一次最多${JOINT_LIMITS.cases}件诉求`;
  if (d.unitIds.length < 2) return '联席会议至少要请两个单位';
  if (d.unitIds.length > JOINT_LIMITS.units) return `一次最多请${JOINT_LIMITS.units}个单位`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date) || !/^\d{2}:\d{2}$/.test(d.time)) return '请选择开会的日期和时间';
  if (!d.place.trim()) return '请写开会地点';
  if (tooLong(d.place, JOINT_LIMITS.place)) return `地点最多${JOINT_LIMITS.place}个字`;
  if (!d.title.trim()) return '请写会议名称';
  if (tooLong(d.title, JOINT_LIMITS.title)) return `会议名称最多${JOINT_LIMITS.title}个字`;
  if (d.tasks.length > JOINT_LIMITS.tasks) return `一次最多${JOINT_LIMITS.tasks}项任务`;
  for (const [i, t] of d.tasks.entries()) {
    const n = `第 ${i + 1} 项任务`;
    if (!d.unitIds.includes(t.unitId)) return `${n}：请选一个参会单位`;
    if (!t.text.trim()) return `${n}：请写要做什么`;
    if (tooLong(t.text, JOINT_LIMITS.text)) return `${n}：最多${JOINT_LIMITS.text}个字`;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(t.dueDate)) return `${n}：请选最后期限`;
    if (t.dueDate < d.date) return `${n}：最后期限不能早于开会那天`;
  }
  return null;
}

/** 「已开联席会议 3 次，解决诉求 2 件」 */
export function totalsLine(t: JointTotals): string {
  return `已开联席会议 ${t.held} 次，解决诉求 ${t.casesSolved} 件`;
}

/** A meeting's tasks in words: 「任务 3 项，已办结 1 项，逾期 1 项」. */
export function tasksSummary(tasks: readonly Pick<JointTask, 'status' | 'overdue'>[]): string {
  if (!tasks.length) return '还没有记录会议决定的任务';
  const done = tasks.filter((t) => t.status === 'done').length;
  const late = tasks.filter((t) => t.status !== 'done' && t.overdue).length;
  return `任务 ${tasks.length} 项，已办结 ${done} 项${late ? `，逾期 ${late} 项` : ''}`;
}
