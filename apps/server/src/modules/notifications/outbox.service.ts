import { Inject, Injectable, Logger } from '@nestjs/common';
import { WechatApiClient, WechatApiError } from '@msz/wechat';
import { DataSource, type EntityManager } from 'typeorm';
import { backoffSeconds, PollingWorker } from '../../common/jobs/polling-worker';
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
export class OutboxService extends PollingWorker {
  protected readonly logger = new Logger('Outbox');

  constructor(
    private readonly ds: DataSource,
    private readonly wechat: WechatApiClient,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(config.workerPollMs);
  }

  async enqueue(manager: EntityManager, item: OutboxItem): Promise<void> {
    await manager.query(
      `INSERT INTO outbox_message (kind, case_id, touser, payload, idempotency_key) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (idempotency_key) DO NOTHING`,
      [item.kind, item.caseId, item.touser, JSON.stringify(item.body), item.idempotencyKey],
    );
  }

  /** WeChat's TEMPLATESENDJOBFINISH event says whether a sent message reached the user. */
  async recordDeliveryReport(manager: EntityManager, wechatMsgid: string, status: string): Promise<void> {
    await manager.query(`UPDATE outbox_message SET delivery_report = $2 WHERE wechat_msgid = $1`, [wechatMsgid, status.slice(0, 64)]);
  }

  protected async runDue(): Promise<number> {
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
      const { msgidText } = await this.wechat.sendTemplate({ ...(row.payload as TemplateBody), touser: row.touser, client_msg_id: row.idempotency_key });
      await this.ds.query(
        `UPDATE outbox_message SET status = 'sent', sent_at = now(), locked_until = NULL, last_error = NULL, wechat_msgid = $2 WHERE id = $1`,
        [row.id, msgidText],
      );
      return true;
    } catch (err) {
      const permanent = err instanceof WechatApiError && PERMANENT_ERRCODES.has(err.errcode);
      const failed = permanent || row.attempts >= MAX_ATTEMPTS;
      const reason = err instanceof WechatApiError ? `${err.errcode} ${err.errmsg}` : (err as Error).message;
      await this.ds.query(
        `UPDATE outbox_message SET status = $2, last_error = $3, locked_until = NULL,
           next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1`,
        [row.id, failed ? 'failed' : 'pending', reason.slice(0, 500), backoffSeconds(row.attempts)],
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
