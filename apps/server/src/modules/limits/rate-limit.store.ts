import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RateLimitEntity } from './rate-limit.entity';

export interface LimitRule {
  /** The counting window. */
  windowMs: number;
  /** The hit that brings the count to this starts a block (and is itself refused). */
  blockAt: number;
  /** The first block; each further one doubles, up to maxBlockMs. */
  blockMs: number;
  maxBlockMs: number;
}

export interface HitResult {
  hits: number;
  /** Milliseconds until the block ends; 0 when not blocked. */
  blockedMs: number;
  /** Milliseconds until the window ends. */
  windowMs: number;
}

/** Strikes are remembered this long after the last window or block ends. */
const MEMORY_MS = 24 * 3600_000;

/**
 * Fixed-window counters with a growing block, in the rate_limit table. Each hit locks its row for
 * the transaction, so concurrent hits from several processes count exactly.
 */
@Injectable()
export class RateLimitStore {
  constructor(private readonly ds: DataSource) {}

  async hit(key: string, rule: LimitRule, now = new Date()): Promise<HitResult> {
    const result = await this.ds.transaction(async (m) => {
      await m.query(`INSERT INTO rate_limit (key, hits, window_ends_at, strikes, expires_at) VALUES ($1, 0, $2, 0, $2) ON CONFLICT (key) DO NOTHING`, [key, now]);
      const row = await m.getRepository(RateLimitEntity).findOneOrFail({ where: { key }, lock: { mode: 'pessimistic_write' } });
      if (row.blockedUntil && row.blockedUntil > now) {
        return { hits: row.hits, blockedMs: row.blockedUntil.getTime() - now.getTime(), windowMs: Math.max(0, row.windowEndsAt.getTime() - now.getTime()) };
      }
      if (row.expiresAt <= now) row.strikes = 0;
      if (row.windowEndsAt <= now) {
        row.hits = 0;
        row.windowEndsAt = new Date(now.getTime() + rule.windowMs);
      }
      row.hits += 1;
      row.blockedUntil = null;
      let blockedMs = 0;
      if (row.hits >= rule.blockAt) {
        blockedMs = Math.min(rule.blockMs * 2 ** row.strikes, rule.maxBlockMs);
        row.strikes += 1;
        row.blockedUntil = new Date(now.getTime() + blockedMs);
        row.windowEndsAt = row.blockedUntil; // a fresh count after the block
      }
      row.expiresAt = new Date(Math.max(row.windowEndsAt.getTime(), row.blockedUntil?.getTime() ?? 0) + MEMORY_MS);
      await m.getRepository(RateLimitEntity).save(row);
      return { hits: row.hits, blockedMs, windowMs: row.windowEndsAt.getTime() - now.getTime() };
    });
    // Forgotten counters are swept now and then by whoever is counting.
    if (Math.random() < 0.01) await this.ds.query(`DELETE FROM rate_limit WHERE expires_at < $1`, [now]);
    return result;
  }

  /** Milliseconds until the key's block ends; 0 when it is not blocked. */
  async blockedMs(key: string, now = new Date()): Promise<number> {
    const row = await this.ds.getRepository(RateLimitEntity).findOneBy({ key });
    return row?.blockedUntil && row.blockedUntil > now ? row.blockedUntil.getTime() - now.getTime() : 0;
  }

  async clear(key: string): Promise<void> {
    await this.ds.getRepository(RateLimitEntity).delete({ key });
  }
}
