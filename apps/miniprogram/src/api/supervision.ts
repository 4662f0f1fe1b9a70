/**
 * 异常线索 and 督办清单 calls over the app's one client, typed by the generated schema; each
 * settles to a Result worded for what the page shows. Plain TypeScript (no Taro), bound in client.ts.
 */
import type { Client } from './core';
import type { Wording } from './errors';
import { settle } from './staff';
import type { AnomalyFlag, FlagStatus } from '../staff/anomalies';

export const FLAG_WORDING: Wording = { not_found: '没找到这条线索。', conflict: '这条线索已被他人核查过，请刷新。' };

export function createSupervisionApi(client: Client) {
  const { call } = client;
  const flag = <T>(p: Promise<T>) => settle(p, FLAG_WORDING);
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
  };
}

export type SupervisionApi = ReturnType<typeof createSupervisionApi>;
