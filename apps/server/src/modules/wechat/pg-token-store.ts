import type { AccessToken, RefreshExclusiveOptions, TokenStore } from '@msz/wechat';
import type { DataSource } from 'typeorm';
import { AccessTokenEntity } from './access-token.entity';

/**
 * How long before its expiry a token held in memory is read from the database again: longer than
 * the client's refresh window (5 minutes), so near the end every instance looks for the token
 * another one may have fetched, instead of trusting its own copy.
 */
export const TOKEN_MEMORY_MARGIN_MS = 10 * 60_000;

/**
 * The app's access token in PostgreSQL, so every server instance shares one. Each instance keeps
 * the token it last read or saved in memory until shortly before it expires; a token WeChat
 * rejects (40001) is forgotten here too by expireIf, so the next call reads and refreshes.
 */
export class PgTokenStore implements TokenStore {
  #held: AccessToken | null = null;
  /** Bumped by expireIf: a read that started before it must not bring the rejected token back. */
  #expiries = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly appid: string,
  ) {}

  async get(): Promise<AccessToken | null> {
    if (this.#held && this.#held.expiresAt - Date.now() > TOKEN_MEMORY_MARGIN_MS) return { ...this.#held };
    const before = this.#expiries;
    const row = await this.ds.getRepository(AccessTokenEntity).findOneBy({ appid: this.appid });
    const token = row ? { accessToken: row.accessToken, expiresAt: row.expiresAt.getTime() } : null;
    if (before === this.#expiries) this.#hold(token);
    return token;
  }

  async save(token: AccessToken): Promise<void> {
    await this.#write(this.ds, token);
    this.#hold(token);
  }

  /**
   * Only one instance asks WeChat for a new token: the others wait on a transaction-scoped advisory
   * lock and then find the fresh token saved (stable_token allows few refreshes a day).
   */
  async refreshExclusive(refresh: () => Promise<AccessToken>, opts?: RefreshExclusiveOptions): Promise<AccessToken> {
    const minExpiresAt = opts?.minExpiresAt ?? Date.now() + 5 * 60_000;
    const token = await this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`wechat_access_token:${this.appid}`]);
      const row = await m.getRepository(AccessTokenEntity).findOneBy({ appid: this.appid });
      if (row && row.expiresAt.getTime() > minExpiresAt) return { accessToken: row.accessToken, expiresAt: row.expiresAt.getTime() };
      const fresh = await refresh();
      await this.#write(m, fresh);
      return fresh;
    });
    // Held only once the transaction has committed it.
    this.#hold(token);
    return token;
  }

  /** Compare-and-expire: only the token that failed is expired, never a newer one another instance saved. */
  async expireIf(accessToken: string): Promise<void> {
    this.#expiries += 1;
    if (this.#held?.accessToken === accessToken) this.#held = null;
    await this.ds.query(`UPDATE wechat_access_token SET expires_at = now() WHERE appid = $1 AND access_token = $2`, [
      this.appid,
      accessToken,
    ]);
  }

  #hold(token: AccessToken | null): void {
    this.#held = token ? { accessToken: token.accessToken, expiresAt: token.expiresAt } : null;
  }

  async #write(manager: Pick<DataSource, 'query'>, token: AccessToken): Promise<void> {
    await manager.query(
      `INSERT INTO wechat_access_token (appid, access_token, expires_at, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (appid) DO UPDATE SET access_token = EXCLUDED.access_token, expires_at = EXCLUDED.expires_at, updated_at = now()`,
      [this.appid, token.accessToken, new Date(token.expiresAt)],
    );
  }
}
