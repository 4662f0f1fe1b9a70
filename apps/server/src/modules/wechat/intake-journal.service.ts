import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { InboundMessage } from '@msz/wechat';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { claimJournalFile, Journal } from '../../common/journal/journal';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { OutboxService } from '../notifications/outbox.service';
import { ConversationService, dedupKey } from './conversation.service';
import * as replies from './replies';

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;
/** With the database up, a message that still fails this often is broken, not waiting: tell the resident. */
const MAX_ATTEMPTS = 5;

/**
 * Messages WeChat delivered while the database could not take them: kept in a local, fsynced
 * journal (one file per server process), then filed in arrival order once PostgreSQL answers
 * again. Filing goes through the same ConversationService, so its dedup decides: a message filed
 * twice (a crash between filing and marking it done) files once. The reply the resident would
 * have had goes out as a customer-service message (they wrote just now, inside WeChat's 48 h).
 */
@Injectable()
export class IntakeJournalService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IntakeJournal');
  private journal!: Journal<InboundMessage>;
  private release: () => void = () => undefined;
  /** Residents with messages in the journal: their next messages queue behind, to keep the order. */
  private readonly waiting = new Map<string, number>();
  private readonly attempts = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  private delayMs = RETRY_MIN_MS;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly ds: DataSource,
    private readonly conversation: ConversationService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const slot = await claimJournalFile(this.config.journalDir, 'webhook');
    this.release = slot.release;
    this.journal = await Journal.open<InboundMessage>(slot.file);
    for (const e of this.journal.pending()) this.count(e.payload.FromUserName, +1);
    if (this.journal.pendingCount > 0) this.logger.warn(`${this.journal.pendingCount} message(s) in ${slot.file} wait to be filed`);
  }

  onApplicationBootstrap(): void {
    if (this.journal.pendingCount > 0) this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await this.journal.close();
    this.release();
  }

  /** Must this resident's message queue behind ones of theirs still in the journal? */
  holdsFor(openid: string): boolean {
    return (this.waiting.get(openid) ?? 0) > 0;
  }

  get pendingCount(): number {
    return this.journal.pendingCount;
  }

  /** Keeps the message on disk; resolves once it is fsynced. */
  async keep(msg: InboundMessage): Promise<void> {
    await this.journal.append(msg);
    this.count(msg.FromUserName, +1);
    this.schedule(RETRY_MIN_MS);
  }

  /** Files what the journal holds, in order, as far as the database lets it now; returns how many were filed. */
  drain(): Promise<number> {
    this.running ??= this.replay().finally(() => (this.running = null));
    return this.running;
  }

  private async replay(): Promise<number> {
    let filed = 0;
    for (let entry = this.journal.first(); entry; entry = this.journal.first()) {
      if (this.stopped) return filed;
      const msg = entry.payload;
      try {
        const reply = await this.conversation.handle(msg);
        await this.tellLater(msg, reply?.content ?? null);
      } catch (err) {
        const attempts = (this.attempts.get(entry.seq) ?? 0) + 1;
        this.attempts.set(entry.seq, attempts);
        if (!(await this.databaseAnswers()) || attempts < MAX_ATTEMPTS) {
          // Stop at the first that fails: a resident's later messages must not overtake it.
          this.retryLater();
          return filed;
        }
        this.logger.error(`message ${entry.seq} from ${msg.FromUserName.slice(0, 6)}… could not be filed: ${(err as Error).message}`);
        await this.tellLater(msg, replies.BUSY).catch(() => undefined);
      }
      await this.journal.markDone(entry.seq);
      this.attempts.delete(entry.seq);
      this.count(msg.FromUserName, -1);
      filed++;
    }
    this.delayMs = RETRY_MIN_MS;
    return filed;
  }

  /** The passive reply they did not get, as a customer-service message, once (its key is the message's). */
  private async tellLater(msg: InboundMessage, content: string | null): Promise<void> {
    if (content === null || content === replies.NEW_DEMAND) return; // "say the other thing" is moot by now
    const key = createHash('sha256').update(`${this.config.wechat.appid}\n${msg.FromUserName}\n${dedupKey(msg)}`).digest('hex').slice(0, 40);
    await this.outbox.enqueue(this.ds.manager, {
      kind: 'chat_reply_deferred',
      caseId: null,
      touser: msg.FromUserName,
      channels: [{ via: 'custom', content }],
      idempotencyKey: `chat_reply_deferred:${key}`,
    });
  }

  private async databaseAnswers(): Promise<boolean> {
    try {
      await this.ds.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  private count(openid: string, delta: number): void {
    const n = (this.waiting.get(openid) ?? 0) + delta;
    if (n > 0) this.waiting.set(openid, n);
    else this.waiting.delete(openid);
  }

  private retryLater(): void {
    this.delayMs = Math.min(RETRY_MAX_MS, this.delayMs * 2);
    this.schedule(this.delayMs);
  }

  private schedule(ms: number): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.drain().catch((err: unknown) => {
        this.logger.error(`replay failed: ${(err as Error).message}`);
        this.retryLater();
      });
    }, ms);
  }
}
