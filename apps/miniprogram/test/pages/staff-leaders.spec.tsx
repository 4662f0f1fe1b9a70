import { fireEvent, screen, waitFor } from '@testing-library/react';
import LeadersHome from '../../src/pages/staff/leaders/index';
import { backend, platform } from '../support/platform';
import { renderPage } from '../support/render';

const page = { path: '/pages/staff/leaders/index' };

const HEATMAP = {
  query: { from: '2026-11-08', to: '2026-12-07', groupBy: 'category' },
  columns: [
    { code: 'infrastructure', name: '基础设施' },
    { code: 'livelihood', name: '民生保障' },
  ],
  towns: [{ id: 't-1', name: '井溪镇', total: 14, cells: [12, 2] }],
  places: [
    { id: 'v-1', name: '胜利村', town: '井溪镇', level: 'village', lat: 32.1, lng: 108, count: 9, topColumn: '基础设施', topCount: 8 },
    { id: 't-1', name: '井溪镇', town: '井溪镇', level: 'town', lat: 32.2, lng: 108.1, count: 5, topColumn: '基础设施', topCount: 4 },
  ],
  topColumns: [
    { code: 'infrastructure', name: '基础设施', count: 12 },
    { code: 'livelihood', name: '民生保障', count: 2 },
  ],
  total: 14,
  unplaced: 0,
};

function serve() {
  backend.on('GET /api/analytics/heatmap', { body: HEATMAP });
  backend.on('GET /api/analytics/heatmap.png', { body: 'PNG-BYTES' });
}

describe("leaders' home (heat map)", () => {
  it('asks to sign in, sending nothing, when no one is signed in', async () => {
    renderPage(<LeadersHome />, page);
    expect(await screen.findByRole('alert')).toHaveTextContent('请先登录');
    expect(backend.requests).toEqual([]);
  });

  it("shows the server's picture and the busiest places and categories in words, for the last 30 days", async () => {
    platform.signIn('city_leader', 'leader-token');
    serve();
    renderPage(<LeadersHome />, page);
    expect(await screen.findByText('共 14 件诉求')).toBeInTheDocument();
    expect(screen.getByText('井溪镇 胜利村')).toBeInTheDocument();
    expect(screen.getByText('多为基础设施（8件）')).toBeInTheDocument();
    expect(screen.getByText('占86%')).toBeInTheDocument();
    const picture = await screen.findByAltText('各乡镇各类诉求数量热力图');
    expect(picture.getAttribute('src')).toMatch(/^wxfile:\/\/tmp\//);
    const [data] = backend.calls('GET /api/analytics/heatmap');
    const [png] = backend.calls('GET /api/analytics/heatmap.png');
    expect(data.headers?.Authorization ?? data.headers?.authorization).toBe('Bearer leader-token');
    expect(png.headers?.Authorization).toBe('Bearer leader-token');
    expect(png.query.view).toBe('grid');
    const days = (Date.parse(`${data.query.to}T00:00:00Z`) - Date.parse(`${data.query.from}T00:00:00Z`)) / 86_400_000 + 1;
    expect(days).toBe(30);
  });

  it('asks again for another period and for the map view', async () => {
    platform.signIn('unit_leader', 'leader-token');
    serve();
    renderPage(<LeadersHome />, page);
    await screen.findByText('共 14 件诉求');
    fireEvent.click(screen.getByRole('button', { name: '近7天' }));
    await waitFor(() => expect(backend.calls('GET /api/analytics/heatmap')).toHaveLength(2));
    const last = backend.calls('GET /api/analytics/heatmap')[1];
    expect((Date.parse(`${last.query.to}T00:00:00Z`) - Date.parse(`${last.query.from}T00:00:00Z`)) / 86_400_000).toBe(6);
    await waitFor(() => expect(screen.getByRole('button', { name: '按位置看' })).not.toBeDisabled());
    fireEvent.click(screen.getByRole('button', { name: '按位置看' }));
    await waitFor(() => expect(backend.calls('GET /api/analytics/heatmap.png').at(-1)?.query.view).toBe('map'));
    expect(await screen.findByAltText('各村诉求分布图')).toBeInTheDocument();
  });
});
