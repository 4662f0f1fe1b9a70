import {
  answersTasks,
  caseNumbersText,
  checkConvene,
  checkDoneNote,
  convenes,
  dayAfter,
  defaultTitle,
  heldAtIso,
  isOpenCase,
  orderTasks,
  taskCaseNumbers,
  taskDueText,
  taskStateLabel,
  tasksSummary,
  totalsLine,
  type ConveneDraft,
} from './joint-meetings';

const NOW = new Date('2026-12-10T04:00:00Z'); // Beijing 2026-12-10 12:00

describe(orderTasks.name, () => {
  it('puts open tasks first, overdue ones at the top, then by last day; finished ones last, latest first', () => {
    const tasks = [
      { id: 'done-old', status: 'done' as const, overdue: false, dueDate: '2026-12-01', doneAt: '2026-12-02T00:00:00Z' },
      { id: 'later', status: 'assigned' as const, overdue: false, dueDate: '2026-12-20', doneAt: null },
      { id: 'done-new', status: 'done' as const, overdue: false, dueDate: '2026-12-01', doneAt: '2026-12-05T00:00:00Z' },
      { id: 'sooner', status: 'assigned' as const, overdue: false, dueDate: '2026-12-12', doneAt: null },
      { id: 'late', status: 'assigned' as const, overdue: true, dueDate: '2026-12-08', doneAt: null },
    ];
    expect(orderTasks(tasks).map((t) => t.id)).toEqual(['late', 'sooner', 'later', 'done-new', 'done-old']);
  });
});

describe(taskDueText.name, () => {
  it.each([
    [{ status: 'assigned' as const, overdue: false, dueDate: '2026-12-20' }, '请在 2026年12月20日 前办好'],
    [{ status: 'assigned' as const, overdue: true, dueDate: '2026-12-07' }, '已逾期 3 天（最后期限 2026年12月7日）'],
    [{ status: 'assigned' as const, overdue: true, dueDate: '2026-12-10' }, '已逾期（最后期限 2026年12月10日）'],
    [{ status: 'done' as const, overdue: false, dueDate: '2026-12-07' }, '最后期限 2026年12月7日'],
  ])('%o → %s', (task, text) => {
    expect(taskDueText(task, NOW)).toBe(text);
  });

  it('names the state', () => {
    expect(taskStateLabel({ status: 'assigned', overdue: true })).toBe('已逾期');
    expect(taskStateLabel({ status: 'assigned', overdue: false })).toBe('办理中');
    expect(taskStateLabel({ status: 'done', overdue: true })).toBe('已办结');
  });
});

describe(taskCaseNumbers.name, () => {
  const meetings = [{ id: 'm-1', cases: [{ id: 'c-1', number: 'MS20261207-0001', status: 'assigned', solved: false }, { id: 'c-2', number: 'MS20261207-0002', status: 'assigned', solved: false }] }];

  it("gives the task's own case, or all its meeting's cases when it has none", () => {
    expect(taskCaseNumbers({ meetingId: 'm-1', caseNumber: 'MS20261207-0002' }, meetings)).toEqual(['MS20261207-0002']);
    expect(taskCaseNumbers({ meetingId: 'm-1', caseNumber: null }, meetings)).toEqual(['MS20261207-0001', 'MS20261207-0002']);
    expect(caseNumbersText(taskCaseNumbers({ meetingId: 'm-9', caseNumber: null }, meetings))).toBe('本次会议的全部案件');
    expect(caseNumbersText(['MS20261207-0001', 'MS20261207-0002'])).toBe('MS20261207-0001、MS20261207-0002');
  });
});

describe(checkDoneNote.name, () => {
  it('refuses an empty or blank note and one over the limit', () => {
    expect(checkDoneNote('  ')).toBe('请写一写办了什么、办得怎样');
    expect(checkDoneNote('字'.repeat(501))).toBe('最多500个字');
    expect(checkDoneNote('已清理河道')).toBeNull();
  });
});

describe(checkConvene.name, () => {
  const draft = (over: Partial<ConveneDraft> = {}): ConveneDraft => ({
    title: '关于 MS20261207-0001 的联席会议',
    place: '市民服务中心三楼',
    date: '2026-12-12',
    time: '09:30',
    caseIds: ['c-1'],
    unitIds: ['u-1', 'u-2'],
    tasks: [{ unitId: 'u-1', text: '清理河道', dueDate: '2026-12-20' }],
    ...over,
  });

  it('takes a complete form', () => {
    expect(checkConvene(draft())).toBeNull();
    expect(checkConvene(draft({ tasks: [] }))).toBeNull();
  });

  it.each<[Partial<ConveneDraft>, string]>([
    [{ caseIds: [] }, '请至少选一件诉求'],
    [{ unitIds: ['u-1'] }, '联席会议至少要请两个单位'],
    [{ time: '' }, '请选择开会的日期和时间'],
    [{ place: ' ' }, '请写开会地点'],
    [{ title: '' }, '请写会议名称'],
    [{ title: '字'.repeat(61) }, '会议名称最多60个字'],
    [{ tasks: [{ unitId: 'u-9', text: '清理河道', dueDate: '2026-12-20' }] }, '第 1 项任务：请选一个参会单位'],
    [{ tasks: [{ unitId: 'u-1', text: ' ', dueDate: '2026-12-20' }] }, '第 1 项任务：请写要做什么'],
    [{ tasks: [{ unitId: 'u-1', text: '清理河道', dueDate: '2026-12-11' }] }, '第 1 项任务：最后期限不能早于开会那天'],
  ])('refuses %o: %s', (over, message) => {
    expect(checkConvene(draft(over))).toBe(message);
  });
});

describe('joint meeting words', () => {
  it('says who does what', () => {
    expect(answersTasks('handler')).toBe(true);
    expect(answersTasks('unit_leader')).toBe(true);
    expect(answersTasks('dispatcher')).toBe(false);
    expect(convenes('dispatcher')).toBe(true);
    expect(convenes('handler')).toBe(false);
    expect(isOpenCase('assigned')).toBe(true);
    expect(isOpenCase('closed')).toBe(false);
  });

  it('builds the time, the title and the totals', () => {
    expect(heldAtIso('2026-12-12', '09:30')).toBe('2026-12-12T09:30:00+08:00');
    expect(dayAfter('2026-12-28', 7)).toBe('2027-01-04');
    expect(defaultTitle(['MS20261207-0001'])).toBe('关于 MS20261207-0001 的联席会议');
    expect(defaultTitle(['MS20261207-0001', 'MS20261207-0002'])).toBe('关于 MS20261207-0001 等 2 件诉求的联席会议');
    expect(defaultTitle([])).toBe('');
    expect(totalsLine({ held: 3, casesSolved: 2 })).toBe('已开联席会议 3 次，解决诉求 2 件');
    expect(tasksSummary([])).toBe('还没有记录会议决定的任务');
    expect(tasksSummary([{ status: 'done', overdue: false }, { status: 'assigned', overdue: true }, { status: 'assigned', overdue: false }])).toBe('任务 3 项，已办结 1 项，逾期 1 项');
  });
});
