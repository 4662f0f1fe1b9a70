/** Failures of the application layer (not domain rules), each with a code mapped to HTTP once. */
export type AppErrorCode =
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'INVALID_CREDENTIALS'
  | 'CONFLICT'
  /** A signed-in resident's getPhoneNumber code was refused by WeChat (not a 401: the session is fine). */
  | 'PHONE_CODE_INVALID'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  /** A limit against floods (sign-in failures, filings, lookups); the message says when to try again. */
  | 'TOO_MANY_REQUESTS'
  /** A body or parameter no route could use (too deep, a NUL byte): refused before any route sees it. */
  | 'INVALID_INPUT'
  /** The server has no font with Chinese glyphs for its pictures (PICTURE_FONT_FILE): a setup problem, said plainly. */
  | 'PICTURE_FONT_MISSING'
  /** WeChat refused or failed a step of publishing an article; nothing was published (the record says which step). */
  | 'PUBLICATION_FAILED';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly extra: { retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
