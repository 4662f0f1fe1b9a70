/** A golden idea for its unit: evaluate it (a reason is needed to decline), then record progress to delivery. */
import { screen } from '@testing-library/react';
import IdeaPage from '../../src/pages/staff/idea/index';
import { backend, platform } from '../support/platform';
import { renderPage } from '../support/render';

const idea = (over: Record<string, unknown> = {}) => ({
  id: 'i-1',
  caseId: 'c-1',
  caseNumber: 'MS20261208-0003',
  title: '建高山蔬菜基地',
  text: '建议在我们村搞一个高山蔬菜基地',
  channel: 'wechat_oa',
  unitId: 'u-1',
  unitName: '井溪镇',
  status: 'evaluating',
  statusLabel: '正在评估',
  takenUpAt: '2026-12-07T02:00:00.000Z',
  evaluateBy: '2026-12-21T15:59:59.999Z',
  overdue: false,
  decision: null,
  decisionReason: null,
  evaluatedAt: null,
  deliveredAt: null,
  version: 1,
  allowedActions: ['evaluate'],
  milestones: [],
  reward: null,
  canReward: false,
  ...over,
});
const open = () => renderPage(<IdeaPage />, { path: '/pages/staff/idea/index', params: { id: 'i-1' } });

describe('golden idea page (金点子)', () => {
  it('asks for a reason before declining, then declines with it', async () => {
    platform.signIn('handler');
    backend.on('GET /api/ideas/:id', { status: 200, body: idea() });
    backend.on('POST /api/ideas/:id/evaluate', () => {
      backend.on('GET /api/ideas/:id', { status: 200, body: idea({ status: 'declined', statusLabel: '暂不采纳', decision: 'decline', decisionReason: '这块地是基本农田', allowedActions: [] }) });
      return { status: 200, body: idea({ status: 'declined' }) };
    });
    const { user } = open();
    await screen.findByText('建高山蔬菜基地');
    await user.click(screen.getByRole('button', { name: '不采纳' }));
    expect(screen.getByRole('alert')).toHaveTextContent('不采纳要写明原因');
    expect(backend.writes()).toEqual([]);

    await user.type(screen.getByPlaceholderText('为什么，或采纳哪一部分'), '这块地是基本农田');
    await user.click(screen.getByRole('button', { name: '不采纳' }));
    await screen.findByText('说明：这块地是基本农田');
    expect(backend.last('POST /api/ideas/:id/evaluate').body).toEqual({ decision: 'decline', reason: '这块地是基本农田', expectedVersion: 1 });
    expect(screen.queryByRole('button', { name: '采纳' })).not.toBeInTheDocument();
  });

  it('records the step that delivers an adopted idea', async () => {
    platform.signIn('handler');
    backend.on('GET /api/ideas/:id', { status: 200, body: idea({ status: 'adopted', statusLabel: '已采纳，正在落实', allowedActions: ['add_milestone'] }) });
    backend.on('POST /api/ideas/:id/milestones', {
      status: 201,
      body: idea({ status: 'delivered', statusLabel: '已落地', allowedActions: [], milestones: [{ id: 's-1', note: '基地建成', delivered: true, recordedAt: '2026-12-08T02:00:00.000Z', photos: [] }] }),
    });
    const { user } = open();
    await screen.findByText('已采纳，正在落实');
    await user.type(screen.getByPlaceholderText('例如：选好了地块'), '基地建成');
    await user.click(screen.getByRole('switch', { name: '已经落地了' }));
    await user.click(screen.getByRole('button', { name: '记下进展' }));
    await screen.findByText('【已落地】基地建成');
    expect(backend.last('POST /api/ideas/:id/milestones').body).toEqual({ note: '基地建成', delivered: true });
  });

  it('proposes a reward in yuan for a delivered idea and shows where it stands', async () => {
    platform.signIn('handler');
    backend.on('GET /api/ideas/:id', { status: 200, body: idea({ status: 'delivered', statusLabel: '已落地', allowedActions: [], canReward: true }) });
    backend.on('POST /api/ideas/:id/reward', {
      status: 201,
      body: idea({ status: 'delivered', statusLabel: '已落地', allowedActions: [], reward: { id: 'r-1', amountFen: 20000, remark: '金点子奖励', state: 'proposed', stateLabel: '等待审批', payeeName: '刘大爷' } }),
    });
    const { user } = open();
    await screen.findByText('给建议人发奖励');
    await user.type(screen.getByPlaceholderText('例如 200'), '200');
    await user.click(screen.getByRole('button', { name: '提出奖励' }));
    await screen.findByText('奖励 200.00 元给 刘大爷：等待审批');
    expect(backend.last('POST /api/ideas/:id/reward').body).toEqual({ amountFen: 20000, remark: '金点子“建高山蔬菜基地”奖励' });
    expect(screen.queryByText('给建议人发奖励')).toBeNull();
  });
});
