import { INestApplication, Logger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { FakeWechat } from '@msz/wechat';
import { json } from 'express';
import helmet from 'helmet';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { bodyParserErrors } from './common/errors/error.filter';
import { CONTENT_SECURITY_POLICY, withInlineScripts } from './common/http/content-security-policy';
import { refuseNulInUrl, verifyJsonBody } from './common/http/request-guards';

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
    logger: opts.logger ?? ['log', 'error', 'warn'],
    bodyParser: true,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(helmet({ contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY } }));
  app.use(refuseNulInUrl);
  // The fake reads its own bodies (as WeChat's servers would), so it goes before any parser.
  if (fakeWechat) app.use('/__wechat', fakeWechat.handler);
  // Evidence photos arrive as base64 JSON; every other route keeps the small limit (beyond it: 413).
  app.use(['/api/cases/:id/evidence', '/api/my/cases/:id/photos'], json({ limit: '6mb', verify: verifyJsonBody }));
  app.useBodyParser('json', { limit: '256kb', verify: verifyJsonBody });
  app.useBodyParser('urlencoded', { limit: '256kb', extended: true });
  // Right after the parsers: their refusals (size, syntax, depth, NUL) answer like any other error, never a 500.
  app.use(bodyParserErrors());
  app.useGlobalPipes(new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true }));
  app.enableShutdownHooks();
  app.enableCors({ origin: config.corsOrigins, allowedHeaders: ['authorization', 'content-type', 'idempotency-key'], maxAge: 600 });

  if (config.sandbox && existsSync(join(config.h5Dir, 'index.html'))) {
    // The h5 build inlines Taro's rem-sizing script: its pages allow that script by its hash.
    const h5Policy = withInlineScripts(readFileSync(join(config.h5Dir, 'index.html'), 'utf8'));
    app.use('/app', (_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
      res.setHeader('content-security-policy', h5Policy);
      next();
    });
    app.useStaticAssets(config.h5Dir, { prefix: '/app/' });
  }
  SwaggerModule.setup('api/docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  return { app, fakeWechat };
}

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

export function logStartup(config: AppConfig): void {
  const logger = new Logger('Boot');
  logger.log(`民声直达 listening on http://localhost:${config.port}`);
  if (config.sandbox) logger.log(`sandbox: open http://localhost:${config.port}/sandbox (no WeChat account configured)`);
}
