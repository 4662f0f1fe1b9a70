import { Inject, Injectable, Logger } from '@nestjs/common';
import { buildSignedInbound, WechatWebhook, type InboundMessage, type PassiveReply, type WebhookRequest } from '@msz/wechat';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { refuseNulInUrl } from '../../common/http/request-guards';
import { ConversationService } from './conversation.service';
import { readBody } from './read-body';
import { IntakeJournalService } from './intake-journal.service';
import { BUSY, RECEIVED } from './replies';
import { LIFE_AT_RISK_ADVICE, isEmergency } from '@msz/domain';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

/** WeChat waits 5 s for the reply; a database that has not answered by then is treated as away. */
const HANDLE_DEADLINE_MS = 3_000;

/** Where WeChat calls: the URL configured in its admin console. */
export const WEBHOOK_PATH = '/wechat';

/**
 * The URLs the server's own request listener takes: exactly WEBHOOK_PATH, with a query of printable
 * characters and no NUL (%00) or fragment. Anything else — /wechat/, /WeChat, a NUL — goes through
 * Express as before, where the middleware below (or the route table) answers it.
 */
const PLAIN_WEBHOOK_URL = new RegExp(`^${WEBHOOK_PATH}(?:\\?(?!.*%00)[\\x21-\\x22\\x24-\\x7e]*)?$`);

/** Express's own query parser ('query parser fn'): the listener reads the query as Express would. */
export type QueryParser = (query: string) => Record<string, unknown>;

/** An error of a request the listener began: Express's error handler answers it (see `middleware`). */
const FAILED = Symbol('webhook failed');
type HandedOver = IncomingMessage & { [FAILED]?: unknown };

/**
 * WeChat's callback URL. Public by nature: every request is proven by its signature instead.
 *
 * Served by the HTTP server's own request listener, ahead of Express (`ahead`), rather than as a
 * Nest route: it answers WeChat's servers, never a browser, and reads its own body, so helmet's
 * headers, the JSON and form parsers, CORS, Nest's router, guard and pipes did nothing for it but
 * cost a fifth of its CPU, and Express's own request set-up and router another twentieth.
 * Requests the listener does not take, and errors, go on to Express and the application's error
 * handler, which answers as Nest's filter would.
 */
@Injectable()
export class WebhookEndpoint {
  private readonly logger = new Logger('Webhook');

  constructor(
    private readonly webhook: WechatWebhook,
    private readonly conversation: ConversationService,
    private readonly journal: IntakeJournalService,
    @Inject('WEBHOOK_MAX_BODY') private readonly maxBody: number,
    private readonly taxonomy: TaxonomyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Before the server takes traffic: made-up residents, one group per connection of the pool at
   * once, each send a complaint and then a follow-up, signed (and in safe mode encrypted) as WeChat
   * does. Their messages go through the webhook's checks, parsing and reply, then through the
   * filing path in transactions that are rolled back (ConversationService.rehearse): nothing of
   * them is kept, and no request is made to WeChat. The first real wave of residents on a fresh
   * server then meets compiled code, open connections and prepared statements. Returns the replies
   * the made-up residents would have read.
   */
  async rehearse(connections: number, residentsPerConnection: number): Promise<PassiveReply[]> {
    const groups = await Promise.all(
      Array.from({ length: connections }, async (_, g) => {
        const rounds: InboundMessage[][] = [];
        for (let round = 0; round < 2; round++) {
          const messages: InboundMessage[] = [];
          for (let r = 0; r < residentsPerConnection; r++) messages.push(await this.parsedByWebhook(`oRehearsal${g}x${r}`.padEnd(28, '0'), rehearsalText(g + r, round)));
          rounds.push(messages);
        }
        // A day long past per group: each makes (and takes back) its own case-number sequences, so none waits for another's.
        return this.conversation.rehearse(rounds, new Date(Date.UTC(2000, 0, 1 + 2 * g, 4)));
      }),
    );
    return groups.flat();
  }

  /** A made-up message as WeChat would POST it, through the webhook's own checks and parsing. */
  private async parsedByWebhook(openid: string, content: string): Promise<InboundMessage> {
    const wechat = this.config.wechat;
    const { query, body } = buildSignedInbound(
      { token: wechat.token, appid: wechat.appid, encodingAESKey: wechat.encodingAESKey },
      { ToUserName: 'gh_rehearsal', FromUserName: openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: content, MsgId: ++rehearsalMsgIds },
    );
    let parsed: InboundMessage | undefined;
    const out = await this.webhook.handle({ method: 'POST', query, rawBody: Buffer.from(body) }, async (msg) => {
      parsed = msg;
      return { type: 'text', content: RECEIVED };
    });
    if (out.status !== 200 || !parsed) throw new Error(`the webhook refused its own rehearsal (${out.status} ${out.refusal ?? ''})`);
    return parsed;
  }

  /**
   * The HTTP server's request listener: the webhook's own requests (POST, GET and HEAD on
   * PLAIN_WEBHOOK_URL) are served here; every other request, and one that failed, goes to Express.
   */
  ahead(express: RequestListener, parseQuery: QueryParser): RequestListener {
    return (req, res) => {
      const url = req.url ?? '';
      if (!isWebhookMethod(req.method) || !PLAIN_WEBHOOK_URL.test(url)) return express(req, res);
      const at = url.indexOf('?');
      const query = parseQuery(at < 0 ? '' : url.slice(at + 1)) as WebhookRequest['query'];
      this.serve(req, res, query).catch((err: unknown) => {
        (req as HandedOver)[FAILED] = err;
        express(req, res);
      });
    };
  }

  /** Express middleware for WEBHOOK_PATH: what the listener left to Express (404 beyond GET, HEAD and POST on it). */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (FAILED in req) return next((req as HandedOver)[FAILED]);
    // Mounted at WEBHOOK_PATH: `req.path` is what follows it, so /wechat/anything is not ours.
    const ours = req.path === '/' && isWebhookMethod(req.method);
    if (!ours) return next();
    refuseNulInUrl(req, res, (refused?: unknown) => {
      if (refused) return next(refused);
      this.serve(req, res, req.query as WebhookRequest['query']).catch(next);
    });
  };

  private async serve(req: IncomingMessage, res: ServerResponse, query: WebhookRequest['query']): Promise<void> {
    if (req.method !== 'POST') return this.exchange(req, res, query, undefined);
    const body = await readBody(req, this.maxBody);
    if (body === 'too_large') return send(res, 413, 'text/plain; charset=utf-8', 'body too large');
    await this.exchange(req, res, query, body);
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
      if (msg.MsgType === 'event') return null;
      // The case waits for the database, the emergency numbers must not: the classifier needs no database.
      const said = String(msg.Content ?? msg.Recognition ?? '');
      return { type: 'text', content: said && isEmergency(this.taxonomy.suggest(said).urgency) ? `${LIFE_AT_RISK_ADVICE}\n${RECEIVED}` : RECEIVED };
    } catch (err) {
      this.logger.error(`message from ${msg.FromUserName.slice(0, 6)}… lost: the journal refused it (${(err as Error).message})`);
      return { type: 'text', content: BUSY };
    }
  }

  private async exchange(req: IncomingMessage, res: ServerResponse, query: WebhookRequest['query'], rawBody: Buffer | undefined): Promise<void> {
    const out = await this.webhook.handle(
      { method: req.method ?? '', query, rawBody },
      (msg) => this.answer(msg),
    );
    send(res, out.status, out.contentType, out.body);
  }
}

let rehearsalMsgIds = 0;

// Made-up complaints for the rehearsal (place × problem, so the classifier reads varied texts).
const REHEARSAL_PLACES = ['城关镇西街', '河口村二组', '新城社区3栋', '白沙镇中心小学旁', '东风路菜场门口'];
const REHEARSAL_PROBLEMS = ['路灯晚上不亮', '垃圾桶满了没人清运', '水管漏水流到路上', '楼下烧烤油烟太大', '村道上的坑越来越大'];
const REHEARSAL_FOLLOW_UPS = ['已经好几天了', '麻烦尽快来看看', '附近老人小孩多', '上次反映过还没解决'];

function rehearsalText(n: number, round: number): string {
  if (round > 0) return REHEARSAL_FOLLOW_UPS[n % REHEARSAL_FOLLOW_UPS.length];
  return REHEARSAL_PLACES[n % REHEARSAL_PLACES.length] + REHEARSAL_PROBLEMS[Math.floor(n / REHEARSAL_PLACES.length) % REHEARSAL_PROBLEMS.length];
}

function isWebhookMethod(method: string | undefined): boolean {
  return method === 'POST' || method === 'GET' || method === 'HEAD';
}

/** Node's own response: no ETag to hash (WeChat never revalidates), and no body to a HEAD request. */
function send(res: ServerResponse, status: number, contentType: string, body: string): void {
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
