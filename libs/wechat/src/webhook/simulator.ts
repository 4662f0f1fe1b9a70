/** WeChat's side of the exchange, for tests, benchmarks and the sandbox simulator. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { createCryptor, randomNonce, sha1Signature, signaturesEqual } from './crypto';
import { cdata, checkXmlShape, containsDoctypeOrEntity } from './xml';

interface SimConfig {
  token: string;
  appid: string;
  encodingAESKey?: string;
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function fieldsXml(fields: Record<string, string | number>): string {
  let xml = '<xml>';
  for (const [name, value] of Object.entries(fields)) {
    if (!FIELD_NAME.test(name)) throw new TypeError(`buildSignedInbound: bad field name ${JSON.stringify(name)}`);
    xml += typeof value === 'number' ? `<${name}>${value}</${name}>` : `<${name}>${cdata(value)}</${name}>`;
  }
  return xml + '</xml>';
}

/** Builds what WeChat itself would POST: signed (and in safe mode encrypted) XML. */
export function buildSignedInbound(
  config: SimConfig,
  fields: Record<string, string | number>,
  opts: { timestamp?: number; nonce?: string } = {},
): { query: Record<string, string>; body: string } {
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = opts.nonce ?? randomNonce();
  const query: Record<string, string> = {
    signature: sha1Signature([config.token, timestamp, nonce]),
    timestamp,
    nonce,
  };
  if (fields.FromUserName !== undefined) query.openid = String(fields.FromUserName);
  const plain = fieldsXml(fields);
  if (!config.encodingAESKey) return { query, body: plain };

  const encrypt = createCryptor(config.token, config.encodingAESKey, config.appid).encrypt(plain);
  query.encrypt_type = 'aes';
  query.msg_signature = sha1Signature([config.token, timestamp, nonce, encrypt]);
  const to = fields.ToUserName === undefined ? '' : `<ToUserName>${cdata(String(fields.ToUserName))}</ToUserName>`;
  return { query, body: `<xml>${to}<Encrypt>${cdata(encrypt)}</Encrypt></xml>` };
}

/** The query WeChat sends to verify the server URL (GET). */
export function buildUrlVerification(
  config: { token: string },
  echostr: string,
  opts: { timestamp?: number; nonce?: string } = {},
): Record<string, string> {
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = opts.nonce ?? randomNonce();
  return { signature: sha1Signature([config.token, timestamp, nonce]), timestamp, nonce, echostr };
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false, // keep every value a string (CreateTime is converted below)
  trimValues: false, // Content must come back exactly
  processEntities: true, // only the five XML entities: DOCTYPE is refused before parsing
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

function parseXml(xml: string, what: string): Record<string, unknown> {
  if (containsDoctypeOrEntity(xml) || checkXmlShape(xml) !== null || XMLValidator.validate(xml) !== true) {
    throw new Error(`readPassiveReply: ${what} is not acceptable XML`);
  }
  const doc = parser.parse(xml) as { xml?: unknown };
  if (!doc.xml || typeof doc.xml !== 'object') throw new Error(`readPassiveReply: ${what} has no <xml> root`);
  return doc.xml as Record<string, unknown>;
}

function text(obj: Record<string, unknown>, name: string): string | undefined {
  const value = obj[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new Error(`readPassiveReply: ${name} is not a single text field`);
  return value;
}

function required(obj: Record<string, unknown>, name: string): string {
  const value = text(obj, name);
  if (value === undefined || value === '') throw new Error(`readPassiveReply: missing ${name}`);
  return value;
}

/**
 * Reads a passive reply the way WeChat would: in safe mode (encodingAESKey given) the reply must
 * be encrypted, its MsgSignature must verify and the decrypted appid must match. Returns null for
 * 'success' or an empty body; throws on anything WeChat would reject.
 */
export function readPassiveReply(
  config: SimConfig,
  body: string,
): { ToUserName: string; FromUserName: string; CreateTime: number; MsgType: string; Content?: string } | null {
  const trimmed = body.trim();
  if (trimmed === '' || trimmed === 'success') return null;

  let reply = parseXml(trimmed, 'reply');
  if (config.encodingAESKey) {
    const encrypt = required(reply, 'Encrypt');
    const timeStamp = required(reply, 'TimeStamp');
    const nonce = required(reply, 'Nonce');
    const expected = sha1Signature([config.token, timeStamp, nonce, encrypt]);
    if (!signaturesEqual(expected, required(reply, 'MsgSignature'))) {
      throw new Error('readPassiveReply: bad MsgSignature');
    }
    const decrypted = createCryptor(config.token, config.encodingAESKey, config.appid).decrypt(encrypt);
    if (decrypted.id !== config.appid) throw new Error('readPassiveReply: appid mismatch');
    reply = parseXml(decrypted.message, 'decrypted reply');
  } else if (reply.Encrypt !== undefined) {
    throw new Error('readPassiveReply: encrypted reply but no encodingAESKey configured');
  }

  const createTime = required(reply, 'CreateTime');
  if (!/^\d+$/.test(createTime)) throw new Error('readPassiveReply: CreateTime is not an integer');
  const out: { ToUserName: string; FromUserName: string; CreateTime: number; MsgType: string; Content?: string } = {
    ToUserName: required(reply, 'ToUserName'),
    FromUserName: required(reply, 'FromUserName'),
    CreateTime: Number(createTime),
    MsgType: required(reply, 'MsgType'),
  };
  const content = text(reply, 'Content');
  if (content !== undefined) out.Content = content;
  return out;
}
