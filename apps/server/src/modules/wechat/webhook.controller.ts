import { Controller, Get, Inject, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { WechatWebhook, type InboundMessage, type PassiveReply } from '@msz/wechat';
import type { Request, Response } from 'express';
import { Public } from '../../common/auth/principal';
import { ConversationService } from './conversation.service';
import { readBody } from './read-body';
import { BUSY } from './replies';

/** WeChat's callback URL. Public by nature: every request is proven by its signature instead. */
@ApiExcludeController()
@Controller('wechat')
export class WebhookController {
  private readonly logger = new Logger('Webhook');

  constructor(
    private readonly webhook: WechatWebhook,
    private readonly conversation: ConversationService,
    @Inject('WEBHOOK_MAX_BODY') private readonly maxBody: number,
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

  /** A failure here must still answer: an error page makes WeChat show "该公众号暂时无法提供服务". */
  private async answer(msg: InboundMessage): Promise<PassiveReply> {
    try {
      return await this.conversation.handle(msg);
    } catch (err) {
      this.logger.error(`message from ${msg.FromUserName.slice(0, 6)}… not handled: ${(err as Error).message}`);
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
