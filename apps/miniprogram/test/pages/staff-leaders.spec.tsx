import { fireEvent, screen, waitFor } from '@testing-library/react';
import LeadersHome from '../../src/pages/staff/leaders/index';
import { indicatorWindows } from '../../src/staff/indicators';
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

const DEFINITIONS = [
  { code: 'volume', name: '受理量', unit: 'count', better: 'neither' },
  { code: 'signOnTimeRate', name: '按时签收率', unit: 'rate', better: 'higher' },
  { code: 'closeOnTimeRate', name: '按时办结率', unit: 'rate', better: 'higher' },
  { code: 'averageCycle', name: '平均办理时长', unit: 'workdays', better: 'lower' },
  { code: 'satisfactionRate', name: '满意率', unit: 'rate', better: 'higher' },
  { code: 'repeatRate', name: '重复诉求率', unit: 'rate', better: 'lower' },
];

/** The four weeks to today answer with the newer numbers, the four before with the older ones. */
function indicators(req: { query: Record<string, string> }) {
  const current = req.query.from === indicatorWindows().current.from;
  const total = current
    ? { volume: 9, signOnTimeRate: 1, closeOnTimeRate: 0.75, averageCycle: 3.5, satisfactionRate: 0.9, repeatRate: 0 }
    : { volume: 6, signOnTimeRate: 1, closeOnTimeRate: 0.5, averageCycle: 7.2, satisfactionRate: 0.95, repeatRate: 0 };
  return { body: { from: req.query.from, to: req.query.to, period: 'week', groupBy: 'none', definitions: DEFINITIONS, groups: [{ key: null, label: '全部', total, counters: {}, series: [], trend: {} }] } };
}

const WARNING = {
  id: 'w-1',
  scope: 'town',
  level: 'orange',
  levelLabel: '橙色预警',
  status: 'open',
  statusLabel: '待签收',
  summary: '井溪镇近3天饮水诉求12件，是平时的4倍',
  category: 'water-supply',
  categoryName: '饮水安全',
  towns: ['井溪镇'],
  raisedAt: '2026-12-07T01:00:00.000Z',
  upgradedAt: null,
  ackBy: '2026-12-08T01:00:00.000Z',
  acknowledgedAt: null,
  escalatedAt: null,
  closedAt: null,
};

function serve() {
  backend.on('GET /api/analytics/heatmap', { body: HEATMAP });
  backend.on('GET /api/analytics/heatmap.png', { body: 'PNG-BYTES' });
  backend.on('GET /api/indicators', indicators);
  backend.on('GET /api/warnings', { body: { items: [WARNING], total: 1 } });
}

const LEAGUE_WEEK = {
  week: '2026-W49',
  from: '2026-11-30',
  to: '2026-12-06',
  status: 'approved',
  approvedBy: '王调度',
  approvedAt: '2026-12-07T01:00:00.000Z',
  standardsVersion: 1,
  tables: [
    {
      group: 'town',
      rows: [
        { unitId: 'u-jx', name: '井溪镇', rank: 1, score: 96, list: 'red', due: 4, standards: [], explanation: '各项满分' },
        { unitId: 'u-bt', name: '八台镇', rank: 2, score: 71.5, list: 'black', due: 3, standards: [], explanation: '按时办结率 扣12.5分；满意率 扣4.0分' },
      ],
      nothingDue: [{ unitId: 'u-hy', name: '花园镇' }],
      means: {},
    },
    { group: 'department', rows: [], nothingDue: [], means: {} },
  ],
};

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

  it("shows a town leader their town's place on the newest list, the warning waiting for them and their indicators with arrows in words", async () => {
    platform.signIn('unit_leader', 'leader-token', { unitId: 'u-bt' });
    serve();
    backend.on('GET /api/league/units/:unitId/history', (req) => ({
      body: { unitId: req.params.unitId, name: '八台镇', red: 0, black: 1, weeks: [{ week: '2026-W49', group: 'town', rank: 2, score: 71.5, list: 'black', due: 3, explanation: '' }] },
    }));
    backend.on('GET /api/league/weeks/:week', { body: LEAGUE_WEEK });
    renderPage(<LeadersHome />, page);
    expect(await screen.findByText('乡镇（街道）第2名（共2个） · 黑榜 · 71.5分')).toBeInTheDocument();
    expect(screen.getByText('本单位红黑榜（2026年第49周）')).toBeInTheDocument();
    expect(screen.getByText('按时办结率 扣12.5分；满意率 扣4.0分')).toBeInTheDocument();
    expect(backend.calls('GET /api/league/units/:unitId/history')[0].params.unitId).toBe('u-bt');
    expect(backend.calls('GET /api/league/weeks/:week')[0].params.week).toBe('2026-W49');

    expect(await screen.findByText('井溪镇近3天饮水诉求12件，是平时的4倍')).toBeInTheDocument();
    expect(screen.getByText('橙色预警')).toBeInTheDocument();
    expect(backend.calls('GET /api/warnings')[0].query).toMatchObject({ open: 'true', limit: '3' });

    expect(await screen.findByText('75%')).toBeInTheDocument();
    expect(screen.getByText('↑ 比前四周 高25个百分点')).toHaveClass('kpi__change--good');
    expect(screen.getByText('↓ 比前四周 快3.7天')).toHaveClass('kpi__change--good');
    expect(screen.getByText('↓ 比前四周 低5个百分点')).toHaveClass('kpi__change--bad');
    const windows = backend.calls('GET /api/indicators').map((c) => c.query);
    expect(windows).toHaveLength(2);
    expect(windows.every((q) => q.period === 'week' && q.groupBy === 'none')).toBe(true);
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
