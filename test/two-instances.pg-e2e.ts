import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { loadConfig } from '@msz/server/config/app-config';
import { buildApp } from '@msz/server/app.factory';
import { OutboxService } from '@msz/server/modules/notifications/outbox.service';
import type { INestApplication } from '@nestjs/common';
import { Resident } from './support/resident';
import { Staff } from './support/staff';

/**
 * Two server instances on one PostgreSQL database, as a city would run them behind a load balancer.
 * Needs a real server: PGlite is one connection in one process.
 */
describe('two server instances on one PostgreSQL database', () => {
  let first: TestApp;
  let second: INestApplication;
  let secondUrl: string;

  beforeAll(async () => {
    first = await createTestApp();
    expect(first.config.databaseUrl).toBeTruthy();
    // The second instance: same database, same fake WeChat, its own process state.
    const built = await buildApp(loadConfig({ ...envOf(first) }), { logger: ['error'] });
    second = built.app;
    await second.listen(0, '127.0.0.1');
    secondUrl = `http://127.0.0.1:${(second.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('issues unique, gap-free case numbers to residents filing on both at once', async () => {
    const filings = Array.from({ length: 40 }, (_, i) =>
      new Resident(i % 2 ? first.baseUrl : secondUrl, `o_concurrent_${String(i).padStart(3, '0')}`).say(`八台镇第${i}号路灯坏了，晚上很黑`),
    );
    const replies = await Promise.all(filings);
    const numbers = replies.map((r) => r.reply!.match(/MS\d{8}-(\d{4})/)![1]).map(Number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('delivers each notification exactly once when both instances drain the outbox together', async () => {
    const dispatcher = await Staff.login(first.baseUrl, 'dispatcher');
    const units = (await dispatcher.call('GET', '/api/units')).body as Array<{ id: string; name: string }>;
    const batai = units.find((u) => u.name === '八台镇')!.id;
    const { items } = (await dispatcher.call('GET', '/api/cases?status=accepted&limit=200')).body;
    await Promise.all(items.map((c: { id: string }) => dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: batai })));

    const before = first.wechat.sent.length;
    const [a, b] = await Promise.all([first.outbox.drain(), second.get(OutboxService).drain()]);
    expect(a + b).toBe(items.length);
    const assigned = first.wechat.sent.slice(before).filter((m) => m.touser === 'o_demo_handler_batai');
    expect(assigned).toHaveLength(items.length);
    expect(new Set(assigned.map((m) => m.client_msg_id)).size).toBe(items.length);
    const [{ pending }] = await first.ds.query(`SELECT count(*)::int AS pending FROM outbox_message WHERE status <> 'sent'`);
    expect(pending).toBe(0);
  });
});

function envOf(app: TestApp): Record<string, string> {
  const c = app.config;
  return {
    DATABASE_URL: c.databaseUrl!,
    WECHAT_TOKEN: c.wechat.token,
    WECHAT_APPID: c.wechat.appid,
    WECHAT_APPSECRET: c.wechat.secret,
    WECHAT_API_BASE: c.wechat.apiBase,
    WECHAT_TEMPLATE_ASSIGNED: c.wechat.templates.assigned,
    WECHAT_TEMPLATE_ANSWERED: c.wechat.templates.answered,
    WECHAT_TEMPLATE_REOPENED: c.wechat.templates.reopened,
    AUTH_SECRET: c.authSecret,
    SEED_DEMO: 'true',
    WORKER_POLL_MS: '0',
  };
}
