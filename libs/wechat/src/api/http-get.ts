/**
 * A bounded HTTP GET for media downloads: one deadline for the whole exchange, a byte cap checked
 * against Content-Length and while reading, no redirects followed, no body decoding. Errors name
 * `what` (an API path or host+path chosen by the caller), never the URL, so no access_token or
 * download key can reach a message.
 */
import * as http from 'http';
import * as https from 'https';
import { MediaTooLargeError, redact } from './errors';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpGetLimits {
  maxBytes: number;
  timeoutMs: number;
}

function transportError(what: string, cause: unknown): Error {
  const { message, code } = (cause ?? {}) as { message?: unknown; code?: unknown };
  const err = new Error(`WeChat GET ${what} failed: ${redact(typeof message === 'string' ? message : String(cause))}`);
  if (typeof code === 'string') (err as Error & { code?: string }).code = code;
  return err;
}

export function httpGet(url: string, what: string, limits: HttpGetLimits): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    const target = new URL(url);
    const lib = target.protocol === 'https:' ? https : http;
    let settled = false;

    const finish = (err: Error | null, res?: RawResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer); // both assigned before any event can call finish
      if (err) {
        req.destroy();
        reject(err);
      } else {
        resolve(res as RawResponse);
      }
    };

    const req = lib.request(target, { method: 'GET', headers: { Accept: '*/*' } }, (res) => {
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        res.destroy();
        finish(new MediaTooLargeError(what, limits.maxBytes, declared, true));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (size > limits.maxBytes) {
          res.destroy();
          finish(new MediaTooLargeError(what, limits.maxBytes, size, false));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks, size) }));
      res.on('error', (e) => finish(transportError(what, e)));
      res.on('close', () => finish(transportError(what, new Error('connection closed before the response ended'))));
    });
    req.on('error', (e) => finish(transportError(what, e)));
    const timer = setTimeout(() => {
      const err = new Error(`WeChat GET ${what} timed out after ${limits.timeoutMs} ms`);
      (err as Error & { code?: string }).code = 'ETIMEDOUT';
      finish(err);
    }, limits.timeoutMs);
    req.end();
  });
}
