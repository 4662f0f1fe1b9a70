import type { INestApplication } from '@nestjs/common';
import { FakeWechat, type FakeWechatOptions } from '@msz/wechat';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildApp } from '../app.factory';
import { loadConfig, type AppConfig } from '../config/app-config';
import { MediaService } from '../modules/media/media.service';
import { OutboxService } from '../modules/notifications/outbox.service';
import { createScratchDatabase } from '../database/scratch-database';
import { writeMigratedPgliteSnapshot } from '../database/data-source';
import { MIGRATIONS } from '../database/migrations';

export const TEST_WECHAT = {
  token: 'testtoken123',
  appid: 'wxtest000000000001',
  secret: 'test-app-secret-0001',
  miniprogram: { appid: 'wxtestmini00000001', secret: 'test-mini-secret-01' },
  templates: {
    assigned: 'TPL_ASSIGNED_T',
    answered: 'TPL_ANSWERED_T',
    reopened: 'TPL_REOPENED_T',
    escalation: 'TPL_ESCALATION_T',
    digest: 'TPL_DIGEST_T',
    warning: 'TPL_WARNING_T',
    accepted: 'TPL_ACCEPTED_T',
    residentReopened: 'TPL_RESIDENT_REOPENED_T',
    emergency: 'TPL_EMERGENCY_T',
    idea: 'TPL_IDEA_T',
    league: 'TPL_LEAGUE_T',
    meeting: 'TPL_MEETING_T',
  },
  subscribeTemplates: { miniprogram: { accepted: 'SUB_MINI_ACCEPTED_T', answered: 'SUB_MINI_ANSWERED_T', reopened: 'SUB_MINI_REOPENED_T', phoneMoved: 'SUB_MINI_PHONE_MOVED_T' }, oa: { answered: 'SUB_OA_ANSWERED_T' } },
};

export interface TestApp {
  app: INestApplication;
  /** The project's fake of WeChat's API servers, listening on its own port as WeChat would. */
  wechat: FakeWechat;
  config: AppConfig;
  ds: DataSource;
  outbox: OutboxService;
  media: MediaService;
  /** Where the server listens, for HTTP clients. */
  baseUrl: string;
  close(): Promise<void>;
}

/** The environment a test server runs with, against the fake WeChat API at fakeBaseUrl. */
export function testEnv(fakeBaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    WECHAT_TOKEN: TEST_WECHAT.token,
    WECHAT_APPID: TEST_WECHAT.appid,
    WECHAT_APPSECRET: TEST_WECHAT.secret,
    WECHAT_API_BASE: fakeBaseUrl,
    WECHAT_TEMPLATE_ASSIGNED: TEST_WECHAT.templates.assigned,
    WECHAT_TEMPLATE_ANSWERED: TEST_WECHAT.templates.answered,
    WECHAT_TEMPLATE_REOPENED: TEST_WECHAT.templates.reopened,
    WECHAT_TEMPLATE_ESCALATION: TEST_WECHAT.templates.escalation,
    WECHAT_TEMPLATE_DIGEST: TEST_WECHAT.templates.digest,
    WECHAT_TEMPLATE_WARNING: TEST_WECHAT.templates.warning,
    WECHAT_TEMPLATE_ACCEPTED: TEST_WECHAT.templates.accepted,
    WECHAT_TEMPLATE_RESIDENT_REOPENED: TEST_WECHAT.templates.residentReopened,
    WECHAT_TEMPLATE_EMERGENCY: TEST_WECHAT.templates.emergency,
    WECHAT_TEMPLATE_IDEA: TEST_WECHAT.templates.idea,
    WECHAT_TEMPLATE_LEAGUE: TEST_WECHAT.templates.league,
    WECHAT_TEMPLATE_MEETING: TEST_WECHAT.templates.meeting,
    WECHAT_SUBSCRIBE_TEMPLATES: JSON.stringify(TEST_WECHAT.subscribeTemplates),
    MINIPROGRAM_APPID: TEST_WECHAT.miniprogram.appid,
    MINIPROGRAM_SECRET: TEST_WECHAT.miniprogram.secret,
    AUTH_SECRET: 'test-auth-secret-test-auth-secret-0123456789',
    WORKER_POLL_MS: '0',
    MEDIA_DIR: mkdtempSync(join(tmpdir(), 'msz-media-')),
    JOURNAL_DIR: mkdtempSync(join(tmpdir(), 'msz-journal-')),
    ANCHOR_FILE: join(mkdtempSync(join(tmpdir(), 'msz-audit-')), 'timeline-anchors.jsonl'),
    ...extra,
  };
}

/** Where tests run: the PostgreSQL server named by DATABASE_URL, or an in-memory PGlite. */
export const onPostgresServer = (): boolean => Boolean(serverUrl());

/** The PostgreSQL server the environment names, if any (read through the one configuration module). */
const serverUrl = (): string | undefined => loadConfig().databaseUrl;

/**
 * Every test app a suite starts, closed or not. A set-up that times out leaves its app booting in
 * the background; closeOpenTestApps (run after each suite, test/support/close-apps.ts) waits for
 * it and closes it, so jest never hangs on a PGlite, a server or a worker left open.
 */
const started = new Set<Promise<{ close(): Promise<void> }>>();

function track<T extends { close(): Promise<void> }>(boot: Promise<T>): Promise<T> {
  const once = boot.then((app) => {
    let closing: Promise<void> | undefined;
    const close = app.close.bind(app);
    app.close = () => (closing ??= close().finally(() => started.delete(once)));
    return app;
  });
  started.add(once);
  once.catch(() => started.delete(once));
  return once;
}

/** Closes whatever test app is still open in this suite (a second close of an app is a no-op). */
export async function closeOpenTestApps(): Promise<void> {
  const pending = [...started];
  await Promise.all(pending.map((boot) => boot.then((app) => app.close(), () => undefined)));
}

/** Runs `boot`; when it fails, undoes what was already started (in reverse) and rethrows. */
async function withCleanup<T>(boot: (onFailure: (undo: () => Promise<unknown>) => void) => Promise<T>): Promise<T> {
  const undo: Array<() => Promise<unknown>> = [];
  try {
    return await boot((u) => undo.unshift(u));
  } catch (err) {
    for (const u of undo) await u().catch(() => undefined);
    throw err;
  }
}

/**
 * Boots the real AppModule against a database of its own and a listening fake WeChat API.
 * Only WeChat's servers are replaced; everything of ours is the real thing.
 */
export function createTestApp(env: Record<string, string> = {}, fakeOptions: Pick<FakeWechatOptions, 'openPlatform'> = {}): Promise<TestApp> {
  return track(withCleanup((onFailure) => bootTestApp(env, fakeOptions, onFailure)));
}

async function bootTestApp(env: Record<string, string>, fakeOptions: Pick<FakeWechatOptions, 'openPlatform'>, onFailure: (undo: () => Promise<unknown>) => void): Promise<TestApp> {
  const templateIds = [...Object.values(TEST_WECHAT.templates), ...Object.values(TEST_WECHAT.subscribeTemplates.miniprogram), ...Object.values(TEST_WECHAT.subscribeTemplates.oa)];
  const wechat = new FakeWechat({ appid: TEST_WECHAT.appid, secret: TEST_WECHAT.secret, templateIds, miniprogram: TEST_WECHAT.miniprogram, ...fakeOptions });
  const fake = await wechat.listen();
  onFailure(() => fake.close());
  const server = serverUrl();
  const scratch = server ? await createScratchDatabase(server) : null;
  if (scratch) onFailure(() => scratch.drop());
  const config = loadConfig(testEnv(fake.baseUrl, { ...(scratch ? { DATABASE_URL: scratch.url } : {}), ...env }));
  config.dataDir = null; // in-memory PGlite when no server is given
  if (!scratch) config.pgliteSnapshot = await migratedPgliteSnapshot();
  // A fixture, set by the harness and not by the environment: the test server runs in production
  // mode (loadConfig refuses SEED_DEMO there), with the demo staff the tests sign in as.
  config.seedDemo = true;
  const { app } = await buildApp(config, { logger: ['error'] });
  onFailure(() => app.close());
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    wechat,
    config,
    ds: app.get(DataSource),
    outbox: app.get(OutboxService),
    media: app.get(MediaService),
    baseUrl: `http://127.0.0.1:${address.port}`,
    async close() {
      await app.close();
      await fake.close();
      await scratch?.drop();
    },
  };
}

/**
 * The newcomer's server: sandbox mode (no WeChat account), the fake WeChat API and the h5 build
 * hosted by the server itself, on a port known before boot (the sandbox calls itself through it).
 */
export interface SandboxApp {
  app: INestApplication;
  baseUrl: string;
  config: AppConfig;
  close(): Promise<void>;
}

export function createSandboxApp(env: Record<string, string> = {}): Promise<SandboxApp> {
  return track(withCleanup((onFailure) => bootSandboxApp(env, onFailure)));
}

async function bootSandboxApp(env: Record<string, string>, onFailure: (undo: () => Promise<unknown>) => void): Promise<SandboxApp> {
  const port = await freePort();
  const server = serverUrl();
  const scratch = server ? await createScratchDatabase(server) : null;
  if (scratch) onFailure(() => scratch.drop());
  const config = loadConfig({ PORT: String(port), WORKER_POLL_MS: '0', ...(scratch ? { DATABASE_URL: scratch.url } : {}), ...env });
  config.dataDir = null;
  if (!scratch) config.pgliteSnapshot = await migratedPgliteSnapshot();
  const { app } = await buildApp(config, { logger: ['error'] });
  onFailure(() => app.close());
  await app.listen(port, '127.0.0.1');
  return {
    app,
    config,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await scratch?.drop();
    },
  };
}

/**
 * A dump of a migrated in-memory PGlite, shared by every suite of a run (and later runs) on this
 * machine: keyed by the migrations' code and the PGlite version, made once by whichever suite needs it first.
 */
async function migratedPgliteSnapshot(): Promise<string> {
  // Its exports hide package.json: read the one above the resolved entry for the version.
  const entry = require.resolve('@electric-sql/pglite');
  const pgliteVersion = readFileSync(join(entry, '../../package.json'), 'utf8');
  const key = createHash('sha256').update(pgliteVersion).update(MIGRATIONS.map((m) => m.toString()).join('\n')).digest('hex').slice(0, 16);
  const file = join(tmpdir(), `msz-pglite-migrated-${key}.tar`);
  if (!existsSync(file)) await writeMigratedPgliteSnapshot(file);
  return file;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
