import { DomainError } from '../shared/domain-error';
import {
  completeJointTask,
  conveneJointMeeting,
  isJointTaskOverdue,
  jointMeetingTotals,
  recordJointTasks,
  solvedByMeeting,
  type JointMeeting,
  type JointMeetingInput,
  type JointTask,
  type JointTaskInput,
} from './joint-meeting';

const heldAt = new Date('2026-12-07T09:30:00+08:00');
const convene = (over: Partial<JointMeetingInput> = {}): JointMeeting =>
  conveneJointMeeting({ title: ' 八台镇饮水问题 ', place: '市政府三楼会议室', heldAt, caseIds: ['c1', 'c2', 'c1'], unitIds: ['water', 'batai', 'water'], ...over });
const task = (over: Partial<JointTaskInput> = {}): JointTaskInput => ({ unitId: 'water', caseId: 'c1', text: '三天内修复主管道', dueDate: '2026-12-10', ...over });
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? e.code : 'OTHER';
  }
  return undefined;
};

describe(conveneJointMeeting.name, () => {
  it('keeps a trimmed title and each case and unit once', () => {
    expect(convene()).toEqual({ title: '八台镇饮水问题', place: '市政府三楼会议室', heldAt, caseIds: ['c1', 'c2'], unitIds: ['water', 'batai'] });
  });

  it.each([
    ['no title', { title: '  ' }],
    ['a title too long', { title: '会'.repeat(61) }],
    ['no place', { place: '' }],
    ['no case', { caseIds: [] }],
    ['too many cases', { caseIds: Array.from({ length: 21 }, (_, i) => `c${i}`) }],
    ['one unit only', { unitIds: ['water', 'water'] }],
    ['no time', { heldAt: new Date('nope') }],
  ])('refuses %s', (_, over) => {
    expect(codeOf(() => convene(over))).toBe('JOINT_MEETING_INVALID');
  });
});

describe(recordJointTasks.name, () => {
  it('gives each decision to its unit, open, about one case or all of them', () => {
    const tasks = recordJointTasks(convene(), [task(), task({ unitId: 'batai', caseId: null, dueDate: '2026-12-07', text: ' 通知群众 ' })]);
    expect(tasks).toEqual([
      { unitId: 'water', caseId: 'c1', text: '三天内修复主管道', dueDate: '2026-12-10', status: 'assigned', doneNote: null },
      { unitId: 'batai', caseId: null, text: '通知群众', dueDate: '2026-12-07', status: 'assigned', doneNote: null },
    ]);
  });

  it.each([
    ['no task at all', [], 0],
    ['a unit not invited', [task({ unitId: 'transport' })], 0],
    ['a case not on the agenda', [task({ caseId: 'c9' })], 0],
    ['a deadline before the meeting', [task({ dueDate: '2026-12-06' })], 0],
    ['a day that does not exist', [task({ dueDate: '2026-02-30' })], 0],
    ['a deadline that is not a day', [task({ dueDate: 'next week' })], 0],
    ['no text', [task({ text: ' ' })], 0],
    ['more tasks than a meeting may have', [task()], 50],
  ])('refuses %s', (_, tasks, existing) => {
    expect(codeOf(() => recordJointTasks(convene(), tasks, existing))).toBe('JOINT_MEETING_INVALID');
  });
});

describe(completeJointTask.name, () => {
  const open: JointTask = { unitId: 'water', caseId: 'c1', text: '修管道', dueDate: '2026-12-10', status: 'assigned', doneNote: null };

  it('is reported done by its own unit with a note', () => {
    expect(completeJointTask(open, 'water', ' 已修复 ')).toMatchObject({ status: 'done', doneNote: '已修复' });
  });

  it.each([
    ['another unit', open, 'batai', '已修复', 'JOINT_TASK_ILLEGAL'],
    ['a task already done', { ...open, status: 'done' as const }, 'water', '已修复', 'JOINT_TASK_ILLEGAL'],
    ['no note', open, 'water', '  ', 'JOINT_MEETING_INVALID'],
  ])('refuses %s', (_, t, unit, note, code) => {
    expect(codeOf(() => completeJointTask(t, unit, note))).toBe(code);
  });
});

describe(isJointTaskOverdue.name, () => {
  it.each([
    ['on its last day (Beijing)', 'assigned', '2026-12-10', '2026-12-10T23:59:00+08:00', false],
    ['the day after, just past midnight in Beijing', 'assigned', '2026-12-10', '2026-12-11T00:01:00+08:00', true],
    ['done, however late', 'done', '2026-12-10', '2026-12-20T09:00:00+08:00', false],
  ] as const)('%s', (_, status, dueDate, now, overdue) => {
    expect(isJointTaskOverdue({ status, dueDate }, new Date(now))).toBe(overdue);
  });
});

describe(solvedByMeeting.name, () => {
  const after = new Date('2026-12-09T10:00:00+08:00');
  const before = new Date('2026-12-06T10:00:00+08:00');
  it.each([
    ['closed after, its tasks done', 'closed', after, [{ caseId: 'c1', status: 'done' }, { caseId: null, status: 'done' }], true],
    ['closed after, another case’s task still open', 'closed', after, [{ caseId: 'c1', status: 'done' }, { caseId: 'c2', status: 'assigned' }], true],
    ['closed after, a task for all cases open', 'closed', after, [{ caseId: 'c1', status: 'done' }, { caseId: null, status: 'assigned' }], false],
    ['closed before the meeting', 'closed', before, [{ caseId: 'c1', status: 'done' }], false],
    ['still open', 'in_progress', null, [{ caseId: 'c1', status: 'done' }], false],
    ['closed after, the meeting set it no task', 'closed', after, [{ caseId: 'c2', status: 'done' }], false],
  ] as const)('%s', (_, status, closedAt, tasks, solved) => {
    expect(solvedByMeeting({ heldAt }, { id: 'c1', status, closedAt }, tasks)).toBe(solved);
  });
});

describe(jointMeetingTotals.name, () => {
  it('counts meetings held by now and each solved case once', () => {
    const closed = { status: 'closed', closedAt: new Date('2026-12-09T10:00:00+08:00') };
    const totals = jointMeetingTotals(
      [
        { heldAt, cases: [{ id: 'c1', ...closed }, { id: 'c2', status: 'in_progress', closedAt: null }], tasks: [{ caseId: null, status: 'done' }] },
        { heldAt: new Date('2026-12-08T09:00:00+08:00'), cases: [{ id: 'c1', ...closed }], tasks: [{ caseId: 'c1', status: 'done' }] },
        { heldAt: new Date('2026-12-20T09:00:00+08:00'), cases: [{ id: 'c3', ...closed }], tasks: [] },
      ],
      new Date('2026-12-10T00:00:00+08:00'),
    );
    expect(totals).toEqual({ held: 2, casesSolved: 1 });
  });
});
