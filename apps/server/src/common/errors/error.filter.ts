import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, type DomainErrorCode } from '@msz/domain';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppError, type AppErrorCode } from './app-error';

function domainStatus(code: DomainErrorCode): number {
  switch (code) {
    case 'CASE_ILLEGAL_TRANSITION':
    case 'EXTENSION_ALREADY_PENDING':
      return 409;
    case 'CASE_NUMBER_INVALID':
    case 'CASE_TEXT_EMPTY':
    case 'CASE_TEXT_TOO_LONG':
    case 'ANSWER_EMPTY':
    case 'UNIT_REQUIRED':
    case 'REASON_REQUIRED':
    case 'CALENDAR_OVERRIDE_INVALID':
    case 'EXTENSION_INVALID':
    case 'EXTENSION_LIMIT_EXCEEDED':
    case 'RETURN_WINDOW_PASSED':
    case 'TAXONOMY_INVALID':
    case 'SUB_ITEM_UNKNOWN':
    case 'MERGE_INVALID':
      return 422;
  }
}

function appStatus(code: AppErrorCode): number {
  switch (code) {
    case 'NOT_FOUND':
      return 404;
    case 'UNAUTHENTICATED':
    case 'INVALID_CREDENTIALS':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'CONFLICT':
      return 409;
    case 'PHONE_CODE_INVALID':
      return 400;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'TOO_MANY_REQUESTS':
      return 429;
    case 'INVALID_INPUT':
      return 400;
  }
}

/** SQLSTATEs of values PostgreSQL refuses, with what the caller is told. */
const REFUSED_VALUES: Record<string, string> = {
  '22P02': '请求中的编号或数值格式不对', // invalid_text_representation (a malformed uuid)
  '22003': '请求中的数字超出了允许的范围', // numeric_value_out_of_range
  '2201W': '请求中的数字超出了允许的范围', // invalid_row_count_in_limit_clause
  '2201X': '请求中的数字超出了允许的范围', // invalid_row_count_in_result_offset_clause
  '22008': '请求中的日期超出了允许的范围', // datetime_field_overflow
  '22021': '请求中含有无法保存的字符（如空字符）', // character_not_in_repertoire (NUL in text)
  '22P05': '请求中含有无法保存的字符（如空字符）', // untranslatable_character (\u0000 in jsonb)
};

const PARSER_ERRORS: Record<number, { code: string; message: string }> = {
  400: { code: 'INVALID_REQUEST', message: '请求内容格式不对' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: '请求内容太大' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持这种内容编码' },
};

/** The status of an http-errors style client error (what Express's body parsers throw), if it is one. */
function clientErrorStatus(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('expose' in error) || (error as { expose: unknown }).expose !== true) return null;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

/** Errors as HTTP answers: one mapping for Nest's routes and for Express's body parsers before them. */
export function sendError(error: unknown, res: Response, logger: Logger): void {
  const { status, body } = toHttp(error, logger);
  if (error instanceof AppError && error.extra.retryAfterSeconds) res.setHeader('retry-after', String(error.extra.retryAfterSeconds));
  res.status(status).json(body);
}

/** The one place where errors become HTTP answers. Anything unexpected is logged once and is a 500. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    sendError(error, host.switchToHttp().getResponse<Response>(), this.logger);
  }
}

/** For Express: answers an error a body parser passed on, exactly as the filter would. */
export function bodyParserErrors(): (error: unknown, req: unknown, res: Response, next: unknown) => void {
  const logger = new Logger('Errors');
  // Four parameters: that is how Express tells an error handler from other middleware.
  return (error, _req, res, _next) => sendError(error, res, logger);
}

function toHttp(error: unknown, logger: Logger): { status: number; body: Record<string, unknown> } {
  if (error instanceof DomainError) {
    return { status: domainStatus(error.code), body: { code: error.code, message: error.message, details: error.details } };
  }
  if (error instanceof AppError) {
    return { status: appStatus(error.code), body: { code: error.code, message: error.message } };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'object' && response && 'message' in response ? (response as { message: unknown }).message : error.message;
    // A 413 from the multipart parser reads like one from the upload's own checks.
    const code = status === 400 ? 'INVALID_REQUEST' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 429 ? 'TOO_MANY_REQUESTS' : `HTTP_${status}`;
    return { status, body: { code, message } };
  }
  const parserStatus = clientErrorStatus(error);
  if (parserStatus) {
    // Express's body parsers (size, JSON syntax, charset): the caller's mistake.
    return { status: parserStatus, body: PARSER_ERRORS[parserStatus] ?? { ...PARSER_ERRORS[400], code: `HTTP_${parserStatus}` } };
  }
  const sqlState = error instanceof QueryFailedError ? (error.driverError as { code?: string })?.code : undefined;
  if (sqlState && sqlState in REFUSED_VALUES) {
    // A value PostgreSQL cannot take (a malformed uuid, a NUL byte, an out-of-range number): still the caller's mistake.
    return { status: 400, body: { code: 'INVALID_REQUEST', message: REFUSED_VALUES[sqlState] } };
  }
  logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return { status: 500, body: { code: 'INTERNAL', message: 'internal error' } };
}
