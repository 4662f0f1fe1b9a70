import { screen, waitFor, within } from '@testing-library/react';
import StaffInbox from '../../src/pages/staff/inbox/index';
import type { RecordedRequest } from '../support/backend';
import { TAXONOMY, pendingExtension, staffCase } from '../support/fixtures';
import { backend, platform } from '../support/platform';
import { reachBottom, renderPage } from '../support/render';

const page = { path: '/pages/staff/inbox/index' };

const NEW_CASES = [
  staffCase({
    id: 'k-new-2',
    number: 'MS20261126-0012',
    status: 'accepted',
    statusLabel: '待分办',
    acceptedAt: '2026-11-26T03:00:00.000Z',
    kindLabel: '',
    kind: 'help',
    urgency: 'normal',
    suggestion: { kind: 'help', subItem: 'water', urgency: 'normal' },
  }),
  staffCase({
    id: 'k-new-1',
    number: 'MS20261126-0011',
    status: 'accepted',
    statusLabel: '待分办',
    acceptedAt: '2026-11-26T01:00:00.000Z',
    kindLabel: '投诉',
    urgency: 'urgent',
    slaColour: 'orange',
    suggestion: { kind: 'complaint', subItem: 'lighting', urgency: 'urgent' },
  }),
  staffCase({ id: 'k-back', number: 'MS20261125-0003', status: 'returned', statusLabel: '被退回', acceptedAt: '2026-11-25T01:00:00.000Z', subItem: 'roads' }),
];
const DASHBOARD = {
  open: 12,
  byStatus: { accepted: 2, returned: 1, in_progress: 9 },
  bySla: { red: 2, orange: 1, yellow: 0, green: 9 },
  pendingExtensions: 1,
  calendarWarning: null,
};

function serve(over: { extensions?: unknown; dashboard?: unknown } = {}) {
  backend.on('GET /api/cases', { body: { items: NEW_CASES, total: 3 } });
  backend.on('GET /api/extensions/pending', { body: over.extensions ?? [pendingExtension()] });
  backend.on('GET /api/dashboard', { body: over.dashboard ?? DASHBOARD });
  backend.on('GET /api/taxonomy', { body: TAXONOMY });
}

const row = (number: string) => screen.getByText(number).closest('.row') as HTMLElement;

describe('staff inbox page (dispatcher)', () => {
  // No emergency waits unless a test says so.
  beforeEach(() => backend.on('GET /api/emergencies', { body: [] }));

  it('asks to sign in, sending nothing, when no one is signed in', async () => {
    renderPage(<StaffInbox />, page);
    expect(await screen.findByRole('alert')).toHaveTextContent('请先登录');
    expect(backend.requests).toEqual([]);
  });

  it('lists returned cases first, then new ones oldest first, each with the suggested classification', async () => {
    platform.signIn('dispatcher', 'dispatcher-token');
    serve();
    renderPage(<StaffInbox />, page);

    await screen.findByText('MS20261126-0011');
    expect(screen.getByText('新诉求和退回（3）')).toBeInTheDocument();
    const numbers = screen.getAllByText(/^MS\d{8}-\d{4}$/).map((n) => n.textContent);
    expect(numbers.slice(0, 3)).toEqual(['MS20261125-0003', 'MS20261126-0011', 'MS20261126-0012']);

    expect(within(row('MS20261126-0011')).getByText('建议：投诉·紧急·基础设施·路灯照明')).toBeInTheDocument();
    expect(within(row('MS20261126-0011')).getByText('今日到期')).toHaveClass('sla--orange');
    expect(within(row('MS20261126-0012')).getByText('建议：求助·一般·民生服务·供水')).toBeInTheDocument();
    expect(within(row('MS20261125-0003')).getByText('建议：投诉·一般·基础设施·道路交通')).toBeInTheDocument();
    expect(within(row('MS20261126-0011')).getByText('受理 2026年11月26日 09:00')).toBeInTheDocument();

    // Only the waiting cases: pending extensions carry their own case numbers.
    expect(backend.calls('GET /api/cases').map((r) => r.query)).toEqual([{ status: 'accepted,returned', order: 'oldest', limit: '50' }]);
    expect(backend.requests.every((r) => r.headers.Authorization === 'Bearer dispatcher-token')).toBe(true);
  });

  it('puts an emergency nobody has acknowledged first, with the red 紧急 mark', async () => {
    platform.signIn('dispatcher');
    serve();
    const alarm = staffCase({ id: 'k-alarm', number: 'MS20261126-0013', status: 'accepted', statusLabel: '待分办', acceptedAt: '2026-11-26T05:00:00.000Z', urgency: 'critical', emergency: true });
    backend.on('GET /api/cases', { body: { items: [alarm, ...NEW_CASES], total: 4 } });
    renderPage(<StaffInbox />, page);

    await screen.findByText('MS20261126-0013');
    const numbers = screen.getAllByText(/^MS\d{8}-\d{4}$/).map((n) => n.textContent);
    expect(numbers.slice(0, 4)).toEqual(['MS20261126-0013', 'MS20261125-0003', 'MS20261126-0011', 'MS20261126-0012']);
    expect(within(row('MS20261126-0013')).getByText('紧急')).toHaveClass('mark--emergency');
    expect(within(row('MS20261126-0011')).queryByText('紧急')).not.toBeInTheDocument();
  });

  it('loads the next waiting cases in the server order, oldest first, at the bottom of the page', async () => {
    platform.signIn('dispatcher');
    serve();
    const later = staffCase({ id: 'k-new-3', number: 'MS20261127-0001', status: 'accepted', statusLabel: '待分办', acceptedAt: '2026-11-27T01:00:00.000Z' });
    backend.on('GET /api/cases', (req: RecordedRequest) =>
      req.query.cursor === 'p2' ? { body: { items: [later], total: null, nextCursor: null } } : { body: { items: NEW_CASES, total: 4, nextCursor: 'p2' } },
    );
    renderPage(<StaffInbox />, page);
    await screen.findByText('MS20261126-0011');
    expect(screen.getByText('新诉求和退回（4）')).toBeInTheDocument();

    await reachBottom();

    expect(await screen.findByText('MS20261127-0001')).toBeInTheDocument();
    expect(screen.getByText('新诉求和退回（4）')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '加载更多' })).not.toBeInTheDocument();
  });

  it('shows the counts by SLA colour and status', async () => {
    platform.signIn('dispatcher');
    serve({ dashboard: { ...DASHBOARD, calendarWarning: '2027年的节假日还没有导入' } });
    renderPage(<StaffInbox />, page);

    expect(await screen.findByText('在办 12 件，延期待批 1 件')).toBeInTheDocument();
    expect(screen.getByText('已超期 2')).toHaveClass('sla--red');
    expect(screen.getByText('正常 9')).toHaveClass('sla--green');
    expect(screen.getByText('待受理分办 2')).toBeInTheDocument();
    expect(screen.getByText('办理中 9')).toBeInTheDocument();
    // Not the dispatcher's to fix: a note after the lists, not an alarm at the top.
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    const note = screen.getByRole('note');
    expect(note).toHaveTextContent('提示（由管理员处理，您不用操作）：2027年的节假日还没有导入');
    expect(note.compareDocumentPosition(screen.getByText(/^延期申请/)) & Node.DOCUMENT_POSITION_PRECEDING).toBeTruthy();
  });

  it('opens a case from its row', async () => {
    platform.signIn('dispatcher');
    serve();
    const { user } = renderPage(<StaffInbox />, page);

    await user.click(await screen.findByText('MS20261126-0012'));
    expect(platform.navigations).toEqual(['navigateTo /pages/staff/case/index?id=k-new-2']);
  });

  it('shows the emergencies a town leader was alerted to, and takes one away once they say 已知悉', async () => {
    platform.signIn('unit_leader');
    serve();
    const alert = {
      caseId: 'k-alarm',
      number: 'MS20261126-0020',
      text: '胜利村有户人家煤气泄漏了，屋里有个老人晕倒了',
      place: '井溪镇 胜利村',
      placeUnknown: false,
      townUnitId: 'u-jingxi',
      raisedAt: '2026-11-26T06:00:00.000Z',
      secondsAfterFiling: 0,
      notified: 2,
      acknowledgedAt: null,
      acknowledgedBy: null,
      acknowledgement: null,
      acknowledgementLabel: null,
      acknowledgementNote: null,
    };
    backend.on('GET /api/emergencies', { body: [alert] });
    backend.on('POST /api/emergencies/:caseId/acknowledge', { body: { ...alert, acknowledgement: 'noted' } });
    const { user } = renderPage(<StaffInbox />, page);

    const region = await screen.findByRole('region', { name: '紧急提醒' });
    expect(within(region).getByText('紧急提醒（1）')).toBeInTheDocument();
    expect(within(region).getByText('紧急')).toHaveClass('mark--emergency');
    expect(within(region).getByText('井溪镇 胜利村 · 2026年11月26日 14:00')).toBeInTheDocument();

    backend.on('GET /api/emergencies', { body: [] });
    await user.click(within(region).getByRole('button', { name: '已知悉' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: '紧急提醒' })).not.toBeInTheDocument());
    const sent = backend.last('POST /api/emergencies/:caseId/acknowledge');
    expect(sent.params).toEqual({ caseId: 'k-alarm' });
    expect(sent.body).toEqual({ outcome: 'noted' });
  });

  it('approves an extension request: sends the decision, says so and reloads', async () => {
    platform.signIn('dispatcher');
    serve();
    backend.on('POST /api/cases/:id/extensions/:requestId/decision', { body: staffCase() });
    const { user } = renderPage(<StaffInbox />, page);

    const request = (await screen.findByText('原因：需要等材料到货')).closest('.row') as HTMLElement;
    expect(within(request).getByText('MS20261120-0001')).toBeInTheDocument();
    expect(within(request).getByText('办理单位 井溪镇')).toBeInTheDocument();
    expect(within(request).getByText('延期 3 个工作日')).toBeInTheDocument();

    serve({ extensions: [] });
    await user.click(within(request).getByRole('button', { name: '同意' }));

    expect(await screen.findByText('没有待审批的延期')).toBeInTheDocument();
    const sent = backend.last('POST /api/cases/:id/extensions/:requestId/decision');
    expect(sent.params).toEqual({ id: 'k-1', requestId: 'x-1' });
    expect(sent.body).toEqual({ approve: true });
    expect(platform.toasts).toEqual(['已同意延期']);
    expect(backend.calls('GET /api/extensions/pending')).toHaveLength(2);
  });

  it('names the case of every pending request from the request itself, and opens it', async () => {
    platform.signIn('dispatcher');
    const many = Array.from({ length: 205 }, (_, i) =>
      pendingExtension({ id: `x-${i}`, caseId: `k-${i}`, caseNumber: `MS20261101-${String(i).padStart(4, '0')}`, unitName: i === 204 ? null : '井溪镇' }),
    );
    serve({ extensions: many });
    const { user } = renderPage(<StaffInbox />, page);

    const last = await screen.findByText('MS20261101-0204');
    expect(screen.getByText('延期申请（205）')).toBeInTheDocument();
    expect(screen.queryByText('查看案件')).not.toBeInTheDocument();
    // No unit to name: the line is left out rather than shown empty.
    expect(within(last.closest('.row') as HTMLElement).queryByText(/^办理单位/)).not.toBeInTheDocument();
    await user.click(last);
    expect(platform.navigations).toEqual(['navigateTo /pages/staff/case/index?id=k-204']);
  });

  it('refuses an extension request', async () => {
    platform.signIn('dispatcher');
    serve();
    backend.on('POST /api/cases/:id/extensions/:requestId/decision', { body: staffCase() });
    const { user } = renderPage(<StaffInbox />, page);

    await user.click(await screen.findByRole('button', { name: '不同意' }));

    await waitFor(() => expect(platform.toasts).toEqual(['已不同意延期']));
    expect(backend.last('POST /api/cases/:id/extensions/:requestId/decision').body).toEqual({ approve: false });
  });

  it('shows the conflict message when someone else decided first', async () => {
    platform.signIn('dispatcher');
    serve();
    backend.on('POST /api/cases/:id/extensions/:requestId/decision', { status: 409, body: { code: 'EXTENSION_NOT_PENDING' } });
    const { user } = renderPage(<StaffInbox />, page);

    await user.click(await screen.findByRole('button', { name: '同意' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('案件已被他人处理，请刷新');
    expect(platform.toasts).toEqual([]);
  });
});
