/**
 * The app's one error map: every failure of a call, on resident and staff pages alike, becomes an
 * ApiError whose `message` a person can read: short, plain Chinese, saying what to do next.
 * Plain TypeScript (no Taro) so jest tests it.
 */

export type ApiErrorKind =
  | 'network'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unsupported_media'
  | 'invalid'
  | 'rate_limited'
  | 'server'
  | 'unknown';

export const ERROR_MESSAGES: Record<ApiErrorKind, string> = {
  network: '网络不通，请检查网络后再试。',
  unauthorized: '请重新登录。',
  forbidden: '您没有权限做这件事。',
  not_found: '没有找到，请刷新后再看。',
  conflict: '情况有变化，请刷新后再试。',
  too_large: '文件太大了，请换一个小一点的（视频请拍短一点）。',
  unsupported_media: '这个文件打不开，请换一个照片、录音或视频。',
  invalid: '填写的内容有误，请检查后再试。',
  rate_limited: '操作太快了，请等一会儿再试。',
  server: '系统正忙，请过一会儿再试。',
  unknown: '出了点问题，请过一会儿再试。',
};

/**
 * Server codes ({ code, message, detail }) whose own sentence says more than the status does.
 * Codes not listed read by their status (ERROR_MESSAGES).
 */
export const CODE_MESSAGES: Readonly<Record<string, string>> = {
  EXTENSION_ALREADY_PENDING: '已有延期申请在等待审批。',
  EXTENSION_LIMIT_EXCEEDED: '延期总共不能超过10个工作日。',
  EXTENSION_INVALID: '延期天数不对，请填1到10。',
  RETURN_WINDOW_PASSED: '已过签收时限，不能退回，请联系民声直达办公室。',
  ANSWER_EMPTY: '请填写答复内容。',
  REASON_REQUIRED: '请填写原因。',
  UNIT_REQUIRED: '请选择承办单位。',
  SUB_ITEM_UNKNOWN: '分类不存在，请重新选择。',
  INVALID_CREDENTIALS: '用户名或密码不对。',
  POINTS_INSUFFICIENT: '积分不够。',
  STOCK_INSUFFICIENT: '库存不够了。',
  POINTS_KEY_REUSED: '这次操作和上一次不一样，请刷新后再试。',
  REVIEW_INVALID: '评议内容不对，请检查评议项和农户。',
  REWARD_NO_PAYEE: '这位村民还没有用小程序登录并绑定手机号。',
  LEAGUE_WEEK_NOT_OVER: '这一周还没有结束，不能审定红黑榜。',
  LEAGUE_ALREADY_APPROVED: '这一周的红黑榜已经审定过了，请刷新。',
  LEAGUE_NOT_APPROVED: '这一周的红黑榜还没有审定，不能发布。',
  PUBLICATION_FAILED: '发布没有成功，文章没有发出去，请稍后再试。',
};

/** A page's own words for a kind of failure, naming what it shows (「没找到这个案件」). */
export type Wording = Partial<Record<ApiErrorKind, string>>;

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  /** HTTP status, 0 when no answer came back. */
  readonly status: number;
  /** The server's error code (e.g. CASE_ILLEGAL_TRANSITION), when it sent one. */
  readonly code: string | null;
  /** The server's own message, untranslated, for logs. */
  readonly serverMessage: string | null;

  constructor(kind: ApiErrorKind, status: number, message: string, code: string | null = null, serverMessage: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
  }

  /** True when trying again later may work (no answer, rate limit, server trouble). */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'rate_limited' || this.kind === 'server';
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/** The server answers errors as { code, message }; NestJS validation sends message as a list. */
function serverInfo(data: unknown): { code: string | null; message: string | null } {
  const body = parseBody(data);
  if (typeof body !== 'object' || body === null) return { code: null, message: null };
  const b = body as { code?: unknown; message?: unknown };
  const code = typeof b.code === 'string' ? b.code : null;
  let message: string | null = null;
  if (typeof b.message === 'string') message = b.message;
  else if (Array.isArray(b.message)) message = b.message.filter((m) => typeof m === 'string').join('；') || null;
  return { code, message };
}

export function kindForStatus(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'too_large';
  if (status === 415) return 'unsupported_media';
  if (status === 400 || status === 422) return 'invalid';
  if (status === 408) return 'network';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  return 'unknown';
}

/** An HTTP error answer (status >= 300) as an ApiError. 422/400 show the server's message. */
export function errorFromResponse(status: number, data: unknown): ApiError {
  const kind = kindForStatus(status);
  const { code, message } = serverInfo(data);
  let text = ERROR_MESSAGES[kind];
  if (code && CODE_MESSAGES[code]) text = CODE_MESSAGES[code];
  else if (kind === 'invalid' && message) text = `填写的内容有误：${message}`;
  return new ApiError(kind, status, text, code, message);
}

/**
 * A rejected request as an ApiError. Taro.request rejects on network failure and timeout
 * ({ errMsg: 'request:fail ...' } on weapp, an Error on h5); a status attached to the rejection is honoured.
 */
export function errorFromFailure(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (typeof err === 'object' && err !== null) {
    const status = (err as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 300) return errorFromResponse(status, (err as { data?: unknown }).data);
  }
  const detail = err instanceof Error ? err.message : typeof err === 'object' && err !== null ? String((err as { errMsg?: unknown }).errMsg ?? '') : String(err);
  return new ApiError('network', 0, ERROR_MESSAGES.network, null, detail || null);
}

/** True when the server's code has a sentence of its own (CODE_MESSAGES), which a page's wording does not replace. */
export function hasOwnMessage(err: ApiError): boolean {
  return err.code !== null && CODE_MESSAGES[err.code] !== undefined;
}

/** A readable message for anything thrown; `wording` lets a page name what it shows. */
export function messageOf(err: unknown, wording: Wording = {}): string {
  if (!(err instanceof ApiError)) return wording.unknown ?? ERROR_MESSAGES.unknown;
  if (hasOwnMessage(err)) return err.message;
  return wording[err.kind] ?? err.message;
}
