export interface AccessToken {
  accessToken: string;
  /** epoch ms at which WeChat stops accepting it */
  expiresAt: number;
}

/**
 * Where the access_token lives. All server instances must share one store (e.g. a database row
 * or Redis key) so that they share one token.
 */
export interface TokenStore {
  get(): Promise<AccessToken | null>;
  save(token: AccessToken): Promise<void>;
  /**
   * Compare-and-expire: forget the stored token only if it is still `accessToken`. A store that
   * already holds a newer token (saved by another instance) must keep it.
   */
  expireIf(accessToken: string): Promise<void>;
}

/** A TokenStore in process memory: for tests and single-process use only. */
export class InMemoryTokenStore implements TokenStore {
  #token: AccessToken | null = null;

  async get(): Promise<AccessToken | null> {
    return this.#token ? { ...this.#token } : null;
  }

  async save(token: AccessToken): Promise<void> {
    this.#token = { accessToken: token.accessToken, expiresAt: token.expiresAt };
  }

  async expireIf(accessToken: string): Promise<void> {
    if (this.#token && this.#token.accessToken === accessToken) this.#token = null;
  }
}
