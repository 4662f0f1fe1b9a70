import { screen, waitFor, within } from '@testing-library/react';
import MyCases from '../../src/pages/my-cases/index';
import { queue } from '../../src/services/offline-taro';
import { residentCase } from '../support/fixtures';
import { backend, platform } from '../support/platform';
import { pullDownRefresh, renderPage, showPage, wholeText } from '../support/render';

const page = { path: '/pages/my-cases/index' };

describe('my cases page', () => {
  it('asks a signed-out resident to sign in, and sends nothing', async () => {
    const { user } = renderPage(<MyCases />, page);

    expect(screen.getByText('还没有登录')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '刷新' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '去登录' }));

    expect(platform.navigations).toEqual(['navigateTo /pages/login/index']);
    expect(backend.requests).toEqual([]);
  });

  it('lists the resident’s cases with number, status, the start of the text and the deadline', async () => {
    platform.signIn('resident', 'resident-token');
    backend.on('GET /api/my/cases', {
      body: [
        residentCase(),
        residentCase({
          id: 'c-2',
          number: 'MS20261120-0007',
          status: 'closed',
          statusLabel: '已办结',
          text: '小区门口的垃圾桶每天都满了没人清，夏天味道很大，希望增加清运次数，最好每天早晚各一次，谢谢！',
          closeBy: '2026-11-25T16:30:00Z',
        }),
      ],
    });
    const { user } = renderPage(<MyCases />, page);

    const number = await screen.findByText('MS20261126-0001');
    expect(number).toHaveClass('nowrap'); // in large type it moves under the status whole
    const first = number.closest('.list-item') as HTMLElement;
    expect(within(first).getByText('正在办理')).toBeInTheDocument(); // a resident's words, not the staff's 办理中
    expect(within(first).getByText('村口路灯坏了三天，晚上看不见路。')).toBeInTheDocument();
    expect(within(first).getByText(wholeText('办结时限：2026年12月3日 17:00'))).toBeInTheDocument();
    const second = screen.getByText('MS20261120-0007').closest('.list-item') as HTMLElement;
    expect(within(second).getByText('已办结')).toBeInTheDocument();
    expect(within(second).getByText(wholeText('办结时限：2026年11月26日 00:30'))).toBeInTheDocument();
    expect(within(second).getByText(/^小区门口的垃圾桶.*…$/)).toBeInTheDocument();
    expect(backend.last('GET /api/my/cases').headers.Authorization).toBe('Bearer resident-token');

    await user.click(within(second).getByText('已办结'));
    expect(platform.navigations).toEqual(['navigateTo /pages/case/detail?id=c-2']);
  });

  it('says so when the resident has filed nothing yet', async () => {
    platform.signIn('resident');
    backend.on('GET /api/my/cases', { body: [] });
    const { user } = renderPage(<MyCases />, page);

    expect(await screen.findByText('您还没有反映过问题。')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '我要反映' }));
    expect(platform.navigations).toEqual(['navigateTo /pages/file/index']);
  });

  it('shows the sign-in prompt when the session has expired (401)', async () => {
    platform.signIn('resident', 'old-token');
    backend.on('GET /api/my/cases', { status: 401, body: { code: 'UNAUTHORIZED' } });
    renderPage(<MyCases />, page);

    expect(await screen.findByText('还没有登录')).toBeInTheDocument();
    expect(platform.getStored('msz.session')).toBe('');
  });

  it('shows a readable error when the server fails, and loads again on 刷新', async () => {
    platform.signIn('resident');
    backend.on('GET /api/my/cases', { status: 503 });
    const { user } = renderPage(<MyCases />, page);

    expect(await screen.findByRole('alert')).toHaveTextContent('系统正忙，请过一会儿再试。');

    backend.on('GET /api/my/cases', { body: [residentCase()] });
    await user.click(screen.getByRole('button', { name: '刷新' }));

    expect(await screen.findByText('MS20261126-0001')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(backend.calls('GET /api/my/cases')).toHaveLength(2);
  });

  it('loads again when shown again and on pull-down, and stops the pull-down spinner', async () => {
    platform.signIn('resident');
    backend.on('GET /api/my/cases', { body: [] });
    renderPage(<MyCases />, page);
    await screen.findByText('您还没有反映过问题。');

    backend.on('GET /api/my/cases', { body: [residentCase({ status: 'answered', statusLabel: '已答复' })] });
    await showPage();
    expect(await screen.findByText('已答复')).toBeInTheDocument();

    await pullDownRefresh();
    await waitFor(() => expect(platform.callsOf('stopPullDownRefresh')).toHaveLength(1));
    expect(backend.calls('GET /api/my/cases')).toHaveLength(3);
  });

  it('tells the resident how many demands are waiting for the network', async () => {
    platform.signIn('resident');
    platform.setOnline(false);
    // A fresh draft from the queue itself, so the test follows the draft's shape as it grows.
    const outcome = await queue.submit({ ...queue.loadDraft(), text: '桥上的栏杆松了' });
    expect(outcome.status).toBe('queued');
    platform.setOnline(true);
    backend.on('GET /api/my/cases', { body: [] });
    renderPage(<MyCases />, page);

    expect(await screen.findByText('有 1 条还没发出去，有网后会自动发送。')).toBeInTheDocument();
    expect(backend.writes()).toEqual([]);
  });
});
