/** 督办清单 and 异常线索 pages: who gets which buttons, what a form refuses, and what is sent. */
import { screen } from '@testing-library/react';
import FlagDetail from '../../src/pages/staff/flags/detail';
import ItemDetail from '../../src/pages/staff/supervision/detail';
import ItemList from '../../src/pages/staff/supervision/index';
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
