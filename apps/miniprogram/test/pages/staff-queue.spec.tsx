import { screen, waitFor, within } from '@testing-library/react';
import StaffQueue from '../../src/pages/staff/queue/index';
import { staffCase } from '../support/fixtures';
import { backend, platform } from '../support/platform';
import { pullDownRefresh, renderPage } from '../support/render';

const page = { path: '/pages/staff/queue/index' };

const CASES = [
  staffCase({ id: 'k-green', number: 'MS20261126-0004', closeBy: '2026-12-10T09:00:00.000Z', slaColour: 'green', statusLabel: '办理中', status: 'in_progress' }),
  staffCase({ id: 'k-done', number: 'MS20261101-0001', closeBy: '2026-11-20T09:00:00.000Z', slaColour: null, status: 'closed', statusLabel: '已办结', open: false }),
  staffCase({ id: 'k-red', number: 'MS20261120-0002', closeBy: '2026-11-25T09:00:00.000Z', slaColour: 'red', statusLabel: '办理中', status: 'in_progress' }),
  staffCase({ id: 'k-orange', number: 'MS20261124-0003', closeBy: '2026-11-26T09:00:00.000Z', slaColour: 'orange', statusLabel: '待签收' }),
  staffCase({ id: 'k-yellow', number: 'MS20261125-0009', closeBy: '2026-11-28T09:00:00.000Z', slaColour: 'yellow', statusLabel: '待签收' }),
];

/** The case numbers in the order the rows show them. */
const shownNumbers = () => screen.getAllByText(/^MS\d{8}-\d{4}$/).map((n) => n.textContent);
const row = (number: string) => screen.getByText(number).closest('.row') as HTMLElement;

describe('staff queue page (handler)', () => {
  it('asks to sign in, sending nothing, when no one is signed in', async () => {
    renderPage(<StaffQueue />, page);
    expect(await screen.findByRole('alert')).toHaveTextContent('请先登录');
    expect(backend.requests).toEqual([]);
  });

  it('lists open cases earliest deadline first, with the SLA colour and deadline of each', async () => {
    platform.signIn('handler', 'handler-token');
    backend.on('GET /api/cases', { body: { items: CASES, total: CASES.length } });
    renderPage(<StaffQueue />, page);

    await screen.findByText('MS20261120-0002');
    expect(shownNumbers()).toEqual(['MS20261120-0002', 'MS20261124-0003', 'MS20261125-0009', 'MS20261126-0004']);
    expect(screen.getByText('在办 4 件，共 5 件')).toBeInTheDocument();

    expect(within(row('MS20261120-0002')).getByText('已超期')).toHaveClass('sla--red');
    expect(within(row('MS20261124-0003')).getByText('今日到期')).toHaveClass('sla--orange');
    expect(within(row('MS20261125-0009')).getByText('临期')).toHaveClass('sla--yellow');
    expect(within(row('MS20261126-0004')).getByText('正常')).toHaveClass('sla--green');
    expect(within(row('MS20261120-0002')).getByText('期限 2026年11月25日 17:00')).toBeInTheDocument();

    const sent = backend.last('GET /api/cases');
    expect(sent.query).toEqual({ limit: '200' });
    expect(sent.headers.Authorization).toBe('Bearer handler-token');
  });

  it('shows finished cases last, without a colour, when asked', async () => {
    platform.signIn('handler');
    backend.on('GET /api/cases', { body: { items: CASES, total: CASES.length } });
    const { user } = renderPage(<StaffQueue />, page);
    await screen.findByText('MS20261120-0002');
    expect(screen.queryByText('MS20261101-0001')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '显示已办结' }));

    expect(shownNumbers().slice(-1)[0]).toBe('MS20261101-0001');
    const done = row('MS20261101-0001');
    expect(within(done).getByText('已办结')).toBeInTheDocument();
    expect(done.querySelector('.sla')).toBeNull();
    await user.click(screen.getByRole('button', { name: '只看在办' }));
    expect(screen.queryByText('MS20261101-0001')).not.toBeInTheDocument();
  });

  it('opens a case, and the staff filing page', async () => {
    platform.signIn('handler');
    backend.on('GET /api/cases', { body: { items: CASES, total: CASES.length } });
    const { user } = renderPage(<StaffQueue />, page);

    await user.click(await screen.findByText('MS20261124-0003'));
    await user.click(screen.getByRole('button', { name: '代群众反映' }));

    expect(platform.navigations).toEqual(['navigateTo /pages/staff/case/index?id=k-orange', 'navigateTo /pages/staff/file/index']);
  });

  it('says when there is nothing in the queue', async () => {
    platform.signIn('handler');
    backend.on('GET /api/cases', { body: { items: [], total: 0 } });
    renderPage(<StaffQueue />, page);

    expect(await screen.findByText('暂无案件')).toBeInTheDocument();
    expect(screen.getByText('在办 0 件，共 0 件')).toBeInTheDocument();
  });

  it('shows a readable error when the server fails, and reloads on pull-down', async () => {
    platform.signIn('handler');
    backend.on('GET /api/cases', { status: 500 });
    renderPage(<StaffQueue />, page);
    expect(await screen.findByRole('alert')).toHaveTextContent('服务器出错了，请稍后再试');

    backend.on('GET /api/cases', { body: { items: [CASES[0]], total: 1 } });
    await pullDownRefresh();

    expect(await screen.findByText('MS20261126-0004')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await waitFor(() => expect(platform.callsOf('stopPullDownRefresh')).toHaveLength(1));
  });
});
