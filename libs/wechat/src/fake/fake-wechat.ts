/**
 * An in-process fake of api.weixin.qq.com for tests, benchmarks and the server's sandbox mode.
 *
 * Same paths, payloads and errcodes as the real API (checked against WeChat's documentation and
 * reported responses) for:
 *   GET  /cgi-bin/token                  legacy token: each call issues a new token; the previous
 *                                        one stays valid 5 more minutes
 *   POST /cgi-bin/stable_token           normal mode returns the current token while it has more
 *                                        than 5 minutes left (expires_in = seconds left), else a
 *                                        new one (the old one lives out its time); force_refresh
 *                                        invalidates the current token at once (at most 20 a day,
 *                                        and a second one within 30 s returns the current token)
 *   POST /cgi-bin/message/template/send  official-account token only (else 48001)
 *   POST /cgi-bin/message/custom/send    official-account or mini-program token; answers
 *                                        {errcode:0, errmsg:'ok'} without msgid, like WeChat;
 *                                        45015 unless the user messaged within the last 48 h
 *                                        (userMessagedAt, or the option customServiceWindowOpen);
 *                                        43004 for a user marked with unfollow
 *   POST /cgi-bin/message/subscribe/send mini-program token when `miniprogram` is configured
 *                                        (else the official account's); 43101 for a user marked
 *                                        with refuseSubscription
 *   POST /cgi-bin/message/subscribe/bizsend  official-account subscription notification;
 *                                        official-account token only (else 48001); 43101 for a
 *                                        user marked with refuseSubscription
 *   GET  /sns/jscode2session             mini-program appid/secret; needs `miniprogram`; with
 *                                        `openPlatform`, also the user's unionid
 *   GET  /cgi-bin/user/info              ?openid=&lang= with the official account's token (another
 *                                        app's token → 48001): {subscribe:1, openid, language,
 *                                        subscribe_time, unionid (with `openPlatform`), remark,
 *                                        groupid, tagid_list, subscribe_scene, qr_scene,
 *                                        qr_scene_str}; a user marked with unfollow gets
 *                                        {subscribe:0, openid} (and unionid); bad openid → 40003
 *   POST /cgi-bin/user/info/batchget     {user_list: [{openid, lang?}] (1 to 100)} → {user_info_list:
 *                                        [each as user/info answers it, in the order asked]};
 *                                        official account's token; a bad openid → 40003, an empty
 *                                        or longer list → 47001
 *   POST /wxa/business/getuserphonenumber  {code} → {errcode:0, errmsg:'ok', phone_info:
 *                                        {phoneNumber, purePhoneNumber, countryCode:'86',
 *                                        watermark:{timestamp, appid}}}; mini-program token only
 *                                        (another app's token → 48001); needs `miniprogram`
 *   GET  /cgi-bin/media/get              temporary media registered with addMedia: the bytes with
 *                                        their Content-Type and `Content-disposition: attachment;
 *                                        filename="…"`; a video answers {"video_url": …}; unknown
 *                                        or older than 3 days (fake clock) → 40007 invalid
 *                                        media_id; missing media_id → 41006; official-account
 *                                        token only (another app's token → 40007: media ids are
 *                                        per account). Its JSON answers (errors, video_url) carry
 *                                        `Content-Type: text/plain`, as WeChat has been reported
 *                                        to send for media/get errors
 *   POST /cgi-bin/media/uploadimg        multipart `media`: an image for an article's body; jpg/png
 *                                        only (by its bytes; else 40005 invalid file type), under
 *                                        1 MB (else 40009 invalid image size); no media part → 41005,
 *                                        an empty one → 44001; answers {url} on mmbiz.qpic.cn
 *   POST /cgi-bin/material/add_material  ?type=image, multipart `media`: a permanent image
 *                                        (bmp/png/jpeg/gif by its bytes, else 40005; over 2 MB → 40009,
 *                                        the older documented limit, the stricter one); another type
 *                                        → 40004 invalid media type; answers {media_id, url}
 *   POST /cgi-bin/draft/add              {articles:[{title, author, digest, content,
 *                                        content_source_url, thumb_media_id, …}]} → {media_id}; no
 *                                        articles → 44003 empty news data; thumb_media_id not a
 *                                        permanent image of this account → 40007; empty title →
 *                                        47003 (assumed); empty content → 44004; title over 64,
 *                                        author over 16, digest over 120 characters → 45003, 45110,
 *                                        45004; content of 20,000 characters or 1 MB → 45002. Images
 *                                        in the content not uploaded with uploadimg are recorded as
 *                                        `droppedImages` (WeChat filters them out of the article)
 *   POST /cgi-bin/freepublish/submit     {media_id} of a draft → {errcode:0, errmsg:'ok',
 *                                        publish_id, msg_data_id} (decimal strings); missing →
 *                                        41006; unknown draft → 40007. The job ends at once with the
 *                                        status set by `setPublishOutcome` (default 0, published);
 *                                        one left publishing (1) ends with `settlePublication`
 *   POST /cgi-bin/freepublish/get        {publish_id} → {publish_id, publish_status, article_id,
 *                                        article_detail:{count, item:[{idx, article_url}]}, fail_idx};
 *                                        unknown publish_id → 47003 (WeChat documents none: assumed)
 *   GET  /fake-media/<media_id>?vkey=…   the fake's video download (what video_url points at, as
 *                                        http://file.api.weixin.qq.com/fake-media/…, a WeChat host
 *                                        that clients map onto their baseUrl); 404 once expired.
 *                                        WeChat's real video_url host is not documented
 *
 * Conventions of the fake (not WeChat's):
 *  - an openid is 6–64 characters of [A-Za-z0-9_-]; anything else is 40003 invalid openid;
 *  - jscode2session: the code `code-<openid>` (or `code-<openid>.<nonce>`) logs in as <openid>; each code works once; an
 *    unknown or used code is 40029 invalid code; success is {session_key, openid} (no errcode,
 *    as WeChat answers today), and unionid when `openPlatform` is set;
 *  - unionid (with `openPlatform`, as when both apps are bound to one open-platform account):
 *    the one given with `linkUnionid` for the openid, else one derived from the openid alone (so
 *    an openid not linked to another is a person of its own);
 *  - getuserphonenumber: the code `phone-<digits>` (or `phone-<digits>.<nonce>`) answers that
 *    number (7–15 digits; the country code is always 86 and phoneNumber = purePhoneNumber); each
 *    code works once; an unknown or used code is 40029 invalid code; no code → 41008;
 *  - template/subscribe `data` values must be strings (47003 otherwise);
 *  - users are in one of these states, set by the test: followed and subscribed (the default),
 *    unfollowed (`unfollow`: template/send and custom/send → 43004 require subscribe), refusing
 *    (`refuseSubscription`: subscribe/send and bizsend → 43101); the 48 h customer-service window
 *    opens with `userMessagedAt` (the fake does not see the user's messages itself). Checked
 *    after the request is otherwise valid;
 *  - subscribe/bizsend answers a msgid like subscribe/send (WeChat documents errcode/errmsg only);
 *  - a repeated (touser, client_msg_id) within 10 minutes is not sent again and answers the
 *    first msgid (WeChat documents the de-duplication, not the reply: assumed);
 *  - errmsgs carry a random ` rid: …` suffix like WeChat's; injected ones are sent verbatim
 *    when an errmsg is given.
 *
 * State is in memory. Clock: `now` (default Date.now) decides token expiry and timestamps;
 * injected delays use real time.
 *
 * Inspection surface (JSON), never WeChat's:
 *   GET  /__fake/messages[?touser=…&kind=…]  → {messages: SentMessage[]} oldest first, newest last
 *   GET  /__fake/requests                    → {requests}
 *   GET  /__fake/state                       → {issuedTokens, sent, requests}
 *   POST /__fake/reset                       → {ok:true}
 *   POST /__fake/fail  {path, errcode, times?, errmsg?}   (= failNext)
 *   POST /__fake/delay {path, ms, times?}                 (= delayNext)
 *   POST /__fake/drop  {path, times?}                     (= dropNext)
 *   POST /__fake/media {mediaId, contentType, base64, filename?, kind?}  (= addMedia)
 *   GET  /__fake/articles                    → {drafts, publications} (no image bytes)
 *   GET  /__fake/image?url=…                 → the bytes of an uploaded image (uploadimg or material)
 * Requests to /__fake/ are not recorded in `requests`. Mount the handler before any body parser
 * (or accept that a parser rejects malformed JSON before the fake can answer 47001); a body
 * already parsed into `req.body` is used as is. Never mount it in production.
 */
import { createHash, randomBytes } from 'crypto';
import busboy from 'busboy';
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface FakeWechatOptions {
  appid: string;
  secret: string;
  /** undefined = accept any template id */
  templateIds?: string[];
  miniprogram?: { appid: string; secret: string };
  now?: () => number;
  /**
   * true: custom/send treats every user as having messaged within 48 h (no 45015 for the
   * window). Default false: only users recorded with `userMessagedAt` in the last 48 h.
   */
  customServiceWindowOpen?: boolean;
  /**
   * Both apps are bound to one WeChat open-platform account: jscode2session and user/info answer
   * a unionid, the same for openids linked with `linkUnionid`. Default false: no unionid anywhere.
   */
  openPlatform?: boolean;
}

export interface SentMessage {
  /** template/send, custom/send, subscribe/send (mini program), subscribe/bizsend (official account) */
  kind: 'template' | 'custom' | 'subscribe' | 'bizsubscribe';
  touser: string;
  template_id?: string;
  data?: Record<string, { value: string }>;
  url?: string;
  miniprogram?: { appid: string; pagepath: string };
  client_msg_id?: string;
  /** custom text messages: the text */
  content?: string;
  /** subscribe messages: the mini-program page; bizsubscribe: the web page */
  page?: string;
  /** subscribe messages, when sent */
  miniprogram_state?: string;
  /** subscribe messages, when sent */
  lang?: string;
  /** the msgid answered (custom messages: an internal number; WeChat answers none) */
  msgid: number;
  at: number;
}

/** Temporary media as addMedia registers it (kind defaults from contentType: video/* → video, audio/* → voice, else image). */
export interface FakeMedia {
  data: Buffer;
  contentType: string;
  /** Sent in Content-Disposition; default `<mediaId>.<ext>` like WeChat. Videos send it only when given. */
  filename?: string;
  kind?: 'image' | 'voice' | 'video';
}

/** An image uploaded with media/uploadimg or material/add_material. */
export interface FakeImage {
  url: string;
  data: Buffer;
  contentType: string;
  filename: string;
  /** material/add_material only: its permanent media_id. */
  mediaId?: string;
  at: number;
}

/** One article of a draft, as draft/add received it. */
export interface FakeDraftArticle {
  title: string;
  author?: string;
  digest?: string;
  content: string;
  content_source_url?: string;
  thumb_media_id: string;
  /** <img src> in the content that were not uploaded with uploadimg: WeChat would filter them out. */
  droppedImages: string[];
}

export interface FakeDraft {
  mediaId: string;
  articles: FakeDraftArticle[];
  at: number;
}

/** A freepublish/submit job and how it ended. */
export interface FakePublication {
  publishId: string;
  msgDataId: string;
  draftMediaId: string;
  /** freepublish/get's publish_status. */
  status: number;
  articleId?: string;
  articleUrls: string[];
  at: number;
}

export interface FakeRequest {
  method: string;
  path: string;
  at: number;
}

export const FAKE_TOKEN_EXPIRES_IN = 7200;
const STABLE_RENEW_BEFORE_MS = 5 * 60_000;
const LEGACY_GRACE_MS = 5 * 60_000;
const FORCE_REFRESH_MIN_INTERVAL_MS = 30_000;
const FORCE_REFRESH_PER_DAY = 20;
const CLIENT_MSG_ID_WINDOW_MS = 10 * 60_000;
/** Customer-service messages are allowed within 48 h of the user's last message. */
export const FAKE_CUSTOM_WINDOW_MS = 48 * 3_600_000;
/** WeChat keeps temporary media 3 days. */
export const FAKE_MEDIA_TTL_MS = 3 * 86_400_000;
const MEDIA_DOWNLOAD_PREFIX = '/fake-media/';
const MEDIA_DOWNLOAD_ORIGIN = 'http://file.api.weixin.qq.com';
const MEDIA_EXT: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/bmp': 'bmp',
  'audio/amr': 'amr', 'audio/speex': 'speex', 'audio/mpeg': 'mp3', 'audio/mp3': 'mp3', 'audio/wav': 'wav',
  'video/mp4': 'mp4',
};
const OPENID_RE = /^[A-Za-z0-9_-]{6,64}$/;
const UPLOADIMG_MAX_BYTES = 1024 * 1024;
const MATERIAL_IMAGE_MAX_BYTES = 2 * 1024 * 1024;
const CDN_ORIGIN = 'http://mmbiz.qpic.cn';
const CUSTOM_MSGTYPES = new Set([
  'text', 'image', 'voice', 'video', 'music', 'news', 'mpnews', 'mpnewsarticle', 'msgmenu', 'wxcard', 'miniprogrampage',
]);

const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40008: 'invalid message type',
  40013: 'invalid appid',
  40029: 'invalid code',
  40004: 'invalid media type',
  40005: 'invalid file type',
  40007: 'invalid media_id',
  40009: 'invalid image size',
  40037: 'invalid template_id',
  40125: 'invalid appsecret',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41005: 'media data missing',
  41006: 'media_id missing',
  41008: 'missing code',
  42001: 'access_token expired',
  43001: 'require GET method',
  43002: 'require POST method',
  43004: 'require subscribe',
  43101: 'user refuse to accept the msg',
  44001: 'empty media data',
  44002: 'empty post data',
  44003: 'empty news data',
  44004: 'empty content',
  45002: 'content size out of limit',
  45003: 'title size out of limit',
  45004: 'description size out of limit',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  45015: 'response out of time limit or subscription is canceled',
  45047: 'out of response count limit',
  45110: 'author size out of limit',
  47001: 'data format error',
  47003: 'argument invalid!',
  48001: 'api unauthorized',
};

type Role = 'oa' | 'mini';
type Json = Record<string, unknown>;
/** `raw` is sent as is (bytes); else `body` as JSON. `headers` are added (a Content-Type there wins). */
type Reply = { status: number; body: unknown; raw?: Buffer; headers?: Record<string, string> } | 'drop';
interface StoredMedia {
  data: Buffer;
  contentType: string;
  filename: string | undefined;
  kind: 'image' | 'voice' | 'video';
  expiresAt: number;
  vkey: string;
}
type Fault = { kind: 'errcode'; errcode: number; errmsg?: string; remaining: number } | { kind: 'drop'; remaining: number };
interface Pending {
  timer: NodeJS.Timeout;
  server?: http.Server;
  finish(completed: boolean): void;
}

const rid = (): string => `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const ok = (body: Json): Reply => ({ status: 200, body });

function fail(errcode: number, detail?: string): Reply {
  const msg = detail ?? ERRMSG[errcode] ?? 'error';
  return { status: 200, body: { errcode, errmsg: `${msg} rid: ${rid()}` } };
}

function normalizePath(path: string): string {
  const p = path.split('?')[0] ?? '';
  return p.startsWith('/') ? p : `/${p}`;
}

function positiveInt(n: unknown, what: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new Error(`${what} must be a positive integer`);
  return n;
}

/** Validates template/subscribe `data`: Record<string, {value: string}>. */
function checkData(data: unknown, required: boolean): Reply | Record<string, { value: string }> | undefined {
  if (data === undefined) return required ? fail(47003, 'argument invalid! data is empty') : undefined;
  if (!isObj(data)) return fail(47001);
  if (required && Object.keys(data).length === 0) return fail(47003, 'argument invalid! data is empty');
  const out: Record<string, { value: string }> = {};
  for (const [key, item] of Object.entries(data)) {
    if (!isObj(item) || typeof item.value !== 'string') return fail(47003, `argument invalid! data.${key}.value invalid`);
    out[key] = { value: item.value };
  }
  return out;
}

/** `attachment; filename="…"`, or RFC 5987 `filename*=UTF-8''…` for names beyond printable ASCII. */
function disposition(filename: string): string {
  return /^[\x20-\x7e]*$/.test(filename)
    ? `attachment; filename="${filename.replace(/["\\]/g, '_')}"`
    : `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

interface MultipartBody {
  multipart: Buffer;
  contentType: string;
  /** Filled by readMediaPart. */
  media?: { data: Buffer; filename: string } | null;
}
const isMultipart = (v: unknown): v is MultipartBody => isObj(v) && Buffer.isBuffer(v.multipart);

/** Reads the `media` file of a multipart upload with busboy (before the route runs: routes answer synchronously). */
async function readMediaPart(body: MultipartBody): Promise<void> {
  body.media = await new Promise<{ data: Buffer; filename: string } | null>((resolve) => {
    let found: { data: Buffer; filename: string } | null = null;
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': body.contentType }, defParamCharset: 'utf8' });
    } catch {
      resolve(null); // no boundary: not multipart after all
      return;
    }
    parser.on('file', (name, stream, info) => {
      if (name !== 'media' || found) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        found = { data: Buffer.concat(chunks), filename: info.filename ?? '' };
      });
    });
    parser.on('close', () => resolve(found));
    parser.on('error', () => resolve(null));
    parser.end(body.multipart);
  });
}

/** The upload's `media` file; 41005 when there is none, 44001 when it is empty. */
function mediaPart(raw: unknown): { data: Buffer; filename: string } | Reply {
  if (!isMultipart(raw) || !raw.media) return fail(41005);
  if (raw.media.data.length === 0) return fail(44001);
  return raw.media;
}

/** What an image's first bytes say it is (WeChat looks at the file, not at its name). */
function sniffImage(data: Buffer): string | undefined {
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  if (data.subarray(0, 2).toString('latin1') === 'BM') return 'image/bmp';
  return undefined;
}

const isReply = (v: unknown): v is Reply => v === 'drop' || (isObj(v) && typeof v.status === 'number' && 'body' in v);

export class FakeWechat {
  readonly sent: SentMessage[] = [];
  readonly requests: FakeRequest[] = [];
  /** Images uploaded (uploadimg and permanent materials), oldest first. */
  readonly images: FakeImage[] = [];
  readonly drafts: FakeDraft[] = [];
  readonly publications: FakePublication[] = [];
  #publishOutcome = 0;
  #idSeq = 0;

  readonly #now: () => number;
  readonly #apps = new Map<string, { secret: string; role: Role }>();
  readonly #templateIds: ReadonlySet<string> | undefined;
  readonly #miniAppid: string | undefined;
  readonly #oaAppid: string;
  readonly #windowOpen: boolean;
  readonly #openPlatform: boolean;
  #unionids = new Map<string, string>();
  #messagedAt = new Map<string, number>();
  #refusing = new Set<string>();
  #unfollowed = new Set<string>();
  #media = new Map<string, StoredMedia>();
  #tokens = new Map<string, { appid: string; expiresAt: number }>();
  #stable = new Map<string, string>();
  #legacy = new Map<string, string>();
  #forced = new Map<string, number[]>();
  #usedCodes = new Set<string>();
  #clientMsgIds = new Map<string, { msgid: number; at: number }>();
  #faults = new Map<string, Fault[]>();
  #delays = new Map<string, { ms: number; remaining: number }[]>();
  #pending = new Set<Pending>();
  #issued = 0;
  #msgSeq = 0;

  constructor(opts: FakeWechatOptions) {
    if (!opts.appid || !opts.secret) throw new Error('FakeWechat needs appid and secret');
    this.#now = opts.now ?? Date.now;
    this.#apps.set(opts.appid, { secret: opts.secret, role: 'oa' });
    this.#oaAppid = opts.appid;
    if (opts.miniprogram) {
      if (opts.miniprogram.appid === opts.appid) throw new Error('FakeWechat: the mini program needs its own appid');
      this.#apps.set(opts.miniprogram.appid, { secret: opts.miniprogram.secret, role: 'mini' });
      this.#miniAppid = opts.miniprogram.appid;
    }
    this.#templateIds = opts.templateIds ? new Set(opts.templateIds) : undefined;
    this.#windowOpen = opts.customServiceWindowOpen === true;
    this.#openPlatform = opts.openPlatform === true;
  }

  /**
   * These openids (the official account's and the mini program's) are one person with this
   * unionid, as WeChat answers when both apps are bound to one open-platform account.
   */
  linkUnionid(unionid: string, ...openids: string[]): void {
    if (typeof unionid !== 'string' || !OPENID_RE.test(unionid)) throw new Error('unionid must be 6–64 characters of [A-Za-z0-9_-]');
    for (const openid of openids) {
      if (typeof openid !== 'string' || openid === '') throw new Error('openid must be a non-empty string');
      this.#unionids.set(openid, unionid);
    }
  }

  /** The unionid WeChat would answer for this openid; undefined without `openPlatform`. */
  #unionidOf(openid: string): string | undefined {
    if (!this.#openPlatform) return undefined;
    return this.#unionids.get(openid) ?? `oU${createHash('sha256').update(openid).digest('base64url').slice(0, 26)}`;
  }

  /** Node/Express handler; mounted under a prefix it uses req.url relative to the mount. Unknown paths go to `next` when given. */
  handler = (req: http.IncomingMessage, res: http.ServerResponse, next?: () => void): void => {
    this.#serve(req, res, next, undefined);
  };

  /** Listens on host (default 127.0.0.1) and port (default: a free one). */
  async listen(port = 0, host = '127.0.0.1'): Promise<{ baseUrl: string; close(): Promise<void> }> {
    const server = http.createServer((req, res) => this.#serve(req, res, undefined, server));
    // WeChat's servers keep idle connections far longer than Node's 5 s default; a short server-side
    // timeout races a client reusing the socket (ECONNRESET) whenever the event loop runs late.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const addr = server.address() as AddressInfo;
    const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    let closed: Promise<void> | undefined;
    return {
      baseUrl: `http://${h}:${addr.port}`,
      close: () => {
        closed ??= new Promise<void>((resolve) => {
          for (const p of this.#pending) if (p.server === server) p.finish(false);
          server.close(() => resolve());
          server.closeAllConnections();
        });
        return closed;
      },
    };
  }

  /** The next `times` calls to `path` answer `errcode` (after any delay), without effect. Queued after earlier injections. */
  failNext(path: string, errcode: number, times = 1, errmsg?: string): void {
    if (!Number.isInteger(errcode)) throw new Error('errcode must be an integer');
    this.#queue(this.#faults, path, { kind: 'errcode', errcode, errmsg, remaining: positiveInt(times, 'times') });
  }

  /** The next `times` calls to `path` wait `ms` (real time) before being handled. */
  delayNext(path: string, ms: number, times = 1): void {
    if (typeof ms !== 'number' || !(ms >= 0)) throw new Error('ms must be a non-negative number');
    this.#queue(this.#delays, path, { ms, remaining: positiveInt(times, 'times') });
  }

  /** The next `times` calls to `path` get their connection destroyed with no response, without effect. */
  dropNext(path: string, times = 1): void {
    this.#queue(this.#faults, path, { kind: 'drop', remaining: positiveInt(times, 'times') });
  }

  /**
   * Registers temporary media of the official account, created now by the fake's clock and
   * answered by GET /cgi-bin/media/get for 3 days (then 40007). Registering an id again replaces it.
   */
  addMedia(mediaId: string, media: FakeMedia): void {
    if (typeof mediaId !== 'string' || mediaId === '') throw new Error('mediaId must be a non-empty string');
    if (!Buffer.isBuffer(media?.data)) throw new Error('media.data must be a Buffer');
    if (typeof media.contentType !== 'string' || media.contentType === '') throw new Error('media.contentType must be a non-empty string');
    if (media.kind !== undefined && media.kind !== 'image' && media.kind !== 'voice' && media.kind !== 'video') {
      throw new Error("media.kind must be 'image', 'voice' or 'video'");
    }
    const ct = media.contentType.toLowerCase();
    const kind = media.kind ?? (ct.startsWith('video/') ? 'video' : ct.startsWith('audio/') ? 'voice' : 'image');
    this.#media.set(mediaId, {
      data: Buffer.from(media.data),
      contentType: media.contentType,
      filename: media.filename,
      kind,
      expiresAt: this.#now() + FAKE_MEDIA_TTL_MS,
      vkey: randomBytes(16).toString('hex'),
    });
  }

  /**
   * Records that `openid` messaged the account at `at` (default: now by the fake's clock):
   * custom/send to that user is accepted until 48 h later, then answers 45015.
   */
  userMessagedAt(openid: string, at: number = this.#now()): void {
    if (typeof openid !== 'string' || openid === '') throw new Error('openid must be a non-empty string');
    if (typeof at !== 'number' || !Number.isFinite(at)) throw new Error('at must be a finite number (epoch ms)');
    this.#messagedAt.set(openid, at);
  }

  /** From now on subscribe/send and subscribe/bizsend to `openid` answer 43101 (user refuse to accept the msg). */
  refuseSubscription(openid: string): void {
    if (typeof openid !== 'string' || openid === '') throw new Error('openid must be a non-empty string');
    this.#refusing.add(openid);
  }

  /** From now on template/send and custom/send to `openid` answer 43004 (require subscribe: the user does not follow). */
  unfollow(openid: string): void {
    if (typeof openid !== 'string' || openid === '') throw new Error('openid must be a non-empty string');
    this.#unfollowed.add(openid);
  }

  /**
   * How the next publish jobs end (freepublish/get's publish_status): 0 published (the default),
   * 1 still publishing, 2 originality check failed, 3 failed, 4 refused by review.
   */
  setPublishOutcome(status: 0 | 1 | 2 | 3 | 4): void {
    this.#publishOutcome = status;
  }

  /** Ends a job left publishing (outcome 1) as WeChat later would: published (0) with its links, or failed (2–4). */
  settlePublication(publishId: string, status: 0 | 2 | 3 | 4): void {
    const p = this.publications.find((x) => x.publishId === publishId);
    if (!p) throw new Error(`no publish job ${publishId}`);
    const draft = this.drafts.find((d) => d.mediaId === p.draftMediaId) as FakeDraft;
    p.status = status;
    if (status === 0) {
      p.articleUrls = draft.articles.map((_, i) => `http://mp.weixin.qq.com/s?__biz=FAKE&mid=${publishId}&idx=${i + 1}`);
      p.articleId = `ART_${publishId}_${randomBytes(6).toString('base64url')}`;
    }
  }

  /** The articles published (status 0), newest last, with their drafts: what the sandbox shows. */
  publishedArticles(): { publication: FakePublication; draft: FakeDraft }[] {
    return this.publications
      .filter((p) => p.status === 0)
      .map((publication) => ({ publication, draft: this.drafts.find((d) => d.mediaId === publication.draftMediaId) as FakeDraft }));
  }

  /** How many distinct access tokens have been issued (both token endpoints, both apps). */
  issuedTokens(): number {
    return this.#issued;
  }

  /**
   * Forgets messages, requests, tokens (held tokens then get 40001), used codes, media, queued
   * faults and user states (userMessagedAt, refuseSubscription, unfollow, linkUnionid).
   */
  reset(): void {
    this.sent.length = 0;
    this.requests.length = 0;
    this.#tokens.clear();
    this.#stable.clear();
    this.#legacy.clear();
    this.#forced.clear();
    this.#usedCodes.clear();
    this.#clientMsgIds.clear();
    this.#media.clear();
    this.#faults.clear();
    this.#delays.clear();
    this.#messagedAt.clear();
    this.#refusing.clear();
    this.#unfollowed.clear();
    this.#unionids.clear();
    this.images.length = 0;
    this.drafts.length = 0;
    this.publications.length = 0;
    this.#publishOutcome = 0;
    this.#issued = 0;
  }

  // ---------------------------------------------------------------- plumbing

  #queue<T extends { remaining: number }>(map: Map<string, T[]>, path: string, entry: T): void {
    const key = normalizePath(path);
    const list = map.get(key) ?? [];
    list.push(entry);
    map.set(key, list);
  }

  #take<T extends { remaining: number }>(map: Map<string, T[]>, path: string): T | undefined {
    const list = map.get(path);
    const head = list?.[0];
    if (!list || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) list.shift();
    if (list.length === 0) map.delete(path);
    return head;
  }

  #sleep(ms: number, server: http.Server | undefined): Promise<boolean> {
    return new Promise((resolve) => {
      const p: Pending = {
        server,
        timer: setTimeout(() => p.finish(true), ms),
        finish: (completed) => {
          clearTimeout(p.timer);
          this.#pending.delete(p);
          resolve(completed);
        },
      };
      p.timer.unref();
      this.#pending.add(p);
    });
  }

  #serve(req: http.IncomingMessage, res: http.ServerResponse, next: (() => void) | undefined, server: http.Server | undefined): void {
    this.#handle(req, res, next, server).catch(() => {
      this.#write(res, { status: 500, body: { errcode: -1, errmsg: `system error rid: ${rid()}` } });
    });
  }

  #write(res: http.ServerResponse, reply: Reply): void {
    if (reply === 'drop') {
      res.socket?.destroy();
      return;
    }
    if (res.writableEnded || res.destroyed) return;
    const payload = reply.raw ?? Buffer.from(JSON.stringify(reply.body));
    res.statusCode = reply.status;
    if (!reply.raw) res.setHeader('Content-Type', 'application/json; encoding=utf-8');
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
    res.setHeader('Content-Length', payload.length);
    res.end(payload);
  }

  async #readBody(req: http.IncomingMessage): Promise<unknown> {
    const pre = (req as { body?: unknown }).body;
    if (req.readableEnded || (pre !== undefined && req.complete)) {
      if (pre === undefined || pre === null) return '';
      if (Buffer.isBuffer(pre)) return pre.toString('utf8');
      return pre;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    const raw = Buffer.concat(chunks);
    // An upload's bytes stay bytes (with the Content-Type that names its boundary); anything else is text.
    const type = String(req.headers['content-type'] ?? '');
    return /^multipart\/form-data/i.test(type) ? { multipart: raw, contentType: type } : raw.toString('utf8');
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse, next: (() => void) | undefined, server: http.Server | undefined): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const path = url.pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    if (path === '/__fake' || path.startsWith('/__fake/')) {
      this.#write(res, this.#inspect(method, path, url, await this.#readBody(req)));
      return;
    }
    const route = this.#routes[path] ?? (path.startsWith(MEDIA_DOWNLOAD_PREFIX) ? this.#videoDownload : undefined);
    if (!route && next) {
      next();
      return;
    }
    this.requests.push({ method, path, at: this.#now() });
    const body = await this.#readBody(req);
    if (isMultipart(body)) await readMediaPart(body);
    if (!route) {
      this.#write(res, { status: 404, body: { errcode: -1, errmsg: `fake WeChat: no such API ${path}` } });
      return;
    }
    const delay = this.#take(this.#delays, path);
    if (delay && !(await this.#sleep(delay.ms, server))) {
      res.socket?.destroy(); // the listening server closed meanwhile
      return;
    }
    const fault = this.#take(this.#faults, path);
    if (fault) {
      this.#write(res, fault.kind === 'drop' ? 'drop' : fault.errmsg !== undefined ? { status: 200, body: { errcode: fault.errcode, errmsg: fault.errmsg } } : fail(fault.errcode));
      return;
    }
    this.#write(res, route(method, url, body));
  }

  readonly #routes: Record<string, (method: string, url: URL, body: unknown) => Reply> = {
    '/cgi-bin/token': (m, u) => this.#legacyToken(m, u),
    '/cgi-bin/stable_token': (m, u, b) => this.#stableToken(m, b),
    '/cgi-bin/message/template/send': (m, u, b) => this.#templateSend(m, u, b),
    '/cgi-bin/message/custom/send': (m, u, b) => this.#customSend(m, u, b),
    '/cgi-bin/message/subscribe/send': (m, u, b) => this.#subscribeSend(m, u, b),
    '/cgi-bin/message/subscribe/bizsend': (m, u, b) => this.#bizSubscribeSend(m, u, b),
    '/sns/jscode2session': (m, u) => this.#jscode2session(m, u),
    '/wxa/business/getuserphonenumber': (m, u, b) => this.#getPhoneNumber(m, u, b),
    '/cgi-bin/user/info': (m, u) => this.#userInfo(m, u),
    '/cgi-bin/user/info/batchget': (m, u, b) => this.#userInfoBatch(m, u, b),
    '/cgi-bin/media/get': (m, u) => this.#mediaGet(m, u),
    '/cgi-bin/media/uploadimg': (m, u, b) => this.#uploadImg(m, u, b),
    '/cgi-bin/material/add_material': (m, u, b) => this.#addMaterial(m, u, b),
    '/cgi-bin/draft/add': (m, u, b) => this.#draftAdd(m, u, b),
    '/cgi-bin/freepublish/submit': (m, u, b) => this.#publishSubmit(m, u, b),
    '/cgi-bin/freepublish/get': (m, u, b) => this.#publishGet(m, u, b),
  };

  #json(body: unknown): Json | Reply {
    if (isMultipart(body)) return fail(47001);
    if (isObj(body)) return body;
    if (typeof body !== 'string' || body.trim() === '') return fail(44002);
    try {
      const parsed: unknown = JSON.parse(body);
      return isObj(parsed) ? parsed : fail(47001);
    } catch {
      return fail(47001);
    }
  }

  /** The access_token query parameter, checked; answers the appid it belongs to. */
  #auth(url: URL, roles: readonly Role[]): { appid: string } | Reply {
    const token = url.searchParams.get('access_token');
    if (!token) return fail(41001);
    const t = this.#tokens.get(token);
    if (!t) return fail(40001);
    if (this.#now() >= t.expiresAt) return fail(42001);
    const role = this.#apps.get(t.appid)?.role;
    if (!role || !roles.includes(role)) return fail(48001);
    return { appid: t.appid };
  }

  #credentials(appid: unknown, secret: unknown, roles: readonly Role[]): Reply | undefined {
    if (typeof appid !== 'string' || appid === '') return fail(41002);
    const app = this.#apps.get(appid);
    if (!app || !roles.includes(app.role)) return fail(40013);
    if (typeof secret !== 'string' || secret === '') return fail(41004);
    if (secret !== app.secret) return fail(40125);
    return undefined;
  }

  #issue(appid: string): string {
    this.#issued += 1;
    const token = `FAKE${this.#issued}_${randomBytes(24).toString('base64url')}`;
    this.#tokens.set(token, { appid, expiresAt: this.#now() + FAKE_TOKEN_EXPIRES_IN * 1000 });
    return token;
  }

  #nextMsgid(): number {
    this.#msgSeq += 1;
    return 2_000_000_000 + this.#msgSeq;
  }

  // ---------------------------------------------------------------- tokens

  #legacyToken(method: string, url: URL): Reply {
    if (method !== 'GET' && method !== 'POST') return fail(43001);
    const q = url.searchParams;
    if (q.get('grant_type') !== 'client_credential') return fail(40002);
    const appid = q.get('appid');
    const bad = this.#credentials(appid ?? undefined, q.get('secret') ?? undefined, ['oa', 'mini']);
    if (bad) return bad;
    const id = appid as string;
    const previous = this.#legacy.get(id);
    const prev = previous ? this.#tokens.get(previous) : undefined;
    if (prev) prev.expiresAt = Math.min(prev.expiresAt, this.#now() + LEGACY_GRACE_MS);
    const token = this.#issue(id);
    this.#legacy.set(id, token);
    return ok({ access_token: token, expires_in: FAKE_TOKEN_EXPIRES_IN });
  }

  #stableToken(method: string, raw: unknown): Reply {
    if (method !== 'POST') return fail(43002);
    const body = this.#json(raw);
    if (isReply(body)) return body;
    if (body.grant_type !== 'client_credential') return fail(40002);
    const bad = this.#credentials(body.appid, body.secret, ['oa', 'mini']);
    if (bad) return bad;
    const appid = body.appid as string;
    const now = this.#now();
    const current = this.#stable.get(appid);
    const cur = current ? this.#tokens.get(current) : undefined;
    const answer = (token: string, expiresAt: number): Reply =>
      ok({ access_token: token, expires_in: Math.max(0, Math.floor((expiresAt - now) / 1000)) });

    if (body.force_refresh === true) {
      const day = Math.floor((now + 8 * 3_600_000) / 86_400_000); // Beijing calendar day
      const times = (this.#forced.get(appid) ?? []).filter((t) => Math.floor((t + 8 * 3_600_000) / 86_400_000) === day);
      const last = times[times.length - 1];
      if (current && cur && now < cur.expiresAt && last !== undefined && now - last < FORCE_REFRESH_MIN_INTERVAL_MS) {
        return answer(current, cur.expiresAt); // "连续使用…需间隔30s，否则不会刷新"
      }
      if (times.length >= FORCE_REFRESH_PER_DAY) return fail(45009);
      if (current) this.#tokens.delete(current); // force refresh invalidates the previous token
      times.push(now);
      this.#forced.set(appid, times);
      const token = this.#issue(appid);
      this.#stable.set(appid, token);
      return answer(token, now + FAKE_TOKEN_EXPIRES_IN * 1000);
    }
    if (current && cur && cur.expiresAt - now > STABLE_RENEW_BEFORE_MS) return answer(current, cur.expiresAt);
    const token = this.#issue(appid); // the old one, if any, stays valid until it expires
    this.#stable.set(appid, token);
    return answer(token, now + FAKE_TOKEN_EXPIRES_IN * 1000);
  }

  // ---------------------------------------------------------------- messages

  #templateSend(method: string, url: URL, raw: unknown): Reply {
    if (method !== 'POST') return fail(43002);
    const auth = this.#auth(url, ['oa']);
    if (isReply(auth)) return auth;
    const body = this.#json(raw);
    if (isReply(body)) return body;
    const { touser, template_id, url: link, miniprogram, client_msg_id } = body;
    if (typeof touser !== 'string' || !OPENID_RE.test(touser)) return fail(40003);
    if (typeof template_id !== 'string' || !template_id || (this.#templateIds && !this.#templateIds.has(template_id))) return fail(40037);
    const data = checkData(body.data, false);
    if (isReply(data)) return data;
    if (link !== undefined && typeof link !== 'string') return fail(47001);
    let mp: { appid: string; pagepath: string } | undefined;
    if (miniprogram !== undefined) {
      if (!isObj(miniprogram) || typeof miniprogram.appid !== 'string' || (miniprogram.pagepath !== undefined && typeof miniprogram.pagepath !== 'string')) {
        return fail(47001);
      }
      mp = { appid: miniprogram.appid, pagepath: (miniprogram.pagepath as string | undefined) ?? '' };
    }
    if (client_msg_id !== undefined && typeof client_msg_id !== 'string') return fail(47001);
    if (this.#unfollowed.has(touser)) return fail(43004);
    const now = this.#now();
    if (client_msg_id !== undefined) {
      const key = `${touser}\u0000${client_msg_id}`;
      const seen = this.#clientMsgIds.get(key);
      if (seen && now - seen.at < CLIENT_MSG_ID_WINDOW_MS) return ok({ errcode: 0, errmsg: 'ok', msgid: seen.msgid });
    }
    const msgid = this.#nextMsgid();
    const msg: SentMessage = { kind: 'template', touser, template_id, msgid, at: now };
    if (data) msg.data = data;
    if (link !== undefined) msg.url = link;
    if (mp) msg.miniprogram = mp;
    if (client_msg_id !== undefined) {
      msg.client_msg_id = client_msg_id;
      this.#clientMsgIds.set(`${touser}\u0000${client_msg_id}`, { msgid, at: now });
    }
    this.sent.push(msg);
    return ok({ errcode: 0, errmsg: 'ok', msgid });
  }

  #customSend(method: string, url: URL, raw: unknown): Reply {
    if (method !== 'POST') return fail(43002);
    const auth = this.#auth(url, ['oa', 'mini']);
    if (isReply(auth)) return auth;
    const body = this.#json(raw);
    if (isReply(body)) return body;
    const { touser, msgtype } = body;
    if (typeof touser !== 'string' || !OPENID_RE.test(touser)) return fail(40003);
    if (typeof msgtype !== 'string' || !CUSTOM_MSGTYPES.has(msgtype)) return fail(40008);
    const payload = body[msgtype];
    let content: string | undefined;
    if (msgtype === 'text') {
      if (!isObj(payload) || typeof payload.content !== 'string' || payload.content === '') return fail(44004);
      content = payload.content;
    } else if (!isObj(payload)) {
      return fail(47001);
    }
    if (this.#unfollowed.has(touser)) return fail(43004);
    const now = this.#now();
    const last = this.#messagedAt.get(touser);
    if (!this.#windowOpen && (last === undefined || now - last >= FAKE_CUSTOM_WINDOW_MS)) return fail(45015);
    const msg: SentMessage = { kind: 'custom', touser, msgid: this.#nextMsgid(), at: now };
    if (content !== undefined) msg.content = content;
    this.sent.push(msg);
    return ok({ errcode: 0, errmsg: 'ok' });
  }

  #subscribeSend(method: string, url: URL, raw: unknown): Reply {
    if (method !== 'POST') return fail(43002);
    const auth = this.#auth(url, this.#miniAppid ? ['mini'] : ['oa']);
    if (isReply(auth)) return auth;
    const body = this.#json(raw);
    if (isReply(body)) return body;
    const { touser, template_id, page, miniprogram_state: state, lang } = body;
    if (typeof touser !== 'string' || !OPENID_RE.test(touser)) return fail(40003);
    if (typeof template_id !== 'string' || !template_id || (this.#templateIds && !this.#templateIds.has(template_id))) return fail(40037);
    const data = checkData(body.data, true);
    if (isReply(data)) return data;
    if (page !== undefined && typeof page !== 'string') return fail(47001);
    if ((state !== undefined && typeof state !== 'string') || (lang !== undefined && typeof lang !== 'string')) return fail(47001);
    if (this.#refusing.has(touser)) return fail(43101);
    const msgid = this.#nextMsgid();
    const msg: SentMessage = { kind: 'subscribe', touser, template_id, msgid, at: this.#now() };
    if (data) msg.data = data;
    if (page !== undefined) msg.page = page;
    if (state !== undefined) msg.miniprogram_state = state;
    if (lang !== undefined) msg.lang = lang;
    this.sent.push(msg);
    return ok({ errcode: 0, errmsg: 'ok', msgid });
  }

  #bizSubscribeSend(method: string, url: URL, raw: unknown): Reply {
    if (method !== 'POST') return fail(43002);
    const auth = this.#auth(url, ['oa']);
    if (isReply(auth)) return auth;
    const body = this.#json(raw);
    if (isReply(body)) return body;
    const { touser, template_id, page, miniprogram } = body;
    if (typeof touser !== 'string' || !OPENID_RE.test(touser)) return fail(40003);
    if (typeof template_id !== 'string' || !template_id || (this.#templateIds && !this.#templateIds.has(template_id))) return fail(40037);
    const data = checkData(body.data, true);
    if (isReply(data)) return data;
    if (page !== undefined && typeof page !== 'string') return fail(47001);
    let mp: { appid: string; pagepath: string } | undefined;
    if (miniprogram !== undefined) {
      if (!isObj(miniprogram) || typeof miniprogram.appid !== 'string' || (miniprogram.pagepath !== undefined && typeof miniprogram.pagepath !== 'string')) {
        return fail(47001);
      }
      mp = { appid: miniprogram.appid, pagepath: (miniprogram.pagepath as string | undefined) ?? '' };
    }
    if (this.#refusing.has(touser)) return fail(43101);
    const msgid = this.#nextMsgid();
    const msg: SentMessage = { kind: 'bizsubscribe', touser, template_id, msgid, at: this.#now() };
    if (data) msg.data = data;
    if (page !== undefined) msg.page = page;
    if (mp) msg.miniprogram = mp;
    this.sent.push(msg);
    return ok({ errcode: 0, errmsg: 'ok', msgid });
  }

  // ---------------------------------------------------------------- media

  #mediaGet(method: string, url: URL): Reply {
    const reply = this.#mediaAnswer(method, url);
    // WeChat has been seen answering media/get JSON with text/plain.
    if (reply !== 'drop' && !reply.raw) reply.headers = { ...reply.headers, 'Content-Type': 'text/plain' };
    return reply;
  }

  #mediaAnswer(method: string, url: URL): Reply {
    if (method !== 'GET') return fail(43001);
    const auth = this.#auth(url, ['oa', 'mini']);
    if (isReply(auth)) return auth;
    const mediaId = url.searchParams.get('media_id');
    if (!mediaId) return fail(41006);
    const media = this.#media.get(mediaId);
    if (auth.appid !== this.#oaAppid || !media || this.#now() >= media.expiresAt) return fail(40007);
    if (media.kind === 'video') {
      return ok({ video_url: `${MEDIA_DOWNLOAD_ORIGIN}${MEDIA_DOWNLOAD_PREFIX}${encodeURIComponent(mediaId)}?vkey=${media.vkey}` });
    }
    const ext = MEDIA_EXT[media.contentType.toLowerCase().split(';')[0]?.trim() ?? ''] ?? 'bin';
    const filename = media.filename ?? `${mediaId}.${ext}`;
    return {
      status: 200,
      body: undefined,
      raw: media.data,
      headers: {
        'Content-Type': media.contentType,
        'Content-disposition': disposition(filename),
        'Cache-Control': 'no-cache, must-revalidate',
      },
    };
  }

  readonly #videoDownload = (method: string, url: URL): Reply => {
    const notFound: Reply = { status: 404, body: undefined, raw: Buffer.alloc(0), headers: { 'Content-Type': 'text/plain' } };
    if (method !== 'GET') return notFound;
    let mediaId: string;
    try {
      mediaId = decodeURIComponent(url.pathname.slice(MEDIA_DOWNLOAD_PREFIX.length));
    } catch {
      return notFound;
    }
    const media = this.#media.get(mediaId);
    if (!media || media.kind !== 'video' || url.searchParams.get('vkey') !== media.vkey || this.#now() >= media.expiresAt) return notFound;
    const headers: Record<string, string> = { 'Content-Type': media.contentType };
    if (media.filename !== undefined) headers['Content-Disposition'] = disposition(media.filename);
    return { status: 200, body: undefined, raw: media.data, headers };
  };

  // ---------------------------------------------------------------- articles: images, drafts, publishing

  #uploadImg(method: string, url: URL, raw: unknown): Reply {
    if (method !== 'POST') return fail(43002);
    const auth = this.#auth(url, ['oa']);
    if (isReply(auth)) return auth;
    const file = mediaPart(raw);
    if (isReply(file)) return file;
    const type = sniffImage(file.data);
    if (type !== 'image/png' && type !== 'image/jpeg') return fail(40005);
    if (file.data.length >= UPLOADIMG_MAX_BYTES) return fail(40009);
    const image: FakeImage = { url: this.#cdnUrl(type), data: file.data, contentType: type, filename: file.filename, at: this.#now() };
    this.images.push(image);
    return ok({ url: image.url });
  }

  #addMaterial(method: string, url: URL, raw: unknown): Reply {
    if (method !== 'POST') return fail(43002);
    const auth = this.#auth(url, ['oa']);
    if (isReply(auth)) return auth;
    // Only images here: voice, video and thumb materials are not part of this fake.
    if (url.searchParams.get('type') !== 'image') return fail(40004);
    const file = mediaPart(raw);
    if (isReply(file)) return file;
    const type = sniffImage(file.data);
    if (!type) return fail(40005);
    if (file.data.length > MATERIAL_IMAGE_MAX_BYTES) return fail(40009);
    const mediaId = this.#newId('MAT');
    const image: FakeImage = { url: this.#cdnUrl(type), data: file.data, contentType: type, filename: file.filename, mediaId, at: this.#now() };
    this.images.push(image);
    return ok({ media_id: mediaId, url: image.url });
  }

  #draftAdd(method: string, url: URL, raw: unknown): Reply {
    if (method !== 'POST') return fail(43002);
    const auth = this.#auth(url, ['oa']);
    if (isReply(auth)) return auth;
    const body = this.#json(raw);
    if (isReply(body)) return body;
    if (!Array.isArray(body.articles) || body.articles.length === 0) return fail(44003);
    const uploaded = new Set(this.images.map((i) => i.url));
    const articles: FakeDraftArticle[] = [];
    for (const a of body.articles as unknown[]) {
      if (!isObj(a)) return fail(47001);
      const { title, author, digest, content, content_source_url: source, thumb_media_id: thumb } = a;
      if (typeof title !== 'string' || title.trim() === '') return fail(47003, 'argument invalid! title is empty');
      if (typeof content !== 'string' || content.trim() === '') return fail(44004);
      for (const v of [author, digest, source]) if (v !== undefined && typeof v !== 'string') return fail(47001);
      if ([...title].length > 64) return fail(45003);
      if (typeof author === 'string' && [...author].length > 16) return fail(45110);
      if (typeof digest === 'string' && [...digest].length > 120) return fail(45004);
      if ([...content].length >= 20_000 || Buffer.byteLength(content) >= 1024 * 1024) return fail(45002);
      if (typeof thumb !== 'string' || !this.images.some((i) => i.mediaId === thumb)) return fail(40007);
      const sources = [...content.matchAll(/<img\b[^>]*?\bsrc\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1] as string);
      const article: FakeDraftArticle = { title, content, thumb_media_id: thumb, droppedImages: sources.filter((src) => !uploaded.has(src)) };
      if (typeof author === 'string') article.author = author;
      if (typeof digest === 'string') article.digest = digest;
      if (typeof source === 'string') article.content_source_url = source;
      articles.push(article);
    }
    const draft: FakeDraft = { mediaId: this.#newId('DRAFT'), articles, at: this.#now() };
    this.drafts.push(draft);
    return ok({ media_id: draft.mediaId });
  }

  #publishSubmit(method: string, url: URL, raw: unknown): Reply {
    if (method !== 'POST') return fail(43002);
    const auth = this.#auth(url, ['oa']);
    if (isReply(auth)) return auth;
    const body = this.#json(raw);
    if (isReply(body)) return body;
    if (body.media_id === undefined || body.media_id === '') return fail(41006);
    const draft = this.drafts.find((d) => d.mediaId === body.media_id);
    if (!draft) return fail(40007);
    this.#idSeq += 1;
    const publishId = String(2_247_500_000 + this.#idSeq);
    const status = this.#publishOutcome;
    const publication: FakePublication = {
      publishId,
      msgDataId: String(2_247_600_000 + this.#idSeq),
      draftMediaId: draft.mediaId,
      status,
      articleUrls: status === 0 ? draft.articles.map((_, i) => `http://mp.weixin.qq.com/s?__biz=FAKE&mid=${publishId}&idx=${i + 1}`) : [],
      at: this.#now(),
    };
    if (status === 0) publication.articleId = `ART_${publishId}_${randomBytes(6).toString('base64url')}`;
    this.publications.push(publication);
    return ok({ errcode: 0, errmsg: 'ok', publish_id: publishId, msg_data_id: publication.msgDataId });
  }

  #publishGet(method: string, url: URL, raw: unknown): Reply {
    if (method !== 'POST') return fail(43002);
    const auth = this.#auth(url, ['oa']);
    if (isReply(auth)) return auth;
    const body = this.#json(raw);
    if (isReply(body)) return body;
    const p = this.publications.find((x) => x.publishId === String(body.publish_id));
    if (!p) return fail(47003, 'argument invalid! publish_id');
    const failed = p.status === 2 || p.status === 4 ? this.drafts.find((d) => d.mediaId === p.draftMediaId)?.articles.map((_, i) => i + 1) ?? [] : [];
    if (p.status !== 0) return ok({ publish_id: p.publishId, publish_status: p.status, fail_idx: failed });
    return ok({
      publish_id: p.publishId,
      publish_status: 0,
      article_id: p.articleId,
      article_detail: { count: p.articleUrls.length, item: p.articleUrls.map((u, i) => ({ idx: i + 1, article_url: u })) },
      fail_idx: [],
    });
  }

  #newId(prefix: string): string {
    return `${prefix}_${randomBytes(24).toString('base64url')}`;
  }

  #cdnUrl(type: string): string {
    const fmt = type.split('/')[1] ?? 'png';
    return `${CDN_ORIGIN}/mmbiz_${fmt}/${randomBytes(18).toString('base64url')}/0?wx_fmt=${fmt}`;
  }

  // ---------------------------------------------------------------- mini program login

  #jscode2session(method: string, url: URL): Reply {
    if (method !== 'GET') return fail(43001);
    const q = url.searchParams;
    const bad = this.#credentials(q.get('appid') ?? undefined, q.get('secret') ?? undefined, ['mini']);
    if (bad) return bad;
    const code = q.get('js_code');
    if (!code) return fail(41008);
    if (q.get('grant_type') !== 'authorization_code') return fail(40002);
    // Like wx.login, a client makes a fresh code each time: `code-<openid>.<anything>` is another code for the same user.
    const m = /^code-([^.]+)(\.[\w-]+)?$/.exec(code);
    const openid = m?.[1];
    if (!openid || !OPENID_RE.test(openid) || this.#usedCodes.has(code)) return fail(40029);
    this.#usedCodes.add(code);
    const unionid = this.#unionidOf(openid);
    return ok({ session_key: randomBytes(16).toString('base64'), openid, ...(unionid ? { unionid } : {}) });
  }

  // ---------------------------------------------------------------- official account user info

  #userInfo(method: string, url: URL): Reply {
    if (method !== 'GET') return fail(43001);
    const auth = this.#auth(url, ['oa']);
    if (isReply(auth)) return auth;
    const openid = url.searchParams.get('openid');
    if (!openid || !OPENID_RE.test(openid)) return fail(40003);
    return ok(this.#userInfoOf(openid));
  }

  #userInfoBatch(method: string, url: URL, raw: unknown): Reply {
    if (method !== 'POST') return fail(43002);
    const auth = this.#auth(url, ['oa']);
    if (isReply(auth)) return auth;
    const body = this.#json(raw);
    if (isReply(body)) return body;
    const list = body.user_list;
    if (!Array.isArray(list) || list.length === 0 || list.length > 100) return fail(47001);
    const infos: Json[] = [];
    for (const item of list as unknown[]) {
      const openid = isObj(item) ? item.openid : undefined;
      if (typeof openid !== 'string' || !OPENID_RE.test(openid)) return fail(40003);
      infos.push(this.#userInfoOf(openid));
    }
    return ok({ user_info_list: infos });
  }

  #userInfoOf(openid: string): Json {
    const unionid = this.#unionidOf(openid);
    const union = unionid ? { unionid } : {};
    // WeChat says no more than this of someone who does not follow the account.
    if (this.#unfollowed.has(openid)) return { subscribe: 0, openid, ...union };
    return {
      subscribe: 1,
      openid,
      language: 'zh_CN',
      subscribe_time: Math.floor(this.#now() / 1000),
      ...union,
      remark: '',
      groupid: 0,
      tagid_list: [],
      subscribe_scene: 'ADD_SCENE_QR_CODE',
      qr_scene: 0,
      qr_scene_str: '',
    };
  }

  // ---------------------------------------------------------------- mini program phone number

  #getPhoneNumber(method: string, url: URL, raw: unknown): Reply {
    if (method !== 'POST') return fail(43002);
    const auth = this.#auth(url, ['mini']);
    if (isReply(auth)) return auth;
    const body = this.#json(raw);
    if (isReply(body)) return body;
    const code = body.code;
    if (code === undefined || code === '') return fail(41008);
    // Like the button, a client gets a fresh code each time: `phone-<digits>.<anything>` is another code for the same number.
    const m = typeof code === 'string' ? /^phone-(\d{7,15})(\.[\w-]+)?$/.exec(code) : null;
    if (!m || this.#usedCodes.has(code as string)) return fail(40029);
    this.#usedCodes.add(code as string);
    const phone = m[1] as string;
    return ok({
      errcode: 0,
      errmsg: 'ok',
      phone_info: { phoneNumber: phone, purePhoneNumber: phone, countryCode: '86', watermark: { timestamp: Math.floor(this.#now() / 1000), appid: auth.appid } },
    });
  }

  // ---------------------------------------------------------------- /__fake/

  #inspect(method: string, path: string, url: URL, raw: unknown): Reply {
    const route = path.replace(/\/+$/, '');
    try {
      if (method === 'GET' && route === '/__fake/messages') {
        const touser = url.searchParams.get('touser');
        const kind = url.searchParams.get('kind');
        const messages = this.sent.filter((m) => (!touser || m.touser === touser) && (!kind || m.kind === kind));
        return ok({ messages });
      }
      if (method === 'GET' && route === '/__fake/requests') return ok({ requests: this.requests });
      if (method === 'GET' && route === '/__fake/articles') return ok({ drafts: this.drafts, publications: this.publications });
      if (method === 'GET' && route === '/__fake/image') {
        const image = this.images.find((i) => i.url === url.searchParams.get('url'));
        if (!image) return { status: 404, body: { error: 'no such image' } };
        return { status: 200, body: undefined, raw: image.data, headers: { 'Content-Type': image.contentType } };
      }
      if (method === 'GET' && (route === '/__fake/state' || route === '/__fake')) {
        return ok({ issuedTokens: this.#issued, sent: this.sent.length, requests: this.requests.length });
      }
      if (method === 'POST' && route === '/__fake/reset') {
        this.reset();
        return ok({ ok: true });
      }
      if (method === 'POST' && route === '/__fake/media') {
        const body = this.#json(raw);
        if (isReply(body) || typeof body.mediaId !== 'string' || typeof body.base64 !== 'string') {
          return { status: 400, body: { error: 'JSON body with mediaId, contentType and base64 expected' } };
        }
        this.addMedia(body.mediaId, {
          data: Buffer.from(body.base64, 'base64'),
          contentType: body.contentType as string,
          filename: body.filename as string | undefined,
          kind: body.kind as FakeMedia['kind'],
        });
        return ok({ ok: true });
      }
      if (method === 'POST' && (route === '/__fake/fail' || route === '/__fake/delay' || route === '/__fake/drop')) {
        const body = this.#json(raw);
        if (isReply(body) || typeof body.path !== 'string') return { status: 400, body: { error: 'JSON body with a path expected' } };
        const times = body.times === undefined ? 1 : (body.times as number);
        if (route === '/__fake/fail') this.failNext(body.path, body.errcode as number, times, body.errmsg as string | undefined);
        else if (route === '/__fake/delay') this.delayNext(body.path, body.ms as number, times);
        else this.dropNext(body.path, times);
        return ok({ ok: true });
      }
    } catch (err) {
      return { status: 400, body: { error: err instanceof Error ? err.message : String(err) } };
    }
    return { status: 404, body: { error: `no such fake endpoint: ${method} ${path}` } };
  }
}
