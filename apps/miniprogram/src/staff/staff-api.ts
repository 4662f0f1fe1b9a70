/**
 * The staff client bound to Taro.request, with the signed-in member of staff's token.
 * The session is read from storage: 'msz.token' (and 'msz.role' / 'msz.session' for the role).
 */
import Taro from '@tarojs/taro';
import { createStaffClient, type Transport } from './client';
import type { StaffRole } from './types';

const TIMEOUT_MS = 15_000;
const ROLES: readonly StaffRole[] = ['dispatcher', 'handler', 'admin', 'unit_leader', 'city_leader', 'inspector'];

function read(key: string): unknown {
  try {
    return Taro.getStorageSync(key);
  } catch {
    return undefined;
  }
}

export function staffToken(): string | null {
  const t = read('msz.token');
  return typeof t === 'string' && t ? t : null;
}

/** The signed-in role, or null when nobody is signed in. */
export function staffRole(): StaffRole | null {
  const candidates: unknown[] = [read('msz.role')];
  const session = read('msz.session');
  if (session && typeof session === 'object') candidates.push((session as { role?: unknown }).role);
  if (typeof session === 'string' && session.startsWith('{')) {
    try {
      candidates.push((JSON.parse(session) as { role?: unknown }).role);
    } catch {
      // not JSON: ignore
    }
  }
  const found = candidates.find((r) => typeof r === 'string' && ROLES.includes(r as StaffRole));
  return (found as StaffRole | undefined) ?? null;
}

const taroTransport: Transport = async ({ method, path, body }) => {
  const token = staffToken();
  const res = await Taro.request({
    url: `${API_BASE}${path}`,
    method,
    data: method === 'POST' ? body : undefined,
    dataType: 'json',
    timeout: TIMEOUT_MS,
    header: {
      Accept: 'application/json',
      ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
  });
  return { statusCode: res.statusCode, data: res.data };
};

export const staffApi = createStaffClient(taroTransport);

/** The URL and header to fetch one attachment (it needs the token, so images are downloaded first). */
export function attachmentRequest(caseId: string, attachmentId: string): { url: string; header: Record<string, string> } {
  const token = staffToken();
  return {
    url: `${API_BASE}/api/cases/${encodeURIComponent(caseId)}/attachments/${encodeURIComponent(attachmentId)}`,
    header: token ? { Authorization: `Bearer ${token}` } : {},
  };
}
