import { screen, waitFor } from '@testing-library/react';
import Login from '../../src/pages/login/index';
import { deferred, type Answer } from '../support/backend';
import { backend, platform } from '../support/platform';
import { renderPage } from '../support/render';

const page = { path: '/pages/login/index' };

describe('login page (weapp)', () => {
  it('signs a resident in with the wx.login code and opens 我的诉求', async () => {
    platform.loginCode = 'code-from-wechat';
    backend.on('POST /api/auth/resident/login', { body: { token: 'resident-token' } });
    const { user } = renderPage(<Login />, page);

    expect(screen.queryByText(/测试环境/)).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '微信一键登录' }));

    await waitFor(() => expect(platform.navigations).toEqual(['redirectTo /pages/my-cases/index']));
    expect(backend.last('POST /api/auth/resident/login').body).toEqual({ code: 'code-from-wechat' });
    expect(platform.getStored('msz.session')).toEqual({ token: 'resident-token', role: 'resident' });
    expect(platform.getStored('msz.token')).toBe('resident-token');
  });

  it('goes back to the page that sent the resident here', async () => {
    platform.pageStack = 2;
    backend.on('POST /api/auth/resident/login', { body: { token: 't' } });
    const { user } = renderPage(<Login />, page);

    await user.click(screen.getByRole('button', { name: '微信一键登录' }));

    await waitFor(() => expect(platform.callsOf('navigateBack')).toHaveLength(1));
    expect(platform.navigations).toEqual([]);
  });

  it('says so when the server refuses the code, and stays signed out', async () => {
    backend.on('POST /api/auth/resident/login', { status: 401, body: { code: 'WECHAT_CODE_INVALID', message: 'invalid code' } });
    const { user } = renderPage(<Login />, page);

    await user.click(screen.getByRole('button', { name: '微信一键登录' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('登录没成功，请再试一次。');
    expect(platform.getStored('msz.session')).toBe('');
    expect(platform.navigations).toEqual([]);
    expect(screen.getByRole('button', { name: '微信一键登录' })).toBeEnabled();
  });

  it('sends nothing when wx.login fails, and says something went wrong', async () => {
    platform.loginCode = 'deny';
    const { user } = renderPage(<Login />, page);

    await user.click(screen.getByRole('button', { name: '微信一键登录' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('出了点问题，请过一会儿再试。');
    expect(backend.requests).toEqual([]);
  });

  it('keeps the button disabled while the sign-in is on its way', async () => {
    const gate = deferred<Answer>();
    backend.on('POST /api/auth/resident/login', () => gate.promise);
    const { user } = renderPage(<Login />, page);

    await user.click(screen.getByRole('button', { name: '微信一键登录' }));
    await waitFor(() => expect(screen.getByRole('button', { name: '微信一键登录' })).toBeDisabled());
    expect(screen.getByRole('button', { name: '微信一键登录' })).toHaveAttribute('aria-busy', 'true');

    gate.resolve({ body: { token: 't' } });
    await waitFor(() => expect(platform.navigations).toHaveLength(1));
    expect(backend.calls('POST /api/auth/resident/login')).toHaveLength(1);
  });

  describe('staff', () => {
    it('asks for both fields before sending anything', async () => {
      const { user } = renderPage(<Login />, page);
      await user.click(screen.getByRole('button', { name: '工作人员' }));

      await user.type(screen.getByPlaceholderText('请输入用户名'), 'handler01');
      await user.click(screen.getByRole('button', { name: '登录' }));

      expect(screen.getByRole('alert')).toHaveTextContent('请填写用户名和密码。');
      expect(backend.requests).toEqual([]);

      // Once they fill in what was missing, the old message goes.
      await user.type(screen.getByPlaceholderText('请输入密码'), 'd');
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    });

    it('drops a message about the other tab when switching', async () => {
      const { user } = renderPage(<Login />, page);
      await user.click(screen.getByRole('button', { name: '工作人员' }));
      await user.click(screen.getByRole('button', { name: '登录' }));
      expect(screen.getByRole('alert')).toHaveTextContent('请填写用户名和密码。');

      await user.click(screen.getByRole('button', { name: '我是群众' }));
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    });

    it('signs a handler in and opens the unit queue', async () => {
      backend.on('POST /api/auth/login', { body: { token: 'staff-token', role: 'handler', name: '王办理', unitId: 'u-town' } });
      const { user } = renderPage(<Login />, page);
      await user.click(screen.getByRole('button', { name: '工作人员' }));

      await user.type(screen.getByPlaceholderText('请输入用户名'), '  handler01 ');
      await user.type(screen.getByPlaceholderText('请输入密码'), 's3cret!');
      await user.click(screen.getByRole('button', { name: '登录' }));

      await waitFor(() => expect(platform.navigations).toEqual(['redirectTo /pages/staff/queue/index']));
      const sent = backend.last('POST /api/auth/login');
      expect(sent.body).toEqual({ username: 'handler01', password: 's3cret!' });
      expect(sent.headers['Content-Type']).toBe('application/json');
      expect(sent.headers.Authorization).toBeUndefined();
      expect(platform.getStored('msz.session')).toEqual({ token: 'staff-token', role: 'handler', name: '王办理', unitId: 'u-town' });
      expect(platform.getStored('msz.role')).toBe('handler');
    });

    it('opens the inbox for a dispatcher, signing in with Enter in the password field', async () => {
      backend.on('POST /api/auth/login', { body: { token: 't', role: 'dispatcher', name: '李调度', unitId: 'u-city' } });
      const { user } = renderPage(<Login />, page);
      await user.click(screen.getByRole('button', { name: '工作人员' }));

      await user.type(screen.getByPlaceholderText('请输入用户名'), 'dispatcher01');
      await user.type(screen.getByPlaceholderText('请输入密码'), 'pw{Enter}');

      await waitFor(() => expect(platform.navigations).toEqual(['redirectTo /pages/staff/inbox/index']));
    });

    it('says the name or password is wrong on 401', async () => {
      backend.on('POST /api/auth/login', { status: 401, body: { code: 'INVALID_CREDENTIALS' } });
      const { user } = renderPage(<Login />, page);
      await user.click(screen.getByRole('button', { name: '工作人员' }));

      await user.type(screen.getByPlaceholderText('请输入用户名'), 'handler01');
      await user.type(screen.getByPlaceholderText('请输入密码'), 'wrong');
      await user.click(screen.getByRole('button', { name: '登录' }));

      expect(await screen.findByRole('alert')).toHaveTextContent('用户名或密码不对。');
      expect(platform.getStored('msz.token')).toBe('');
      expect(platform.navigations).toEqual([]);
    });

    it('says the network is down when no answer comes back', async () => {
      platform.setOnline(false);
      const { user } = renderPage(<Login />, page);
      await user.click(screen.getByRole('button', { name: '工作人员' }));

      await user.type(screen.getByPlaceholderText('请输入用户名'), 'handler01');
      await user.type(screen.getByPlaceholderText('请输入密码'), 'pw');
      await user.click(screen.getByRole('button', { name: '登录' }));

      expect(await screen.findByRole('alert')).toHaveTextContent('网络不通，请检查网络后再试。');
    });
  });
});
