/**
 * Household points and rewards (积分, 奖励). Written by hand in the style of the generated client:
 * these routes are not yet in openapi.json (the lead regenerates it after merging), so they go
 * through the client's untyped `request` with the server's DTOs typed here.
 * Plain TypeScript (no Taro) so jest can test it; pages import it with the app's client.
 */
import type { Client } from './core';

export interface PointsEntry {
  id: string;
  kind: 'award' | 'redemption' | 'correction';
  delta: number;
  balanceAfter: number;
  note: string;
  createdAt: string;
}

export interface CatalogueItem {
  id: string;
  name: string;
  unit: string;
  pointsPrice: number;
  stock: number;
  active: boolean;
}

export interface Member {
  id: string;
  name: string;
  phone: string | null;
  isHead: boolean;
}

export interface Household {
  id: string;
  villageId: string;
  name: string;
  address: string;
  balance: number;
  members: Member[];
}

export interface MyHousehold extends Household {
  villageName: string;
  entries: PointsEntry[];
  canGet: Array<CatalogueItem & { canTake: number }>;
}

export interface Criterion {
  code: string;
  name: string;
  points: number;
}

export interface Redemption {
  redemptionId: string;
  points: number;
  balance: number;
  stock: number;
}

export interface MyReward {
  id: string;
  amountFen: number;
  remark: string;
  state: 'transferring' | 'wait_user_confirm' | 'succeeded' | 'failed' | 'cancelled';
  packageInfo: string | null;
  mchId: string | null;
  appId: string | null;
  createdAt: string;
}

const seg = (s: string) => encodeURIComponent(s);

export function createPointsApi(client: Client) {
  return {
    myPoints: () => client.request<MyHousehold[]>('get', '/api/my/points'),
    myRewards: () => client.request<MyReward[]>('get', '/api/my/rewards'),
    refreshReward: (id: string) => client.request<MyReward>('post', `/api/my/rewards/${seg(id)}/refresh`),

    households: (villageId: string, q: string) => client.request<Household[]>('get', `/api/villages/${seg(villageId)}/households`, { query: q ? { q } : {} }),
    catalogue: (villageId: string) => client.request<CatalogueItem[]>('get', `/api/villages/${seg(villageId)}/catalogue`),
    criteria: (villageId: string) => client.request<Criterion[]>('get', `/api/villages/${seg(villageId)}/review-criteria`),
    /** `key` stays the same across retries of one redemption, so a weak network never takes twice. */
    redeem: (villageId: string, body: { key: string; householdId: string; itemId: string; quantity: number }) =>
      client.request<Redemption>('post', `/api/villages/${seg(villageId)}/redemptions`, { body }),
    review: (villageId: string, body: { key: string; title: string; heldOn: string; results: Array<{ householdId: string; met: string[] }> }) =>
      client.request<{ reviewId: string; awards: Array<{ householdId: string; points: number; balance: number }> }>('post', `/api/villages/${seg(villageId)}/reviews`, { body }),
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
