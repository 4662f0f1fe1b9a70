import { randomUUID } from 'node:crypto';

/** One REST call with a bearer token; the body goes as JSON, the answer comes back parsed (null if not JSON). */
export async function callApi<T = any>(baseUrl: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as T };
}

/** A mini-program resident's token: wx.login makes a fresh code each time, `code-<openid>.<nonce>` in the fake. */
export async function residentToken(baseUrl: string, openid: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/resident/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: `code-${openid}.${randomUUID()}` }),
  });
  if (res.status !== 200) throw new Error(`resident login ${openid}: HTTP ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}
