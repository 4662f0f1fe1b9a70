/**
 * The typed API client without Taro: request building, answer handling and the session, over an
 * injected transport and store. client.ts binds it to Taro.request and Taro storage; jest tests it as is.
 */
import { errorFromFailure, errorFromResponse } from './errors';
import type { Answer, CallInit, HttpMethod, Operation, paths, Schemas } from './types';

export type StaffRole = Schemas['StaffSessionDto']['role'] | 'unit_leader' | 'city_leader' | 'inspector';
export type Role = 'resident' | StaffRole;

export interface Session {
  token: string;
  role: Role;
  name?: string;
  unitId?: string;
  /** The staff member's unit level: village work (points, reviews) shows to villages and towns. */
  unitLevel?: string;
}

export interface SessionStore {
  get(): Session | null;
  set(session: Session | null): void;
}

export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  header: Record<string, string>;
  data?: unknown;
  timeout: number;
}

export interface HttpResponse {
  statusCode: number;
  data: unknown;
}

/** Sends one request; resolves with any HTTP status, rejects only when no answer came back. */
export type Transport = (req: HttpRequest) => Promise<HttpResponse>;

/** One file sent as multipart/form-data (Taro.uploadFile), with the fields beside it. */
export interface UploadRequest {
  url: string;
  filePath: string;
  /** The form field the file goes in. */
  name: string;
  formData: Record<string, string>;
  header: Record<string, string>;
  timeout: number;
  onProgress?: (percent: number) => void;
}

/** Sends one file; like Transport, resolves with any HTTP status. */
export type Uploader = (req: UploadRequest) => Promise<HttpResponse>;

export interface ClientOptions {
  base: string;
  transport: Transport;
  session: SessionStore;
  timeoutMs?: number;
  /** Called after a 401 cleared the session (e.g. to send the user to the login page). */
  onUnauthorized?: () => void;
  /** Sends files (voice, video); without it `upload` throws. */
  uploader?: Uploader;
  /** Uploads may take minutes on a village network. */
  uploadTimeoutMs?: number;
}

export interface RawInit {
  params?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: unknown;
}

/** Methods path P defines. */
export type MethodsOf<P extends keyof paths> = {
  [M in HttpMethod]: Operation<P, M> extends never ? never : M;
}[HttpMethod];

/** The init argument: optional when the operation needs nothing. */
export type InitArg<O> = {} extends CallInit<O> ? [init?: CallInit<O>] : [init: CallInit<O>];

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_UPLOAD_TIMEOUT_MS = 180_000;

/** base + path with {name} replaced by encoded params, then the query string (empty values skipped). */
export function buildUrl(base: string, path: string, params?: RawInit['params'], query?: RawInit['query']): string {
  const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === '') throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(value));
  });
  const pairs = Object.entries(query ?? {})
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return `${base.replace(/\/+$/, '')}${filled}${pairs.length ? `?${pairs.join('&')}` : ''}`;
}

export function buildRequest(
  base: string,
  method: HttpMethod,
  path: string,
  init: RawInit | undefined,
  token: string | null,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): HttpRequest {
  const header: Record<string, string> = { Accept: 'application/json' };
  if (init?.body !== undefined) header['Content-Type'] = 'application/json';
  if (token) header.Authorization = `Bearer ${token}`;
  const req: HttpRequest = {
    url: buildUrl(base, path, init?.params, init?.query),
    method: method.toUpperCase() as HttpRequest['method'],
    header,
    timeout: timeoutMs,
  };
  if (init?.body !== undefined) req.data = init.body;
  return req;
}

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string' || data === '') return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

export function createClient(opts: ClientOptions) {
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  /** The answer's body on 2xx; otherwise an ApiError (a 401 also ends the session). */
  function answerOf<T>(res: HttpResponse): T {
    if (res.statusCode >= 200 && res.statusCode < 300) return parseJson(res.data) as T;
    if (res.statusCode === 401 && opts.session.get()) {
      opts.session.set(null);
      opts.onUnauthorized?.();
    }
    throw errorFromResponse(res.statusCode, parseJson(res.data));
  }

  /** Untyped call, for a route the generated schema does not have yet. Throws ApiError. */
  async function request<T = unknown>(method: HttpMethod, path: string, init?: RawInit): Promise<T> {
    const req = buildRequest(opts.base, method, path, init, opts.session.get()?.token ?? null, timeout);
    let res: HttpResponse;
    try {
      res = await opts.transport(req);
    } catch (err) {
      throw errorFromFailure(err);
    }
    return answerOf<T>(res);
  }

  /** POSTs one local file as multipart/form-data with the session's token. Throws ApiError. */
  async function upload<T = unknown>(
    path: string,
    params: RawInit['params'],
    file: { path: string; field: string; formData: Record<string, string>; onProgress?: (percent: number) => void },
  ): Promise<T> {
    if (!opts.uploader) throw new Error('this client cannot send files (no uploader)');
    const { url, header } = fileRequest(path, params);
    let res: HttpResponse;
    try {
      res = await opts.uploader({
        url,
        filePath: file.path,
        name: file.field,
        formData: file.formData,
        header,
        timeout: opts.uploadTimeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS,
        ...(file.onProgress ? { onProgress: file.onProgress } : {}),
      });
    } catch (err) {
      throw errorFromFailure(err);
    }
    return answerOf<T>(res);
  }

  /** The URL and header to fetch or send a file with the session's token (downloadFile, uploadFile). */
  function fileRequest(path: string, params?: RawInit['params'], query?: RawInit['query']): { url: string; header: Record<string, string> } {
    const token = opts.session.get()?.token ?? null;
    return { url: buildUrl(opts.base, path, params, query), header: token ? { Authorization: `Bearer ${token}` } : {} };
  }

  /**
   * Typed call: `call('/api/my/cases/{id}', 'get', { params: { id } })`. The path, method, params,
   * query, body and answer are all checked against the generated schema. Throws ApiError.
   */
  function call<P extends keyof paths, M extends MethodsOf<P>>(
    path: P,
    method: M,
    ...[init]: InitArg<Operation<P, M>>
  ): Promise<Answer<P, M>> {
    return request<Answer<P, M>>(method, path as string, init as RawInit | undefined);
  }

  return {
    call,
    request,
    upload,
    fileRequest,
    setSession: (s: Session | null) => opts.session.set(s),
    getSession: () => opts.session.get(),
  };
}

export type Client = ReturnType<typeof createClient>;

export type ResidentCase = Schemas['ResidentCaseDto'];
export type RevisitRating = Schemas['ResidentRevisitDto']['rating'];
export type PhotoContentType = Schemas['ResidentPhotoDto']['contentType'];
export type FileCaseBody = Schemas['ResidentFileDto'];
export type MediaKind = 'voice' | 'video';
export type MediaUploaded = Schemas['ResidentMediaResultDto'];
export type Village = Schemas['VillageDto'];
export type Contact = Schemas['ContactDto'];
export type StaffSession = Schemas['StaffSessionDto'];

/** The named calls the pages use. `call`/`request` stay available for everything else. */
export function createApi(client: Client) {
  return {
    call: client.call,
    request: client.request,

    /** Resident sign-in with a wx.login code (h5 sandbox: `code-<openid>`). Stores the session. */
    async residentLogin(code: string): Promise<Session> {
      const res = await client.call('/api/auth/resident/login', 'post', { body: { code } });
      const session: Session = { token: res.token, role: 'resident' };
      client.setSession(session);
      return session;
    },
    /** Staff sign-in with username and password. Stores the session with the staff role. */
    async staffLogin(username: string, password: string): Promise<Session> {
      const res = await client.call('/api/auth/login', 'post', { body: { username, password } });
      const session: Session = { token: res.token, role: res.role, name: res.name, unitId: res.unitId, unitLevel: res.unitLevel };
      client.setSession(session);
      return session;
    },
    logout(): void {
      client.setSession(null);
    },

    publicCase: (number: string, code: string) => client.call('/api/public/cases/{number}', 'get', { params: { number }, query: { code } }),
    myCases: () => client.call('/api/my/cases', 'get'),
    myCase: (id: string) => client.call('/api/my/cases/{id}', 'get', { params: { id } }),
    fileCase: (body: FileCaseBody) => client.call('/api/my/cases', 'post', { body }),
    suggest: (text: string) => client.call('/api/my/suggestion', 'post', { body: { text } }),
    uploadPhoto: (id: string, contentType: PhotoContentType, base64: string) =>
      client.call('/api/my/cases/{id}/photos', 'post', { params: { id }, body: { contentType, base64 } }),
    /** A voice recording or a video, from a local file path (multipart; progress 0–100). */
    uploadMedia: (id: string, kind: MediaKind, path: string, opts: { durationMs?: number; onProgress?: (percent: number) => void } = {}) =>
      client.upload<MediaUploaded>('/api/my/cases/{id}/media', { id }, {
        path,
        field: 'file',
        formData: { kind, ...(opts.durationMs ? { durationMs: String(Math.round(opts.durationMs)) } : {}) },
        onProgress: opts.onProgress,
      }),
    /** Where to download one of the case's photos, recordings or videos (it needs the token). */
    mediaRequest: (caseId: string, attachmentId: string) => client.fileRequest('/api/my/cases/{id}/media/{attachmentId}', { id: caseId, attachmentId }),
    profile: () => client.call('/api/my/profile', 'get'),
    /** Binds the phone number WeChat verified (the code from a getPhoneNumber button). */
    bindPhone: (code: string) => client.call('/api/my/phone', 'post', { body: { code } }),
    unbindPhone: () => client.call('/api/my/phone', 'delete'),
    revisit: (id: string, rating: RevisitRating, solved?: boolean) =>
      client.call('/api/my/cases/{id}/revisit', 'post', { params: { id }, body: solved === undefined ? { rating } : { rating, solved } }),
    villages: () => client.call('/api/my/villages', 'get'),
    contacts: (unitId: string) => client.call('/api/my/contacts', 'get', { query: { unitId } }),
  };
}

export type Api = ReturnType<typeof createApi>;
