/**
 * co-wechat-api 3.11.0, routed to a configurable host and given this project's token rules.
 *
 * co-wechat-api builds URLs from instance prefixes (`prefix`, `snsPrefix`, ...) and ~70 hard-coded
 * `https://api.weixin.qq.com/...` strings, and sends every call through `this.request(url, opts,
 * retry)`. This subclass:
 *  - points every prefix at `baseUrl`, and in `request` rewrites any `*.weixin.qq.com` origin to
 *    `baseUrl` (covering the hard-coded URLs), refusing anything that would leave `baseUrl`;
 *  - replaces token fetching (`getAccessToken`, which uses `/cgi-bin/token`) with
 *    `POST /cgi-bin/stable_token` (co-wechat-api has no stable_token), through the same `request`;
 *  - replaces `ensureAccessToken` with the shared TokenStore: a token with less than
 *    `refreshBeforeMs` (default 5 min) left is refreshed before use, under the store's
 *    `refreshExclusive` lock when it has one;
 *  - replaces co-wechat-api's token retry (which wipes the store with `saveToken(null)` and
 *    retries 3 times through `/cgi-bin/token`) with compare-and-expire + one retry;
 *  - turns `errcode` ≠ 0 into WechatApiError, and scrubs tokens/secrets from transport errors;
 *  - replaces `getMedia` (see there: it needs the response headers and a size cap).
 *
 * Internal to src/api: the public surface is WechatApiClient.
 */
import type { AccessToken, TokenStore } from './token-store';
import { redact, TOKEN_ERRCODES, WechatApiError } from './errors';
import { httpGet, type RawResponse } from './http-get';

export const DEFAULT_BASE_URL = 'https://api.weixin.qq.com';
/** Lower bound of `refreshBeforeMs`: a token is never used with less than this left. */
export const EARLY_REFRESH_MS = 60_000;
/**
 * Default and upper bound of `refreshBeforeMs`. stable_token in normal mode hands out a new token
 * only in the last 5 minutes of the current one (before that it answers the same token with the
 * seconds left), so a wider window would make every use refetch the same token.
 */
export const DEFAULT_REFRESH_BEFORE_MS = 5 * 60_000;
export const DEFAULT_TIMEOUT_MS = 5_000;
/** getMedia: default size cap, 20 MiB. */
export const DEFAULT_MEDIA_MAX_BYTES = 20 * 1024 * 1024;
/** getMedia: default deadline per HTTP request (co-wechat-api's getMedia uses 60 s too). */
export const DEFAULT_MEDIA_TIMEOUT_MS = 60_000;
/** getMedia: redirects followed when downloading a video_url. */
const MAX_VIDEO_REDIRECTS = 3;

/** Options co-wechat-api passes to httpx. */
export interface CoRequestOptions {
  method?: string;
  data?: string | Buffer;
  dataType?: string;
  headers?: Record<string, string>;
  timeout?: number;
  [key: string]: unknown;
}

/** co-wechat-api's own token shape (`expireTime`, epoch ms). */
interface CoAccessToken {
  accessToken: string;
  expireTime: number;
}

/** The members of co-wechat-api's API class used here (the package ships no types). */
interface CoWechatApi {
  appid: string;
  appsecret: string;
  prefix: string;
  snsPrefix: string;
  mpPrefix: string;
  fileServerPrefix: string;
  payPrefix: string;
  merchantPrefix: string;
  customservicePrefix: string;
  wxaPrefix: string;
  setOpts(opts: Record<string, unknown>): void;
  request(url: string, opts?: CoRequestOptions, retry?: number): Promise<unknown>;
  getAccessToken(): Promise<CoAccessToken>;
  ensureAccessToken(): Promise<CoAccessToken>;
  sendText(openid: string, text: string): Promise<unknown>;
}

type CoWechatApiCtor = new (
  appid: string,
  appsecret: string,
  getToken?: () => Promise<CoAccessToken | null>,
  saveToken?: (token: CoAccessToken | null) => Promise<void>,
) => CoWechatApi;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const CoWechatApiBase = require('co-wechat-api') as CoWechatApiCtor;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const coUtil = require('co-wechat-api/lib/util') as { postJSON(data: unknown): CoRequestOptions };

/** co-wechat-api's POST-JSON options (method, JSON body, headers). */
export const postJSON = (data: unknown): CoRequestOptions => coUtil.postJSON(data);

const WECHAT_ORIGIN = /^https?:\/\/(?:[a-z0-9-]+\.)*weixin\.qq\.com(?::\d+)?(?=[/?#]|$)/i;

export interface RoutedApiOptions {
  appid: string;
  secret: string;
  baseUrl?: string;
  tokenStore: TokenStore;
  timeoutMs?: number;
  refreshBeforeMs?: number;
  mediaMaxBytes?: number;
  mediaTimeoutMs?: number;
  videoDownloadHosts?: readonly string[];
}

/** A downloaded temporary media file. */
export interface WechatMedia {
  data: Buffer;
  /** The Content-Type WeChat sent, as sent (e.g. `image/jpeg`, `audio/amr`, `video/mp4`). */
  contentType: string;
  /** From Content-Disposition, reduced to a base name (no directories); absent when not sent. */
  filename?: string;
}

function normalizeBaseUrl(raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new Error(`invalid WeChat baseUrl: ${raw}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`WeChat baseUrl must be http(s): ${raw}`);
  }
  if (parsed.search || parsed.hash) throw new Error(`WeChat baseUrl must have no query or hash: ${raw}`);
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
}

function checkMs(value: number | undefined, fallback: number, min: number, max: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${what} must be a number from ${min} to ${max}`);
  }
  return value;
}

/** `api.example.com` (exact) or `*.example.com` (any subdomain, not the domain itself). */
function checkHostPattern(p: string): string {
  if (typeof p !== 'string' || !/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(p)) {
    throw new Error(`videoDownloadHosts: invalid host pattern ${JSON.stringify(p)}`);
  }
  return p.toLowerCase();
}

function hostAllowed(hostname: string, patterns: readonly string[]): boolean {
  const h = hostname.toLowerCase();
  return patterns.some((p) => (p.startsWith('*.') ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : h === p));
}

function header(res: RawResponse, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The filename of a Content-Disposition header, reduced to a base name. */
export function dispositionFilename(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let name: string | undefined;
  const star = /filename\*\s*=\s*[\w-]*'[\w-]*'([^;]+)/i.exec(value);
  if (star?.[1]) {
    try {
      name = decodeURIComponent(star[1].trim());
    } catch {
      name = undefined;
    }
  }
  if (name === undefined) {
    const quoted = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(value);
    const bare = /filename\s*=\s*([^;\s]+)/i.exec(value);
    name = quoted?.[1] !== undefined ? quoted[1].replace(/\\(.)/g, '$1') : bare?.[1];
  }
  const base = name?.split(/[/\\]/).pop()?.trim();
  return base && base !== '.' && base !== '..' ? base : undefined;
}

/**
 * A JSON object body, or undefined for a media body. WeChat has answered media/get errors with
 * `Content-Type: text/plain` (and material downloads with text/plain bytes), so the body decides:
 * anything not declared image/audio/video whose first byte is `{` and that parses to an object.
 */
function jsonObject(res: RawResponse, path: string): Record<string, unknown> | undefined {
  const ct = (header(res, 'content-type') ?? '').toLowerCase();
  if (/^(image|audio|video)\//.test(ct)) return undefined;
  const declaredJson = ct.includes('json');
  let i = 0;
  while (i < res.body.length && (res.body[i] === 0x20 || res.body[i] === 0x0a || res.body[i] === 0x0d || res.body[i] === 0x09)) i++;
  if (res.body[i] !== 0x7b /* { */ || res.body.length > 1024 * 1024) {
    if (declaredJson) throw new Error(`WeChat GET ${path}: unparsable JSON response`);
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(res.body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // not JSON after all
  }
  if (declaredJson) throw new Error(`WeChat GET ${path}: unparsable JSON response`);
  return undefined;
}

/** Scrubs credentials from an error's message and stack, in place. */
function scrub(err: unknown): unknown {
  // Not `instanceof Error`: errors from Node core may come from another realm (e.g. under jest).
  if (typeof err === 'object' && err !== null) {
    const e = err as { message?: unknown; stack?: unknown };
    if (typeof e.message === 'string') e.message = redact(e.message);
    if (typeof e.stack === 'string') e.stack = redact(e.stack);
  }
  return err;
}

/** WechatApiError for an errcode answer (ours or co-wechat-api's), else undefined. */
function apiError(err: unknown, path: string): WechatApiError | undefined {
  if (err instanceof WechatApiError) return err;
  const { code, name, message } = (err ?? {}) as { code?: unknown; name?: unknown; message?: unknown };
  if (name !== 'WeChatAPIError' || typeof code !== 'number') return undefined;
  return new WechatApiError(code, typeof message === 'string' ? message : '', path);
}

export class RoutedApi extends CoWechatApiBase {
  readonly baseUrl: string;
  /** A token with less than this left is refreshed before use. */
  readonly refreshBeforeMs: number;
  readonly mediaMaxBytes: number;
  readonly mediaTimeoutMs: number;
  readonly #videoHosts: readonly string[];
  /** baseUrl is WeChat itself (not a fake or a proxy). */
  readonly #realWechat: boolean;
  readonly #store: TokenStore;
  #refreshing: Promise<AccessToken> | null = null;

  constructor(opts: RoutedApiOptions) {
    const store = opts.tokenStore;
    // co-wechat-api's getToken/saveToken hooks, mapped onto the store. The methods overridden
    // below no longer call them; they are given so that no code path falls back to an in-memory
    // token.
    super(
      opts.appid,
      opts.secret,
      async () => {
        const t = await store.get();
        return t ? { accessToken: t.accessToken, expireTime: t.expiresAt - EARLY_REFRESH_MS } : null;
      },
      async (t) => {
        if (t) await store.save({ accessToken: t.accessToken, expiresAt: t.expireTime });
      },
    );
    // Keep the secret out of util.inspect / JSON.stringify of this object.
    Object.defineProperty(this, 'appsecret', { value: opts.secret, enumerable: false, writable: true, configurable: true });
    this.#store = store;
    this.baseUrl = normalizeBaseUrl(opts.baseUrl ?? DEFAULT_BASE_URL);
    this.#realWechat = WECHAT_ORIGIN.test(this.baseUrl);
    this.refreshBeforeMs = checkMs(opts.refreshBeforeMs, DEFAULT_REFRESH_BEFORE_MS, EARLY_REFRESH_MS, DEFAULT_REFRESH_BEFORE_MS, 'refreshBeforeMs');
    this.mediaMaxBytes = checkMs(opts.mediaMaxBytes, DEFAULT_MEDIA_MAX_BYTES, 1, Number.MAX_SAFE_INTEGER, 'mediaMaxBytes');
    this.mediaTimeoutMs = checkMs(opts.mediaTimeoutMs, DEFAULT_MEDIA_TIMEOUT_MS, 1, 2_147_483_647, 'mediaTimeoutMs');
    this.#videoHosts = (opts.videoDownloadHosts ?? []).map(checkHostPattern);
    const b = this.baseUrl;
    this.prefix = `${b}/cgi-bin/`;
    this.snsPrefix = `${b}/sns/`;
    this.wxaPrefix = `${b}/wxa/`;
    this.fileServerPrefix = `${b}/cgi-bin/`; // was http://file.api.weixin.qq.com/cgi-bin/
    this.payPrefix = `${b}/pay/`;
    this.merchantPrefix = `${b}/merchant/`;
    this.customservicePrefix = `${b}/customservice/`;
    // mpPrefix (https://mp.weixin.qq.com/cgi-bin/) only builds the browser-facing showqrcode link
    // and is never requested, so it stays; were it requested, request() would still reroute it.
    this.setOpts({ timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  }

  /** Maps a URL built by co-wechat-api (or by us) onto baseUrl; throws for any other host. */
  resolve(url: string): string {
    const m = WECHAT_ORIGIN.exec(url);
    const resolved = m ? this.baseUrl + url.slice(m[0].length) : url;
    if (!this.#underBase(resolved)) {
      throw new Error(`refusing to request ${redact(url)}: not under the WeChat baseUrl ${this.baseUrl}`);
    }
    return resolved;
  }

  #underBase(url: string): boolean {
    const rest = url.slice(this.baseUrl.length);
    return url.startsWith(this.baseUrl) && (rest === '' || /^[/?#]/.test(rest));
  }

  /** The API path of a resolved URL, e.g. `/cgi-bin/message/template/send`. */
  apiPath(resolvedUrl: string): string {
    const basePath = new URL(this.baseUrl).pathname.replace(/\/+$/, '');
    const path = new URL(resolvedUrl).pathname;
    return basePath && path.startsWith(basePath) ? path.slice(basePath.length) || '/' : path;
  }

  /**
   * Every co-wechat-api call ends here. `retry` is how many token refreshes are still allowed
   * (default 1). Note: a call whose body is a stream (media upload) cannot be replayed.
   */
  override async request(url: string, opts?: CoRequestOptions, retry = 1): Promise<unknown> {
    // retry 0: co-wechat-api's own token retry is never used.
    return this.#withTokenRetry(url, retry, (target) => super.request(target, opts, 0));
  }

  /**
   * Resolves `url` onto baseUrl and runs `send`; an errcode answer becomes WechatApiError, and
   * 40001/42001 expires the failed token (compare-and-expire), takes a current one and runs
   * `send` again, at most `retry` times. Other errors are scrubbed of credentials.
   */
  async #withTokenRetry<T>(url: string, retry: number, send: (target: string, path: string) => Promise<T>): Promise<T> {
    const target = this.resolve(url);
    const path = this.apiPath(target);
    try {
      return await send(target, path);
    } catch (err) {
      const failure = apiError(err, path);
      if (!failure) throw scrub(err);
      if (TOKEN_ERRCODES.has(failure.errcode) && retry > 0) {
        const failed = new URL(target).searchParams.get('access_token');
        if (failed) {
          await this.#store.expireIf(failed); // compare-and-expire: a newer token is kept
          const fresh = await this.currentToken();
          const next = new URL(target);
          next.searchParams.set('access_token', fresh.accessToken);
          return this.#withTokenRetry(next.toString(), retry - 1, send);
        }
      }
      throw failure;
    }
  }

  /**
   * The shared token if it has more than `refreshBeforeMs` left, else a refreshed one: through
   * the store's `refreshExclusive` (one refresh across instances) when it has one, else fetched
   * and saved here. One refresh at a time per instance either way.
   */
  async currentToken(): Promise<AccessToken> {
    const stored = await this.#store.get();
    if (stored && stored.expiresAt - Date.now() > this.refreshBeforeMs) return stored;
    if (!this.#refreshing) {
      this.#refreshing = this.#refresh().finally(() => {
        this.#refreshing = null;
      });
    }
    return this.#refreshing;
  }

  async #refresh(): Promise<AccessToken> {
    const store = this.#store;
    if (typeof store.refreshExclusive !== 'function') return this.fetchStableToken(true);
    const t = await store.refreshExclusive(() => this.fetchStableToken(false), { minExpiresAt: Date.now() + this.refreshBeforeMs });
    if (!t || typeof t.accessToken !== 'string' || !t.accessToken || !(t.expiresAt > Date.now())) {
      throw new Error('TokenStore.refreshExclusive returned no usable token');
    }
    return t;
  }

  /**
   * POST /cgi-bin/stable_token in normal mode (force_refresh false: WeChat returns the current
   * token while it has more than 5 minutes left, so instances racing here all get the same one),
   * then save it unless `save` is false (refreshExclusive: the store saves).
   */
  async fetchStableToken(save = true): Promise<AccessToken> {
    const startedAt = Date.now();
    const body = { grant_type: 'client_credential', appid: this.appid, secret: this.appsecret, force_refresh: false };
    const data = (await this.request(`${this.prefix}stable_token`, postJSON(body), 0)) as {
      access_token?: unknown;
      expires_in?: unknown;
    } | null;
    const expiresIn = Number(data?.expires_in);
    if (!data || typeof data.access_token !== 'string' || !data.access_token || !Number.isFinite(expiresIn)) {
      throw new Error('WeChat /cgi-bin/stable_token: unexpected response');
    }
    const token: AccessToken = { accessToken: data.access_token, expiresAt: startedAt + expiresIn * 1000 };
    if (save) await this.#store.save(token);
    return token;
  }

  /** co-wechat-api's token fetch, which used GET /cgi-bin/token: now stable_token. */
  override async getAccessToken(): Promise<CoAccessToken> {
    const t = await this.fetchStableToken();
    return { accessToken: t.accessToken, expireTime: t.expiresAt };
  }

  /** Called by every co-wechat-api method before building its URL. */
  override async ensureAccessToken(): Promise<CoAccessToken> {
    const t = await this.currentToken();
    return { accessToken: t.accessToken, expireTime: t.expiresAt };
  }

  /**
   * GET /cgi-bin/media/get (temporary media, kept by WeChat for 3 days). Replaces co-wechat-api's
   * `getMedia`, which is not used: it goes through `request`, whose httpx read has no size limit
   * and which returns a bare Buffer, the response headers (Content-Type, Content-Disposition)
   * being dropped — and the overridden `request` path cannot return them either, since it ends in
   * co-wechat-api's `request`. So the GET is done here with node's http (http-get.ts: deadline,
   * size cap), through the same `resolve` (baseUrl, host check) and the same token handling as
   * `request` (#withTokenRetry: compare-and-expire + one retry on 40001/42001, other errcodes →
   * WechatApiError, credentials scrubbed from transport errors).
   *
   * WeChat answers the bytes with their Content-Type and a Content-Disposition filename; or
   * `{errcode, errmsg}`; or, for a video, `{"video_url": "..."}`, which is then downloaded
   * (no access_token is sent there): a URL on a *.weixin.qq.com host is rewritten onto baseUrl
   * when baseUrl is not WeChat itself (a fake or a proxy) and fetched as is when it is; a URL
   * already under baseUrl is fetched as is; a host listed in `videoDownloadHosts` is fetched as
   * is; any other host is refused. Redirects of the video download are followed (at most 3),
   * each target checked the same way; media/get itself is never redirected.
   */
  async getMedia(mediaId: string): Promise<WechatMedia> {
    if (typeof mediaId !== 'string' || mediaId === '') throw new Error('getMedia: mediaId must be a non-empty string');
    const { accessToken } = await this.currentToken();
    const url = `${this.prefix}media/get?access_token=${encodeURIComponent(accessToken)}&media_id=${encodeURIComponent(mediaId)}`;
    const limits = { maxBytes: this.mediaMaxBytes, timeoutMs: this.mediaTimeoutMs };
    const answer = await this.#withTokenRetry<{ media: WechatMedia } | { videoUrl: string }>(url, 1, async (target, path) => {
      const res = await httpGet(target, path, limits);
      if (res.status < 200 || res.status > 299) throw new Error(`WeChat GET ${path}: HTTP status ${res.status}`);
      const json = jsonObject(res, path);
      if (!json) return { media: this.#media(res) };
      const errcode = json.errcode === undefined ? 0 : Number(json.errcode);
      if (errcode !== 0) {
        throw new WechatApiError(Number.isInteger(errcode) ? errcode : -1, typeof json.errmsg === 'string' ? json.errmsg : '', path);
      }
      if (typeof json.video_url === 'string' && json.video_url !== '') return { videoUrl: json.video_url };
      throw new Error(`WeChat GET ${path}: unexpected JSON response (neither errcode nor video_url)`);
    });
    if ('media' in answer) return answer.media;

    let target = this.#videoTarget(answer.videoUrl);
    for (let hops = 0; ; hops++) {
      const u = new URL(target);
      const what = `${u.host}${u.pathname}`; // no query: it may carry a download key
      const res = await httpGet(target, what, limits);
      const location = header(res, 'location');
      if (res.status >= 300 && res.status < 400 && location && hops < MAX_VIDEO_REDIRECTS) {
        target = this.#videoTarget(new URL(location, target).toString());
        continue;
      }
      if (res.status < 200 || res.status > 299) throw new Error(`WeChat video download ${what}: HTTP status ${res.status}`);
      return this.#media(res);
    }
  }

  #media(res: RawResponse): WechatMedia {
    const out: WechatMedia = { data: res.body, contentType: header(res, 'content-type') ?? 'application/octet-stream' };
    const filename = dispositionFilename(header(res, 'content-disposition'));
    if (filename !== undefined) out.filename = filename;
    return out;
  }

  /** Where a video_url may be downloaded from (see getMedia); throws for any other place. */
  #videoTarget(raw: string): string {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new Error('WeChat GET /cgi-bin/media/get: invalid video_url');
    }
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password) {
      throw new Error(`refusing to download video from ${u.protocol}//${u.host}: not a plain http(s) URL`);
    }
    const href = u.toString();
    if (WECHAT_ORIGIN.test(href)) return this.#realWechat ? href : this.resolve(href);
    if (this.#underBase(href) || hostAllowed(u.hostname, this.#videoHosts)) return href;
    throw new Error(
      `refusing to download video from ${u.host}: not a WeChat host, not under the baseUrl ${this.baseUrl}, not in videoDownloadHosts`,
    );
  }
}
