import { Inject, Injectable, Logger } from '@nestjs/common';
import { WechatWebhook, type InboundMessage, type PassiveReply } from '@msz/wechat';
import type { NextFunction, Request, Response } from 'express';
import { refuseNulInUrl } from '../../common/http/request-guards';
import { ConversationService } from './conversation.service';
import { readBody } from './read-body';
import { IntakeJournalService } from './intake-journal.service';
import { BUSY, RECEIVED } from './replies';

/** WeChat waits 5 s for the reply; a database that has not answered by then is treated as away. */
const HANDLE_DEADLINE_MS = 3_000;

/** Where WeChat calls: the URL configured in its admin console. */
export const WEBHOOK_PATH = '/wechat';

/**
 * WeChat's callback URL. Public by nature: every request is proven by its signature instead.
 *
 * Mounted ahead of the application's middleware rather than as a Nest route: it answers WeChat's
 * servers, never a browser, and reads its own body, so helmet's headers, the JSON and form parsers,
 * CORS, Nest's router, guard and pipes did nothing for it but cost a fifth of its CPU.
 * Errors go on to the application's error handler, which answers as Nest's filter would.
 */
@Injectable()
export class WebhookEndpoint {
  private readonly logger = new Logger('Webhook');

  constructor(
    private readonly webhook: WechatWebhook,
    private readonly conversation: ConversationService,
    private readonly journal: IntakeJournalService,
    @Inject('WEBHOOK_MAX_BODY') private readonly maxBody: number,
  ) {}

  /** Express middleware for WEBHOOK_PATH: GET (URL check) and POST (messages); anything else goes on (404). */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    // Mounted at WEBHOOK_PATH: `req.path` is what follows it, so /wechat/anything is not ours.
    const ours = req.path === '/' && (req.method === 'GET' || req.method === 'HEAD' || req.method === 'POST');
    if (!ours) return next();
    refuseNulInUrl(req, res, (refused?: unknown) => {
      if (refused) return next(refused);
      this.serve(req, res).catch(next);
    });
  };

  private async serve(req: Request, res: Response): Promise<void> {
    if (req.method !== 'POST') return this.exchange(req, res, undefined);
    const body = await readBody(req, this.maxBody);
    if (body === 'too_large') return send(res, 413, 'text/plain; charset=utf-8', 'body too large');
    await this.exchange(req, res, body);
  }

  /**
   * A failure here must still answer: an error page makes WeChat show "该公众号暂时无法提供服务",
   * and WeChat never retries a 200. So a message the database cannot take now goes to the journal
   * and is filed when it can; a resident's later messages queue behind theirs to keep the order.
   */
  private async answer(msg: InboundMessage): Promise<PassiveReply> {
    if (this.journal.holdsFor(msg.FromUserName)) return this.keep(msg);
    try {
      return await withDeadline(this.conversation.handle(msg), HANDLE_DEADLINE_MS);
    } catch (err) {
      this.logger.warn(`message from ${msg.FromUserName.slice(0, 6)}… not filed now (${(err as Error).message}); journalled`);
      return this.keep(msg);
    }
  }

  private async keep(msg: InboundMessage): Promise<PassiveReply> {
    try {
      await this.journal.keep(msg);
      return msg.MsgType === 'event' ? null : { type: 'text', content: RECEIVED };
    } catch (err) {
      this.logger.error(`message from ${msg.FromUserName.slice(0, 6)}… lost: the journal refused it (${(err as Error).message})`);
      return { type: 'text', content: BUSY };
    }
  }

  private async exchange(req: Request, res: Response, rawBody: Buffer | undefined): Promise<void> {
    const out = await this.webhook.handle(
      { method: req.method, query: req.query as Record<string, string>, rawBody },
      (msg) => this.answer(msg),
    );
    send(res, out.status, out.contentType, out.body);
  }
}

/** Node's own response: no ETag to hash (WeChat never revalidates), and no body to a HEAD request. */
function send(res: Response, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Rejects after ms; the work itself carries on (its dedup row makes a later replay of it a no-op). */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the database in ${ms} ms`)), ms);
  });
  work.catch(() => undefined); // a late failure is the replay's business
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
