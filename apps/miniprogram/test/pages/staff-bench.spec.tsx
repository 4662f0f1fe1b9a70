/** 板凳会 list: the city's (or the town's) totals above the meetings. */
import { screen } from '@testing-library/react';
import BenchPage from '../../src/pages/staff/bench/index';
import { backend, platform } from '../support/platform';
import { renderPage } from '../support/render';

const row = (key: string, label: string, over: Record<string, unknown> = {}) => ({
  key,
  label,
  meetingsHeld: 3,
  attendance: 90,
  demandsRaised: 4,
  demandsSettled: 3,
  solvedOnTheSpot: 1,
  completionRate: 0.75,
  ...over,
});

function serve(totals: unknown) {
  backend.on('GET /api/bench/meetings', () => ({ body: [] }));
  backend.on('GET /api/bench/kinds', () => ({ body: [{ code: 'night_talk', name: '板凳夜谈' }] }));
  backend.on('GET /api/units', () => ({ body: [] }));
  backend.on('GET /api/bench/totals', () => ({ body: totals }));
}

describe('the bench meetings page', () => {
  it('shows what the meetings held have raised and settled, in all and by town', async () => {
    platform.signIn('dispatcher', 'office-token');
    serve({
      groupBy: 'town',
      from: null,
      to: null,
      rows: [row('t-1', '井溪镇'), row('t-2', '八台镇', { meetingsHeld: 1, attendance: 20, demandsRaised: 0, demandsSettled: 0, solvedOnTheSpot: 0, completionRate: null })],
      total: row('all', '合计', { meetingsHeld: 4, attendance: 110 }),
    });
    renderPage(<BenchPage />, { path: '/pages/staff/bench/index' });
    expect(await screen.findByText('开会 4 场 · 参加 110 人次 · 提出 4 件 · 办结 3 件 · 办结率 75% · 当场解决 1 件')).toBeInTheDocument();
    expect(screen.getByText(/^井溪镇：开会 3 场/)).toBeInTheDocument();
    expect(screen.getByText(/^八台镇：.*办结率 —/)).toBeInTheDocument();
    expect(backend.calls('GET /api/bench/totals').map((c) => c.query.groupBy)).toEqual(['town']);
  });

  it('shows no totals before any meeting was held', async () => {
    platform.signIn('handler', 'cadre-token');
    serve({ groupBy: 'town', from: null, to: null, rows: [], total: row('all', '合计', { meetingsHeld: 0, attendance: 0, demandsRaised: 0, demandsSettled: 0, solvedOnTheSpot: 0, completionRate: null }) });
    renderPage(<BenchPage />, { path: '/pages/staff/bench/index' });
    expect(await screen.findByText('还没有板凳会')).toBeInTheDocument();
    expect(screen.queryByText('已开的板凳会合计')).toBeNull();
  });
});
