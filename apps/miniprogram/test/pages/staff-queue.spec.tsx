import { screen, waitFor, within } from '@testing-library/react';
import StaffQueue from '../../src/pages/staff/queue/index';
import { staffCase } from '../support/fixtures';
import type { RecordedRequest } from '../support/backend';
import { backend, platform } from '../support/platform';
import { pullDownRefresh, reachBottom, renderPage } from '../support/render';

const page = { path: '/pages/staff/queue/index' };

// Open cases as the server sends them: most overdue first (the page must not reorder them).
const OPEN_CASES = [
  staffCase({ id: 'k-red', number: 'MS20261120-0002', closeBy: '2026-11-25T09:00:00.000Z', slaColour: 'red', statusLabel: '办理中', status: 'in_progress' }),
  staffCase({ id: 'k-orange', number: 'MS20261124-0003', closeBy: '2026-11-26T09:00:00.000Z', slaColour: 'orange', statusLabel: '待签收' }),
  staffCase({ id: 'k-yellow', number: 'MS20261125-0009', closeBy: '2026-11-28T09:00:00.000Z', slaColour: 'yellow', statusLabel: '待签收' }),
  staffCase({ id: 'k-green', number: 'MS20261126-0004', closeBy: '2026-12-10T09:00:00.000Z', slaColour: 'green', statusLabel: '办理中', status: 'in_progress' }),
];
const DONE = staffCase({ id: 'k-done', number: 'MS20261101-0001', closeBy: '2026-11-20T09:00:00.000Z', slaColour: null, status: 'closed', statusLabel: '已办结', open: false });

/** The server: open cases in pages of `pageSize` (cursor = the index to start at), finished cases in one page. */
function serve(open = OPEN_CASES, pageSize = 50, finished = [DONE]) {
  backend.on('GET /api/cases', (req: RecordedRequest) => {
    if (req.query.open === 'false') return { body: { items: finished, total: finished.length, nextCursor: null } };
    const start = Number(req.query.cursor ?? 0);
    const next = start + pageSize < open.length ? String(start + pageSize) : null;
    return { body: { items: open.slice(start, start + pageSize), total: req.query.cursor ? null : open.length, nextCursor: next } };
  });
}

/** The case numbers in the order the rows show them. */
const shownNumbers = () => screen.getAllByText(/^MS\d{8}-\d{4}$/).map((n) => n.textContent);
const row = (number: string) => screen.getByText(number).closest('.row') as HTMLElement;

describe('staff queue page (handler)', () => {
  // No emergency waits unless a test says so.
  beforeEach(() => backend.on('GET /api/emergencies', { body: [] }));

  it('asks to sign in, sending nothing, when no one is signed in', async () => {
    renderPage(<StaffQueue />, page);
    expect(await screen.findByRole('alert')).toHaveTextContent('请先登录');
    expect(backend.requests).toEqual([]);
  });

  it("lists open cases in the server's order (most overdue first), with the SLA colour and deadline of each", async () => {
    platform.signIn('handler', 'handler-token');
    serve();
    renderPage(<StaffQueue />, page);

    await screen.findByText('MS20261120-0002');
    expect(shownNumbers()).toEqual(['MS20261120-0002', 'MS20261124-0003', 'MS20261125-0009', 'MS20261126-0004']);
    // The count says what is listed, and where the rest is.
    expect(screen.getByText('在办 4 件（另有已办结 1 件，点“显示已办结”查看）')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '加载更多' })).not.toBeInTheDocument();

    expect(within(row('MS20261120-0002')).getByText('已超期')).toHaveClass('sla--red');
    expect(within(row('MS20261124-0003')).getByText('今日到期')).toHaveClass('sla--orange');
    expect(within(row('MS20261125-0009')).getByText('临期')).toHaveClass('sla--yellow');
    expect(within(row('MS20261126-0004')).getByText('正常')).toHaveClass('sla--green');
    expect(within(row('MS20261120-0002')).getByText('期限 2026年11月25日 17:00')).toBeInTheDocument();

    const [sent, finished] = backend.calls('GET /api/cases');
    expect(sent.query).toEqual({ limit: '50', open: 'true', order: 'deadline' });
    expect(finished.query).toEqual({ limit: '50', open: 'false', order: 'deadline_desc' });
    expect(sent.headers.Authorization).toBe('Bearer handler-token');
  });

  it('shows the red 紧急 mark on an emergency the server put first, and on no other case', async () => {
    platform.signIn('handler');
    const alarm = staffCase({ id: 'k-alarm', number: 'MS20261126-0099', closeBy: '2026-12-11T09:00:00.000Z', slaColour: 'green', urgency: 'critical', emergency: true });
    serve([alarm, ...OPEN_CASES]);
    renderPage(<StaffQueue />, page);

    await screen.findByText('MS20261126-0099');
    expect(shownNumbers()[0]).toBe('MS20261126-0099');
    expect(within(row('MS20261126-0099')).getByText('紧急')).toHaveClass('mark--emergency');
    expect(row('MS20261126-0099')).toHaveClass('row--emergency');
    expect(screen.getAllByText('紧急')).toHaveLength(1);
  });

  it('pages through the whole queue: at the bottom of the page, or with 加载更多', async () => {
    platform.signIn('handler');
    const many = Array.from({ length: 120 }, (_, i) =>
      staffCase({ id: `k-${i}`, number: `MS20261101-${String(i + 1).padStart(4, '0')}`, closeBy: new Date(Date.UTC(2026, 10, 1, i)).toISOString(), slaColour: 'red' }),
    );
    serve(many, 50, []);
    const { user } = renderPage(<StaffQueue />, page);
    await screen.findByText('MS20261101-0001');
    expect(shownNumbers()).toHaveLength(50);
    expect(screen.getByText('在办 120 件')).toBeInTheDocument();

    await reachBottom();
    await waitFor(() => expect(shownNumbers()).toHaveLength(100));
    await user.click(screen.getByRole('button', { name: '加载更多' }));
    await waitFor(() => expect(shownNumbers()).toHaveLength(120));

    expect(shownNumbers()).toEqual(many.map((c) => c.number));
    const openPages = backend.calls('GET /api/cases').filter((r) => r.query.open === 'true');
    expect(openPages.map((r) => r.query.cursor)).toEqual([undefined, '50', '100']);
    expect(screen.getByText('在办 120 件')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '加载更多' })).not.toBeInTheDocument();
  });

  it('shows finished cases last, latest deadline first, without a colour, when asked', async () => {
    platform.signIn('handler');
    serve();
    const { user } = renderPage(<StaffQueue />, page);
    await screen.findByText('MS20261120-0002');
    expect(screen.queryByText('MS20261101-0001')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '显示已办结' }));

    await screen.findByText('MS20261101-0001');
    expect(shownNumbers().slice(-1)[0]).toBe('MS20261101-0001');
    expect(screen.getByText('共 5 件，其中在办 4 件')).toBeInTheDocument();
    const done = row('MS20261101-0001');
    expect(within(done).getByText('已办结')).toBeInTheDocument();
    expect(done.querySelector('.sla')).toBeNull();
    await user.click(screen.getByRole('button', { name: '只看在办' }));
    expect(screen.queryByText('MS20261101-0001')).not.toBeInTheDocument();
  });

  it('opens a case, and the staff filing page', async () => {
    platform.signIn('handler');
    serve();
    const { user } = renderPage(<StaffQueue />, page);

    await user.click(await screen.findByText('MS20261124-0003'));
    await user.click(screen.getByRole('button', { name: '代群众反映' }));

    expect(platform.navigations).toEqual(['navigateTo /pages/staff/case/index?id=k-orange', 'navigateTo /pages/staff/file/index']);
  });

  it("shows one line with the unit's place on its newest approved red and black list, and a unit not yet ranked says so", async () => {
    platform.signIn('handler', 'handler-token', { unitId: 'u-bt' });
    serve();
    backend.on('GET /api/league/units/:unitId/history', { body: { unitId: 'u-bt', name: '八台镇', red: 0, black: 1, weeks: [{ week: '2026-W49', group: 'town', rank: 2, score: 90.7, list: 'black', due: 3, explanation: '' }] } });
    backend.on('GET /api/league/weeks/:week', {
      body: {
        week: '2026-W49',
        from: '2026-11-30',
        to: '2026-12-06',
        status: 'approved',
        approvedBy: '王调度',
        approvedAt: '2026-12-07T01:00:00.000Z',
        standardsVersion: 1,
        tables: [
          {
            group: 'town',
            rows: [
              { unitId: 'u-jx', name: '井溪镇', rank: 1, score: 95.6, list: 'red', due: 4, standards: [], explanation: '' },
              { unitId: 'u-bt', name: '八台镇', rank: 2, score: 90.7, list: 'black', due: 3, standards: [], explanation: '按时办结率 扣9.3分' },
            ],
            nothingDue: [],
            means: {},
          },
        ],
      },
    });
    const { unmount } = renderPage(<StaffQueue />, page);
    expect(await screen.findByText('2026年第49周红黑榜：乡镇（街道）第2名（共2个） · 黑榜 · 90.7分')).toBeInTheDocument();
    expect(backend.calls('GET /api/league/units/:unitId/history')[0].params.unitId).toBe('u-bt');
    unmount();

    backend.on('GET /api/league/units/:unitId/history', { body: { unitId: 'u-bt', name: '八台镇', red: 0, black: 0, weeks: [] } });
    renderPage(<StaffQueue />, page);
    expect(await screen.findByText('本单位暂无红黑榜排名')).toBeInTheDocument();
  });

  it('says when there is nothing in the queue', async () => {
    platform.signIn('handler');
    serve([], 50, []);
    renderPage(<StaffQueue />, page);

    expect(await screen.findByText('暂无案件')).toBeInTheDocument();
    expect(screen.getByText('在办 0 件')).toBeInTheDocument();
  });

  it('for a dispatcher is 全部案件, and with only finished cases says none is open instead of 「暂无案件」', async () => {
    platform.signIn('dispatcher');
    serve([]);
    const { user } = renderPage(<StaffQueue />, page);

    expect(await screen.findByText('没有在办的案件')).toBeInTheDocument();
    expect(screen.getByText('全部案件')).toHaveClass('staff__title');
    expect(platform.callsOf('setNavigationBarTitle')).toEqual([expect.objectContaining({ title: '全部案件' })]);
    expect(screen.getByText('在办 0 件（另有已办结 1 件，点“显示已办结”查看）')).toBeInTheDocument();
    expect(screen.queryByText('暂无案件')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '显示已办结' }));
    expect(screen.getByText('共 1 件，其中在办 0 件')).toBeInTheDocument();
    expect(screen.getByText('MS20261101-0001')).toBeInTheDocument();
  });

  it('shows a readable error when the server fails, and reloads on pull-down', async () => {
    platform.signIn('handler');
    backend.on('GET /api/cases', { status: 500 });
    renderPage(<StaffQueue />, page);
    // The app's one error map words a server failure the same on every page.
    expect(await screen.findByRole('alert')).toHaveTextContent('系统正忙，请过一会儿再试。');

    serve([OPEN_CASES[3]]);
    await pullDownRefresh();

    expect(await screen.findByText('MS20261126-0004')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await waitFor(() => expect(platform.callsOf('stopPullDownRefresh')).toHaveLength(1));
  });
});

describe('staff queue page: village work', () => {
  beforeEach(() => backend.on('GET /api/emergencies', { body: [] }));

  it.each([
    ['village', true],
    ['town', true],
    ['department', false],
  ])('shows 积分兑换 and 村级评议 to a handler of a %s unit: %s', async (unitLevel, shown) => {
    platform.signIn('handler', 'handler-token', { unitLevel });
    serve();
    renderPage(<StaffQueue />, page);
    await screen.findByText('MS20261120-0002');
    expect(screen.queryByRole('button', { name: '积分兑换' }) !== null).toBe(shown);
    expect(screen.queryByRole('button', { name: '村级评议' }) !== null).toBe(shown);
  });
});
