/** 督办清单 and 异常线索 pages: who gets which buttons, what a form refuses, and what is sent. */
import { screen, waitFor, within } from '@testing-library/react';
import FlagDetail from '../../src/pages/staff/flags/detail';
import StaffCase from '../../src/pages/staff/case/index';
import WarningDetail from '../../src/pages/staff/warnings/detail';
import Exposures from '../../src/pages/staff/supervision/exposures';
import ItemDetail from '../../src/pages/staff/supervision/detail';
import ItemList from '../../src/pages/staff/supervision/index';
import ItemNew from '../../src/pages/staff/supervision/new';
import { dateAfter } from '../../src/staff/supervision';
import { caseDetail } from '../support/fixtures';
import { backend, platform } from '../support/platform';
import { renderPage } from '../support/render';

const item = (over: Record<string, unknown> = {}) => ({
  id: 'i-1',
  number: '督-2026-0001',
  source: 'flag',
  title: 'MS20261207-0001：答复过短',
  requirement: '派人到二村修好漏水的自来水管',
  unit: { id: 'u-1', name: '井溪镇' },
  dueDate: '2099-12-22',
  status: 'assigned',
  overdue: false,
  caseIds: ['c-1'],
  flagId: 'f-1',
  createdBy: { id: 's-1', name: '韩督查' },
  history: [{ at: '2026-12-07T15:00:00.000Z', action: 'assign', actorName: '韩督查', text: '派人到二村修好漏水的自来水管' }],
  reports: [],
  accountability: [],
  exposures: [],
  ...over,
});

const openItem = () => renderPage(<ItemDetail />, { path: '/pages/staff/supervision/detail', params: { id: 'i-1' } });

describe('supervision item page', () => {
  beforeEach(() => {
    backend.on('GET /api/cases/:id', { body: { id: 'c-1', number: 'MS20261207-0001' } });
  });

  it('lets the unit report with a photo: the photo goes up first, then the report with its id', async () => {
    platform.signIn('handler');
    backend.on('GET /api/supervision/items/:id', { body: item() });
    backend.on('POST /api/supervision/items/:id/media', { status: 201, body: { id: 'm-1', url: '/api/supervision/items/i-1/media/m-1' } });
    backend.on('POST /api/supervision/items/:id/report', { body: item({ status: 'reported', reports: [{ at: '2026-12-08T01:00:00.000Z', text: '已换水管', media: [] }] }) });
    platform.images = [{ path: 'wxfile://tmp/pipe.jpg', size: 120_000 }];
    const { user } = openItem();

    expect(await screen.findByText('MS20261207-0001')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '销号' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '提交报告' }));
    expect(screen.getByRole('alert')).toHaveTextContent('请写一写整改了什么');
    expect(backend.writes()).toEqual([]);

    await user.type(screen.getByPlaceholderText('做了什么、结果怎样、群众怎么说'), '已换水管');
    await user.click(screen.getByRole('button', { name: '拍照或选照片' }));
    expect(await screen.findByRole('img', { name: '整改照片 1' })).toHaveAttribute('src', 'wxfile://tmp/pipe.jpg');
    await user.click(screen.getByRole('button', { name: '提交报告' }));

    expect(await screen.findByText('已报告整改情况，等待纪委监委核验')).toBeInTheDocument();
    expect(backend.writes()).toEqual(['POST /api/supervision/items/i-1/media', 'POST /api/supervision/items/i-1/report']);
    expect(backend.last('POST /api/supervision/items/:id/media').body).toEqual({ base64: '/9j/4AAQSkZJRg==' });
    expect(backend.last('POST /api/supervision/items/:id/report').body).toEqual({ text: '已换水管', mediaIds: ['m-1'] });
    expect(screen.queryByRole('button', { name: '提交报告' })).not.toBeInTheDocument();
  });

  it('lets the inspector send a report back with a note and a new deadline', async () => {
    platform.signIn('inspector');
    const reported = item({ status: 'reported', reports: [{ at: '2026-12-08T01:00:00.000Z', text: '已缠胶布', media: [] }] });
    backend.on('GET /api/supervision/items/:id', { body: reported });
    backend.on('POST /api/supervision/items/:id/verify', { body: item({ status: 'sent_back', dueDate: '2099-12-30' }) });
    const { user } = openItem();

    expect(await screen.findByText('已缠胶布')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '提交报告' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '退回重改' }));
    expect(screen.getByRole('alert')).toHaveTextContent('请写一写核验情况');
    expect(backend.writes()).toEqual([]);

    await user.type(screen.getByPlaceholderText('看了现场、问了群众，整改到没到位'), '还在渗水，要换管');
    await user.click(screen.getByRole('button', { name: '沿用 2099年12月22日' }));
    await user.type(screen.getByRole('textbox', { name: '日期' }), '2099-12-30');
    await user.click(screen.getByRole('button', { name: '确定' }));
    await user.click(screen.getByRole('button', { name: '退回重改' }));
    expect(await screen.findByText('已退回，单位要重新整改')).toBeInTheDocument();
    expect(backend.last('POST /api/supervision/items/:id/verify').body).toEqual({ outcome: 'sent_back', note: '还在渗水，要换管', dueDate: '2099-12-30' });
    // Sent back, the item waits for the unit: no verify buttons for the inspector.
    expect(screen.queryByRole('button', { name: '销号' })).not.toBeInTheDocument();
  });

  it('records accountability with the item', async () => {
    platform.signIn('inspector');
    backend.on('GET /api/supervision/items/:id', { body: item({ status: 'closed' }) });
    backend.on('POST /api/supervision/items/:id/accountability', {
      status: 201,
      body: item({ status: 'closed', accountability: [{ id: 'a-1', itemId: 'i-1', person: '张某', role: '城建办主任', measure: '诫勉谈话', note: null, createdAt: '2026-12-08T02:00:00.000Z' }] }),
    });
    const { user } = openItem();

    await user.click(await screen.findByRole('button', { name: '记录问责' }));
    await user.click(screen.getByRole('button', { name: '保存问责' }));
    expect(screen.getByRole('alert')).toHaveTextContent('请写上被问责人、职务和问责方式');
    await user.type(screen.getByPlaceholderText('姓名'), '张某');
    await user.type(screen.getByPlaceholderText('例如：某某镇副镇长'), '城建办主任');
    await user.type(screen.getByPlaceholderText('例如：诫勉谈话、通报批评'), '诫勉谈话');
    await user.click(screen.getByRole('button', { name: '保存问责' }));
    expect(await screen.findByText('已记录问责')).toBeInTheDocument();
    expect(backend.last('POST /api/supervision/items/:id/accountability').body).toEqual({ person: '张某', role: '城建办主任', measure: '诫勉谈话' });
    expect(screen.getByText('张某（城建办主任）：诫勉谈话')).toBeInTheDocument();
  });

  it('shows the unit what it still has to answer first', async () => {
    platform.signIn('unit_leader');
    backend.on('GET /api/supervision/items', {
      body: [item({ id: 'a', number: '督-2026-0002', status: 'reported' }), item({ id: 'b', number: '督-2026-0003', status: 'sent_back', overdue: true, dueDate: '2026-12-01' })],
    });
    renderPage(<ItemList />, { path: '/pages/staff/supervision/index' });

    expect(await screen.findByText('本单位督办事项')).toBeInTheDocument();
    const numbers = (await screen.findAllByText(/^督-2026-000\d$/)).map((e) => e.textContent);
    expect(numbers).toEqual(['督-2026-0003', '督-2026-0002']);
    expect(screen.getByText(/^已逾期 \d+ 天（限期 2026年12月1日）$/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '只看逾期' })).not.toBeInTheDocument();
  });

  it('shows the inspector the counts, and filters the list to overdue items on the server', async () => {
    platform.signIn('inspector');
    backend.on('GET /api/supervision/items', { body: [] });
    backend.on('GET /api/supervision/summary', {
      body: { total: { open: 3, overdue: 1, closed: 2, closedOnTime: 1 }, byUnit: [{ unit: { id: 'u-1', name: '八台镇' }, open: 2, overdue: 1, closed: 0, closedOnTime: 0 }] },
    });
    const { user } = renderPage(<ItemList />, { path: '/pages/staff/supervision/index' });

    expect(await screen.findByText('没有这样的督办事项')).toBeInTheDocument();
    expect(screen.getByText('在办 3 项，其中逾期 1 项；已销号 2 项')).toBeInTheDocument();
    expect(screen.getByText('按期整改销号 1 项（50%）')).toBeInTheDocument();
    expect(screen.getByText('八台镇：逾期 1 项，在办 2 项')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '待整改' }));
    await user.click(screen.getByRole('button', { name: '只看逾期' }));
    await screen.findByRole('button', { name: '✓ 只看逾期' });
    expect(backend.last('GET /api/supervision/items').query).toEqual({ status: 'assigned', overdue: 'true' });
  });
});

describe('anomaly flag page', () => {
  const flag = (over: Record<string, unknown> = {}) => ({
    id: 'f-1',
    kind: 'short_answer',
    unitId: 'u-1',
    caseId: 'c-1',
    evidence: { number: 'MS20261207-0001', answer: '已修好', chars: 3, minChars: 10, kind: 'complaint' },
    status: 'open',
    reviewNote: null,
    reviewedAt: null,
    createdAt: '2026-12-07T15:00:00.000Z',
    ...over,
  });

  it('shows the evidence in words, confirms with a note, then offers to open an item', async () => {
    platform.signIn('inspector');
    backend.on('GET /api/anomaly-flags/:id', { body: flag() });
    backend.on('GET /api/units', { body: [{ id: 'u-1', code: 'town-jingxi', name: '井溪镇', level: 'town' }] });
    backend.on('POST /api/anomaly-flags/:id/confirm', { body: flag({ status: 'confirmed', reviewNote: '电话核实，仍漏水', reviewedAt: '2026-12-07T16:00:00.000Z' }) });
    const { user } = renderPage(<FlagDetail />, { path: '/pages/staff/flags/detail', params: { id: 'f-1' } });

    expect(await screen.findByText('答复只有 3 个字，这类诉求至少要 10 个字。')).toBeInTheDocument();
    expect(screen.getByText('“已修好”')).toBeInTheDocument();
    expect(await screen.findByText('单位：井溪镇')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '立项督办' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '确认属实' }));
    expect(screen.getByRole('alert')).toHaveTextContent('请写一写核实到的情况');
    expect(backend.writes()).toEqual([]);

    await user.type(screen.getByPlaceholderText('电话或上门核实到了什么'), '电话核实，仍漏水');
    await user.click(screen.getByRole('button', { name: '确认属实' }));
    expect(await screen.findByText('已确认属实，可以立项督办')).toBeInTheDocument();
    expect(backend.last('POST /api/anomaly-flags/:id/confirm').body).toEqual({ note: '电话核实，仍漏水' });
    await user.click(screen.getByRole('button', { name: '立项督办' }));
    expect(platform.navigations).toEqual(['navigateTo /pages/staff/supervision/new?flagId=f-1']);
  });

  it('lets the office read a flag but not review it', async () => {
    platform.signIn('dispatcher');
    backend.on('GET /api/anomaly-flags/:id', { body: flag() });
    backend.on('GET /api/units', { body: [] });
    renderPage(<FlagDetail />, { path: '/pages/staff/flags/detail', params: { id: 'f-1' } });

    expect(await screen.findByText('答复过短')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '确认属实' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '排除' })).not.toBeInTheDocument();
  });
});

/** /api/units as the server lists them: the city, two towns, a village under one, a department. */
const UNITS = [
  { id: 'u-city', code: 'city', name: '市民声直达办', level: 'city', sample: false },
  { id: 'u-1', code: 'town-jingxi', name: '井溪镇', level: 'town', sample: false },
  { id: 'u-2', code: 'town-batai', name: '八台镇', level: 'town', sample: false },
  { id: 'u-v', code: 'village-xianglu', name: '香炉村', level: 'village', parentId: 'u-2', sample: false },
  { id: 'u-d', code: 'dept-water', name: '市水利局', level: 'department', sample: false },
];

const warning = (over: Record<string, unknown> = {}) => ({
  id: 'w-1',
  scope: 'town',
  level: 'red',
  levelLabel: '红色预警',
  status: 'acknowledged',
  statusLabel: '已签收',
  summary: '八台镇供水诉求近7天明显增多',
  category: 'water',
  categoryName: '供水',
  towns: ['八台镇'],
  raisedAt: '2026-12-06T01:00:00.000Z',
  ackBy: '2026-12-06T05:00:00.000Z',
  evidence: {
    category: 'water',
    categoryName: '供水',
    recentDays: 7,
    baselineDays: 28,
    towns: [{ townId: 'u-2', townName: '八台镇', recent: 9, expected: 2, baselineTotal: 8, ratio: 4.5 }],
    recentTotal: 9,
    expectedTotal: 2,
  },
  steps: [],
  cases: [],
  ...over,
});

const openNew = (params: Record<string, string>) => renderPage(<ItemNew />, { path: '/pages/staff/supervision/new', params });

describe('opening an item from a case, a warning or a field visit', () => {
  beforeEach(() => {
    backend.on('GET /api/units', { body: UNITS });
  });

  it('offers 立项督办 on a case to inspectors only', async () => {
    platform.signIn('inspector');
    backend.on('GET /api/cases/:id', { body: caseDetail({ allowedActions: [] }) });
    backend.on('GET /api/cases/:id/extensions', { body: [] });
    const { user } = renderPage(<StaffCase />, { path: '/pages/staff/case/index', params: { id: 'k-1' } });

    await user.click(await screen.findByRole('button', { name: '立项督办' }));
    expect(platform.navigations).toEqual(['navigateTo /pages/staff/supervision/new?caseId=k-1']);
  });

  it('gives the office no 立项督办 on a case', async () => {
    platform.signIn('dispatcher');
    backend.on('GET /api/cases/:id', { body: caseDetail({ allowedActions: [] }) });
    backend.on('GET /api/cases/:id/extensions', { body: [] });
    renderPage(<StaffCase />, { path: '/pages/staff/case/index', params: { id: 'k-1' } });

    expect(await screen.findByText(caseDetail().number)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '立项督办' })).not.toBeInTheDocument();
  });

  it("opens an item from a case: the case's village gives its town, the case goes with the item", async () => {
    platform.signIn('inspector');
    backend.on('GET /api/cases/:id', { body: caseDetail({ id: 'k-1', number: 'MS20261207-0009', text: '香炉村自来水管漏水', unitId: 'u-v' }) });
    backend.on('POST /api/supervision/items', { status: 201, body: item({ id: 'i-9', source: 'case', caseIds: ['k-1'] }) });
    const { user } = openNew({ caseId: 'k-1' });

    expect(await screen.findByText('来自诉求：MS20261207-0009')).toBeInTheDocument();
    expect(screen.getByText('已选：八台镇')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: '标题' })).toHaveValue('MS20261207-0009：香炉村自来水管漏水');
    // Villages and the city office take no items.
    expect(screen.queryByRole('button', { name: '香炉村' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '市民声直达办' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '交办' }));
    expect(screen.getByRole('alert')).toHaveTextContent('请写整改要求');
    expect(backend.writes()).toEqual([]);

    await user.type(screen.getByPlaceholderText('要单位做什么、做到什么程度'), '三天内修好水管');
    await user.click(screen.getByRole('button', { name: '交办' }));
    await waitFor(() => expect(platform.navigations).toEqual(['redirectTo /pages/staff/supervision/detail?id=i-9']));
    expect(backend.writes()).toEqual(['POST /api/supervision/items']);
    expect(backend.last('POST /api/supervision/items').body).toEqual({
      source: 'case',
      caseIds: ['k-1'],
      unitId: 'u-2',
      title: 'MS20261207-0009：香炉村自来水管漏水',
      requirement: '三天内修好水管',
      dueDate: dateAfter(15),
    });
    expect(platform.navigations).toEqual(['redirectTo /pages/staff/supervision/detail?id=i-9']);
  });

  it("offers 立项督办 on a warning to inspectors, and opens the item for the warning's town", async () => {
    platform.signIn('inspector');
    backend.on('GET /api/warnings/:id', { body: warning() });
    const page = renderPage(<WarningDetail />, { path: '/pages/staff/warnings/detail', params: { id: 'w-1' } });
    await page.user.click(await screen.findByRole('button', { name: '立项督办' }));
    expect(platform.navigations).toEqual(['navigateTo /pages/staff/supervision/new?warningId=w-1']);
    page.unmount();

    backend.on('POST /api/supervision/items', { status: 201, body: item({ id: 'i-8', source: 'warning', warningId: 'w-1', caseIds: [] }) });
    const { user } = openNew({ warningId: 'w-1' });
    expect(await screen.findByText('来自三色预警：红色预警')).toBeInTheDocument();
    expect(screen.getByText('已选：八台镇')).toBeInTheDocument();
    // The inspector may give it to another unit instead.
    await user.click(screen.getByRole('button', { name: '市水利局' }));
    await user.type(screen.getByPlaceholderText('要单位做什么、做到什么程度'), '排查供水管网');
    await user.click(screen.getByRole('button', { name: '交办' }));
    await waitFor(() => expect(platform.navigations).toContain('redirectTo /pages/staff/supervision/detail?id=i-8'));
    expect(backend.last('POST /api/supervision/items').body).toEqual({
      source: 'warning',
      warningId: 'w-1',
      unitId: 'u-d',
      title: '八台镇供水红色预警',
      requirement: '排查供水管网',
      dueDate: dateAfter(15),
    });
  });

  it('leaves the unit to the inspector on a warning naming several towns, and refuses without one', async () => {
    platform.signIn('inspector');
    backend.on('GET /api/warnings/:id', {
      body: warning({
        scope: 'city',
        towns: ['井溪镇', '八台镇'],
        evidence: { ...warning().evidence, towns: [...warning().evidence.towns, { townId: 'u-1', townName: '井溪镇', recent: 5, expected: 1, baselineTotal: 4, ratio: 5 }] },
      }),
    });
    const { user } = openNew({ warningId: 'w-1' });

    expect(await screen.findByText('还没有选单位')).toBeInTheDocument();
    await user.type(screen.getByPlaceholderText('要单位做什么、做到什么程度'), '排查供水管网');
    await user.click(screen.getByRole('button', { name: '交办' }));
    expect(screen.getByRole('alert')).toHaveTextContent('请选择交办单位');
    expect(backend.writes()).toEqual([]);
  });

  it('gives the office no 立项督办 on a warning', async () => {
    platform.signIn('dispatcher');
    backend.on('GET /api/warnings/:id', { body: warning() });
    renderPage(<WarningDetail />, { path: '/pages/staff/warnings/detail', params: { id: 'w-1' } });

    expect(await screen.findByText('八台镇供水诉求近7天明显增多')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '立项督办' })).not.toBeInTheDocument();
  });

  it('starts a field visit from the list, wants the field note, and sends no case', async () => {
    platform.signIn('inspector');
    backend.on('GET /api/supervision/items', { body: [] });
    backend.on('GET /api/supervision/summary', { body: { total: { open: 0, overdue: 0, closed: 0, closedOnTime: 0 }, byUnit: [] } });
    const list = renderPage(<ItemList />, { path: '/pages/staff/supervision/index' });
    await list.user.click(await screen.findByRole('button', { name: '现场督查' }));
    expect(platform.navigations).toEqual(['navigateTo /pages/staff/supervision/new?mode=field_visit']);
    list.unmount();

    backend.on('POST /api/supervision/items', { status: 201, body: item({ id: 'i-7', source: 'field_visit', caseIds: [], fieldNote: '菜市场门口污水横流' }) });
    const { user } = openNew({ mode: 'field_visit' });
    expect(await screen.findByText('四不两直现场督查：写下现场看到的问题，交办给单位整改')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: '标题' }), '菜市场污水');
    await user.type(screen.getByPlaceholderText('要单位做什么、做到什么程度'), '一周内疏通');
    await user.click(screen.getByRole('button', { name: '井溪镇' }));
    await user.click(screen.getByRole('button', { name: '交办' }));
    expect(screen.getByRole('alert')).toHaveTextContent('请写一写现场看到的情况');
    expect(backend.writes()).toEqual([]);

    // The picker searches by name.
    const search = screen.getByRole('textbox', { name: '搜索交办单位' });
    expect(search).toHaveAttribute('placeholder', '搜单位名称，如 八台');
    await user.type(search, '八台');
    expect(screen.queryByRole('button', { name: '✓ 井溪镇' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '八台镇' }));
    await user.type(screen.getByPlaceholderText('何时何地，看到了什么问题，问了谁'), '菜市场门口污水横流');
    await user.click(screen.getByRole('button', { name: '交办' }));
    await waitFor(() => expect(platform.navigations).toContain('redirectTo /pages/staff/supervision/detail?id=i-7'));
    expect(backend.writes()).toEqual(['POST /api/supervision/items']);
    expect(backend.last('POST /api/supervision/items').body).toEqual({
      source: 'field_visit',
      unitId: 'u-2',
      title: '菜市场污水',
      requirement: '一周内疏通',
      dueDate: dateAfter(15),
      fieldNote: '菜市场门口污水横流',
    });
    expect(platform.navigations).toEqual(['navigateTo /pages/staff/supervision/new?mode=field_visit', 'redirectTo /pages/staff/supervision/detail?id=i-7']);
  });

  it('keeps the flag path: the flag fixes the unit and its case goes with the item', async () => {
    platform.signIn('inspector');
    backend.on('GET /api/anomaly-flags/:id', {
      body: { id: 'f-1', kind: 'short_answer', unitId: 'u-1', caseId: 'c-1', evidence: { number: 'MS20261207-0001', answer: '已修好', chars: 3, minChars: 10, kind: 'complaint' }, status: 'confirmed', reviewNote: '属实', reviewedAt: '2026-12-07T16:00:00.000Z', createdAt: '2026-12-07T15:00:00.000Z' },
    });
    backend.on('POST /api/supervision/items', { status: 201, body: item() });
    const { user } = openNew({ flagId: 'f-1' });

    expect(await screen.findByText('来自异常线索：答复过短')).toBeInTheDocument();
    expect(screen.getByText('井溪镇')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: '搜索交办单位' })).not.toBeInTheDocument();
    await user.type(screen.getByPlaceholderText('要单位做什么、做到什么程度'), '重新答复');
    await user.click(screen.getByRole('button', { name: '交办' }));
    await waitFor(() => expect(platform.navigations).toEqual(['redirectTo /pages/staff/supervision/detail?id=i-1']));
    expect(backend.last('POST /api/supervision/items').body).toEqual({
      source: 'flag',
      flagId: 'f-1',
      unitId: 'u-1',
      title: 'MS20261207-0001：答复过短',
      requirement: '重新答复',
      dueDate: dateAfter(15),
      caseIds: ['c-1'],
    });
    expect(platform.navigations).toEqual(['redirectTo /pages/staff/supervision/detail?id=i-1']);
  });

  it('says so when the query names no source', async () => {
    platform.signIn('inspector');
    openNew({});
    expect(await screen.findByRole('alert')).toHaveTextContent('不知道从哪里立项');
    expect(screen.queryByRole('button', { name: '交办' })).not.toBeInTheDocument();
  });
});

describe('media exposures page', () => {
  const exposure = (over: Record<string, unknown> = {}) => ({
    id: 'e-1',
    itemId: 'i-1',
    itemNumber: '督-2026-0001',
    unit: { id: 'u-1', name: '井溪镇' },
    caseId: 'c-1',
    caseNumber: 'MS20261207-0001',
    outlet: '市电视台《问政》',
    commitment: '一周内换好二村水管',
    commitmentDue: '2026-12-14',
    createdAt: '2026-12-07T15:00:00.000Z',
    followUps: [],
    ...over,
  });
  const other = exposure({ id: 'e-2', itemNumber: '督-2026-0002', unit: { id: 'u-2', name: '八台镇' }, caseId: null, caseNumber: null, outlet: '市日报', commitment: '月底前清理河道' });
  const card = (unitName: string) => screen.getByText(unitName).closest('.panel') as HTMLElement;

  it("lets the exposed unit follow up its own exposure only, and refuses a blank note", async () => {
    platform.signIn('handler', 'token-handler', { unitId: 'u-1' });
    backend.on('GET /api/supervision/exposures', { body: [exposure(), other] });
    backend.on('POST /api/supervision/exposures/:id/follow-ups', {
      status: 201,
      body: exposure({ followUps: [{ id: 'fu-1', at: '2026-12-08T02:00:00.000Z', text: '水管已换一半', actorName: '王办事' }] }),
    });
    const { user } = renderPage(<Exposures />, { path: '/pages/staff/supervision/exposures' });

    expect(await screen.findByText('承诺：一周内换好二村水管（2026年12月14日 前）')).toBeInTheDocument();
    expect(within(card('井溪镇')).getByText('督办 督-2026-0001 · 诉求 MS20261207-0001')).toBeInTheDocument();
    expect(within(card('八台镇')).queryByRole('button', { name: '添加跟进' })).not.toBeInTheDocument();

    await user.click(within(card('井溪镇')).getByRole('button', { name: '添加跟进' }));
    await user.click(screen.getByRole('button', { name: '保存跟进' }));
    expect(screen.getByRole('alert')).toHaveTextContent('请写一写跟进情况');
    expect(backend.writes()).toEqual([]);

    await user.type(screen.getByPlaceholderText('承诺兑现到哪一步了'), '水管已换一半');
    await user.click(screen.getByRole('button', { name: '保存跟进' }));
    expect(await screen.findByText(/王办事：水管已换一半$/)).toBeInTheDocument();
    expect(backend.writes()).toEqual(['POST /api/supervision/exposures/e-1/follow-ups']);
    expect(backend.last('POST /api/supervision/exposures/:id/follow-ups').body).toEqual({ text: '水管已换一半' });
  });

  it('lets the inspector follow up any exposure, and is reached from the list', async () => {
    platform.signIn('inspector');
    backend.on('GET /api/supervision/items', { body: [] });
    backend.on('GET /api/supervision/summary', { body: { total: { open: 0, overdue: 0, closed: 0, closedOnTime: 0 }, byUnit: [] } });
    const list = renderPage(<ItemList />, { path: '/pages/staff/supervision/index' });
    await list.user.click(await screen.findByRole('button', { name: '媒体曝光与整改承诺' }));
    expect(platform.navigations).toEqual(['navigateTo /pages/staff/supervision/exposures']);
    list.unmount();

    backend.on('GET /api/supervision/exposures', { body: [exposure(), other] });
    renderPage(<Exposures />, { path: '/pages/staff/supervision/exposures' });
    expect(await screen.findByText('八台镇')).toBeInTheDocument();
    expect(within(card('井溪镇')).getByRole('button', { name: '添加跟进' })).toBeInTheDocument();
    expect(within(card('八台镇')).getByRole('button', { name: '添加跟进' })).toBeInTheDocument();
    expect(within(card('八台镇')).getByText('还没有跟进记录')).toBeInTheDocument();
  });

  it('lets a city leader read the exposures without following up', async () => {
    platform.signIn('city_leader');
    backend.on('GET /api/supervision/exposures', { body: [exposure()] });
    renderPage(<Exposures />, { path: '/pages/staff/supervision/exposures' });

    expect(await screen.findByText('市电视台《问政》')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '添加跟进' })).not.toBeInTheDocument();
  });
});
