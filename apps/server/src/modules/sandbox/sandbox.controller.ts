import { Body, Controller, Get, Header, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { buildSignedInbound, FakeWechat, readPassiveReply } from '@msz/wechat';
import { IsIn, IsNotEmpty, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import type { Request, Response } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Public } from '../../common/auth/principal';
import { withInlineScripts } from '../../common/http/content-security-policy';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

const KINDS = ['text', 'image', 'voice', 'video', 'location', 'subscribe'] as const;

class ResidentMessageDto {
  @IsString() @Matches(/^[A-Za-z0-9_-]{4,64}$/) openid!: string;
  @IsOptional() @IsIn(KINDS) kind: (typeof KINDS)[number] = 'text';
  /** The text, a voice message's recognised words, or a location's label. */
  @ValidateIf((o: ResidentMessageDto) => o.kind === 'text') @IsString() @IsNotEmpty() @MaxLength(2000) text?: string;
  @IsOptional() @IsNumber() @Min(-90) @Max(90) lat?: number;
  @IsOptional() @IsNumber() @Min(-180) @Max(180) lng?: number;
}

/** Tiny but real media, so the background download has something to store. */
const SAMPLE_MEDIA = {
  image: { contentType: 'image/png', data: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64') },
  voice: { contentType: 'audio/amr', data: Buffer.concat([Buffer.from('#!AMR\n'), Buffer.alloc(320)]) },
  video: { contentType: 'video/mp4', data: Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(64)]) },
} as const;

let nextMsgId = Date.now() * 1000;

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** An article's HTML as its paragraphs' text and its images, in order. */
export function articleBlocks(html: string): Array<{ text: string } | { image: string; alt: string }> {
  const blocks: Array<{ text: string } | { image: string; alt: string }> = [];
  for (const m of html.matchAll(/<p\b[^>]*>([\s\S]*?)<\/p>|(<img\b[^>]*>)/gi)) {
    const part = m[1] ?? m[2] ?? '';
    for (const img of part.matchAll(/<img\b[^>]*?\bsrc="([^"]*)"[^>]*>/gi)) {
      const alt = /\balt="([^"]*)"/.exec(img[0])?.[1] ?? '';
      blocks.push({ image: `/sandbox/api/article-image?url=${encodeURIComponent(decode(img[1]))}`, alt: decode(alt) });
    }
    const text = decode(part.replace(/<[^>]*>/g, '')).trim();
    if (text) blocks.push({ text });
  }
  return blocks;
}

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

  /** The server's policy, plus the page's own inline script by its hash. */
  private readonly csp = withInlineScripts(this.page);

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  index(@Res({ passthrough: true }) res: Response): string {
    res.setHeader('content-security-policy', this.csp);
    return this.page;
  }

  /** Sends a message as WeChat would: signed XML to our own /wechat, through the real webhook. */
  @Post('api/resident/send')
  @HttpCode(200)
  async send(@Req() req: Request, @Body() body: ResidentMessageDto): Promise<{ reply: string | null }> {
    const wechat = { token: this.config.wechat.token, appid: this.config.wechat.appid, encodingAESKey: this.config.wechat.encodingAESKey };
    // Real WeChat knows the resident just wrote: the 48 h customer-service window opens.
    this.fake.userMessagedAt(body.openid);
    const signed = buildSignedInbound(wechat, {
      ToUserName: 'gh_sandbox',
      FromUserName: body.openid,
      CreateTime: Math.floor(Date.now() / 1000),
      ...this.fields(body),
    });
    const url = `http://127.0.0.1:${req.socket.localPort}/wechat?${new URLSearchParams(signed.query).toString()}`;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: signed.body });
    const text = await res.text();
    return { reply: res.ok ? (readPassiveReply(wechat, text)?.Content ?? null) : `(HTTP ${res.status}) ${text}` };
  }

  /** The XML fields WeChat would send for this kind of message; media is first placed on the fake WeChat API. */
  private fields(body: ResidentMessageDto): Record<string, string | number> {
    const msgId = String(nextMsgId++);
    switch (body.kind) {
      case 'text':
        return { MsgType: 'text', Content: body.text ?? '', MsgId: msgId };
      case 'image':
      case 'voice':
      case 'video': {
        const mediaId = `sandbox_${body.kind}_${msgId}`;
        this.fake.addMedia(mediaId, { ...SAMPLE_MEDIA[body.kind], kind: body.kind });
        const recognition: Record<string, string> = body.kind === 'voice' && body.text ? { Recognition: body.text, Format: 'amr' } : {};
        return { MsgType: body.kind, MediaId: mediaId, ...recognition, MsgId: msgId };
      }
      case 'location':
        return { MsgType: 'location', Location_X: body.lat ?? 32.16, Location_Y: body.lng ?? 108.06, Scale: 15, Label: body.text ?? '', MsgId: msgId };
      case 'subscribe':
        return { MsgType: 'event', Event: 'subscribe' };
    }
  }

  /**
   * The articles published on the fake Official Account, newest first, as blocks of plain text and
   * images (the page builds them with textContent: nothing of an article runs as HTML here).
   */
  @Get('api/articles')
  articles(): unknown[] {
    return this.fake
      .publishedArticles()
      .reverse()
      .map(({ publication, draft }) => ({
        at: publication.at,
        url: publication.articleUrls[0] ?? null,
        articles: draft.articles.map((a) => ({ title: a.title, author: a.author ?? '', digest: a.digest ?? '', blocks: articleBlocks(a.content) })),
      }));
  }

  /** An image an article holds, as the fake WeChat CDN keeps it. */
  @Get('api/article-image')
  articleImage(@Query('url') url: string, @Res() res: Response): void {
    const image = this.fake.images.find((i) => i.url === url);
    if (!image) {
      res.status(404).end();
      return;
    }
    res.setHeader('content-type', image.contentType);
    res.end(image.data);
  }

  /** What the fake WeChat API was asked to deliver, newest last. */
  @Get('api/messages')
  messages(@Query('since') since?: string): unknown[] {
    const from = Number(since ?? 0) || 0;
    return this.fake.sent.filter((m) => m.at > from);
  }
}
