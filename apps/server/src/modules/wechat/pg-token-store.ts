import type { AccessToken, RefreshExclusiveOptions, TokenStore } from '@msz/wechat';
import type { DataSource } from 'typeorm';
import { AccessTokenEntity } from './access-token.entity';

/** The app's access token in PostgreSQL, so every server instance shares one. */
export class PgTokenStore implements TokenStore {
  constructor(
    private readonly ds: DataSource,
    private readonly appid: string,
  ) {}

  async get(): Promise<AccessToken | null> {
    const row = await this.ds.getRepository(AccessTokenEntity).findOneBy({ appid: this.appid });
    return row ? { accessToken: row.accessToken, expiresAt: row.expiresAt.getTime() } : null;
  }

  async save(token: AccessToken, manager: Pick<DataSource, 'query'> = this.ds): Promise<void> {
    await manager.query(
      `INSERT INTO wechat_access_token (appid, access_token, expires_at, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (appid) DO UPDATE SET access_token = EXCLUDED.access_token, expires_at = EXCLUDED.expires_at, updated_at = now()`,
      [this.appid, token.accessToken, new Date(token.expiresAt)],
    );
  }

  /**
   * Only one instance asks WeChat for a new token: the others wait on a transaction-scoped advisory
   * lock and then find the fresh token saved (stable_token allows few refreshes a day).
   */
  async refreshExclusive(refresh: () => Promise<AccessToken>, opts?: RefreshExclusiveOptions): Promise<AccessToken> {
    const minExpiresAt = opts?.minExpiresAt ?? Date.now() + 5 * 60_000;
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`wechat_access_token:${this.appid}`]);
      const row = await m.getRepository(AccessTokenEntity).findOneBy({ appid: this.appid });
      if (row && row.expiresAt.getTime() > minExpiresAt) return { accessToken: row.accessToken, expiresAt: row.expiresAt.getTime() };
      const fresh = await refresh();
      await this.save(fresh, m);
      return fresh;
    });
  }

  /** Compare-and-expire: only the token that failed is expired, never a newer one another instance saved. */
  async expireIf(accessToken: string): Promise<void> {
    await this.ds.query(`UPDATE wechat_access_token SET expires_at = now() WHERE appid = $1 AND access_token = $2`, [
      this.appid,
      accessToken,
    ]);
  }
}
