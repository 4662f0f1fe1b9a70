import { Body, Controller, Get, Header, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { buildSignedInbound, FakeWechat, readPassiveReply } from '@msz/wechat';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import type { Request } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Public } from '../../common/auth/principal';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

class ResidentMessageDto {
  @IsString() @Matches(/^[A-Za-z0-9_-]{4,64}$/) openid!: string;
  @IsString() @IsNotEmpty() @MaxLength(2000) text!: string;
}

let nextMsgId = Date.now() * 1000;

/**
 * The simulator. Public because the sandbox exists only when no WeChat account is configured:
 * it holds demo data and talks to the fake WeChat API hosted by this same process.
 */
@ApiExcludeController()
@Public()
@Controller('sandbox')
export class SandboxController {
  private readonly page = readFileSync(join(__dirname, 'sandbox.html'), 'utf8');

  constructor(
    private readonly fake: FakeWechat,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  index(): string {
    return this.page;
  }

  /** Sends a message as WeChat would: signed XML to our own /wechat, through the real webhook. */
  @Post('api/resident/send')
  @HttpCode(200)
  async send(@Req() req: Request, @Body() body: ResidentMessageDto): Promise<{ reply: string | null }> {
    const wechat = { token: this.config.wechat.token, appid: this.config.wechat.appid, encodingAESKey: this.config.wechat.encodingAESKey };
    const signed = buildSignedInbound(wechat, {
      ToUserName: 'gh_sandbox',
      FromUserName: body.openid,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'text',
      Content: body.text,
      MsgId: String(nextMsgId++),
    });
    const url = `http://127.0.0.1:${req.socket.localPort}/wechat?${new URLSearchParams(signed.query).toString()}`;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: signed.body });
    const text = await res.text();
    return { reply: res.ok ? (readPassiveReply(wechat, text)?.Content ?? null) : `(HTTP ${res.status}) ${text}` };
  }

  /** What the fake WeChat API was asked to deliver, newest last. */
  @Get('api/messages')
  messages(@Query('since') since?: string): unknown[] {
    const from = Number(since ?? 0) || 0;
    return this.fake.sent.filter((m) => m.at > from);
  }
}
