import { screen, waitFor } from '@testing-library/react';
import PublishLeague from '../../src/pages/staff/publish/index';
import LeaguePage from '../../src/pages/staff/league/index';
import { backend, platform } from '../support/platform';
import { renderPage } from '../support/render';

const WEEK = {
  week: '2026-W49',
  from: '2026-11-30',
  to: '2026-12-06',
  status: 'draft',
  approvedBy: null,
  approvedAt: null,
  standardsVersion: 1,
  excludedCases: [] as Array<{ number: string; unitName: string | null; reasons: string[] }>,
  tables: [
    {
      group: 'town',
      rows: [
        { unitId: 'u-jx', name: '井溪镇', rank: 1, score: 95.6, list: 'red', due: 4, standards: [], explanation: '按时办结率 扣4.4分' },
        { unitId: 'u-bt', name: '八台镇', rank: 2, score: 90.7, list: 'black', due: 3, standards: [], explanation: '按时办结率 扣9.3分' },
      ],
      nothingDue: [{ unitId: 'u-hy', name: '花园镇' }],
      means: {},
    },
    { group: 'department', rows: [{ unitId: 'u-w', name: '市水利局', rank: 1, score: 100, list: 'red', due: 1, standards: [], explanation: '各项满分' }], nothingDue: [], means: {} },
  ],
};

const publication = (status: string) => ({
  id: 'p-1',
  kind: 'weekly_list:2026-W49',
  title: '民声直达红黑榜（2026年第49周）',
  status,
  failedStep: status === 'failed' ? 'draft' : null,
  error: null,
  approvedByName: '王调度',
  draftMediaId: 'd-1',
  publishId: 'pub-1',
  articleUrl: null,
  createdAt: '2026-12-07T01:00:00.000Z',
  publishedAt: status === 'published' ? '2026-12-07T01:01:00.000Z' : null,
});

/** The server as the office meets it on a Monday: the week a draft until approved, then published once. */
function serveOffice() {
  let week: Record<string, unknown> = { ...WEEK };
  const published: unknown[] = [];
  backend.on('GET /api/league/weeks/:week', (req) => (req.params.week.endsWith('.png') ? { body: 'PNG-BYTES' } : { body: week }));
  backend.on('GET /api/publications', () => ({ body: [...published, { ...publication('published'), id: 'h-1', kind: 'heatmap' }] }));
  backend.on('POST /api/league/weeks/:week/approve', () => {
    week = { ...WEEK, status: 'approved', approvedBy: '王调度', approvedAt: '2026-12-07T01:00:00.000Z' };
    return { body: week };
  });
  backend.on('POST /api/league/weeks/:week/publish', () => {
    published.unshift(publication('published'));
    return { body: { ...publication('published'), published: true } };
  });
}

describe("the office's publication screen", () => {
  it('names the cases the list leaves out because their record fails the tamper check', async () => {
    platform.signIn('dispatcher', 'office-token');
    serveOffice();
    backend.on('GET /api/league/weeks/:week', (req) =>
      req.params.week.endsWith('.png') ? { body: 'PNG-BYTES' } : { body: { ...WEEK, excludedCases: [{ number: '20261201-0007', unitName: '八台镇', reasons: ['edited: entry #12'] }] } },
    );
    renderPage(<PublishLeague />, { path: '/pages/staff/publish/index', params: { week: '2026-W49' } });
    expect(await screen.findByText(/1件诉求的办理记录未通过防篡改校验，没有计入本榜：20261201-0007/)).toBeInTheDocument();
  });


  it('shows the draft with its pictures, approves it, then publishes it on the Official Account', async () => {
    platform.signIn('dispatcher', 'office-token');
    serveOffice();
    const { user } = renderPage(<PublishLeague />, { path: '/pages/staff/publish/index', params: { week: '2026-W49' } });
    expect(await screen.findByText('草稿，待审定')).toBeInTheDocument();
    expect(await screen.findByAltText('乡镇（街道）红黑榜图片')).toBeInTheDocument();
    expect(await screen.findByAltText('市级部门红黑榜图片')).toBeInTheDocument();
    const pictures = backend.requests.filter((r) => r.kind === 'download');
    expect(pictures.map((r) => [r.path, r.query.group, r.headers.Authorization])).toEqual([
      ['/api/league/weeks/2026-W49.png', 'town', 'Bearer office-token'],
      ['/api/league/weeks/2026-W49.png', 'department', 'Bearer office-token'],
    ]);
    expect(screen.queryByRole('button', { name: '发布到公众号' })).toBeNull();

    await user.click(screen.getByRole('button', { name: '审定这一周的榜单' }));
    expect(await screen.findByText('已审定，待发布')).toBeInTheDocument();
    expect(screen.getByText(/^审定：王调度/)).toBeInTheDocument();
    expect(backend.calls('POST /api/league/weeks/:week/approve').map((c) => c.params.week)).toEqual(['2026-W49']);

    await user.click(screen.getByRole('button', { name: '发布到公众号' }));
    expect(await screen.findByText('已在公众号发布')).toBeInTheDocument();
    expect(screen.getByText('已发布到公众号，各单位负责人会收到本单位的名次。')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '发布到公众号' })).toBeNull();
    expect(backend.calls('POST /api/league/weeks/:week/publish')).toHaveLength(1);
  });

  it("says why WeChat refused, and offers to publish again once the last attempt failed", async () => {
    platform.signIn('dispatcher', 'office-token');
    backend.on('GET /api/league/weeks/:week', (req) => (req.params.week.endsWith('.png') ? { body: 'PNG-BYTES' } : { body: { ...WEEK, status: 'approved', approvedBy: '王调度', approvedAt: '2026-12-07T01:00:00.000Z' } }));
    let attempts: unknown[] = [];
    backend.on('GET /api/publications', () => ({ body: attempts }));
    backend.on('POST /api/league/weeks/:week/publish', () => {
      attempts = [publication('failed')];
      return { status: 502, body: { code: 'PUBLICATION_FAILED', message: 'draft/add 45002' } };
    });
    const { user } = renderPage(<PublishLeague />, { path: '/pages/staff/publish/index', params: { week: '2026-W49' } });
    await user.click(await screen.findByRole('button', { name: '发布到公众号' }));
    expect(await screen.findByText('发布没有成功，文章没有发出去，请稍后再试。')).toBeInTheDocument();
    expect(await screen.findByText('发布没有成功，可以再试一次')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '发布到公众号' })).toBeInTheDocument();
  });
});

describe("a week's red and black list", () => {
  it("marks red and black in words, explains each score, lists units with nothing due apart, and marks the reader's unit", async () => {
    platform.signIn('unit_leader', 'leader-token', { unitId: 'u-bt' });
    backend.on('GET /api/league/weeks/:week', { body: { ...WEEK, status: 'approved', approvedBy: '王调度' } });
    const { container } = renderPage(<LeaguePage />, { path: '/pages/staff/league/index', params: { week: '2026-W49' } });
    expect(await screen.findByText('2026年第49周红黑榜')).toBeInTheDocument();
    expect(await screen.findByText('2026-11-30 至 2026-12-06 · 已审定（王调度）')).toBeInTheDocument();
    expect(screen.getAllByText('红榜')).toHaveLength(2);
    expect(screen.getByText('黑榜')).toBeInTheDocument();
    expect(screen.getByText('按时办结率 扣9.3分')).toBeInTheDocument();
    expect(screen.getByText('本周无到期诉求、不参加排名：花园镇')).toBeInTheDocument();
    expect(container.querySelector('.league__row--mine')).toHaveTextContent('八台镇');
  });

  it('tells a unit a week not yet approved is not out, and goes back a week on request', async () => {
    platform.signIn('handler', 'handler-token', { unitId: 'u-bt' });
    backend.on('GET /api/league/weeks/:week', (req) => (req.params.week === '2026-W49' ? { status: 404, body: { code: 'NOT_FOUND', message: 'no approved list' } } : { body: { ...WEEK, week: req.params.week, status: 'approved' } }));
    const { user } = renderPage(<LeaguePage />, { path: '/pages/staff/league/index', params: { week: '2026-W49' } });
    expect(await screen.findByRole('alert')).toHaveTextContent('这一周的红黑榜还没有审定公布。');
    await user.click(screen.getByRole('button', { name: '上一周' }));
    expect(await screen.findByText('2026年第48周红黑榜')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(backend.calls('GET /api/league/weeks/:week').map((c) => c.params.week)).toEqual(['2026-W49', '2026-W48']);
  });
});
