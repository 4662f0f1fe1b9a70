import { screen, within } from '@testing-library/react';
import Index from '../../src/pages/index/index';
import { backend, platform } from '../support/platform';
import { renderPage } from '../support/render';

const page = { path: '/pages/index/index' };

describe('home page', () => {
  it('opens each part of the app from the menu', async () => {
    const { user } = renderPage(<Index />, page);

    await user.click(screen.getByRole('button', { name: '我要反映' }));
    await user.click(screen.getByRole('button', { name: '我的诉求' }));
    await user.click(screen.getByRole('button', { name: '干群连心卡' }));
    await user.click(screen.getByRole('button', { name: '大字模式 / 设置' }));
    await user.click(screen.getByRole('button', { name: '登录' }));

    expect(platform.navigations).toEqual([
      'navigateTo /pages/file/index',
      'navigateTo /pages/my-cases/index',
      'navigateTo /pages/contacts/index',
      'navigateTo /pages/settings/index',
      'navigateTo /pages/login/index',
    ]);
    expect(backend.requests).toEqual([]);
  });

  it('looks a case up by its number and query code, tidying what was typed, and shows status and deadline', async () => {
    backend.on('GET /api/public/cases/:number', {
      body: { number: 'MS20261126-0001', status: 'in_progress', statusLabel: '正在办理', deadline: '2026-12-03T09:00:00.000Z' },
    });
    const { user } = renderPage(<Index />, page);

    const input = screen.getByPlaceholderText('例如 MS20261126-0001');
    await user.type(input, ' ms20261126 0001 ');
    await user.type(screen.getByPlaceholderText('受理时告诉您的6位查询码'), '048213');
    await user.click(screen.getByRole('button', { name: '查询' }));

    const status = await screen.findByText('正在办理'); // the server's 办理中 in a resident's words
    const result = status.closest('.result') as HTMLElement;
    // Number and deadline are never broken across lines (elderly mode's large type moves them whole).
    expect(within(result).getByText('MS20261126-0001')).toHaveClass('nowrap');
    expect(within(result).getByText('2026年12月3日 17:00')).toHaveClass('nowrap');
    expect(input).toHaveValue('MS20261126-0001');
    const sent = backend.last('GET /api/public/cases/:number');
    expect(sent.params.number).toBe('MS20261126-0001');
    expect(sent.query).toMatchObject({ code: '048213' });
    expect(sent.headers.Authorization).toBeUndefined();
  });

  it('checks the number on the phone: nothing is sent for a malformed one', async () => {
    const { user } = renderPage(<Index />, page);

    await user.type(screen.getByPlaceholderText('例如 MS20261126-0001'), '我的编号{Enter}');

    expect(await screen.findByRole('alert')).toHaveTextContent('受理编号不对，请核对。样子像这样：MS20261126-0001');
    expect(backend.requests).toEqual([]);
  });

  it('asks for a number when the box is empty', async () => {
    const { user } = renderPage(<Index />, page);

    await user.click(screen.getByRole('button', { name: '查询' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('请先输入受理编号。');
    expect(backend.requests).toEqual([]);
  });

  it('asks for the query code before asking the server', async () => {
    const { user } = renderPage(<Index />, page);

    await user.type(screen.getByPlaceholderText('例如 MS20261126-0001'), 'MS20261126-0001');
    await user.click(screen.getByRole('button', { name: '查询' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('请输入6位查询码，或登记的手机号后4位。');
    expect(backend.requests).toEqual([]);

    // Typing the code answers the message: it does not stay over the corrected form.
    await user.type(screen.getByPlaceholderText('受理时告诉您的6位查询码'), '0');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says nothing was found on 404 (a wrong code answers the same)', async () => {
    backend.on('GET /api/public/cases/:number', { status: 404, body: { code: 'CASE_NOT_FOUND' } });
    const { user } = renderPage(<Index />, page);

    await user.type(screen.getByPlaceholderText('例如 MS20261126-0001'), 'MS20261126-0999');
    await user.type(screen.getByPlaceholderText('受理时告诉您的6位查询码'), '5678');
    await user.click(screen.getByRole('button', { name: '查询' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('没有查到。请核对编号和查询码，或在公众号里问我们。');
    expect(screen.queryByText('办结时限')).not.toBeInTheDocument();
  });

  it('says the network is down when offline', async () => {
    platform.setOnline(false);
    const { user } = renderPage(<Index />, page);

    await user.type(screen.getByPlaceholderText('例如 MS20261126-0001'), 'MS20261126-0001');
    await user.type(screen.getByPlaceholderText('受理时告诉您的6位查询码'), '048213');
    await user.click(screen.getByRole('button', { name: '查询' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('网络不通，请检查网络后再查。');
  });

  it('says who is signed in and no longer offers 登录', () => {
    platform.signIn('resident', 'resident-token');
    renderPage(<Index />, page);

    expect(screen.getByText('已登录：群众')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '登录' })).not.toBeInTheDocument();
    expect(screen.queryByText('还没有登录')).not.toBeInTheDocument();
  });

  it('names a signed-in member of staff and takes them to their work', async () => {
    platform.signIn('handler', 'handler-token', { name: '井溪镇 李明' });
    const { user } = renderPage(<Index />, page);

    expect(screen.getByText('已登录：工作人员 井溪镇 李明')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '登录' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '进入工作台' }));
    expect(platform.navigations).toEqual(['navigateTo /pages/staff/queue/index']);
  });
});
