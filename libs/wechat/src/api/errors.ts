/**
 * A WeChat API answered with `errcode` ≠ 0. Transport failures (timeout, refused or dropped
 * connection, non-2xx status, unparsable body) are NOT this class: they are plain `Error`s whose
 * message has been scrubbed of tokens and secrets, and whose outcome is unknown (the call may or
 * may not have taken effect on WeChat's side).
 */
export class WechatApiError extends Error {
  readonly errcode: number;
  readonly errmsg: string;
  /** The API path, e.g. `/cgi-bin/message/template/send` (no host, no query string). */
  readonly path: string;

  constructor(errcode: number, errmsg: string, path: string) {
    super(`WeChat API ${path} failed: errcode=${errcode} errmsg=${errmsg}`);
    this.name = 'WechatApiError';
    this.errcode = errcode;
    this.errmsg = errmsg;
    this.path = path;
  }
}

/**
 * A media download (getMedia) was larger than the configured cap. Thrown as soon as the
 * Content-Length announces it, or once the received bytes pass the cap; the download is aborted.
 */
export class MediaTooLargeError extends Error {
  /** The cap, in bytes. */
  readonly limitBytes: number;
  /** The announced Content-Length when that is what gave it away, else the bytes received when it was aborted. */
  readonly sizeBytes: number;
  /** The API path (`/cgi-bin/media/get`) or, for a video, the download URL's host and path (no query). */
  readonly path: string;

  constructor(path: string, limitBytes: number, sizeBytes: number, announced: boolean) {
    super(
      `WeChat media ${path} is larger than the ${limitBytes}-byte limit (${announced ? `Content-Length ${sizeBytes}` : `aborted after ${sizeBytes} bytes`})`,
    );
    this.name = 'MediaTooLargeError';
    this.limitBytes = limitBytes;
    this.sizeBytes = sizeBytes;
    this.path = path;
  }
}

/** errcodes meaning "this access_token is no good": refresh it and retry once. */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 42001]);

/** Replaces credentials in a URL or message: access_token, secret, js_code query values. */
export function redact(text: string): string {
  return text.replace(/\b(access_token|secret|appsecret|js_code)=([^&\s"'#]+)/gi, '$1=***');
}
