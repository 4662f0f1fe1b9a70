/**
 * The WeChat Official Account webhook, framework-agnostic.
 *
 * co-wechat 2.4.0 does the exchange it is good at: it re-checks the signature, parses the XML
 * (xml2js), verifies msg_signature and decrypts through the cryptor we hand it per request, and
 * formats the message. Its gaps are closed around it:
 *  - before it: method, body size (413), DOCTYPE/ENTITY and shape guards, query sanity, constant-time
 *    signature check, timestamp window (replays), safe-mode downgrade refusal (plaintext POST or
 *    `encrypt_type=aes` without `msg_signature`, which co-wechat silently treats as plaintext);
 *  - inside it, through `ctx.wx_cryptor`: constant-time msg_signature check, appid check after
 *    decryption, decrypt errors mapped to 400, shape guard on the decrypted XML;
 *  - after it: one-item/array flattening into string fields, required fields, and our own reply
 *    (CreateTime in seconds, `]]>` escaped, encrypted with wechat-crypto, TimeStamp in seconds).
 */
import { createCryptor, randomNonce, sha1Signature, signaturesEqual, type MsgCryptor } from './crypto';
import { createCapturingMiddleware, type CoWechatContext, type CoWechatMessage, type CoWechatMiddleware } from './co-wechat';
import type { InboundMessage, PassiveReply, WebhookConfig, WebhookRequest, WebhookResponse } from './types';
import { checkXmlShape, containsDoctypeOrEntity, encryptedEnvelopeXml, textReplyXml } from './xml';

const DEFAULT_MAX_AGE_SECONDS = 300;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const MAX_QUERY_VALUE = 512;
const REQUIRED_FIELDS = ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType'] as const;
const MAX_NESTING = 8;

/** A refusal: an HTTP status and a short machine code. Never reaches the message handler. */
class Refusal {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {}
}

function refuse(status: number, code: string): never {
  throw new Refusal(status, code);
}

function refusalResponse(r: Refusal): WebhookResponse {
  return { status: r.status, contentType: 'text/plain; charset=utf-8', body: r.code, refusal: r.code };
}

/** A single query value; a repeated parameter (`?a=1&a=2`) is ambiguous and refused. */
function queryValue(query: WebhookRequest['query'], name: string): string | undefined {
  const raw = query ? query[name] : undefined;
  let value: string | undefined;
  if (Array.isArray(raw)) {
    if (raw.length !== 1) refuse(400, 'bad_query');
    value = raw[0];
  } else {
    value = raw;
  }
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > MAX_QUERY_VALUE) refuse(400, 'bad_query');
  return value;
}

const FORBIDDEN_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

/** co-wechat's formatted message → flat string fields (see InboundMessage). */
function flattenInto(out: Record<string, string>, prefix: string, value: unknown, depth: number): void {
  if (typeof value === 'string') {
    out[prefix] = value;
    return;
  }
  if (depth > MAX_NESTING || value === null || typeof value !== 'object') return;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    if (FORBIDDEN_KEYS.has(key)) continue;
    flattenInto(out, `${prefix}.${key}`, child, depth + 1);
  }
}

function toInboundMessage(formatted: CoWechatMessage): InboundMessage {
  const fields: Record<string, string> = {};
  for (const key of Object.keys(formatted)) {
    if (FORBIDDEN_KEYS.has(key)) continue;
    const value = formatted[key];
    // co-wechat turns a repeated top-level element into an array (and loses string items):
    // WeChat never repeats one, and which ToUserName/FromUserName would count is ambiguous.
    if (Array.isArray(value)) refuse(400, 'duplicate_field');
    flattenInto(fields, key, value, 1);
  }
  for (const name of REQUIRED_FIELDS) {
    if (typeof fields[name] !== 'string' || fields[name] === '') refuse(400, 'missing_field');
  }
  if (!/^\d{1,12}$/.test(fields.CreateTime)) refuse(400, 'bad_field');
  return {
    ...fields,
    ToUserName: fields.ToUserName,
    FromUserName: fields.FromUserName,
    CreateTime: fields.CreateTime,
    MsgType: fields.MsgType,
    createTime: Number(fields.CreateTime),
  };
}

/**
 * The cryptor co-wechat uses for one encrypted request. co-wechat computes
 * getSignature(timestamp, nonce, Encrypt) and compares it with `!==`; this one compares in
 * constant time itself and refuses on mismatch, so co-wechat's own comparison only ever sees a
 * match. decrypt() adds the appid check co-wechat lacks (its source: "TODO 检查appId的正确性").
 */
class GuardedCryptor implements MsgCryptor {
  constructor(
    private readonly base: MsgCryptor,
    private readonly msgSignature: string,
    private readonly appid: string,
  ) {}

  getSignature(timestamp: string, nonce: string, encrypt: unknown): string {
    if (typeof encrypt !== 'string' || encrypt === '') refuse(400, 'missing_field');
    const signature = this.base.getSignature(timestamp, nonce, encrypt);
    if (!signaturesEqual(signature, this.msgSignature)) refuse(401, 'bad_signature');
    return signature;
  }

  decrypt(text: string): { message: string; id: string } {
    let result: { message: string; id: string };
    try {
      result = this.base.decrypt(text);
    } catch {
      refuse(400, 'decrypt_failed');
    }
    if (result.id !== this.appid) refuse(403, 'appid_mismatch');
    if (!result.message) refuse(400, 'decrypt_failed');
    // The inner XML is checked structurally (not by substring): a citizen may well type
    // "<!DOCTYPE" inside a CDATA text message.
    const problem = checkXmlShape(result.message);
    if (problem) refuse(400, problem);
    return result;
  }

  encrypt(): string {
    throw new Error('not used: replies are encrypted by WechatWebhook');
  }
}

interface Exchange {
  encrypted: boolean;
  message: InboundMessage;
}

export class WechatWebhook {
  private readonly token: string;
  private readonly appid: string;
  private readonly cryptor?: MsgCryptor;
  private readonly allowPlaintext: boolean;
  private readonly maxAgeSeconds: number;
  private readonly maxBodyBytes: number;
  private readonly now: () => number;
  private readonly coWechat: CoWechatMiddleware;

  constructor(config: WebhookConfig) {
    if (!config || typeof config.token !== 'string' || config.token === '') {
      throw new TypeError('WechatWebhook: token is required');
    }
    this.token = config.token;
    this.appid = config.appid ?? '';
    if (config.encodingAESKey) {
      this.cryptor = createCryptor(config.token, config.encodingAESKey, this.appid);
    }
    this.allowPlaintext = config.allowPlaintext === true;
    this.maxAgeSeconds = positive(config.maxAgeSeconds, DEFAULT_MAX_AGE_SECONDS, 'maxAgeSeconds');
    this.maxBodyBytes = positive(config.maxBodyBytes, DEFAULT_MAX_BODY_BYTES, 'maxBodyBytes');
    this.now = config.now ?? Date.now;
    this.coWechat = createCapturingMiddleware({
      token: config.token,
      appid: this.appid,
      encodingAESKey: config.encodingAESKey || undefined,
    });
  }

  /** Runs the whole exchange. onMessage is called only for a verified, parsed message. */
  async handle(
    req: WebhookRequest,
    onMessage: (msg: InboundMessage) => Promise<PassiveReply>,
  ): Promise<WebhookResponse> {
    let exchange: Exchange;
    try {
      const method = typeof req?.method === 'string' ? req.method.toUpperCase() : '';
      if (method === 'GET') return await this.verifyUrl(req);
      if (method !== 'POST') refuse(405, 'method_not_allowed');
      exchange = await this.receive(req);
    } catch (err) {
      if (err instanceof Refusal) return refusalResponse(err);
      // Anything else thrown before the handler runs comes from parsing bad input
      // (xml2js errors, co-wechat's recursion on odd trees): bad input is never a throw.
      return refusalResponse(new Refusal(400, 'malformed_xml'));
    }
    // Errors from onMessage propagate: the server decides.
    const reply = await onMessage(exchange.message);
    return this.formatReply(exchange, reply);
  }

  /** GET: WeChat's URL verification (always the plain `signature`, also in safe mode). */
  private async verifyUrl(req: WebhookRequest): Promise<WebhookResponse> {
    const { timestamp, nonce } = this.checkPlainSignature(req.query);
    const echostr = queryValue(req.query, 'echostr');
    if (echostr === undefined) refuse(400, 'missing_field');
    const ctx = this.context('GET', { signature: sha1Signature([this.token, timestamp, nonce]), timestamp, nonce, echostr }, '');
    await this.coWechat(ctx, async () => undefined);
    if (ctx.status !== 200 || typeof ctx.body !== 'string') refuse(401, 'bad_signature');
    return { status: 200, contentType: 'text/plain; charset=utf-8', body: ctx.body };
  }

  private async receive(req: WebhookRequest): Promise<Exchange> {
    const xml = this.readBody(req.rawBody);

    const encryptType = queryValue(req.query, 'encrypt_type');
    if (encryptType !== undefined && encryptType !== 'aes' && encryptType !== 'raw') refuse(400, 'bad_query');

    // Safe mode: only `encrypt_type=aes` is accepted, unless compat mode allows plaintext. (A plain
    // mode server ignores encrypt_type and reads the plaintext fields, which compat mode also sends.)
    const encrypted = this.cryptor !== undefined && encryptType === 'aes';
    if (this.cryptor && !encrypted && !this.allowPlaintext) refuse(403, 'plaintext_refused');

    let query: Record<string, string>;
    let cryptor: MsgCryptor | undefined;
    if (encrypted) {
      const msgSignature = queryValue(req.query, 'msg_signature');
      const timestamp = queryValue(req.query, 'timestamp');
      const nonce = queryValue(req.query, 'nonce');
      if (!msgSignature || !timestamp || !nonce || !/^[0-9a-fA-F]{40}$/.test(msgSignature)) refuse(401, 'bad_signature');
      // msg_signature covers the Encrypt element, so it is verified inside co-wechat (GuardedCryptor).
      this.checkTimestamp(timestamp);
      query = { encrypt_type: 'aes', msg_signature: msgSignature, timestamp, nonce };
      cryptor = new GuardedCryptor(this.cryptor as MsgCryptor, msgSignature, this.appid);
    } else {
      const { timestamp, nonce, signature } = this.checkPlainSignature(req.query);
      query = { signature, timestamp, nonce };
    }

    if (containsDoctypeOrEntity(xml)) refuse(400, 'doctype_refused');
    const problem = checkXmlShape(xml);
    if (problem) refuse(400, problem);

    const ctx = this.context('POST', query, xml);
    ctx.wx_cryptor = cryptor;
    await this.coWechat(ctx, async () => undefined);
    if (!ctx.captured) {
      // co-wechat answered by itself (its 401 "Invalid signature"): our checks passed, so this
      // means an empty decrypted message or a signature it computed differently.
      refuse(ctx.status === 401 ? 401 : 400, ctx.status === 401 ? 'bad_signature' : 'malformed_xml');
    }
    return { encrypted, message: toInboundMessage(ctx.captured.message) };
  }

  private readBody(rawBody: WebhookRequest['rawBody']): string {
    if (rawBody === undefined || rawBody === null) refuse(400, 'empty_body');
    let xml: string;
    if (Buffer.isBuffer(rawBody)) {
      if (rawBody.length > this.maxBodyBytes) refuse(413, 'body_too_large');
      xml = rawBody.toString('utf8');
    } else if (typeof rawBody === 'string') {
      // A UTF-8 string is at most 3 bytes per UTF-16 unit: skip the count when clearly small.
      if (rawBody.length * 3 > this.maxBodyBytes && Buffer.byteLength(rawBody, 'utf8') > this.maxBodyBytes) {
        refuse(413, 'body_too_large');
      }
      xml = rawBody;
    } else {
      refuse(400, 'empty_body');
    }
    if (xml.trim() === '') refuse(400, 'empty_body');
    return xml;
  }

  /** signature = sha1(sort([token, timestamp, nonce])), compared in constant time; then the window. */
  private checkPlainSignature(q: WebhookRequest['query']): { timestamp: string; nonce: string; signature: string } {
    const signature = queryValue(q, 'signature');
    const timestamp = queryValue(q, 'timestamp');
    const nonce = queryValue(q, 'nonce');
    if (!signature || !timestamp || !nonce) refuse(401, 'bad_signature');
    const expected = sha1Signature([this.token, timestamp, nonce]);
    if (!signaturesEqual(expected, signature)) refuse(401, 'bad_signature');
    this.checkTimestamp(timestamp);
    return { timestamp, nonce, signature: expected };
  }

  /** co-wechat checks no timestamp at all: a captured request could be replayed forever. */
  private checkTimestamp(timestamp: string): void {
    if (!/^\d{1,12}$/.test(timestamp)) refuse(401, 'stale_timestamp');
    const skew = Math.floor(this.now() / 1000) - Number(timestamp);
    if (Math.abs(skew) > this.maxAgeSeconds) refuse(401, 'stale_timestamp');
  }

  private context(method: string, query: Record<string, string>, body: string): CoWechatContext {
    return { method, query, request: { body }, status: 200 };
  }

  private formatReply(exchange: Exchange, reply: PassiveReply | undefined): WebhookResponse {
    if (reply === null || reply === undefined || (reply.type === 'text' && reply.content === '')) {
      // 'success' (or an empty body) tells WeChat not to retry and to show nothing.
      return { status: 200, contentType: 'text/plain; charset=utf-8', body: 'success' };
    }
    if (reply.type !== 'text' || typeof reply.content !== 'string') {
      throw new TypeError(`WechatWebhook: unsupported passive reply ${JSON.stringify((reply as { type?: unknown }).type)}`);
    }
    const seconds = Math.floor(this.now() / 1000);
    const { message } = exchange;
    const xml = textReplyXml(message.FromUserName, message.ToUserName, seconds, reply.content);
    if (!exchange.encrypted) {
      return { status: 200, contentType: 'application/xml; charset=utf-8', body: xml };
    }
    const cryptor = this.cryptor as MsgCryptor;
    const encrypt = cryptor.encrypt(xml);
    const timestamp = String(seconds);
    const nonce = randomNonce();
    const signature = sha1Signature([this.token, timestamp, nonce, encrypt]);
    return {
      status: 200,
      contentType: 'application/xml; charset=utf-8',
      body: encryptedEnvelopeXml(encrypt, signature, timestamp, nonce),
    };
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`WechatWebhook: ${name} must be a positive number`);
  }
  return value;
}
