import { buildApp } from '@msz/server/app.factory';
import { loadConfig } from '@msz/server/config/app-config';
import { testEnv, type TestApp } from '@msz/server/testing/test-app';
import type { INestApplication } from '@nestjs/common';

export interface SecondInstance {
  readonly app: INestApplication;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/**
 * Another server on the first one's database and fake WeChat, with its own process state, as a
 * city runs two behind a load balancer. Needs a PostgreSQL server (PGlite is one process).
 */
export async function startSecondInstance(first: TestApp): Promise<SecondInstance> {
  if (!first.config.databaseUrl) throw new Error('a second instance needs DATABASE_URL (a PostgreSQL server)');
  const { app } = await buildApp(loadConfig(testEnv(first.config.wechat.apiBase, { DATABASE_URL: first.config.databaseUrl })), { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}
