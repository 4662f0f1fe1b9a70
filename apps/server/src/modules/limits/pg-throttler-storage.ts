import type { ThrottlerStorage } from '@nestjs/throttler';
import type { RateLimitStore } from './rate-limit.store';

/** The longest a repeated offender is blocked. */
const MAX_BLOCK_MS = 3600_000;

/** @nestjs/throttler's storage on the shared rate_limit table; repeated blocks grow (doubling, at most an hour). */
export class PgThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly store: RateLimitStore) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): ReturnType<ThrottlerStorage['increment']> {
    const r = await this.store.hit(`throttle:${throttlerName}:${key}`, { windowMs: ttl, blockAt: limit + 1, blockMs: blockDuration, maxBlockMs: MAX_BLOCK_MS });
    return { totalHits: r.hits, timeToExpire: Math.ceil(r.windowMs / 1000), isBlocked: r.blockedMs > 0, timeToBlockExpire: Math.ceil(r.blockedMs / 1000) };
  }
}
