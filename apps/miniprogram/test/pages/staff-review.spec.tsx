import { screen } from '@testing-library/react';
import ReviewPage from '../../src/pages/staff/review/index';
import { backend, platform } from '../support/platform';
import { renderPage } from '../support/render';

const page = { path: '/pages/staff/review/index' };
const VILLAGE = 'v-1';
const zhang = { id: 'h-1', villageId: VILLAGE, name: '张明家', address: '三组', balance: 50, members: [] };
const li = { id: 'h-2', villageId: VILLAGE, name: '李秀英家', address: '二组', balance: 0, members: [] };
const criteria = [
  { code: 'hygiene', name: '包卫生', points: 10 },
  { code: 'greening', name: '包绿化', points: 5 },
];

describe('village review page (村级评议)', () => {
  it('ticks what each household did, finds one by the shared search, and reviews every household it ticked', async () => {
    platform.signIn('handler', 'cadre-token', { unitId: VILLAGE });
    backend.on(`GET /api/villages/${VILLAGE}/review-criteria`, { body: criteria });
    backend.on(`GET /api/villages/${VILLAGE}/households`, { body: [zhang, li] });
    backend.on(`POST /api/villages/${VILLAGE}/reviews`, { status: 200, body: { reviewId: 'r-1', awards: [{ householdId: 'h-1', points: 15, balance: 65 }] } });
    const { user } = renderPage(<ReviewPage />, page);

    expect(await screen.findByText('李秀英家（本次 +0 分）')).toBeInTheDocument();
    await user.click(screen.getAllByRole('button', { name: '包卫生' })[0]);
    await user.click(screen.getAllByRole('button', { name: '包绿化' })[0]);
    expect(screen.getByText('张明家（本次 +15 分）')).toBeInTheDocument();

    // The search narrows what is shown; the ticks made before it stay.
    backend.on(`GET /api/villages/${VILLAGE}/households`, { body: [li] });
    await user.type(screen.getByPlaceholderText('户主姓名、手机号后四位'), '李');
    await user.click(screen.getByRole('button', { name: '查找' }));
    await screen.findByText('李秀英家（本次 +0 分）');
    expect(screen.queryByText(/张明家/)).not.toBeInTheDocument();
    expect(backend.last(`GET /api/villages/${VILLAGE}/households`).url).toContain('q=%E6%9D%8E');

    await user.click(screen.getByRole('button', { name: '提交评议' }));
    await screen.findByText('已记分：1 户加了分');
    const sent = backend.last(`POST /api/villages/${VILLAGE}/reviews`).body as { key: string; results: unknown[] };
    expect(sent.key).toMatch(/^review-/);
    expect(sent.results).toEqual([
      { householdId: 'h-1', met: ['hygiene', 'greening'] },
      { householdId: 'h-2', met: [] },
    ]);
  });
});
