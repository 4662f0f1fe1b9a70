import { createClient, type HttpRequest } from './core';
import { beijingToday, createPointsApi, signedPoints, yuan } from './points';

describe(createPointsApi.name, () => {
  it.each<[string, (s: ReturnType<typeof createPointsApi>) => Promise<unknown>, { method: string; url: string; data?: unknown }]>([
    ['my points', (s) => s.myPoints(), { method: 'GET', url: 'http://api.test/api/my/points' }],
    ['my rewards', (s) => s.myRewards(), { method: 'GET', url: 'http://api.test/api/my/rewards' }],
    ['refresh a reward', (s) => s.refreshReward('r/1'), { method: 'POST', url: 'http://api.test/api/my/rewards/r%2F1/refresh' }],
    ['households', (s) => s.households('v1', '周'), { method: 'GET', url: 'http://api.test/api/villages/v1/households?q=%E5%91%A8' }],
    ['all households', (s) => s.households('v1', ''), { method: 'GET', url: 'http://api.test/api/villages/v1/households' }],
    ['catalogue', (s) => s.catalogue('v1'), { method: 'GET', url: 'http://api.test/api/villages/v1/catalogue' }],
    ['criteria', (s) => s.criteria('v1'), { method: 'GET', url: 'http://api.test/api/villages/v1/review-criteria' }],
    [
      'redeem',
      (s) => s.redeem('v1', { key: 'redeem-1', householdId: 'h1', itemId: 'i1', quantity: 2 }),
      { method: 'POST', url: 'http://api.test/api/villages/v1/redemptions', data: { key: 'redeem-1', householdId: 'h1', itemId: 'i1', quantity: 2 } },
    ],
    [
      'review',
      (s) => s.review('v1', { key: 'review-1', title: '门前五包评议', heldOn: '2026-03-15', results: [{ householdId: 'h1', met: ['hygiene'] }] }),
      { method: 'POST', url: 'http://api.test/api/villages/v1/reviews', data: { key: 'review-1', title: '门前五包评议', heldOn: '2026-03-15', results: [{ householdId: 'h1', met: ['hygiene'] }] } },
    ],
  ])('%s goes through the one client with the token', async (_name, act, expected) => {
    const sent: HttpRequest[] = [];
    const client = createClient({ base: 'http://api.test', transport: async (req) => (sent.push(req), { statusCode: 200, data: [] }), session: { get: () => ({ token: 't', role: 'resident' }), set: () => undefined } });
    await act(createPointsApi(client));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ ...expected, header: { Authorization: 'Bearer t' } });
    if (expected.data === undefined) expect('data' in sent[0]).toBe(false);
  });
});

describe('points wording', () => {
  it('signs points and reads fen as yuan', () => {
    expect(signedPoints(15)).toBe('+15 分');
    expect(signedPoints(-40)).toBe('-40 分');
    expect(yuan(5000)).toBe('50 元');
    expect(yuan(30)).toBe('0.3 元');
    expect(yuan(12345)).toBe('123.45 元');
  });

  it('dates a review by the Beijing day', () => {
    expect(beijingToday(new Date('2026-03-14T16:30:00Z'))).toBe('2026-03-15');
  });
});
