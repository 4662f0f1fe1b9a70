/**
 * Looking up a case by its 受理编号: validation, the HTTP call through an injected `get`,
 * and turning every outcome into something a resident can read.
 * Plain TypeScript (no Taro import) so it tests without Taro's runtime; `api.ts` binds it to Taro.request.
 */
import { CASE_NUMBER_EXAMPLE, checkCaseNumber } from '../utils/case-number';

/** Body of GET /api/public/cases/{number}. */
export interface PublicCaseStatus {
  number: string;
  status: string;
  statusLabel: string;
  /** ISO time by which the case must be finished (办结时限). */
  deadline: string;
}

export type LookupErrorKind =
  | 'empty'
  | 'bad_format'
  | 'bad_code'
  | 'not_found'
  | 'rate_limited'
  | 'server'
  | 'network'
  | 'bad_response';

export type LookupResult =
  | { ok: true; data: PublicCaseStatus }
  | { ok: false; kind: LookupErrorKind; message: string };

/** What the resident sees for each failure: short, plain, and says what to do next. */
export const LOOKUP_MESSAGES: Record<LookupErrorKind, string> = {
  empty: '请先输入受理编号。',
  bad_format: `受理编号不对，请核对。样子像这样：${CASE_NUMBER_EXAMPLE}`,
  bad_code: '请输入6位查询码，或登记的手机号后4位。',
  not_found: '没有查到。请核对编号和查询码，或在公众号里问我们。',
  rate_limited: '查得太快了，请等一会儿再查。',
  server: '系统正忙，请过一会儿再查。',
  network: '网络不通，请检查网络后再查。',
  bad_response: '查询出了点问题，请过一会儿再查。',
};

export interface HttpResponse {
  statusCode: number;
  data: unknown;
}

/** Performs a GET and resolves with any HTTP status; rejects only when no answer came back. */
export type HttpGet = (url: string) => Promise<HttpResponse>;

function fail(kind: LookupErrorKind): LookupResult {
  return { ok: false, kind, message: LOOKUP_MESSAGES[kind] };
}

function isPublicCaseStatus(data: unknown): data is PublicCaseStatus {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  return (
    typeof d.number === 'string' &&
    typeof d.status === 'string' &&
    typeof d.statusLabel === 'string' &&
    typeof d.deadline === 'string'
  );
}

/** Maps an HTTP answer to a result. */
export function mapCaseResponse(res: HttpResponse): LookupResult {
  const { statusCode } = res;
  if (statusCode >= 200 && statusCode < 300) {
    let data = res.data;
    if (typeof data === 'string') {
      // Some platforms hand back the raw text when the content type is unexpected.
      try {
        data = JSON.parse(data);
      } catch {
        return fail('bad_response');
      }
    }
    return isPublicCaseStatus(data) ? { ok: true, data } : fail('bad_response');
  }
  if (statusCode === 404) return fail('not_found');
  // The server answers 400/422 for a malformed number; we checked already, but keep it readable.
  if (statusCode === 400 || statusCode === 422) return fail('bad_format');
  if (statusCode === 429) return fail('rate_limited');
  if (statusCode >= 500) return fail('server');
  return fail('bad_response');
}

/**
 * Maps a rejected request. Taro.request rejects on network failure and timeout
 * (`{ errMsg: 'request:fail ...' }` on weapp, an Error on h5); if a platform ever rejects
 * with an HTTP status attached, that status is honoured.
 */
export function mapRequestFailure(err: unknown): LookupResult {
  if (typeof err === 'object' && err !== null) {
    const statusCode = (err as { statusCode?: unknown }).statusCode;
    if (typeof statusCode === 'number' && statusCode > 0) {
      return mapCaseResponse({ statusCode, data: (err as { data?: unknown }).data });
    }
  }
  return fail('network');
}

export function caseStatusUrl(apiBase: string, number: string, code: string): string {
  return `${apiBase.replace(/\/+$/, '')}/api/public/cases/${encodeURIComponent(number)}?code=${encodeURIComponent(code)}`;
}

/**
 * Validates first (no request for a bad number or code), then asks the server. Never throws.
 * The code is the case's 6-digit 查询码 or the last 4 digits of the phone it was filed with: the number alone is not enough.
 */
export async function lookupCase(get: HttpGet, apiBase: string, input: string, codeInput: string): Promise<LookupResult> {
  const check = checkCaseNumber(input);
  if (!check.ok) return fail(check.reason);
  const code = codeInput.replace(/\s+/g, '');
  if (!/^(\d{4}|\d{6})$/.test(code)) return fail('bad_code');
  let res: HttpResponse;
  try {
    res = await get(caseStatusUrl(apiBase, check.number, code));
  } catch (err) {
    return mapRequestFailure(err);
  }
  return mapCaseResponse(res);
}
