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
 *  - replaces `ensureAccessToken` with the shared TokenStore (valid for > 60 s more, else fetch);
 *  - replaces co-wechat-api's token retry (which wipes the store with `saveToken(null)` and
 *    retries 3 times through `/cgi-bin/token`) with compare-and-expire + one retry;
 *  - turns `errcode` ≠ 0 into WechatApiError, and scrubs tokens/secrets from transport errors.
 *
 * Internal to src/api: the public surface is WechatApiClient.
 */
import type { AccessToken, TokenStore } from './token-store';
import { redact, TOKEN_ERRCODES, WechatApiError } from './errors';

export const DEFAULT_BASE_URL = 'https://api.weixin.qq.com';
/** A stored token is used only while it stays valid for more than this. */
export const EARLY_REFRESH_MS = 60_000;
export const DEFAULT_TIMEOUT_MS = 5_000;

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

export class RoutedApi extends CoWechatApiBase {
  readonly baseUrl: string;
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
    const rest = resolved.slice(this.baseUrl.length);
    if (!resolved.startsWith(this.baseUrl) || (rest !== '' && !/^[/?#]/.test(rest))) {
      throw new Error(`refusing to request ${redact(url)}: not under the WeChat baseUrl ${this.baseUrl}`);
    }
    return resolved;
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
    const target = this.resolve(url);
    const path = this.apiPath(target);
    try {
      // retry 0: co-wechat-api's own token retry is never used.
      return await super.request(target, opts, 0);
    } catch (err) {
      const { code, name, message } = (err ?? {}) as { code?: unknown; name?: unknown; message?: unknown };
      if (name !== 'WeChatAPIError' || typeof code !== 'number') throw scrub(err);
      if (TOKEN_ERRCODES.has(code) && retry > 0) {
        const failed = new URL(target).searchParams.get('access_token');
        if (failed) {
          await this.#store.expireIf(failed); // compare-and-expire: a newer token is kept
          const fresh = await this.currentToken();
          const next = new URL(target);
          next.searchParams.set('access_token', fresh.accessToken);
          return this.request(next.toString(), opts, retry - 1);
        }
      }
      throw new WechatApiError(code, typeof message === 'string' ? message : '', path);
    }
  }

  /** The shared token if valid for more than EARLY_REFRESH_MS, else a fetched one (one fetch at a time per instance). */
  async currentToken(): Promise<AccessToken> {
    const stored = await this.#store.get();
    if (stored && stored.expiresAt - Date.now() > EARLY_REFRESH_MS) return stored;
    if (!this.#refreshing) {
      this.#refreshing = this.fetchStableToken().finally(() => {
        this.#refreshing = null;
      });
    }
    return this.#refreshing;
  }

  /**
   * POST /cgi-bin/stable_token in normal mode (force_refresh false: WeChat returns the current
   * token while it is valid, so instances racing here all get the same one), then save it.
   */
  async fetchStableToken(): Promise<AccessToken> {
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
    await this.#store.save(token);
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
}
