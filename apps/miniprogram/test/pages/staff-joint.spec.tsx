/** 联席会议 pages: a unit answers its tasks, the office convenes, everyone invited reads the meeting. */
import { screen, within } from '@testing-library/react';
import JointTasks from '../../src/pages/staff/joint/tasks';
import JointNew from '../../src/pages/staff/joint/new';
import JointDetail from '../../src/pages/staff/joint/detail';
import JointList from '../../src/pages/staff/joint/index';
import StaffCase from '../../src/pages/staff/case/index';
import { backend, platform } from '../support/platform';
import { pick, renderPage } from '../support/render';
import { caseDetail, staffCase } from '../support/fixtures';

const task = (over: Record<string, unknown> = {}) => ({
  id: 't-1',
  meetingId: 'm-1',
  meetingTitle: '关于二村河道淤塞的联席会议',
  caseId: null,
  caseNumber: null,
  unit: { id: 'u-1', name: '井溪镇' },
  text: '组织人手清理河道',
  dueDate: '2099-12-20',
  status: 'assigned',
  statusLabel: '办理中',
  overdue: false,
  doneNote: null,
  doneAt: null,
  doneByName: null,
  escalatedAt: null,
  ...over,
});

const meeting = (over: Record<string, unknown> = {}) => ({
  id: 'm-1',
  title: '关于二村河道淤塞的联席会议',
  place: '市民服务中心三楼',
  heldAt: '2026-12-08T01:30:00.000Z',
  convenedBy: { id: 's-1', name: '李调度' },
  cases: [
    { id: 'c-1', number: 'MS20261207-0001', status: 'assigned', solved: false },
    { id: 'c-2', number: 'MS20261207-0002', status: 'in_progress', solved: false },
  ],
  units: [
    { id: 'u-1', name: '井溪镇' },
    { id: 'u-2', name: '市水务局' },
  ],
  tasks: [task(), task({ id: 't-2', unit: { id: 'u-2', name: '市水务局' }, text: '出清淤方案', caseId: 'c-2', caseNumber: 'MS20261207-0002', status: 'done', doneNote: '方案已出', doneAt: '2026-12-09T02:00:00.000Z', doneByName: '王工' })],
  ...over,
});

describe('joint meeting tasks page (the unit)', () => {
  it('lists overdue tasks first, refuses an empty 办结报告, then sends the note', async () => {
    platform.signIn('handler');
    backend.on('GET /api/joint-meetings/tasks', {
      body: [
        task({ id: 't-later', text: '回访群众', dueDate: '2099-12-30' }),
        task({ id: 't-late', text: '组织人手清理河道', dueDate: '2026-12-01', overdue: true, caseId: 'c-1', caseNumber: 'MS20261207-0001' }),
        task({ id: 't-done', text: '摸排受影响农户', status: 'done', doneNote: '已摸排 12 户', doneAt: '2026-12-09T02:00:00.000Z', doneByName: '张干事' }),
      ],
    });
    backend.on('GET /api/joint-meetings', { body: [meeting()] });
    backend.on('POST /api/joint-meetings/tasks/:id/done', {
      body: task({ id: 't-late', text: '组织人手清理河道', dueDate: '2026-12-01', overdue: true, caseId: 'c-1', caseNumber: 'MS20261207-0001', status: 'done', doneNote: '河道已清理，群众看过', doneAt: '2026-12-10T02:00:00.000Z', doneByName: '赵办事员' }),
    });
    const { user } = renderPage(<JointTasks />, { path: '/pages/staff/joint/tasks' });

    expect(await screen.findByText('还有 2 项没办完')).toBeInTheDocument();
    const texts = screen.getAllByText(/^(组织人手清理河道|回访群众|摸排受影响农户)$/).map((e) => e.textContent);
    expect(texts).toEqual(['组织人手清理河道', '回访群众', '摸排受影响农户']);
    expect(screen.getByText(/^已逾期 \d+ 天（最后期限 2026年12月1日）$/)).toBeInTheDocument();
    expect(screen.getByText('涉及诉求：MS20261207-0001')).toBeInTheDocument();
    // A task about all the meeting's cases names them all.
    expect(screen.getAllByText('涉及诉求：MS20261207-0001、MS20261207-0002')).toHaveLength(2);
    expect(screen.getByText('请在 2099年12月30日 前办好')).toBeInTheDocument();

    const buttons = screen.getAllByRole('button', { name: '办结报告' });
    expect(buttons).toHaveLength(2);
    await user.click(buttons[0]);
    await user.click(screen.getByRole('button', { name: '提交办结报告' }));
    expect(screen.getByRole('alert')).toHaveTextContent('请写一写办了什么、办得怎样');
    expect(backend.writes()).toEqual([]);

    await user.type(screen.getByPlaceholderText('例如：已派人清理河道，群众已看过'), '河道已清理，群众看过');
    await user.click(screen.getByRole('button', { name: '提交办结报告' }));
    expect(await screen.findByText('办结报告已提交')).toBeInTheDocument();
    expect(backend.writes()).toEqual(['POST /api/joint-meetings/tasks/t-late/done']);
    expect(backend.last('POST /api/joint-meetings/tasks/:id/done').body).toEqual({ note: '河道已清理，群众看过' });
    expect(screen.getByText('还有 1 项没办完')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: '办结报告' })).toHaveLength(1);
    expect(screen.getByText(/办结：河道已清理，群众看过$/)).toBeInTheDocument();
  });

  it('shows the task as it is when a colleague reported it first', async () => {
    platform.signIn('unit_leader');
    backend.on('GET /api/joint-meetings/tasks', { body: [task()] });
    backend.on('GET /api/joint-meetings', { body: [meeting()] });
    backend.on('POST /api/joint-meetings/tasks/:id/done', { status: 409, body: { code: 'JOINT_TASK_ILLEGAL', message: '这项任务现在不能这样做，请刷新后再看' } });
    const { user } = renderPage(<JointTasks />, { path: '/pages/staff/joint/tasks' });

    await user.click(await screen.findByRole('button', { name: '办结报告' }));
    await user.type(screen.getByPlaceholderText('例如：已派人清理河道，群众已看过'), '已清理');
    backend.on('GET /api/joint-meetings/tasks', { body: [task({ status: 'done', doneNote: '河道清完了', doneAt: '2026-12-10T02:00:00.000Z', doneByName: '钱干事' })] });
    await user.click(screen.getByRole('button', { name: '提交办结报告' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('这项任务已被他人处理，请刷新。');
    expect(await screen.findByText('钱干事 2026年12月10日 10:00 办结：河道清完了')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '办结报告' })).not.toBeInTheDocument();
  });
});

describe('joint meeting page', () => {
  it('shows an invited unit the time, place, units, cases (each opening its page) and the tasks with their state', async () => {
    platform.signIn('handler');
    backend.on('GET /api/joint-meetings/:id', { body: meeting() });
    const { user } = renderPage(<JointDetail />, { path: '/pages/staff/joint/detail', params: { id: 'm-1' } });

    expect(await screen.findByText('2026年12月8日 09:30')).toBeInTheDocument();
    expect(screen.getByText('市民服务中心三楼')).toBeInTheDocument();
    expect(screen.getByText('井溪镇、市水务局')).toBeInTheDocument();
    expect(screen.getByText('任务 2 项，已办结 1 项')).toBeInTheDocument();
    expect(screen.getByText('王工 2026年12月9日 10:00 办结：方案已出')).toBeInTheDocument();
    expect(screen.queryByText('记录会议决定')).not.toBeInTheDocument();
    await user.click(screen.getByText('MS20261207-0002'));
    expect(platform.navigations).toEqual(['navigateTo /pages/staff/case/index?id=c-2']);
  });
});

describe('the office', () => {
  it('lists meetings with the totals', async () => {
    platform.signIn('dispatcher');
    backend.on('GET /api/joint-meetings', { body: [meeting()] });
    backend.on('GET /api/joint-meetings/totals', { body: { held: 3, casesSolved: 2 } });
    const { user } = renderPage(<JointList />, { path: '/pages/staff/joint/index' });

    expect(await screen.findByText('已开联席会议 3 次，解决诉求 2 件')).toBeInTheDocument();
    expect(screen.getByText('诉求 2 件，已解决 0 件；任务 2 项，已办结 1 项')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '召开联席会议' }));
    expect(platform.navigations).toEqual(['navigateTo /pages/staff/joint/new']);
  });

  it("convenes from a case's page: a second case by number, a second unit, the time and place, and a task", async () => {
    platform.signIn('dispatcher');
    backend.on('GET /api/cases', { body: { items: [staffCase({ id: 'c-2', number: 'MS20261207-0002' }), staffCase({ id: 'c-3', number: 'MS20261207-0003', status: 'closed' })], nextCursor: null, total: 2 } });
    backend.on('GET /api/cases/:id', { body: caseDetail({ id: 'c-1', number: 'MS20261207-0001', unitId: 'u-1' }) });
    backend.on('GET /api/cases/:id/unit-choices', {
      body: {
        suggestion: { unitId: 'u-1', unitName: '井溪镇', tier: 'town', reason: '镇级承办' },
        units: [
          { id: 'u-1', name: '井溪镇', level: 'town', townName: null, initials: 'jxz', group: 'suggested' },
          { id: 'u-2', name: '市水务局', level: 'department', townName: null, initials: 'sswj', group: 'other' },
        ],
      },
    });
    backend.on('POST /api/joint-meetings', { body: meeting({ id: 'm-9' }) });
    const { user } = renderPage(<JointNew />, { path: '/pages/staff/joint/new', params: { caseId: 'c-1' } });

    expect(await screen.findByText('MS20261207-0001')).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: '市水务局' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '召开并通知参会单位' }));
    expect(screen.getByRole('alert')).toHaveTextContent('联席会议至少要请两个单位');
    expect(backend.writes()).toEqual([]);

    // A closed case is not offered.
    await user.type(screen.getByRole('textbox', { name: '受理编号' }), '0003');
    expect(screen.getByText('没有找到这个编号的在办诉求')).toBeInTheDocument();
    await user.clear(screen.getByRole('textbox', { name: '受理编号' }));
    await user.type(screen.getByRole('textbox', { name: '受理编号' }), 'ms20261207-0002');
    await user.click(screen.getByRole('button', { name: '加入 MS20261207-0002' }));
    expect(screen.getByRole('textbox', { name: '会议名称' })).toHaveValue('关于 MS20261207-0001 等 2 件诉求的联席会议');

    await user.click(screen.getByRole('button', { name: '市水务局' }));
    expect(screen.getByText('参会单位（2，至少两个）')).toBeInTheDocument();
    const dateField = screen.getByText('开会日期').parentElement!;
    await user.click(within(dateField).getByRole('button'));
    await user.type(screen.getByRole('textbox', { name: '日期' }), '2099-12-12');
    await user.click(screen.getByRole('button', { name: '确定' }));
    await user.click(screen.getByRole('button', { name: '召开并通知参会单位' }));
    expect(screen.getByRole('alert')).toHaveTextContent('请写开会地点');
    await user.type(screen.getByRole('textbox', { name: '地点' }), '市民服务中心三楼');

    await user.click(screen.getByRole('button', { name: '添加一项任务' }));
    await pick(user, '请选择', '市水务局');
    await pick(user, '全部诉求', 'MS20261207-0002');
    await user.type(screen.getByRole('textbox', { name: '第 1 项任务要做什么' }), '一周内出清淤方案');
    await user.click(screen.getByRole('button', { name: '召开并通知参会单位' }));

    await screen.findByRole('button', { name: '召开并通知参会单位' });
    expect(backend.writes()).toEqual(['POST /api/joint-meetings']);
    expect(backend.last('POST /api/joint-meetings').body).toEqual({
      title: '关于 MS20261207-0001 等 2 件诉求的联席会议',
      place: '市民服务中心三楼',
      heldAt: '2099-12-12T09:30:00+08:00',
      caseIds: ['c-1', 'c-2'],
      unitIds: ['u-1', 'u-2'],
      // The last day starts a week after the meeting.
      tasks: [{ unitId: 'u-2', caseId: 'c-2', text: '一周内出清淤方案', dueDate: '2099-12-19' }],
    });
    expect(platform.navigations).toEqual(['redirectTo /pages/staff/joint/detail?id=m-9']);
  });

  it("records the meeting's decisions on its page, each for an invited unit with its last day", async () => {
    platform.signIn('dispatcher');
    backend.on('GET /api/joint-meetings/:id', { body: meeting({ tasks: [] }) });
    backend.on('POST /api/joint-meetings/:id/tasks', { body: meeting({ tasks: [task({ unit: { id: 'u-2', name: '市水务局' }, text: '出清淤方案', dueDate: '2026-12-15' })] }) });
    const { user } = renderPage(<JointDetail />, { path: '/pages/staff/joint/detail', params: { id: 'm-1' } });

    expect(await screen.findByText('还没有记录会议决定的任务')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '添加一项任务' }));
    await user.click(screen.getByRole('button', { name: '保存会议决定' }));
    expect(screen.getByRole('alert')).toHaveTextContent('第 1 项任务：请选一个参会单位');
    expect(backend.writes()).toEqual([]);

    await pick(user, '请选择', '市水务局');
    await user.type(screen.getByRole('textbox', { name: '第 1 项任务要做什么' }), '出清淤方案');
    await user.click(screen.getByRole('button', { name: '保存会议决定' }));
    expect(await screen.findByText('会议决定已记录，已通知承办单位')).toBeInTheDocument();
    // The meeting was on 2026-12-08 (Beijing): a week later by default.
    expect(backend.last('POST /api/joint-meetings/:id/tasks').body).toEqual({ tasks: [{ unitId: 'u-2', text: '出清淤方案', dueDate: '2026-12-15' }] });
    expect(screen.getByText('任务 1 项，已办结 0 项')).toBeInTheDocument();
  });

  it("offers the office a meeting from an open case's page, and nobody else", async () => {
    backend.on('GET /api/cases/:id/extensions', { body: [] });
    backend.on('GET /api/cases/:id', { body: caseDetail({ id: 'k-1' }) });
    platform.signIn('dispatcher');
    const first = renderPage(<StaffCase />, { path: '/pages/staff/case/index', params: { id: 'k-1' } });
    await first.user.click(await screen.findByRole('button', { name: '召开联席会议' }));
    expect(platform.navigations).toEqual(['navigateTo /pages/staff/joint/new?caseId=k-1']);
    first.unmount();

    platform.signIn('handler');
    renderPage(<StaffCase />, { path: '/pages/staff/case/index', params: { id: 'k-1' } });
    expect(await screen.findByText('MS20261126-0001')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '召开联席会议' })).not.toBeInTheDocument();
  });
});
