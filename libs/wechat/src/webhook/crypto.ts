/** Signatures and AES envelope of WeChat's message protocol (wechat-crypto + node:crypto). */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** The shape of wechat-crypto 0.0.2's WXBizMsgCrypt (the package ships no types). */
export interface MsgCryptor {
  getSignature(timestamp: string, nonce: string, encrypt: string): string;
  decrypt(text: string): { message: string; id: string };
  encrypt(text: string): string;
}
type MsgCryptorCtor = new (token: string, encodingAESKey: string, id: string) => MsgCryptor;

// wechat-crypto has no type declarations; an ambient `declare module` here could clash with the
// other folders of this package, so it is loaded with a typed require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const WXBizMsgCrypt = require('wechat-crypto') as MsgCryptorCtor;

/** sha1 of the sorted, concatenated parts: WeChat's `signature` and `msg_signature`. */
export function sha1Signature(parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

/** Constant-time comparison of two hex signatures (case-insensitive). */
export function signaturesEqual(expected: string, given: string | undefined): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected, 'latin1'), Buffer.from(given.toLowerCase(), 'latin1'));
}

/** True for a 43-character EncodingAESKey that decodes to a 32-byte AES key. */
export function isValidEncodingAESKey(key: string): boolean {
  return /^[A-Za-z0-9+/]{43}$/.test(key) && Buffer.from(key + '=', 'base64').length === 32;
}

export function createCryptor(token: string, encodingAESKey: string, appid: string): MsgCryptor {
  if (!isValidEncodingAESKey(encodingAESKey)) {
    throw new TypeError('encodingAESKey must be 43 base64 characters (32 bytes)');
  }
  if (!appid) throw new TypeError('appid is required with encodingAESKey');
  return new WXBizMsgCrypt(token, encodingAESKey, appid);
}

/** A numeric nonce like the ones WeChat sends. */
export function randomNonce(): string {
  return String(randomInt(1_000_000_000, 10_000_000_000));
}
