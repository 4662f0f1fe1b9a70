import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, type DomainErrorCode } from '@msz/domain';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppError, type AppErrorCode } from './app-error';
import { ValidationFailed } from './validation';

/** What a person reads for each domain rule; `detail` keeps the precise English for developers. */
const DOMAIN_MESSAGES: Record<DomainErrorCode, string> = {
  CASE_ILLEGAL_TRANSITION: '这一步现在不能做，案件已经到了别的环节，请刷新后再看',
  CASE_NUMBER_INVALID: '案件编号不对，请核对后再查',
  CASE_TEXT_EMPTY: '请说一说遇到了什么事',
  CASE_TEXT_TOO_LONG: '内容太长了，请删短一些',
  ANSWER_EMPTY: '请填写答复内容',
  UNIT_REQUIRED: '请选择承办单位',
  REASON_REQUIRED: '请填写原因',
  EXTENSION_INVALID: '延期天数不对，请填1到10',
  EXTENSION_LIMIT_EXCEEDED: '延期总共不能超过10个工作日',
  CALENDAR_OVERRIDE_INVALID: '节假日设置不对，请检查日期',
  RETURN_WINDOW_PASSED: '已过退回时限，不能退回，请联系民声直达办公室',
  EXTENSION_ALREADY_PENDING: '已有延期申请在等待审批',
  TAXONOMY_INVALID: '分类表有错，没有保存',
  SUB_ITEM_UNKNOWN: '没有这个分类，请重新选择',
  MERGE_INVALID: '这两件诉求不能合并',
  LEAGUE_STANDARDS_INVALID: '红黑榜评分标准有错，没有保存',
  LEAGUE_WEEK_NOT_OVER: '这一周还没有结束，不能审定红黑榜',
  LEAGUE_ALREADY_APPROVED: '这一周的红黑榜已经审定过了',
  LEAGUE_NOT_APPROVED: '这一周的红黑榜还没有审定，不能发布',
  PERIOD_INVALID: '统计时间不对，请检查起止日期',
  WARNING_THRESHOLDS_INVALID: '预警阈值设置有错，没有保存',
  WARNING_ILLEGAL_TRANSITION: '这条预警现在不能这样操作，请刷新后再看',
  BENCH_KINDS_INVALID: '板凳会类型表有错，没有保存',
  BENCH_MEETING_INVALID: '板凳会的内容填得不对，请检查',
  BENCH_ILLEGAL_TRANSITION: '这场板凳会现在不能这样做，请刷新后再看',
  WHERE_TO_SIT_WEIGHTS_INVALID: '板凳会选点权重设置有错，没有保存',
  IDEA_INVALID: '金点子的内容填得不对，请检查',
  IDEA_NOT_SUGGESTION: '只有建议类诉求才能列为金点子',
  IDEA_ILLEGAL_TRANSITION: '这个金点子现在不能这样做，请刷新后再看',
  POINTS_KEY_INVALID: '请求编号不对，请刷新后再试',
  POINTS_KEY_REUSED: '这次操作和上一次不一样，请刷新后再试',
  POINTS_AMOUNT_INVALID: '积分或数量不对，请检查',
  POINTS_INSUFFICIENT: '积分不够',
  REVIEW_INVALID: '评议内容不对，请检查评议项和农户',
  CATALOGUE_ITEM_INVALID: '物品信息不对，请检查名称、单位、积分和库存',
  STOCK_INSUFFICIENT: '库存不够了',
  REWARD_STATE_UNKNOWN: '微信支付返回了未知的状态，请稍后再查',
  REWARD_ILLEGAL: '这笔奖励现在不能这样操作，请刷新后再看',
  REWARD_AMOUNT_INVALID: '奖励金额不对，最少0.3元，最多2000元',
  REWARD_SAME_PERSON: '不能审批自己提出的奖励，请另一位同事审批',
  REWARD_OVER_BUDGET: '本月奖励预算不够了',
  REWARD_NO_PAYEE: '这位村民还没有用小程序登录并绑定手机号，暂时不能发奖励',
  REVISIT_BY_HANDLING_UNIT: '办理单位不能自己回访，请由民声直达办公室回访',
  REWARD_IDEA_NOT_ADOPTED: '只有采纳或已落地的金点子才能发奖励，每个金点子只发一笔',
  SUPERVISION_INVALID: '督办事项填得不对，请检查来源、期限和整改要求',
  SUPERVISION_ILLEGAL_TRANSITION: '这件督办事项现在不能这样操作，请刷新后再看',
  SUPERVISION_NOT_ALLOWED: '您不能对这件督办事项做这一步',
  JOINT_MEETING_INVALID: '联席会议的内容填得不对，请检查案件、参会单位、任务和期限',
  JOINT_TASK_ILLEGAL: '这项任务现在不能这样做，请刷新后再看',
};

/** What a person reads for each application failure; null: the error's own message is already that. */
const APP_MESSAGES: Record<AppErrorCode, string | null> = {
  NOT_FOUND: '没有找到，可能已经删除，或者您不能查看',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '您没有权限做这件事',
  INVALID_CREDENTIALS: '用户名或密码不对',
  CONFLICT: '和已有的记录冲突了，请刷新后再试',
  PHONE_CODE_INVALID: '手机号没有验证成功，请再点一次获取手机号',
  PAYLOAD_TOO_LARGE: '文件太大或太多了',
  UNSUPPORTED_MEDIA_TYPE: '不支持这种文件，请换一个',
  // These are raised with a plain Chinese sentence of their own (when to try again, what was wrong).
  TOO_MANY_REQUESTS: null,
  INVALID_INPUT: null,
  PICTURE_FONT_MISSING: '服务器缺少中文字体，暂时不能生成图片，请联系管理员',
  PUBLICATION_FAILED: '发布没有成功，文章没有发出去，请稍后再试或联系管理员',
};

/** Errors Nest raises itself (unknown route, body parser, pipes), by status. */
function httpMessage(status: number): string {
  switch (status) {
    case 400:
      return '填写的内容不对，请检查后再试';
    case 401:
      return '请先登录';
    case 403:
      return '您没有权限做这件事';
    case 404:
      return '没有这个页面或记录';
    case 413:
      return '内容太大了';
    case 415:
      return '不支持这种文件，请换一个';
    case 429:
      return '操作太频繁了，请稍后再试';
    default:
      return status >= 500 ? '服务器出错了，请稍后再试' : '操作没有成功，请稍后再试';
  }
}

function domainStatus(code: DomainErrorCode): number {
  switch (code) {
    case 'CASE_ILLEGAL_TRANSITION':
    case 'EXTENSION_ALREADY_PENDING':
    case 'LEAGUE_ALREADY_APPROVED':
    case 'LEAGUE_NOT_APPROVED':
    case 'LEAGUE_WEEK_NOT_OVER':
    case 'WARNING_ILLEGAL_TRANSITION':
    case 'BENCH_ILLEGAL_TRANSITION':
    case 'IDEA_ILLEGAL_TRANSITION':
    case 'POINTS_KEY_REUSED':
    case 'POINTS_INSUFFICIENT':
    case 'STOCK_INSUFFICIENT':
    case 'REWARD_ILLEGAL':
    case 'REWARD_OVER_BUDGET':
    case 'REWARD_IDEA_NOT_ADOPTED':
    case 'JOINT_TASK_ILLEGAL':
      return 409;
    case 'REWARD_STATE_UNKNOWN':
      return 502;
    case 'REVISIT_BY_HANDLING_UNIT':
      return 403;
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
    case 'LEAGUE_STANDARDS_INVALID':
    case 'PERIOD_INVALID':
    case 'WARNING_THRESHOLDS_INVALID':
    case 'BENCH_KINDS_INVALID':
    case 'WHERE_TO_SIT_WEIGHTS_INVALID':
    case 'BENCH_MEETING_INVALID':
    case 'IDEA_INVALID':
    case 'IDEA_NOT_SUGGESTION':
    case 'POINTS_KEY_INVALID':
    case 'POINTS_AMOUNT_INVALID':
    case 'REVIEW_INVALID':
    case 'CATALOGUE_ITEM_INVALID':
    case 'REWARD_AMOUNT_INVALID':
    case 'REWARD_SAME_PERSON':
    case 'REWARD_NO_PAYEE':
      return 422;
    case 'SUPERVISION_INVALID':
      return 422;
    case 'SUPERVISION_ILLEGAL_TRANSITION':
      return 409;
    case 'SUPERVISION_NOT_ALLOWED':
      return 403;
    // Bad input to a meeting (an uninvited unit, a past deadline): refused like a malformed body.
    case 'JOINT_MEETING_INVALID':
      return 400;
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
    case 'PICTURE_FONT_MISSING':
      return 500;
    case 'PUBLICATION_FAILED':
      return 502;
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
  // `message` is for people (plain Chinese); `detail` is the precise English for developers and admins.
  if (error instanceof DomainError) {
    return { status: domainStatus(error.code), body: { code: error.code, message: DOMAIN_MESSAGES[error.code], detail: error.message, details: error.details } };
  }
  if (error instanceof AppError) {
    const message = APP_MESSAGES[error.code];
    return { status: appStatus(error.code), body: { code: error.code, message: message ?? error.message, ...(message ? { detail: error.message } : {}) } };
  }
  if (error instanceof ValidationFailed) {
    return { status: 400, body: { code: 'INVALID_REQUEST', message: error.message, detail: error.detail, fields: error.fields } };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const detail = typeof response === 'object' && response && 'message' in response ? (response as { message: unknown }).message : error.message;
    // A 413 from the multipart parser reads like one from the upload's own checks.
    const code = status === 400 ? 'INVALID_REQUEST' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 429 ? 'TOO_MANY_REQUESTS' : `HTTP_${status}`;
    return { status, body: { code, message: httpMessage(status), detail } };
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
  return { status: 500, body: { code: 'INTERNAL', message: httpMessage(500), detail: 'internal error' } };
}
