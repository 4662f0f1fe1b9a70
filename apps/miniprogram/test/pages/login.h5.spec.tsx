import { screen, waitFor } from '@testing-library/react';
import Login from '../../src/pages/login/index';
import { backend, platform } from '../support/platform';
import { renderPage } from '../support/render';

describe('login page (h5 sandbox)', () => {
  it('signs in as the test resident picked, with a sandbox code naming that resident', async () => {
    backend.on('POST /api/auth/resident/login', { body: { token: 'sandbox-token' } });
    const { user } = renderPage(<Login />, { path: '/pages/login/index' });

    expect(screen.getByText('测试环境：选一位测试群众')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '微信一键登录' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '测试群众二' }));
    expect(screen.getByRole('button', { name: '测试群众二' })).toHaveClass('btn--chosen');
    expect(screen.getByRole('button', { name: '测试群众一' })).not.toHaveClass('btn--chosen');
    await user.click(screen.getByRole('button', { name: '登录' }));

    await waitFor(() => expect(platform.navigations).toEqual(['redirectTo /pages/my-cases/index']));
    const { code } = backend.last('POST /api/auth/resident/login').body as { code: string };
    expect(code).toMatch(/^code-o_demo_resident_02\.[0-9a-z]+$/);
    expect(platform.callsOf('login')).toEqual([]); // no wx.login in a browser
    expect(platform.getStored('msz.session')).toEqual({ token: 'sandbox-token', role: 'resident' });
  });

  it('shows the refusal when the sandbox does not know the resident', async () => {
    backend.on('POST /api/auth/resident/login', { status: 401, body: { code: 'WECHAT_CODE_INVALID' } });
    const { user } = renderPage(<Login />, { path: '/pages/login/index' });

    await user.click(screen.getByRole('button', { name: '登录' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('登录没成功，请再试一次。');
    expect((backend.last('POST /api/auth/resident/login').body as { code: string }).code).toMatch(/^code-o_demo_resident_01\./);
  });
});
