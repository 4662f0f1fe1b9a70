import { Controller, Get, Inject, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { WechatWebhook, type InboundMessage, type PassiveReply } from '@msz/wechat';
import type { Request, Response } from 'express';
import { Public } from '../../common/auth/principal';
import { ConversationService } from './conversation.service';
import { readBody } from './read-body';
import { IntakeJournalService } from './intake-journal.service';
import { BUSY, RECEIVED } from './replies';
import { LIFE_AT_RISK_ADVICE, isEmergency } from '@msz/domain';
import { TaxonomyService } from '../taxonomy/taxonomy.service';

/** WeChat waits 5 s for the reply; a database that has not answered by then is treated as away. */
const HANDLE_DEADLINE_MS = 3_000;

/** WeChat's callback URL. Public by nature: every request is proven by its signature instead. */
@ApiExcludeController()
@Controller('wechat')
export class WebhookController {
  private readonly logger = new Logger('Webhook');

  constructor(
    private readonly webhook: WechatWebhook,
    private readonly conversation: ConversationService,
    private readonly journal: IntakeJournalService,
    @Inject('WEBHOOK_MAX_BODY') private readonly maxBody: number,
    private readonly taxonomy: TaxonomyService,
  ) {}

  @Public()
  @Get()
  async verify(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.exchange(req, res, undefined);
  }

  @Public()
  @Post()
  async receive(@Req() req: Request, @Res() res: Response): Promise<void> {
    const body = await readBody(req, this.maxBody);
    if (body === 'too_large') {
      res.status(413).type('text/plain').send('body too large');
      return;
    }
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
      if (msg.MsgType === 'event') return null;
      // The case waits for the database, the emergency numbers must not: the classifier needs no database.
      const said = String(msg.Content ?? msg.Recognition ?? '');
      return { type: 'text', content: said && isEmergency(this.taxonomy.suggest(said).urgency) ? `${LIFE_AT_RISK_ADVICE}\n${RECEIVED}` : RECEIVED };
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
    res.status(out.status).type(out.contentType).send(out.body);
  }
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
