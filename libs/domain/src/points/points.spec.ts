import { DomainError } from '../shared/domain-error';
import { affordable, checkCatalogueItem, planRedemption } from './catalogue';
import { applyMove, awardMove, balanceOf, checkIdempotencyKey, correctionMove, redemptionMove, replayOrConflict } from './ledger';
import { checkCriteria, FIVE_RESPONSIBILITIES, scoreReview } from './review';
import { checkApproval, checkRewardAmount, nextRewardState, rewardPeriod, rewardStateFromTransfer } from './reward';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof DomainError ? e.code : 'not a DomainError';
  }
};

describe('the points ledger', () => {
  it('adds awards, takes redemptions, and never goes below zero', () => {
    let balance = 0;
    balance = applyMove(balance, awardMove(50));
    balance = applyMove(balance, redemptionMove(30));
    expect(balance).toBe(20);
    expect(code(() => applyMove(20, redemptionMove(21)))).toBe('POINTS_INSUFFICIENT');
    expect(applyMove(20, redemptionMove(20))).toBe(0);
  });

  it.each([0, -5, 1.5, 10_001, Number.NaN])('refuses %p points', (points) => {
    expect(code(() => awardMove(points))).toBe('POINTS_AMOUNT_INVALID');
    expect(code(() => redemptionMove(points))).toBe('POINTS_AMOUNT_INVALID');
  });

  it('corrects by a counter-entry that runs against the original and never beyond it', () => {
    const award = { id: 'e1', delta: 40 };
    expect(correctionMove(award, -40, '评错了')).toEqual({ kind: 'correction', delta: -40, correctsEntryId: 'e1' });
    expect(code(() => correctionMove(award, -41, '评错了'))).toBe('POINTS_AMOUNT_INVALID');
    expect(code(() => correctionMove(award, 10, '评错了'))).toBe('POINTS_AMOUNT_INVALID');
    expect(code(() => correctionMove(award, -10, '  '))).toBe('REASON_REQUIRED');
    expect(correctionMove({ id: 'r1', delta: -30 }, 30, '退货').delta).toBe(30);
    expect(balanceOf([{ delta: 40 }, { delta: -30 }, { delta: -10 }])).toBe(0);
  });

  it('replays a retried operation and refuses a key reused for something else', () => {
    expect(replayOrConflict(null, 'a')).toBeNull();
    expect(replayOrConflict({ fingerprint: 'a', result: 7 }, 'a')).toBe(7);
    expect(code(() => replayOrConflict({ fingerprint: 'a', result: 7 }, 'b'))).toBe('POINTS_KEY_REUSED');
    expect(checkIdempotencyKey('redeem-2026-0001')).toBe('redeem-2026-0001');
    expect(code(() => checkIdempotencyKey('short'))).toBe('POINTS_KEY_INVALID');
    expect(code(() => checkIdempotencyKey('has space in it'))).toBe('POINTS_KEY_INVALID');
  });
});

describe('village reviews', () => {
  it('sums the criteria each household met, and gives no entry to one that met none', () => {
    const scores = scoreReview(FIVE_RESPONSIBILITIES, [
      { householdId: 'h1', met: ['hygiene', 'safety', 'hygiene'] },
      { householdId: 'h2', met: [] },
    ]);
    expect(scores).toEqual([{ householdId: 'h1', points: 20, note: '包卫生、包安全' }]);
  });

  it('refuses unknown criteria, a household twice, and malformed criteria', () => {
    expect(code(() => scoreReview(FIVE_RESPONSIBILITIES, [{ householdId: 'h1', met: ['singing'] }]))).toBe('REVIEW_INVALID');
    expect(code(() => scoreReview(FIVE_RESPONSIBILITIES, [{ householdId: 'h1', met: [] }, { householdId: 'h1', met: [] }]))).toBe('REVIEW_INVALID');
    expect(code(() => scoreReview(FIVE_RESPONSIBILITIES, []))).toBe('REVIEW_INVALID');
    expect(checkCriteria(FIVE_RESPONSIBILITIES)).toHaveLength(5);
    expect(code(() => checkCriteria([]))).toBe('REVIEW_INVALID');
    expect(code(() => checkCriteria([{ code: 'a', name: '甲', points: 1 }, { code: 'a', name: '乙', points: 1 }]))).toBe('REVIEW_INVALID');
    expect(code(() => checkCriteria([{ code: 'a', name: '甲', points: 101 }]))).toBe('REVIEW_INVALID');
  });
});

describe('the station catalogue', () => {
  const fertiliser = { name: '复合肥', unit: '袋', pointsPrice: 40, stock: 3 };

  it('prices a redemption and keeps the shelf from going negative', () => {
    expect(planRedemption(fertiliser, 2)).toEqual({ cost: 80, stockAfter: 1 });
    expect(code(() => planRedemption(fertiliser, 4))).toBe('STOCK_INSUFFICIENT');
    expect(code(() => planRedemption(fertiliser, 0))).toBe('POINTS_AMOUNT_INVALID');
  });

  it('shows what a balance can get', () => {
    const soap = { name: '洗衣粉', unit: '袋', pointsPrice: 10, stock: 0 };
    expect(affordable([fertiliser, soap], 90)).toEqual([{ ...fertiliser, canTake: 2 }]);
    expect(affordable([fertiliser], 39)).toEqual([]);
  });

  it('checks items', () => {
    expect(checkCatalogueItem({ name: ' 种子 ', unit: '包', pointsPrice: 5, stock: 0 }).name).toBe('种子');
    expect(code(() => checkCatalogueItem({ ...fertiliser, stock: -1 }))).toBe('CATALOGUE_ITEM_INVALID');
    expect(code(() => checkCatalogueItem({ ...fertiliser, pointsPrice: 0 }))).toBe('CATALOGUE_ITEM_INVALID');
  });
});

describe('cash rewards', () => {
  it('maps WeChat Pay bill states and only moves forward', () => {
    expect(rewardStateFromTransfer('WAIT_USER_CONFIRM')).toBe('wait_user_confirm');
    expect(rewardStateFromTransfer('SUCCESS')).toBe('succeeded');
    expect(code(() => rewardStateFromTransfer('MAYBE'))).toBe('REWARD_STATE_UNKNOWN');
    expect(nextRewardState('wait_user_confirm', 'succeeded')).toBe('succeeded');
    expect(nextRewardState('succeeded', 'failed')).toBe('succeeded');
    expect(nextRewardState('wait_user_confirm', 'transferring')).toBe('wait_user_confirm');
    expect(code(() => nextRewardState('proposed', 'succeeded'))).toBe('REWARD_ILLEGAL');
  });

  it('needs a second person and room in the budget', () => {
    const reward = { state: 'proposed' as const, proposedBy: 'u1', amountFen: 5000 };
    expect(() => checkApproval(reward, 'u2', 95_000, 100_000)).not.toThrow();
    expect(code(() => checkApproval(reward, 'u1', 0, 100_000))).toBe('REWARD_SAME_PERSON');
    expect(code(() => checkApproval(reward, 'u2', 95_001, 100_000))).toBe('REWARD_OVER_BUDGET');
    expect(code(() => checkApproval({ ...reward, state: 'approved' }, 'u2', 0, 100_000))).toBe('REWARD_ILLEGAL');
    expect(code(() => checkRewardAmount(29))).toBe('REWARD_AMOUNT_INVALID');
    expect(rewardPeriod(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12');
  });
});
