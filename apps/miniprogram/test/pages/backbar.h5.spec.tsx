import { screen } from '@testing-library/react';
import Index from '../../src/pages/index/index';
import Settings from '../../src/pages/settings/index';
import StaffQueue from '../../src/pages/staff/queue/index';
import { backend, platform } from '../support/platform';
import { renderPage } from '../support/render';

// h5 has no WeChat bar with a back arrow: every page but the first has its own way back.
describe('the way back on h5', () => {
  it('goes back to the page before when there is one', async () => {
    platform.pageStack = 2;
    const { user } = renderPage(<Settings />, { path: '/pages/settings/index' });

    await user.click(screen.getByRole('button', { name: '‹ 返回' }));
    expect(platform.callsOf('navigateBack')).toHaveLength(1);
    expect(screen.getByRole('navigation', { name: '返回' })).toBeInTheDocument();
  });

  it('goes to the home page from a page opened first (a shared link)', async () => {
    const { user } = renderPage(<Settings />, { path: '/pages/settings/index' });

    await user.click(screen.getByRole('button', { name: '‹ 回首页' }));
    expect(platform.navigations).toEqual(['reLaunch /pages/index/index']);
  });

  it('offers no way back on the home page itself', () => {
    renderPage(<Index />, { path: '/pages/index/index' });
    expect(screen.queryByRole('navigation')).not.toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
  });

  it('takes staff back to their first page, and offers none there', async () => {
    platform.signIn('dispatcher');
    backend.on('GET /api/cases', { body: { items: [], total: 0 } });
    backend.on('GET /api/emergencies', { body: [] });
    const { user, unmount } = renderPage(<StaffQueue />, { path: '/pages/staff/queue/index' });
    await user.click(screen.getByRole('button', { name: '‹ 回首页' }));
    expect(platform.navigations).toEqual(['reLaunch /pages/staff/inbox/index']);
    unmount();

    platform.signIn('handler');
    renderPage(<StaffQueue />, { path: '/pages/staff/queue/index' });
    expect(await screen.findByText('暂无案件')).toBeInTheDocument();
    expect(screen.queryByRole('navigation')).not.toBeInTheDocument();
  });
});
