/**
 * co-wechat 2.4.0 driven without Koa: a plain object with the parts of Koa's `ctx` it touches
 * (method, query, request.body as a string, status/body/type, and the per-request `wx_cryptor`
 * hook it reads before its own cryptor).
 */
import type { MsgCryptor } from './crypto';

/** What co-wechat's formatMessage yields: strings, nested objects, arrays for repeated elements. */
export type CoWechatMessage = Record<string, unknown>;

export interface CoWechatContext {
  method: string;
  query: Record<string, string>;
  request: { body: string };
  status: number;
  body?: unknown;
  type?: string;
  /** co-wechat uses `ctx.wx_cryptor || this.cryptor`: our guarded cryptor goes here. */
  wx_cryptor?: MsgCryptor;
  /** Set by co-wechat: the raw XML it parsed. */
  weixin_xml?: string;
  /** Ours: the message co-wechat handed to the handler. */
  captured?: { message: CoWechatMessage };
}

export type CoWechatMiddleware = (ctx: CoWechatContext, next: () => Promise<void>) => Promise<void>;

interface CoWechatInstance {
  middleware(handle: (message: CoWechatMessage, ctx: CoWechatContext) => Promise<unknown>): CoWechatMiddleware;
}
type CoWechatFactory = (
  config: { token: string; appid?: string; encodingAESKey?: string },
  isDebug?: boolean,
) => CoWechatInstance;

// co-wechat has no type declarations; see crypto.ts for why this is a typed require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const coWechat = require('co-wechat') as CoWechatFactory;

/**
 * A co-wechat middleware whose handler only captures the verified, decrypted, formatted message
 * and answers '' (co-wechat then writes an empty body and skips its reply template). The reply is
 * built by the caller, because co-wechat's template writes CreateTime/TimeStamp in milliseconds,
 * does not escape `]]>` and uses Math.random nonces — none of which can be fixed from outside
 * once it has encrypted the reply.
 */
export function createCapturingMiddleware(config: {
  token: string;
  appid: string;
  encodingAESKey?: string;
}): CoWechatMiddleware {
  return coWechat({ token: config.token, appid: config.appid, encodingAESKey: config.encodingAESKey }).middleware(
    async (message, ctx) => {
      ctx.captured = { message };
      return '';
    },
  );
}
