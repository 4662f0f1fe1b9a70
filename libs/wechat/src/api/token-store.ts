export interface AccessToken {
  accessToken: string;
  /** epoch ms at which WeChat stops accepting it */
  expiresAt: number;
}

/** What the client tells `refreshExclusive` about the token it needs. */
export interface RefreshExclusiveOptions {
  /**
   * epoch ms: a stored token whose `expiresAt` is later than this is good enough (another
   * instance refreshed meanwhile): return it without calling `refresh`. It is "now + the
   * client's refresh window" (default 5 minutes).
   */
  minExpiresAt: number;
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
  /**
   * Optional: refresh under a lock shared by every instance (e.g. a PostgreSQL advisory lock).
   * When present the client calls it, instead of fetching and saving itself, whenever the stored
   * token is missing or due for refresh. Under the lock the store must:
   *  1. re-read the stored token; if its `expiresAt` > `opts.minExpiresAt` (another instance
   *     refreshed while this one waited), return it without calling `refresh`;
   *  2. else call `refresh()` (which fetches from WeChat and does NOT save), save the result,
   *     and return it;
   * and release the lock whether `refresh` succeeds or throws (its error is passed on).
   * `opts` is always given by WechatApiClient; a store written without it should treat a token
   * with more than 5 minutes left as good enough.
   */
  refreshExclusive?(refresh: () => Promise<AccessToken>, opts?: RefreshExclusiveOptions): Promise<AccessToken>;
}

/** Default for a `refreshExclusive` called without `opts`: the client's default refresh window. */
const DEFAULT_MIN_VALID_MS = 5 * 60_000;

/**
 * A TokenStore in process memory: for tests and single-process use only. Its `refreshExclusive`
 * uses an in-process mutex, so several clients sharing one instance of it behave like several
 * server instances sharing a database row with a lock.
 */
export class InMemoryTokenStore implements TokenStore {
  #token: AccessToken | null = null;
  /** Tail of the mutex queue: resolves when the last holder releases. */
  #lockTail: Promise<void> = Promise.resolve();

  async get(): Promise<AccessToken | null> {
    return this.#token ? { ...this.#token } : null;
  }

  async save(token: AccessToken): Promise<void> {
    this.#token = { accessToken: token.accessToken, expiresAt: token.expiresAt };
  }

  async expireIf(accessToken: string): Promise<void> {
    if (this.#token && this.#token.accessToken === accessToken) this.#token = null;
  }

  async refreshExclusive(refresh: () => Promise<AccessToken>, opts?: RefreshExclusiveOptions): Promise<AccessToken> {
    const release = await this.#lock();
    try {
      const minExpiresAt = opts?.minExpiresAt ?? Date.now() + DEFAULT_MIN_VALID_MS;
      const current = await this.get();
      if (current && current.expiresAt > minExpiresAt) return current;
      const fresh = await refresh();
      await this.save(fresh);
      return { ...fresh };
    } finally {
      release();
    }
  }

  /** FIFO mutex: resolves with the release function once every earlier holder has released. */
  #lock(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#lockTail;
    this.#lockTail = previous.then(() => held);
    return previous.then(() => release);
  }
}
