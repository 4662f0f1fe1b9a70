import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { RateLimitStore, type LimitRule } from './rate-limit.store';

const MINUTE = 60_000;

/**
 * Failed staff sign-ins, per account and per address. 5 failures of one account within 15 minutes
 * lock it for 1 minute, then 2, 4, 8… up to an hour; 20 failures from one address within 15 minutes
 * lock the address for 5 minutes, growing the same way. Only failures count: a good sign-in never
 * meets the limit, and clears its account's count.
 */
export const LOGIN_LIMITS: { account: LimitRule; address: LimitRule } = {
  account: { windowMs: 15 * MINUTE, blockAt: 5, blockMs: MINUTE, maxBlockMs: 60 * MINUTE },
  address: { windowMs: 15 * MINUTE, blockAt: 20, blockMs: 5 * MINUTE, maxBlockMs: 60 * MINUTE },
};

@Injectable()
export class LoginLimitsService {
  private readonly logger = new Logger('SignIn');

  constructor(private readonly store: RateLimitStore) {}

  /** Refuses (429) while the account or the address is locked, before any password is checked. */
  async assertMayTry(username: string, address: string): Promise<void> {
    const [account, from] = await Promise.all([this.store.blockedMs(accountKey(username)), this.store.blockedMs(addressKey(address))]);
    const wait = Math.max(account, from);
    if (wait > 0) {
      throw new AppError('TOO_MANY_REQUESTS', `登录失败次数过多，请${Math.ceil(wait / MINUTE)}分钟后再试`, { retryAfterSeconds: Math.ceil(wait / 1000) });
    }
  }

  async failed(username: string, address: string): Promise<void> {
    const [account, from] = await Promise.all([this.store.hit(accountKey(username), LOGIN_LIMITS.account), this.store.hit(addressKey(address), LOGIN_LIMITS.address)]);
    // A lock is worth an operator's attention (a guessing attack, or a user who forgot); the password never is.
    if (account.blockedMs > 0) this.logger.warn(`sign-in locked for ${Math.round(account.blockedMs / 60_000)} min: account ${JSON.stringify(username)} (${account.hits} failures)`);
    if (from.blockedMs > 0) this.logger.warn(`sign-in locked for ${Math.round(from.blockedMs / 60_000)} min: address ${address} (${from.hits} failures)`);
  }

  /** The address keeps its count: one good account must not wash out guesses at others. */
  async succeeded(username: string): Promise<void> {
    await this.store.clear(accountKey(username));
  }
}

const accountKey = (username: string) => `login:account:${username.toLowerCase()}`;
const addressKey = (address: string) => `login:address:${address}`;
