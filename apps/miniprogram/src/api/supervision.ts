/**
 * 异常线索 and 督办清单 calls over the app's one client, typed by the generated schema; each
 * settles to a Result worded for what the page shows. Plain TypeScript (no Taro), bound in client.ts.
 */
import type { Client } from './core';
import type { Wording } from './errors';
import { settle } from './staff';
import type { Operation, RequestBody, Schemas } from './types';
import type { AnomalyFlag, FlagStatus } from '../staff/anomalies';

export type SupervisionItem = Schemas['SupervisionItemDto'];
export type ItemStatus = SupervisionItem['status'];
export type ItemSource = SupervisionItem['source'];
export type SupervisionSummary = Schemas['SupervisionSummaryDto'];
export type Exposure = Schemas['ExposureDto'];
export type NewItem = RequestBody<Operation<'/api/supervision/items', 'post'>>;
export type VerifyOutcome = RequestBody<Operation<'/api/supervision/items/{id}/verify', 'post'>>['outcome'];
export type AccountabilityInput = RequestBody<Operation<'/api/supervision/items/{id}/accountability', 'post'>>;
export type ExposureInput = RequestBody<Operation<'/api/supervision/items/{id}/exposures', 'post'>>;
export interface ItemQuery {
  status?: ItemStatus;
  overdue?: boolean;
}

export const FLAG_WORDING: Wording = { not_found: '没找到这条线索。', conflict: '这条线索已被他人核查过，请刷新。' };
export const ITEM_WORDING: Wording = { not_found: '没找到这项督办，可能不归您管。', conflict: '这项督办已被他人处理，请刷新。' };

export function createSupervisionApi(client: Client) {
  const { call } = client;
  const flag = <T>(p: Promise<T>) => settle(p, FLAG_WORDING);
  const item = <T>(p: Promise<T>) => settle(p, ITEM_WORDING);
  return {
    /** Flags newest first; by status when given. */
    flags: (status?: FlagStatus) => flag(call('/api/anomaly-flags', 'get', status ? { query: { status } } : {}) as Promise<AnomalyFlag[]>),
    flag: (id: string) => flag(call('/api/anomaly-flags/{id}', 'get', { params: { id } }) as Promise<AnomalyFlag>),
    /** 确认属实 or 排除, each with the inspector's note. */
    reviewFlag: (id: string, outcome: 'confirm' | 'dismiss', note: string) =>
      flag(
        (outcome === 'confirm'
          ? call('/api/anomaly-flags/{id}/confirm', 'post', { params: { id }, body: { note } })
          : call('/api/anomaly-flags/{id}/dismiss', 'post', { params: { id }, body: { note } })) as Promise<AnomalyFlag>,
      ),

    /** Items, most urgent deadline first (the server gives a unit's staff only their unit's). */
    items: (q: ItemQuery = {}) =>
      item(call('/api/supervision/items', 'get', { query: { ...(q.status ? { status: q.status } : {}), ...(q.overdue ? { overdue: true } : {}) } })),
    item: (id: string) => item(call('/api/supervision/items/{id}', 'get', { params: { id } })),
    /** Items open, overdue, closed and closed on time, in all and by unit (inspectors, the office, city leaders). */
    summary: () => item(call('/api/supervision/summary', 'get')),
    createItem: (body: NewItem) => item(call('/api/supervision/items', 'post', { body })),
    /** One evidence photo for the unit's next report; its id goes into the report. */
    uploadPhoto: (id: string, base64: string) => item(call('/api/supervision/items/{id}/media', 'post', { params: { id }, body: { base64 } })),
    report: (id: string, text: string, mediaIds: string[]) =>
      item(call('/api/supervision/items/{id}/report', 'post', { params: { id }, body: mediaIds.length ? { text, mediaIds } : { text } })),
    /** 销号 (closed) or 退回 (sent_back), with the inspector's finding; a send-back may set a new deadline. */
    verify: (id: string, outcome: VerifyOutcome, note: string, dueDate?: string) =>
      item(call('/api/supervision/items/{id}/verify', 'post', { params: { id }, body: outcome === 'sent_back' && dueDate ? { outcome, note, dueDate } : { outcome, note } })),
    addAccountability: (id: string, body: AccountabilityInput) => item(call('/api/supervision/items/{id}/accountability', 'post', { params: { id }, body })),
    addExposure: (id: string, body: ExposureInput) => item(call('/api/supervision/items/{id}/exposures', 'post', { params: { id }, body })),
    /** Media exposures (媒体曝光) with the unit head's commitment and the follow-ups (every staff role). */
    exposures: () => item(call('/api/supervision/exposures', 'get')),
    /** A follow-up on an exposure (inspectors, the office, the exposed unit's staff); answers the exposure. */
    addFollowUp: (id: string, text: string) => item(call('/api/supervision/exposures/{id}/follow-ups', 'post', { params: { id }, body: { text } })),
    /** The URL and header to download one report photo (it needs the token). */
    photoRequest: (id: string, mediaId: string) => client.fileRequest('/api/supervision/items/{id}/media/{mediaId}', { id, mediaId }),
  };
}

export type SupervisionApi = ReturnType<typeof createSupervisionApi>;
