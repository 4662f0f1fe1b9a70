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
  }
}

/** The one place where errors become HTTP answers. Anything unexpected is logged once and is a 500. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.toHttp(error);
    res.status(status).json(body);
  }

  private toHttp(error: unknown): { status: number; body: Record<string, unknown> } {
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
      const code = status === 400 ? 'INVALID_REQUEST' : status === 413 ? 'PAYLOAD_TOO_LARGE' : `HTTP_${status}`;
      return { status, body: { code, message } };
    }
    if (error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === '22P02') {
      // Malformed uuid or similar in a path: the caller's mistake, not ours.
      return { status: 400, body: { code: 'INVALID_REQUEST', message: 'malformed identifier' } };
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return { status: 500, body: { code: 'INTERNAL', message: 'internal error' } };
  }
}
