import { postJSON, RoutedApi, type CoRequestOptions } from './co-api';
import { multipartFile } from './multipart';
import type { TokenStore } from './token-store';

/** WeChat's limit on openids per user/info/batchget call. */
export const MAX_USER_INFO_BATCH = 100;

/** What user/info (and each entry of user/info/batchget) says of a follower that the platform uses. */
export interface UserInfo {
  openid: string;
  subscribed: boolean;
  /** Only when the account is bound to an open-platform account. */
  unionid?: string;
}

/** One user/info answer, as WeChat gives it, read into a UserInfo. */
function userInfoOf(raw: unknown, path: string): UserInfo {
  const info = (raw ?? {}) as { openid?: unknown; subscribe?: unknown; unionid?: unknown };
  if (typeof info.openid !== 'string') throw new Error(`WeChat /cgi-bin/${path}: unexpected response`);
  const out: UserInfo = { openid: info.openid, subscribed: Number(info.subscribe) === 1 };
  if (typeof info.unionid === 'string' && info.unionid !== '') out.unionid = info.unionid;
  return out;
}

export interface TemplateMessage {
  touser: string;
  template_id: string;
  url?: string;
  miniprogram?: { appid: string; pagepath: string };
  data: Record<string, { value: string }>;
  /** WeChat's anti-replay id: one message per (touser, client_msg_id). */
  client_msg_id?: string;
}

/** A mini-program subscription message (POST /cgi-bin/message/subscribe/send). */
export interface SubscribeMessage {
  /** The user's openid in the mini program. */
  touser: string;
  template_id: string;
  /** A page of the mini program, with a query allowed (`pages/case/detail?id=1`); none: no jump. */
  page?: string;
  data: Record<string, { value: string }>;
  /** Which version of the mini program `page` opens; WeChat's default is `formal`. */
  miniprogram_state?: 'developer' | 'trial' | 'formal';
  /** zh_CN (WeChat's default), en_US, zh_HK or zh_TW. */
  lang?: string;
}

/** An Official Account subscription notification (一次性/长期订阅通知, POST /cgi-bin/message/subscribe/bizsend). */
export interface BizSubscribeMessage {
  /** The user's openid in the Official Account. */
  touser: string;
  template_id: string;
  /** A web page opened by tapping the notification. */
  page?: string;
  /** A mini-program page opened by tapping the notification (takes precedence over `page`). */
  miniprogram?: { appid: string; pagepath: string };
  data: Record<string, { value: string }>;
}

/** What WeChat answers to POST /wxa/business/getuserphonenumber: the number the user chose to share. */
export interface PhoneInfo {
  /** With the country code for numbers outside mainland China, e.g. `+1 2025550123`; else as purePhoneNumber. */
  phoneNumber: string;
  /** Without the country code, e.g. `13800001234`. */
  purePhoneNumber: string;
  /** e.g. `86` (WeChat documents a string; its example shows a number: either is read as a string). */
  countryCode: string;
  watermark: { timestamp: number; appid: string };
}

/** An image file to upload (media/uploadimg, material/add_material). */
export interface ImageFile {
  data: Buffer;
  /** e.g. `heatmap.png`; WeChat keeps it as the material's name. */
  filename: string;
  /** `image/png` or `image/jpeg` (uploadimg takes only these two; add_material also bmp and gif). */
  contentType: string;
}

/** One article of a draft (POST /cgi-bin/draft/add), a 图文消息 (`article_type` news). */
export interface DraftArticle {
  /** At most 64 characters (WeChat: 45003 title size out of limit). */
  title: string;
  /** At most 16 characters (45110 author size out of limit). */
  author?: string;
  /** At most 120 characters (45004 description size out of limit); only single-article drafts show it. */
  digest?: string;
  /** HTML, under 20,000 characters and 1 MB; scripts are removed, images must be urls from uploadArticleImage. */
  content: string;
  /** The "read the original" link. */
  content_source_url?: string;
  /** The cover: a PERMANENT image material's media_id (addImageMaterial), else 40007 invalid media_id. */
  thumb_media_id: string;
  need_open_comment?: 0 | 1;
  only_fans_can_comment?: 0 | 1;
}

/** What POST /cgi-bin/freepublish/get answers about a publish job. */
export interface PublishStatus {
  publish_id: string;
  /** 0 published, 1 publishing, 2 originality check failed, 3 failed, 4 refused by review, 5 deleted by the account afterwards, 6 banned afterwards. */
  publish_status: number;
  /** When published: the article's id (usable in customer-service messages). */
  article_id?: string;
  /** When published: the articles' permanent links. */
  article_detail?: { count: number; item: { idx: number; article_url: string }[] };
  /** Status 2 or 4: which articles failed (the first is 1). */
  fail_idx: number[];
}

/** The mini program whose access_token sendSubscribe and getPhoneNumber use. */
export interface WechatMiniProgramOptions {
  appid: string;
  secret: string;
  /** Its own store: never the Official Account's (each holds one app's token). */
  tokenStore: TokenStore;
}

export interface WechatApiClientOptions {
  appid: string;
  secret: string;
  /** Default `https://api.weixin.qq.com`. May carry a path, e.g. `http://127.0.0.1:3000/fake-wechat`. */
  baseUrl?: string;
  tokenStore: TokenStore;
  /** Per-request connect and read timeout; default 5000 ms. */
  timeoutMs?: number;
  /**
   * A stored token with less than this left is refreshed before use, so no call starts with a
   * nearly dead token. Default 300 000 (5 min); allowed 60 000 to 300 000 (stable_token only
   * hands out a new token in the last 5 minutes of the current one).
   */
  refreshBeforeMs?: number;
  /** getMedia: size cap in bytes (default 20 MiB); a larger media fails with MediaTooLargeError. */
  mediaMaxBytes?: number;
  /** getMedia: deadline of each HTTP exchange (media/get, video download), default 60 000 ms. */
  mediaTimeoutMs?: number;
  /**
   * getMedia: hosts (exact `cdn.example.com`, or `*.example.com` for its subdomains) from which a
   * video's `video_url` may be downloaded as is, besides WeChat's own `*.weixin.qq.com` and
   * baseUrl. Default none: any other host is refused.
   */
  videoDownloadHosts?: readonly string[];
  /**
   * The mini program, for sendSubscribe and getPhoneNumber (both take the mini program's access_token).
   * Its token is fetched with stable_token for its appid/secret and kept in its own tokenStore,
   * with the same baseUrl, timeout, refresh window and retry rules as the Official Account's.
   */
  miniprogram?: WechatMiniProgramOptions;
}

/**
 * Typed client for the WeChat Official Account API, built on co-wechat-api (see co-api.ts for
 * what is overridden). errcode ≠ 0 → WechatApiError; 40001/42001 → compare-and-expire the token,
 * fetch one, retry once. Nothing here logs; errors carry no token or secret.
 */
export class WechatApiClient {
  readonly #api: RoutedApi;
  /** The mini program's API (its own token store); undefined when not configured. */
  readonly #mini: RoutedApi | undefined;

  constructor(opts: WechatApiClientOptions) {
    this.#api = new RoutedApi(opts);
    const mini = opts.miniprogram;
    if (mini !== undefined) {
      if (!mini || typeof mini.appid !== 'string' || !mini.appid || typeof mini.secret !== 'string' || !mini.secret) {
        throw new Error('WechatApiClient: miniprogram needs a non-empty appid and secret');
      }
      if (mini.appid === opts.appid) throw new Error('WechatApiClient: miniprogram.appid must differ from the Official Account appid');
      if (!mini.tokenStore) throw new Error('WechatApiClient: miniprogram needs its own tokenStore');
      if (mini.tokenStore === opts.tokenStore) {
        throw new Error("WechatApiClient: miniprogram.tokenStore must not be the Official Account's tokenStore (a store holds one app's token)");
      }
      this.#mini = new RoutedApi({
        appid: mini.appid,
        secret: mini.secret,
        tokenStore: mini.tokenStore,
        baseUrl: opts.baseUrl,
        timeoutMs: opts.timeoutMs,
        refreshBeforeMs: opts.refreshBeforeMs,
      });
    }
  }

  /** The normalised base URL every request goes to. */
  get baseUrl(): string {
    return this.#api.baseUrl;
  }

  /**
   * From the store if it has more than `refreshBeforeMs` (default 5 min) left, else refreshed
   * with POST /cgi-bin/stable_token: under the store's `refreshExclusive` when it has one (the
   * store saves), else fetched and saved here.
   */
  /** The mini program's API, for the calls that take its access_token; a clear Error when it is not configured. */
  #requireMini(method: string): RoutedApi {
    if (!this.#mini) {
      throw new Error(
        `WechatApiClient.${method} needs the mini program: pass \`miniprogram: { appid, secret, tokenStore }\` to the constructor (it takes the mini program's access_token, not the Official Account's)`,
      );
    }
    return this.#mini;
  }

  async getAccessToken(): Promise<string> {
    return (await this.#api.currentToken()).accessToken;
  }

  /**
   * POST /cgi-bin/message/template/send. Built here rather than with co-wechat-api's
   * `sendTemplate`, which has no `client_msg_id` parameter; it goes through the same overridden
   * `request`.
   *
   * `msgid` is a JS number as the interface asks; WeChat may return msgids above 2^53 (19
   * digits have been seen), which a number cannot hold exactly, so `msgidText` carries the exact
   * decimal digits (co-wechat-api parses large integers as BigNumber) for matching against the
   * `MsgID` of TEMPLATESENDJOBFINISH.
   */
  async sendTemplate(msg: TemplateMessage): Promise<{ msgid: number; msgidText: string }> {
    const { accessToken } = await this.#api.ensureAccessToken();
    const body: Record<string, unknown> = { touser: msg.touser, template_id: msg.template_id };
    if (msg.url !== undefined) body.url = msg.url;
    if (msg.miniprogram !== undefined) body.miniprogram = msg.miniprogram;
    body.data = msg.data;
    if (msg.client_msg_id !== undefined) body.client_msg_id = msg.client_msg_id;
    const res = (await this.#api.request(
      `${this.#api.prefix}message/template/send?access_token=${encodeURIComponent(accessToken)}`,
      postJSON(body),
    )) as { msgid?: unknown } | null;
    const raw = res?.msgid;
    if (raw === undefined || raw === null) throw new Error('WeChat /cgi-bin/message/template/send: no msgid in response');
    const msgidText = String(raw); // BigNumber#toString gives the exact digits
    return { msgid: Number(msgidText), msgidText };
  }

  /**
   * POST /cgi-bin/message/custom/send with msgtype text (co-wechat-api's `sendText`). Allowed only
   * within 48 hours of the user's last message to the account: outside that window WeChat answers
   * 45015 (WechatApiError errcode 45015), as any other errcode (43004: the user does not follow).
   */
  async sendCustomText(openid: string, content: string): Promise<void> {
    await this.#api.sendText(openid, content);
  }

  /**
   * POST /cgi-bin/message/subscribe/send: a mini-program subscription message, sent with the
   * MINI PROGRAM's access_token (the `miniprogram` option; without it this throws a plain Error
   * before any request). Same token rules as every call (refreshed ahead, compare-and-expire +
   * one retry on 40001/42001, on the mini program's own store); an errcode → WechatApiError
   * (43101: the user has not subscribed or has used up a one-time subscription; 40037; 47003).
   */
  async sendSubscribe(msg: SubscribeMessage): Promise<void> {
    const mini = this.#requireMini('sendSubscribe');
    const body: Record<string, unknown> = { touser: msg.touser, template_id: msg.template_id };
    if (msg.page !== undefined) body.page = msg.page;
    body.data = msg.data;
    if (msg.miniprogram_state !== undefined) body.miniprogram_state = msg.miniprogram_state;
    if (msg.lang !== undefined) body.lang = msg.lang;
    const { accessToken } = await mini.currentToken();
    await mini.request(`${mini.prefix}message/subscribe/send?access_token=${encodeURIComponent(accessToken)}`, postJSON(body));
  }

  /**
   * POST /wxa/business/getuserphonenumber with `{code}`: the phone number behind a
   * `getPhoneNumber` button's code (each code works once, for 5 minutes), with the MINI PROGRAM's
   * access_token (the `miniprogram` option; without it this throws a plain Error before any
   * request). Same token rules as sendSubscribe (compare-and-expire + one retry on 40001/42001,
   * on the mini program's own store); an errcode → WechatApiError (40029 invalid code: unknown,
   * used or expired). The code travels in the body, so no error message carries it.
   */
  async getPhoneNumber(code: string): Promise<PhoneInfo> {
    const mini = this.#requireMini('getPhoneNumber');
    const { accessToken } = await mini.currentToken();
    const res = (await mini.request(`${mini.wxaPrefix}business/getuserphonenumber?access_token=${encodeURIComponent(accessToken)}`, postJSON({ code }))) as {
      phone_info?: { phoneNumber?: unknown; purePhoneNumber?: unknown; countryCode?: unknown; watermark?: { timestamp?: unknown; appid?: unknown } };
    } | null;
    const info = res?.phone_info;
    if (!info || typeof info.phoneNumber !== 'string' || typeof info.purePhoneNumber !== 'string') {
      throw new Error('WeChat /wxa/business/getuserphonenumber: unexpected response');
    }
    return {
      phoneNumber: info.phoneNumber,
      purePhoneNumber: info.purePhoneNumber,
      countryCode: String(info.countryCode ?? ''),
      watermark: { timestamp: Number(info.watermark?.timestamp ?? 0), appid: String(info.watermark?.appid ?? '') },
    };
  }

  /**
   * POST /cgi-bin/message/subscribe/bizsend: an Official Account subscription notification
   * (一次性/长期订阅通知), with the Official Account's token. co-wechat-api has no bizsend; built
   * here on the same overridden `request`. An errcode → WechatApiError (43101: the user has not
   * subscribed to this template, or has used up a one-time subscription).
   */
  async sendBizSubscribe(msg: BizSubscribeMessage): Promise<void> {
    const body: Record<string, unknown> = { touser: msg.touser, template_id: msg.template_id };
    if (msg.page !== undefined) body.page = msg.page;
    if (msg.miniprogram !== undefined) body.miniprogram = msg.miniprogram;
    body.data = msg.data;
    const { accessToken } = await this.#api.currentToken();
    await this.#api.request(`${this.#api.prefix}message/subscribe/bizsend?access_token=${encodeURIComponent(accessToken)}`, postJSON(body));
  }

  /**
   * GET /cgi-bin/media/get: downloads a temporary media file (what a user sent: image, voice,
   * video; WeChat keeps them 3 days). For a video WeChat answers `{video_url}`, which is then
   * downloaded. Not through co-wechat-api's `getMedia` (it drops the response headers and reads
   * without a size limit): RoutedApi#getMedia does the GET itself, with the same baseUrl, token
   * and retry rules as every other call (see co-api.ts).
   *
   * Throws WechatApiError for an errcode (40007 invalid media_id: unknown or older than 3 days),
   * after one compare-and-expire retry on 40001/42001; MediaTooLargeError beyond `mediaMaxBytes`;
   * a plain Error (scrubbed of the token) for transport failures, non-2xx statuses and refused
   * video hosts.
   */
  async getMedia(mediaId: string): Promise<{ data: Buffer; contentType: string; filename?: string }> {
    return this.#api.getMedia(mediaId);
  }

  /**
   * GET /cgi-bin/user/info: whether an Official Account user follows it, and their unionid when
   * the account is bound to an open-platform account (the same unionid as the mini program's
   * jscode2session for the same person). WeChat no longer answers nicknames or avatars. An
   * errcode → WechatApiError (40003: not an openid of this account).
   */
  async getUserInfo(openid: string): Promise<UserInfo> {
    const { accessToken } = await this.#api.currentToken();
    const url = `${this.#api.prefix}user/info?access_token=${encodeURIComponent(accessToken)}&openid=${encodeURIComponent(openid)}&lang=zh_CN`;
    return userInfoOf(await this.#api.request(url, { method: 'GET', headers: { Accept: 'application/json' } }), 'user/info');
  }

  /**
   * POST /cgi-bin/user/info/batchget: what user/info answers, for up to 100 followers in one call
   * (a burst of first contacts costs one request, not one each). Built here rather than with
   * co-wechat-api's `batchGetUsers`, for the same token handling as every call; same overridden `request`.
   */
  async getUserInfos(openids: readonly string[]): Promise<UserInfo[]> {
    if (openids.length === 0 || openids.length > MAX_USER_INFO_BATCH) throw new RangeError(`WechatApiClient.getUserInfos takes 1 to ${MAX_USER_INFO_BATCH} openids`);
    const { accessToken } = await this.#api.currentToken();
    const url = `${this.#api.prefix}user/info/batchget?access_token=${encodeURIComponent(accessToken)}`;
    const res = (await this.#api.request(url, postJSON({ user_list: openids.map((openid) => ({ openid, lang: 'zh_CN' })) }))) as { user_info_list?: unknown } | null;
    if (!res || !Array.isArray(res.user_info_list)) throw new Error('WeChat /cgi-bin/user/info/batchget: unexpected response');
    return res.user_info_list.map((item: unknown) => userInfoOf(item, 'user/info/batchget'));
  }


  /**
   * GET /sns/jscode2session. Built here rather than with co-wechat-api's `code2Session`, which
   * uses the official account's appid/secret, not the mini program's; same overridden `request`.
   */
  async code2Session(
    jsCode: string,
    mini: { appid: string; secret: string },
  ): Promise<{ openid: string; session_key: string; unionid?: string }> {
    const url = new URL(`${this.#api.snsPrefix}jscode2session`);
    url.searchParams.set('appid', mini.appid);
    url.searchParams.set('secret', mini.secret);
    url.searchParams.set('js_code', jsCode);
    url.searchParams.set('grant_type', 'authorization_code');
    const res = (await this.#api.request(url.toString(), { method: 'GET', headers: { Accept: 'application/json' } })) as {
      openid?: unknown;
      session_key?: unknown;
      unionid?: unknown;
    } | null;
    if (!res || typeof res.openid !== 'string' || typeof res.session_key !== 'string') {
      throw new Error('WeChat /sns/jscode2session: unexpected response');
    }
    const out: { openid: string; session_key: string; unionid?: string } = { openid: res.openid, session_key: res.session_key };
    if (typeof res.unionid === 'string') out.unionid = res.unionid;
    return out;
  }

  /**
   * POST /cgi-bin/media/uploadimg (multipart field `media`): an image for the BODY of an article
   * (WeChat filters images from other hosts out of article HTML). jpg/png only, under 1 MB; does
   * not count against the account's material quota. Answers the image's url on WeChat's CDN.
   * Errcodes → WechatApiError (40005 invalid file type, 40009 invalid image size, 41005 no media).
   */
  async uploadArticleImage(file: ImageFile): Promise<{ url: string }> {
    const res = (await this.#upload('media/uploadimg', file)) as { url?: unknown } | null;
    if (!res || typeof res.url !== 'string' || res.url === '') throw new Error('WeChat /cgi-bin/media/uploadimg: no url in response');
    return { url: res.url };
  }

  /**
   * POST /cgi-bin/material/add_material?type=image (multipart field `media`): a PERMANENT image
   * material, which an article's cover (`thumb_media_id`) must be. Counts against the account's
   * material quota. Answers its media_id (and its url, usable only inside WeChat pages).
   */
  async addImageMaterial(file: ImageFile): Promise<{ media_id: string; url?: string }> {
    const res = (await this.#upload('material/add_material', file, 'image')) as { media_id?: unknown; url?: unknown } | null;
    if (!res || typeof res.media_id !== 'string' || res.media_id === '') throw new Error('WeChat /cgi-bin/material/add_material: no media_id in response');
    return typeof res.url === 'string' ? { media_id: res.media_id, url: res.url } : { media_id: res.media_id };
  }

  /**
   * POST /cgi-bin/draft/add: a draft of one or more articles in the account's draft box; answers
   * the draft's media_id, which freepublish/submit publishes. Errcodes → WechatApiError (40007 a
   * thumb_media_id that is not a permanent image of this account; 44003 no articles; 45003,
   * 45004, 45110 title, digest, author too long; 45002 content too long).
   */
  async addDraft(articles: DraftArticle[]): Promise<{ media_id: string }> {
    const { accessToken } = await this.#api.currentToken();
    const res = (await this.#api.request(`${this.#api.prefix}draft/add?access_token=${encodeURIComponent(accessToken)}`, postJSON({ articles }))) as {
      media_id?: unknown;
    } | null;
    if (!res || typeof res.media_id !== 'string' || res.media_id === '') throw new Error('WeChat /cgi-bin/draft/add: no media_id in response');
    return { media_id: res.media_id };
  }

  /**
   * POST /cgi-bin/freepublish/submit {media_id}: submits a draft for publication. Success means
   * only that the job was accepted: the outcome comes later (freepublish/get, or the
   * PUBLISHJOBFINISH event). publish_id and msg_data_id are read as exact decimal strings.
   */
  async submitPublish(draftMediaId: string): Promise<{ publish_id: string; msg_data_id?: string }> {
    const { accessToken } = await this.#api.currentToken();
    const res = (await this.#api.request(
      `${this.#api.prefix}freepublish/submit?access_token=${encodeURIComponent(accessToken)}`,
      postJSON({ media_id: draftMediaId }),
    )) as { publish_id?: unknown; msg_data_id?: unknown } | null;
    if (res?.publish_id === undefined || res.publish_id === null || String(res.publish_id) === '') {
      throw new Error('WeChat /cgi-bin/freepublish/submit: no publish_id in response');
    }
    const out: { publish_id: string; msg_data_id?: string } = { publish_id: String(res.publish_id) };
    if (res.msg_data_id !== undefined && res.msg_data_id !== null) out.msg_data_id = String(res.msg_data_id);
    return out;
  }

  /** POST /cgi-bin/freepublish/get {publish_id}: where a publish job stands (see PublishStatus). */
  async getPublishStatus(publishId: string): Promise<PublishStatus> {
    const { accessToken } = await this.#api.currentToken();
    const res = (await this.#api.request(
      `${this.#api.prefix}freepublish/get?access_token=${encodeURIComponent(accessToken)}`,
      postJSON({ publish_id: publishId }),
    )) as { publish_id?: unknown; publish_status?: unknown; article_id?: unknown; article_detail?: unknown; fail_idx?: unknown } | null;
    const status = Number(res?.publish_status);
    if (!res || !Number.isInteger(status)) throw new Error('WeChat /cgi-bin/freepublish/get: unexpected response');
    const out: PublishStatus = {
      publish_id: String(res.publish_id ?? publishId),
      publish_status: status,
      fail_idx: Array.isArray(res.fail_idx) ? res.fail_idx.map(Number) : [],
    };
    if (typeof res.article_id === 'string') out.article_id = res.article_id;
    const detail = res.article_detail as { count?: unknown; item?: unknown } | undefined;
    if (detail && Array.isArray(detail.item)) {
      out.article_detail = {
        count: Number(detail.count ?? detail.item.length),
        item: (detail.item as { idx?: unknown; article_url?: unknown }[]).map((i) => ({ idx: Number(i.idx), article_url: String(i.article_url ?? '') })),
      };
    }
    return out;
  }

  /** A multipart upload of one file as `media`, with the same token rules as every call (the Buffer body is replayed on a retry). */
  async #upload(path: string, file: ImageFile, type?: string): Promise<unknown> {
    if (!file || !Buffer.isBuffer(file.data) || file.data.length === 0) throw new Error(`WeChat /cgi-bin/${path}: the file is empty`);
    const { accessToken } = await this.#api.currentToken();
    const form = multipartFile('media', file);
    const opts: CoRequestOptions = { method: 'POST', data: form.body, headers: { 'Content-Type': form.contentType, Accept: 'application/json' }, timeout: 60_000 };
    const query = `access_token=${encodeURIComponent(accessToken)}${type ? `&type=${encodeURIComponent(type)}` : ''}`;
    return this.#api.request(`${this.#api.prefix}${path}?${query}`, opts);
  }
}
