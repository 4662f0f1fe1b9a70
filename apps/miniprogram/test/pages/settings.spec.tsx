import { screen, waitFor } from '@testing-library/react';
import Settings from '../../src/pages/settings/index';
import { backend, platform } from '../support/platform';
import { renderPage } from '../support/render';

const page = { path: '/pages/settings/index' };

/** The page's root element (<Screen>), which carries the elderly-mode class. */
const root = (container: HTMLElement) => container.firstElementChild as HTMLElement;

describe('settings page', () => {
  it('switches elderly mode on, remembers it in storage, and opens with it on next time', async () => {
    const first = renderPage(<Settings />, page);
    expect(screen.getByText('已关闭')).toBeInTheDocument();
    expect(screen.getByRole('switch')).not.toBeChecked();
    expect(root(first.container)).not.toHaveClass('screen--elder');

    await first.user.click(screen.getByRole('switch'));

    expect(screen.getByText('已打开')).toBeInTheDocument();
    expect(screen.getByRole('switch')).toBeChecked();
    expect(platform.getStored('msz.elder')).toBe(true);
    // The settings page itself turns large at once; other pages read the flag when shown.
    expect(root(first.container)).toHaveClass('screen--elder');
    first.unmount();

    const again = renderPage(<Settings />, page);
    expect(screen.getByText('已打开')).toBeInTheDocument();
    expect(screen.getByRole('switch')).toBeChecked();
    expect(root(again.container)).toHaveClass('screen--elder');
  });

  it('switches elderly mode off again with the big button', async () => {
    platform.setStored('msz.elder', true);
    const { user, container } = renderPage(<Settings />, page);

    await user.click(screen.getByRole('button', { name: '关闭大字模式' }));

    expect(platform.getStored('msz.elder')).toBe(false);
    expect(screen.getByText('已关闭')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '打开大字模式' })).toBeInTheDocument();
    expect(root(container)).not.toHaveClass('screen--elder');
  });

  it('offers sign-in when nobody is signed in', async () => {
    const { user } = renderPage(<Settings />, page);

    expect(screen.getByText('没有登录')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '去登录' }));

    expect(platform.navigations).toEqual(['navigateTo /pages/login/index']);
    expect(backend.requests).toEqual([]);
  });

  it('signs a member of staff out and goes back to the home page', async () => {
    platform.signIn('dispatcher');
    const { user } = renderPage(<Settings />, page);

    expect(screen.getByText('已登录（工作人员）')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '退出登录' }));

    expect(platform.navigations).toEqual(['reLaunch /pages/index/index']);
    expect(platform.getStored('msz.session')).toBe('');
    expect(platform.getStored('msz.token')).toBe('');
    expect(platform.getStored('msz.role')).toBe('');
  });

  it('lets a resident bind the phone number WeChat verified', async () => {
    platform.signIn('resident', 'resident-token');
    platform.phoneNumberCode = 'wx-phone-code';
    backend.on('GET /api/my/profile', { body: { phone: null } });
    backend.on('POST /api/my/phone', { body: { phone: '138****0001' } });
    const { user } = renderPage(<Settings />, page);

    expect(screen.getByText('已登录（群众）')).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: '用微信手机号绑定' }));

    expect(await screen.findByText('已绑定 138****0001')).toBeInTheDocument();
    expect(backend.last('POST /api/my/phone').body).toEqual({ code: 'wx-phone-code' });
    expect(backend.last('POST /api/my/phone').headers.Authorization).toBe('Bearer resident-token');
  });

  it('sends nothing when the resident refuses to share the phone number', async () => {
    platform.signIn('resident');
    platform.phoneNumberCode = 'deny';
    backend.on('GET /api/my/profile', { body: { phone: null } });
    const { user } = renderPage(<Settings />, page);

    await user.click(await screen.findByRole('button', { name: '用微信手机号绑定' }));

    await waitFor(() => expect(screen.getByText('没有授权手机号，可以以后再绑定。')).toBeInTheDocument());
    expect(backend.writes()).toEqual([]);
  });
});
