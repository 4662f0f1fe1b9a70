/**
 * The app's API client, bound to Taro.request and Taro storage. Pages (resident and staff) import
 * from here: `api` (typed calls), `staffApi` (the staff calls, each settling to a Result),
 * `setToken` / `getToken` / `getRole` / `getStaffRole` / `getSession`, `ApiError`, `messageOf`.
 * Storage: 'msz.session' ({ token, role, name?, unitId? }), mirrored in 'msz.token' and 'msz.role'.
 * API_BASE comes from config/index.ts (env TARO_APP_API_BASE).
 */
import Taro from '@tarojs/taro';
import { createApi, createClient, type HttpResponse, type Role, type Session, type SessionStore, type StaffRole, type Transport, type Uploader } from './core';
import { createBenchApi, createStaffApi } from './staff';
import { createPointsApi } from './points';
import { createSupervisionApi } from './supervision';
import { createJointMeetingsApi } from './joint-meetings';

// The session object; the token and role are also kept under their own keys for readers of those.
const SESSION_KEY = 'msz.session';
const TOKEN_KEY = 'msz.token';
const ROLE_KEY = 'msz.role';

const storage: SessionStore = {
  get() {
    try {
      const raw: unknown = Taro.getStorageSync(SESSION_KEY);
      if (raw && typeof raw === 'object' && typeof (raw as Session).token === 'string') return raw as Session;
    } catch {
      // storage unreadable: treat as signed out
    }
    return null;
  },
  set(session) {
    if (session) {
      Taro.setStorageSync(SESSION_KEY, session);
      Taro.setStorageSync(TOKEN_KEY, session.token);
      Taro.setStorageSync(ROLE_KEY, session.role);
    } else {
      Taro.removeStorageSync(SESSION_KEY);
      Taro.removeStorageSync(TOKEN_KEY);
      Taro.removeStorageSync(ROLE_KEY);
    }
  },
};

const taroTransport: Transport = async (req) => {
  const res = await Taro.request({
    url: req.url,
    method: req.method,
    header: req.header,
    data: req.data as TaroGeneral.IAnyObject | undefined,
    timeout: req.timeout,
    dataType: 'json',
  });
  const out: HttpResponse = { statusCode: res.statusCode, data: res.data };
  return out;
};

/** Files go as multipart through Taro.uploadFile, with its progress events. */
const taroUploader: Uploader = (req) =>
  new Promise<HttpResponse>((resolve, reject) => {
    const task = Taro.uploadFile({
      url: req.url,
      filePath: req.filePath,
      name: req.name,
      formData: req.formData,
      header: req.header,
      timeout: req.timeout,
      success: (res) => resolve({ statusCode: res.statusCode, data: res.data }),
      fail: reject,
    });
    if (req.onProgress && task && typeof task.onProgressUpdate === 'function') {
      task.onProgressUpdate((p) => req.onProgress?.(p.progress));
    }
  });

export const client = createClient({ base: API_BASE, transport: taroTransport, uploader: taroUploader, session: storage });
export const api = createApi(client);
/** The staff pages' calls, over the same client (each settles to a Result). */
export const staffApi = createStaffApi(client);
/** 板凳会 and 金点子 (each settles to a Result). */
export const benchApi = createBenchApi(client);
/** Household points and rewards (throw ApiError, like `api`). */
export const pointsApi = createPointsApi(client);
/** 异常线索 and 督办清单 (inspectors, and the units that answer items). */
export const supervisionApi = createSupervisionApi(client);
/** 联席会议: the office convenes; invited units read the meeting and report their tasks done. */
export const jointApi = createJointMeetingsApi(client);

/** Stores the token (and role, default resident); null signs out. */
export function setToken(token: string | null, role: Role = 'resident'): void {
  storage.set(token ? { token, role } : null);
}

export function getToken(): string | null {
  return storage.get()?.token ?? null;
}

/** 'resident', a staff role ('dispatcher', 'handler', 'admin', …), or null when signed out. */
export function getRole(): Role | null {
  return storage.get()?.role ?? null;
}

export function getSession(): Session | null {
  return storage.get();
}

export function isStaff(): boolean {
  const role = getRole();
  return role !== null && role !== 'resident';
}

/** The signed-in staff role, or null when nobody (or a resident) is signed in. */
export function getStaffRole(): StaffRole | null {
  const role = getRole();
  return role !== null && role !== 'resident' ? role : null;
}

export { ApiError, isApiError, messageOf, ERROR_MESSAGES, CODE_MESSAGES } from './errors';
export type { ApiErrorKind, Wording } from './errors';
export type {
  Api,
  Contact,
  HttpRequest,
  PhotoContentType,
  ResidentCase,
  RevisitRating,
  Role,
  Session,
  StaffRole,
  StaffSession,
  Village,
} from './core';
export type { Answer, components, paths, Schemas } from './types';
