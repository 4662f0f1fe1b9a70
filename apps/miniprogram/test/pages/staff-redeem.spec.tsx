import { screen } from '@testing-library/react';
import RedeemPage from '../../src/pages/staff/redeem/index';
import { backend, platform } from '../support/platform';
import { renderPage } from '../support/render';

const page = { path: '/pages/staff/redeem/index' };
const VILLAGE = 'v-1';
const household = { id: 'h-1', villageId: VILLAGE, name: '张明家', address: '三组', balance: 50, members: [{ id: 'm-1', name: '张明', phone: '138****2001', isHead: true }] };
const fertiliser = { id: 'i-1', name: '复合肥', unit: '袋', pointsPrice: 20, stock: 5, active: true };
const soap = { id: 'i-2', name: '洗衣机', unit: '台', pointsPrice: 900, stock: 1, active: true };

describe('station redemption page (积分兑换)', () => {
  it('finds the household, takes the goods after a confirmation, and keeps one key per redemption', async () => {
    platform.signIn('handler', 'cadre-token', { unitId: VILLAGE });
    backend.on(`GET /api/villages/${VILLAGE}/catalogue`, { body: [fertiliser, soap] });
    backend.on(`GET /api/villages/${VILLAGE}/households`, { body: [household] });
    backend.on(`POST /api/villages/${VILLAGE}/redemptions`, { status: 200, body: { redemptionId: 'r-1', entryId: 'e-1', householdId: 'h-1', itemId: 'i-1', quantity: 2, points: 40, balance: 10, stock: 3 } });
    const { user } = renderPage(<RedeemPage />, page);

    await user.type(screen.getByPlaceholderText('户主姓名、手机号后四位'), '张明');
    await user.click(screen.getByRole('button', { name: '查找' }));
    await user.click(await screen.findByRole('button', { name: '张明家（50 分）' }));
    expect(screen.getByRole('button', { name: /洗衣机/ })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: /复合肥 20 分\/袋/ }));
    await user.click(screen.getByRole('button', { name: '多一袋' }));
    await user.click(screen.getByRole('button', { name: '确认兑换' }));

    expect(await screen.findByText('已兑换。张明家还剩 10 分，复合肥还剩 3袋')).toBeInTheDocument();
    const sent = backend.last(`POST /api/villages/${VILLAGE}/redemptions`);
    expect(sent.body).toMatchObject({ householdId: 'h-1', itemId: 'i-1', quantity: 2, key: expect.stringMatching(/^redeem-/) });
    expect(sent.headers.Authorization).toBe('Bearer cadre-token');
    expect(backend.last(`GET /api/villages/${VILLAGE}/households`).url).toContain('q=');
  });

  it('says plainly when the points are not enough, and sends the same key when tried again', async () => {
    platform.signIn('handler', 'cadre-token', { unitId: VILLAGE });
    backend.on(`GET /api/villages/${VILLAGE}/catalogue`, { body: [fertiliser] });
    backend.on(`GET /api/villages/${VILLAGE}/households`, { body: [household] });
    backend.on(`POST /api/villages/${VILLAGE}/redemptions`, { status: 409, body: { code: 'POINTS_INSUFFICIENT', message: '积分不够' } });
    const { user } = renderPage(<RedeemPage />, page);

    await user.click(screen.getByRole('button', { name: '查找' }));
    await user.click(await screen.findByRole('button', { name: '张明家（50 分）' }));
    await user.click(screen.getByRole('button', { name: /复合肥/ }));
    await user.click(screen.getByRole('button', { name: '确认兑换' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('积分不够');
    const first = backend.last(`POST /api/villages/${VILLAGE}/redemptions`).body as { key: string };
    await user.click(screen.getByRole('button', { name: '确认兑换' }));
    const second = backend.last(`POST /api/villages/${VILLAGE}/redemptions`).body as { key: string };
    expect(second.key).toBe(first.key);
  });
});
