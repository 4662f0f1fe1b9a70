import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { WechatApiClient, WechatApiError } from '@msz/wechat';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { NotificationKind, TemplateBody } from './templates';

const MAX_ATTEMPTS = 8;
const LEASE_SECONDS = 60;
/** WeChat will never accept these as they are; retrying only delays telling staff. */
const PERMANENT_ERRCODES = new Set([40003, 40037, 43004, 43101, 47001]);

export interface OutboxItem {
  kind: NotificationKind;
  caseId: string | null;
  touser: string;
  body: TemplateBody;
  /** Unique per intended message, e.g. `case_assigned:<case id>:<timeline id>`. */
  idempotencyKey: string;
}

/**
 * Notifications are written in the transaction that causes them and delivered afterwards,
 * by whichever instance claims them first (FOR UPDATE SKIP LOCKED), with retries and backoff.
 */
@Injectable()
export class OutboxService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<number> | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly wechat: WechatApiClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async enqueue(manager: EntityManager, item: OutboxItem): Promise<void> {
    await manager.query(
      `INSERT INTO outbox_message (kind, case_id, touser, payload, idempotency_key) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (idempotency_key) DO NOTHING`,
      [item.kind, item.caseId, item.touser, JSON.stringify(item.body), item.idempotencyKey],
    );
  }

  onModuleInit(): void {
    if (this.config.outboxPollMs > 0) this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.draining;
  }

  /** Delivers everything due now; returns how many were sent. Concurrent calls share one run. */
  drain(): Promise<number> {
    this.draining ??= this.deliverDue().finally(() => (this.draining = null));
    return this.draining;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.drain()
        .catch((err: unknown) => this.logger.error(`delivery run failed: ${(err as Error).message}`))
        .finally(() => {
          if (this.timer) this.schedule();
        });
    }, this.config.outboxPollMs);
  }

  private async deliverDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await this.claim(20);
      if (batch.length === 0) return sent;
      for (const item of batch) {
        if (await this.deliver(item)) sent += 1;
      }
    }
  }

  private async claim(limit: number): Promise<OutboxRow[]> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [rows] = (await this.ds.query(
      `UPDATE outbox_message SET locked_until = now() + make_interval(secs => $2), attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM outbox_message
         WHERE status = 'pending' AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until < now())
         ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id, idempotency_key, touser, payload, attempts`,
      [limit, LEASE_SECONDS],
    )) as [OutboxRow[], number];
    return rows;
  }

  private async deliver(row: OutboxRow): Promise<boolean> {
    try {
      await this.wechat.sendTemplate({ ...(row.payload as TemplateBody), touser: row.touser, client_msg_id: row.idempotency_key });
      await this.ds.query(`UPDATE outbox_message SET status = 'sent', sent_at = now(), locked_until = NULL, last_error = NULL WHERE id = $1`, [row.id]);
      return true;
    } catch (err) {
      const permanent = err instanceof WechatApiError && PERMANENT_ERRCODES.has(err.errcode);
      const failed = permanent || row.attempts >= MAX_ATTEMPTS;
      const reason = err instanceof WechatApiError ? `${err.errcode} ${err.errmsg}` : (err as Error).message;
      const backoffSeconds = Math.min(3600, 2 ** row.attempts);
      await this.ds.query(
        `UPDATE outbox_message SET status = $2, last_error = $3, locked_until = NULL,
           next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1`,
        [row.id, failed ? 'failed' : 'pending', reason.slice(0, 500), backoffSeconds],
      );
      this.logger.warn(`message ${row.id} ${failed ? 'failed for good' : 'will be retried'}: ${reason}`);
      return false;
    }
  }
}

interface OutboxRow {
  id: string;
  idempotency_key: string;
  touser: string;
  payload: unknown;
  attempts: number;
}
