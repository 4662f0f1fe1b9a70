import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/**
 * A background worker that looks for due work every pollMs. Work is claimed in the database
 * (FOR UPDATE SKIP LOCKED), so any number of instances can run it; drain() runs it now, and
 * concurrent calls share one run.
 */
export abstract class PollingWorker implements OnModuleInit, OnApplicationShutdown {
  protected abstract readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  protected constructor(private readonly pollMs: number) {}

  /** Does everything due now; returns how many items succeeded. */
  protected abstract runDue(): Promise<number>;

  drain(): Promise<number> {
    this.running ??= this.runDue().finally(() => (this.running = null));
    return this.running;
  }

  onModuleInit(): void {
    if (this.pollMs > 0) this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.drain()
        .catch((err: unknown) => this.logger.error(`run failed: ${(err as Error).message}`))
        .finally(() => {
          if (this.timer) this.schedule();
        });
    }, this.pollMs);
  }
}

/** Seconds to wait before attempt n+1: 2, 4, 8 … capped at an hour. */
export const backoffSeconds = (attempts: number): number => Math.min(3600, 2 ** attempts);

/**
 * Claims up to `limit` due rows of a job table (status 'pending', next_attempt_at passed, no live
 * lease) for `leaseSeconds`, counting the attempt. SKIP LOCKED lets every instance claim at once
 * without waiting on each other or taking the same row; a worker that dies lets its lease lapse.
 * Claims walk the table's (status, next_attempt_at) index from the oldest due row, so a pass reads
 * what is due (and the few rows under a live lease), never the retries waiting out their backoff.
 * The claim changes no indexed column, so PostgreSQL can update the row in place (HOT).
 */
export async function claimDue<T>(ds: DataSource, table: string, opts: { limit: number; leaseSeconds: number; returning: string }): Promise<T[]> {
  // TypeORM answers an UPDATE … RETURNING with [rows, affected].
  const [rows] = (await ds.query(
    `UPDATE ${table} SET locked_until = now() + make_interval(secs => $2), attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM ${table}
       WHERE status = 'pending' AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until < now())
       ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING ${opts.returning}`,
    [opts.limit, opts.leaseSeconds],
  )) as [T[], number];
  return rows;
}
