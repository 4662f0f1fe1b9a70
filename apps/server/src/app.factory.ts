import { INestApplication, Logger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { FakeWechat } from '@msz/wechat';
import { json, raw } from 'express';
import helmet from 'helmet';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { RequestListener, Server } from 'node:http';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { connectionsOf } from './database/data-source';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module';
import { ValidationFailed } from './common/errors/validation';
import { StartLogger } from './common/logging/start-logger';
import type { AppConfig } from './config/app-config';
import { bodyParserErrors } from './common/errors/error.filter';
import { CONTENT_SECURITY_POLICY, withInlineScripts } from './common/http/content-security-policy';
import { refuseNulInUrl, verifyJsonBody } from './common/http/request-guards';
import { type QueryParser, WEBHOOK_PATH, WebhookEndpoint } from './modules/wechat/webhook.endpoint';

export interface BuiltApp {
  app: INestApplication;
  fakeWechat?: FakeWechat;
}

/** Builds the whole application the same way for the server, the sandbox and the tests. */
export async function buildApp(config: AppConfig, opts: { logger?: false | Array<'log' | 'error' | 'warn'> } = {}): Promise<BuiltApp> {
  // The sandbox hosts WeChat's API itself, so a newcomer needs no account and no network.
  const fakeWechat = config.sandbox
    ? new FakeWechat({
        appid: config.wechat.appid,
        secret: config.wechat.secret,
        templateIds: [
          ...Object.values(config.wechat.templates),
          ...Object.values(config.wechat.subscribeTemplates.miniprogram),
          ...Object.values(config.wechat.subscribeTemplates.oa),
        ],
        miniprogram: config.wechat.miniprogram,
      })
    : undefined;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, fakeWechat }), {
    logger: opts.logger ?? new StartLogger(),
    bodyParser: true,
  });
  // Idle keep-alive connections outlive the clients' own idle timeouts (undici: 4 s; load balancers:
  // 60 s), so the server never closes a socket just as a client reuses it (ECONNRESET under load).
  const http = app.getHttpServer() as Server;
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // WeChat's callback first: it needs none of what follows (see WebhookEndpoint). The server's
  // request listener serves it ahead of Express; what that leaves to Express starts here.
  const webhook = app.get(WebhookEndpoint);
  serveAheadOfExpress(http, app, webhook);
  app.use(WEBHOOK_PATH, webhook.middleware);
  app.use(helmet({ contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY } }));
  app.use(refuseNulInUrl);
  // The fake reads its own bodies (as WeChat's servers would), so it goes before any parser.
  if (fakeWechat) app.use('/__wechat', fakeWechat.handler);
  // Evidence photos arrive as base64 JSON; every other route keeps the small limit (beyond it: 413).
  app.use(['/api/cases/:id/evidence', '/api/my/cases/:id/photos'], json({ limit: '6mb', verify: verifyJsonBody }));
  // WeChat Pay signs the exact bytes of its callback: that route keeps them raw.
  app.use('/api/wechatpay/notify', raw({ type: () => true, limit: '64kb' }));
  app.useBodyParser('json', { limit: '256kb', verify: verifyJsonBody });
  app.useBodyParser('urlencoded', { limit: '256kb', extended: true });
  // Right after the parsers: their refusals (size, syntax, depth, NUL) answer like any other error, never a 500.
  app.use(bodyParserErrors());
  app.useGlobalPipes(
    new ValidationPipe({
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: true,
      // The target names the request (AnswerCaseDto) so a field reads as 「答复内容」, not 「内容」; it is never sent.
      validationError: { target: true, value: false },
      exceptionFactory: (errors) => new ValidationFailed(errors),
    }),
  );
  app.enableCors({ origin: config.corsOrigins, allowedHeaders: ['authorization', 'content-type', 'idempotency-key'], maxAge: 600 });

  if (config.sandbox) serveH5App(app, config.h5Dir);
  SwaggerModule.setup('api/docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  return { app, fakeWechat };
}

/** Made-up residents per connection of the pool in the warm-up (about 200 first contacts in all, as many follow-ups). */
const WARM_UP_FIRST_CONTACTS = 200;
const WARM_UP_MAX_PER_CONNECTION = 32;

/**
 * Before the server takes traffic (after buildApp, before listen): every connection of the
 * database pool is opened and the webhook's whole path rehearsed on it with made-up residents,
 * nothing kept (WebhookEndpoint.rehearse). A freshly started server's first wave of residents
 * would otherwise pay for the code's compilation, the connections and the statements' planning.
 * A failure only costs the warmth: it is logged and the server starts. Returns the messages rehearsed.
 */
export async function warmUp(app: INestApplication): Promise<number> {
  const logger = new Logger('Boot');
  const started = Date.now();
  const connections = connectionsOf(app.get(DataSource));
  const perConnection = Math.min(WARM_UP_MAX_PER_CONNECTION, Math.ceil(WARM_UP_FIRST_CONTACTS / connections));
  try {
    const rehearsed = await app.get(WebhookEndpoint).rehearse(connections, perConnection);
    logger.log(`warmed up in ${Date.now() - started} ms: ${rehearsed.length} made-up messages on ${connections} database connection${connections === 1 ? '' : 's'}, none kept`);
    return rehearsed.length;
  } catch (err) {
    logger.warn(`warm-up stopped (${err instanceof Error ? err.message : String(err)}); starting cold`);
    return 0;
  }
}

/** Puts the webhook's request listener in front of Express's (the only listener Nest gives the server). */
function serveAheadOfExpress(http: Server, app: NestExpressApplication, webhook: WebhookEndpoint): void {
  const express = app.getHttpAdapter().getInstance() as RequestListener & { get(setting: string): unknown };
  const listeners = http.listeners('request');
  if (listeners.length !== 1 || listeners[0] !== express) throw new Error('the HTTP server is not served by Express alone: the webhook cannot go ahead of it');
  const parseQuery = express.get('query parser fn') as QueryParser | undefined;
  http.removeListener('request', express);
  // Express with its query parsing turned off gives an empty query: so does the listener then.
  http.on('request', webhook.ahead(express, parseQuery ?? (() => Object.create(null) as Record<string, unknown>)));
}

/**
 * The mini-program's h5 build at /app/. `pnpm start` builds it beside the running server, so until
 * its index.html is there /app/ says so and reloads itself instead of answering 404.
 */
function serveH5App(app: NestExpressApplication, h5Dir: string): void {
  const index = join(h5Dir, 'index.html');
  // The h5 build inlines Taro's rem-sizing script: its pages allow that script by its hash, read
  // again whenever a rebuild replaces index.html.
  let policy: { mtimeMs: number; value: string } | null = null;
  const h5Policy = (): string => {
    const { mtimeMs } = statSync(index);
    if (policy?.mtimeMs !== mtimeMs) policy = { mtimeMs, value: withInlineScripts(readFileSync(index, 'utf8')) };
    return policy.value;
  };
  app.use('/app', (_req: Request, res: Response, next: NextFunction) => {
    if (!existsSync(index)) {
      res.status(503).set('Retry-After', '10').type('html').send(H5_BEING_BUILT);
      return;
    }
    res.setHeader('content-security-policy', h5Policy());
    next();
  });
  app.useStaticAssets(h5Dir, { prefix: '/app/' });
}

const H5_BEING_BUILT = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="refresh" content="10">
<title>民声直达 · 正在准备</title></head><body style="font:20px/1.6 sans-serif;margin:2em;color:#1a1a1a">
<h1 style="font-size:24px">小程序页面正在准备</h1><p>第一次启动要一两分钟，好了这个页面会自己打开，不用关闭。</p>
<p style="color:#444">（pnpm start 正在生成 h5 页面，进度见 data/h5-build.log）</p></body></html>`;

/** The OpenAPI document the mini-program's typed client is generated from. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const doc = new DocumentBuilder()
    .setTitle('民声直达 API')
    .setDescription('Staff and mini-program API of Minsheng Zhida')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, doc);
}

/** Where to go, in a few lines: the first thing a newcomer reads after `pnpm start`. */
export function startupLines(config: AppConfig, h5Built = existsSync(config.h5Dir)): string[] {
  const base = `http://localhost:${config.port}`;
  const lines = [`民声直达 is running: ${base}  (Ctrl-C stops it)`];
  if (config.sandbox) {
    lines.push(`  ${base}/sandbox   sandbox: chat as a resident, route as the dispatcher, answer as a handler (no WeChat account configured)`);
    lines.push(h5Built ? `  ${base}/app/      the mini-program (h5 build)` : `  /app/ is not built yet: run \`pnpm run build:miniprogram\`, then start again`);
  }
  lines.push(`  ${base}/api/docs  the API`);
  return lines;
}

export function logStartup(config: AppConfig): void {
  const logger = new Logger('Boot');
  for (const line of startupLines(config)) logger.log(line);
}
