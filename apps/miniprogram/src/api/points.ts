/**
 * Household points and rewards (积分, 奖励): the calls over the app's client, typed by the
 * generated schema (apps/server/src/modules/points/dto). Plain TypeScript (no Taro) so jest can
 * test it; pages import it with the app's client.
 */
import type { Client } from './core';
import type { Schemas } from './types';

export type PointsEntry = Schemas['EntryDto'];
export type CatalogueItem = Schemas['CatalogueItemDto'];
export type Member = Schemas['MemberDto'];
export type Household = Schemas['HouseholdDto'];
export type MyHousehold = Schemas['MyHouseholdDto'];
export type Criterion = Schemas['CriterionDto'];
export type Redemption = Schemas['RedemptionDto'];
export type MyReward = Schemas['MyRewardDto'];
export type RedeemInput = Schemas['RedeemDto'];
export type ReviewInput = Schemas['RecordReviewDto'];

export function createPointsApi(client: Client) {
  const { call } = client;
  return {
    myPoints: () => call('/api/my/points', 'get'),
    myRewards: () => call('/api/my/rewards', 'get'),
    refreshReward: (id: string) => call('/api/my/rewards/{id}/refresh', 'post', { params: { id } }),

    households: (villageId: string, q: string) => call('/api/villages/{villageId}/households', 'get', { params: { villageId }, query: q ? { q } : {} }),
    catalogue: (villageId: string) => call('/api/villages/{villageId}/catalogue', 'get', { params: { villageId } }),
    criteria: (villageId: string) => call('/api/villages/{villageId}/review-criteria', 'get', { params: { villageId } }),
    /** `key` stays the same across retries of one redemption, so a weak network never takes twice. */
    redeem: (villageId: string, body: RedeemInput) => call('/api/villages/{villageId}/redemptions', 'post', { params: { villageId }, body }),
    review: (villageId: string, body: ReviewInput) => call('/api/villages/{villageId}/reviews', 'post', { params: { villageId }, body }),
  };
}

/** Points as a villager says them: "+15 分" / "-40 分". */
export function signedPoints(delta: number): string {
  return `${delta > 0 ? '+' : ''}${delta} 分`;
}

/** Fen as yuan, the way a person reads money: 50 元, 0.3 元. */
export function yuan(fen: number): string {
  return `${(fen / 100).toFixed(2).replace(/\.?0+$/, '')} 元`;
}

/** Today in Beijing as YYYY-MM-DD (a review's date). */
export function beijingToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
