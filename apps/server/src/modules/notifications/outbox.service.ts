import { Inject, Injectable, Logger } from '@nestjs/common';
import { WechatApiClient, WechatApiError } from '@msz/wechat';
import { DataSource, type EntityManager } from 'typeorm';
import { backoffSeconds, claimDue, PollingWorker } from '../../common/jobs/polling-worker';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { renameFields, type NotificationKind, type TemplateBody } from './templates';

const MAX_ATTEMPTS = 8;
const LEASE_SECONDS = 60;
/** Sent together; each send (10 s at worst with a token retry) finishes well inside the lease. */
const BATCH = 5;
/**
 * An emergency must reach staff within a minute of filing: whatever WORKER_POLL_MS says (above 0),
 * the outbox looks at least this often.
 */
export const OUTBOX_MAX_POLL_MS = 5_000;
/** Claims take the longest-due message first: an urgent one is due since the epoch, so it goes before any backlog. */
const URGENT_DUE = `'1970-01-01T00:00:00Z'::timestamptz`;
/** WeChat's quotas (45009 daily, 45011 per minute): wait them out without spending the message's attempts. */
const QUOTA_WAIT_SECONDS: Record<number, number> = { 45009: 3600, 45011: 60 };
/** This channel will not reach this person (refused subscription, unfollowed, 48 h window closed): try the next. */
const NEXT_CHANNEL_ERRCODES = new Set([43101, 43004, 45015]);
/** WeChat will never accept the message as it is; retrying only delays telling staff. */
const PERMANENT_ERRCODES = new Set([40003, 40037, 47001, 48001]);

/**
 * One way to reach a person; a notification lists them in order of preference. `touser` is the
 * person's openid in that channel's app when it is not the notification's own (a resident linked
 * across the Official Account and the mini program has one in each).
 */
export type Channel = { touser?: string } & (
  | { via: 'template'; body: TemplateBody } // Official Account template message
  | { via: 'bizsend'; body: TemplateBody } // Official Account subscription notification
  | { via: 'subscribe'; body: TemplateBody } // mini-program subscription message
  | { via: 'custom'; content: string } // customer-service text, within 48 h of the user's last message
);

export interface OutboxItem {
  kind: NotificationKind;
  caseId: string | null;
  touser: string;
  channels: Channel[];
  /** Unique per intended message, e.g. `case_assigned:<case id>:<timeline id>`; sent as client_msg_id. */
  idempotencyKey: string;
  /** A courtesy (the full answer text): if WeChat will not deliver it, nobody needs to phone. */
  optional?: boolean;
  /** An emergency: claimed before any other message due, however long the backlog. */
  urgent?: boolean;
}

interface OutboxRow {
  id: string;
  kind: string;
  case_id: string | null;
  idempotency_key: string;
  touser: string;
  payload: { channels: Channel[]; optional?: boolean };
  attempts: number;
  channel_index: number;
}

/**
 * Notifications are written in the transaction that causes them and delivered afterwards, by
 * whichever instance claims them first (FOR UPDATE SKIP LOCKED), with retries and backoff. A
 * channel the person cannot be reached on passes to the next; when none is left, staff get a
 * phone-contact task and dispatchers see the failure with its reason.
 */
@Injectable()
export class OutboxService extends PollingWorker {
  protected readonly logger = new Logger('Outbox');

  constructor(
    private readonly ds: DataSource,
    private readonly wechat: WechatApiClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(config.workerPollMs > 0 ? Math.min(config.workerPollMs, OUTBOX_MAX_POLL_MS) : 0);
  }

  async enqueue(manager: EntityManager, item: OutboxItem): Promise<void> {
    if (item.channels.length === 0) return;
    const fields = this.config.wechat.templateFields[item.kind];
    const channels = fields ? item.channels.map((c) => ('body' in c ? { ...c, body: renameFields(c.body, fields) } : c)) : item.channels;
    await manager.query(
      `INSERT INTO outbox_message (kind, case_id, touser, payload, idempotency_key, next_attempt_at) VALUES ($1, $2, $3, $4, $5, ${item.urgent ? URGENT_DUE : 'now()'})
       ON CONFLICT (idempotency_key) DO NOTHING`,
      [item.kind, item.caseId, item.touser, JSON.stringify({ channels, optional: item.optional ?? false }), item.idempotencyKey],
    );
  }

  /** WeChat's TEMPLATESENDJOBFINISH event says whether a sent message reached the user. */
  async recordDeliveryReport(manager: EntityManager, wechatMsgid: string, status: string): Promise<void> {
    await manager.query(`UPDATE outbox_message SET delivery_report = $2 WHERE wechat_msgid = $1`, [wechatMsgid, status.slice(0, 64)]);
  }

  protected async runDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await this.claim(BATCH);
      if (batch.length === 0) return sent;
      // A batch goes out together: WeChat's round trip, not our loop, sets the pace.
      const outcomes = await Promise.all(batch.map((item) => this.deliver(item)));
      sent += outcomes.filter((o) => o === 'sent').length;
      // Over quota: stop, rather than have every due message spend itself against the limit.
      if (outcomes.includes('quota')) return sent;
      // A short batch was all that was due: no need for a claim that finds nothing.
      if (batch.length < BATCH) return sent;
    }
  }

  private claim(limit: number): Promise<OutboxRow[]> {
    return claimDue<OutboxRow>(this.ds, 'outbox_message', {
      limit,
      leaseSeconds: LEASE_SECONDS,
      returning: 'id, kind, case_id, idempotency_key, touser, payload, attempts, channel_index',
    });
  }

  private async send(row: OutboxRow, channel: Channel): Promise<string | null> {
    const clientMsgId = row.idempotency_key;
    const touser = channel.touser ?? row.touser;
    switch (channel.via) {
      case 'template':
        return (await this.wechat.sendTemplate({ ...channel.body, touser, client_msg_id: clientMsgId })).msgidText;
      case 'bizsend':
        await this.wechat.sendBizSubscribe({ ...channel.body, touser });
        return null;
      case 'subscribe':
        await this.wechat.sendSubscribe({ template_id: channel.body.template_id, data: channel.body.data, page: channel.body.miniprogram?.pagepath, touser });
        return null;
      case 'custom':
        await this.wechat.sendCustomText(touser, channel.content);
        return null;
    }
  }

  /**
   * Sends one claimed row and records the outcome. Every closing UPDATE requires the row to be
   * still pending, so a worker whose lease ran out can never undo another worker's delivery.
   */
  private async deliver(row: OutboxRow): Promise<'sent' | 'retry' | 'failed' | 'quota'> {
    const channel = row.payload.channels[row.channel_index];
    try {
      const msgid = await this.send(row, channel);
      await this.ds.query(
        `UPDATE outbox_message SET status = 'sent', sent_at = now(), locked_until = NULL, last_error = NULL, wechat_msgid = $2, sent_via = $3
         WHERE id = $1 AND status = 'pending'`,
        [row.id, msgid, channel.via],
      );
      return 'sent';
    } catch (err) {
      const errcode = err instanceof WechatApiError ? err.errcode : null;
      const reason = (err instanceof WechatApiError ? `${channel.via}: ${err.errcode} ${err.errmsg}` : `${channel.via}: ${(err as Error).message}`).slice(0, 500);
      if (errcode !== null && QUOTA_WAIT_SECONDS[errcode]) {
        await this.ds.query(
          `UPDATE outbox_message SET attempts = attempts - 1, last_error = $2, locked_until = NULL, next_attempt_at = now() + make_interval(secs => $3)
           WHERE id = $1 AND status = 'pending'`,
          [row.id, reason, QUOTA_WAIT_SECONDS[errcode]],
        );
        this.logger.warn(`WeChat quota reached (${reason}); sending pauses`);
        return 'quota';
      }
      if (errcode !== null && NEXT_CHANNEL_ERRCODES.has(errcode) && row.channel_index + 1 < row.payload.channels.length) {
        await this.ds.query(
          `UPDATE outbox_message SET channel_index = channel_index + 1, last_error = $2, next_attempt_at = now() WHERE id = $1 AND status = 'pending'`,
          [row.id, reason],
        );
        return this.deliver({ ...row, channel_index: row.channel_index + 1 });
      }
      const failed = (errcode !== null && (NEXT_CHANNEL_ERRCODES.has(errcode) || PERMANENT_ERRCODES.has(errcode))) || row.attempts >= MAX_ATTEMPTS;
      await this.ds.transaction(async (m) => {
        const [, updated] = (await m.query(
          `UPDATE outbox_message SET status = $2, last_error = $3, locked_until = NULL, next_attempt_at = now() + make_interval(secs => $4)
           WHERE id = $1 AND status = 'pending'`,
          [row.id, failed ? 'failed' : 'pending', reason, backoffSeconds(row.attempts)],
        )) as [unknown[], number];
        if (failed && updated > 0 && !row.payload.optional) {
          await m.query(
            `INSERT INTO contact_task (case_id, outbox_id, touser, kind, reason) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (outbox_id) DO NOTHING`,
            [row.case_id, row.id, row.touser, row.kind, reason],
          );
        }
      });
      this.logger.warn(`message ${row.id} ${failed ? 'failed for good' : 'will be retried'}: ${reason}`);
      return failed ? 'failed' : 'retry';
    }
  }
}
