import { screen } from '@testing-library/react';
import Settings from '../../src/pages/settings/index';
import { backend, platform } from '../support/platform';
import { renderPage } from '../support/render';

const page = { path: '/pages/settings/index' };

describe('settings page (h5 sandbox)', () => {
  it('names the elderly-mode switch for screen readers', () => {
    renderPage(<Settings />, page);
    expect(screen.getByRole('switch', { name: '大字模式' })).not.toBeChecked();
  });

  it('drops the message about a short number once the resident types again, then binds it', async () => {
    platform.signIn('resident', 'resident-token');
    backend.on('GET /api/my/profile', { body: { phone: null } });
    backend.on('POST /api/my/phone', { body: { phone: '138****9876' } });
    const { user } = renderPage(<Settings />, page);

    const input = await screen.findByPlaceholderText('手机号');
    await user.type(input, '1380000');
    await user.click(screen.getByRole('button', { name: '绑定手机号' }));
    expect(screen.getByRole('alert')).toHaveTextContent('请输入 11 位手机号。');
    expect(backend.calls('POST /api/my/phone')).toEqual([]);

    await user.type(input, '9876');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '绑定手机号' }));
    expect(await screen.findByText('已绑定 138****9876')).toBeInTheDocument();
    expect((backend.last('POST /api/my/phone').body as { code: string }).code).toMatch(/^phone-13800009876\./);
  });
});
