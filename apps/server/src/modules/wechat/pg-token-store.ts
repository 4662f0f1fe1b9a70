import type { AccessToken, TokenStore } from '@msz/wechat';
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

  async save(token: AccessToken): Promise<void> {
    await this.ds.query(
      `INSERT INTO wechat_access_token (appid, access_token, expires_at, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (appid) DO UPDATE SET access_token = EXCLUDED.access_token, expires_at = EXCLUDED.expires_at, updated_at = now()`,
      [this.appid, token.accessToken, new Date(token.expiresAt)],
    );
  }

  /** Compare-and-expire: only the token that failed is expired, never a newer one another instance saved. */
  async expireIf(accessToken: string): Promise<void> {
    await this.ds.query(`UPDATE wechat_access_token SET expires_at = now() WHERE appid = $1 AND access_token = $2`, [
      this.appid,
      accessToken,
    ]);
  }
}
