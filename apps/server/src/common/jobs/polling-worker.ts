import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';

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
