/** Server failures as short Chinese sentences for the screen. */

export const CONFLICT_MESSAGE = '案件已被他人处理，请刷新';

const BY_CODE: Record<string, string> = {
  EXTENSION_ALREADY_PENDING: '已有延期申请在等待审批',
  EXTENSION_LIMIT_EXCEEDED: '延期总共不能超过10个工作日',
  EXTENSION_INVALID: '延期天数不对，请填1到10',
  RETURN_WINDOW_PASSED: '已过签收时限，不能退回，请联系民声直达办公室',
  ANSWER_EMPTY: '请填写答复内容',
  REASON_REQUIRED: '请填写原因',
  UNIT_REQUIRED: '请选择承办单位',
  SUB_ITEM_UNKNOWN: '分类不存在，请重新选择',
  INVALID_CREDENTIALS: '用户名或密码不对',
};

export interface HttpFailure {
  /** HTTP status; 0 when the request never got an answer. */
  statusCode: number;
  data?: unknown;
}

function code(raw: unknown): string | undefined {
  let data = raw;
  if (typeof raw === 'string') {
    try {
      data = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  if (data && typeof data === 'object' && 'code' in data) {
    const c = (data as { code: unknown }).code;
    return typeof c === 'string' ? c : undefined;
  }
  return undefined;
}

/** A readable message for any failed call. */
export function errorMessage(failure: HttpFailure): string {
  const c = code(failure.data);
  if (c && BY_CODE[c]) return BY_CODE[c];
  const s = failure.statusCode;
  if (s === 0) return '网络不通，请稍后再试';
  if (s === 409) return CONFLICT_MESSAGE;
  if (s === 401) return '登录已过期，请重新登录';
  if (s === 403) return '没有权限做这件事';
  if (s === 404) return '没找到这个案件';
  if (s === 400 || s === 422) return '填写的内容不对，请检查后再试';
  if (s === 413) return '文件太大，请换一张小一点的照片';
  if (s >= 500) return '服务器出错了，请稍后再试';
  return `操作没有成功（${s}），请稍后再试`;
}
