/**
 * The app's calls to the 民声直达 server, bound to Taro.request.
 * Kept small on purpose: a generated API client can replace it later; pages only use these functions.
 */
import Taro from '@tarojs/taro';
import { lookupCase, type HttpGet, type LookupResult } from './case-lookup';

const REQUEST_TIMEOUT_MS = 10_000;

const taroGet: HttpGet = async (url) => {
  const res = await Taro.request({
    url,
    method: 'GET',
    dataType: 'json',
    timeout: REQUEST_TIMEOUT_MS,
    header: { Accept: 'application/json' },
  });
  return { statusCode: res.statusCode, data: res.data };
};

/** GET {API_BASE}/api/public/cases/{number}?code=: status and deadline of one case, or a readable failure. */
export function getCaseStatus(input: string, code: string): Promise<LookupResult> {
  return lookupCase(taroGet, API_BASE, input, code);
}
