import { DEMO_PASSWORD } from '@msz/server/modules/units/demo-seed';
import { callApi } from './api';

/** A member of staff using the REST API with their own token. */
export class Staff {
  private constructor(
    private readonly baseUrl: string,
    readonly token: string,
  ) {}

  static async login(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<Staff> {
    const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (res.status !== 200) throw new Error(`login ${username}: HTTP ${res.status}`);
    return new Staff(baseUrl, ((await res.json()) as { token: string }).token);
  }

  call<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    return callApi<T>(this.baseUrl, this.token, method, path, body);
  }
}
