import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxService } from '@msz/server/modules/notifications/outbox.service';
import { createSandboxApp } from '@msz/server/testing/test-app';
import { Staff } from './support/staff';

/** The newcomer's path: no WeChat account, the fake WeChat API hosted by the server itself, the /sandbox page. */
describe('sandbox mode', () => {
  let sut: Awaited<ReturnType<typeof createSandboxApp>>;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    sut = await createSandboxApp();
    expect(sut.config.sandbox).toBe(true);
    app = sut.app;
    base = sut.baseUrl;
  });
  afterAll(() => sut?.close());

  const say = async (text: string) => {
    const res = await fetch(`${base}/sandbox/api/resident/send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid: 'o_sandbox_resident', text }) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { reply: string }).reply;
  };
  const sent = async () => (await (await fetch(`${base}/sandbox/api/messages`)).json()) as Array<{ touser: string; template_id: string; data: Record<string, { value: string }> }>;

  it('serves the simulator page', async () => {
    const res = await fetch(`${base}/sandbox`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).toContain('民声直达 · 沙盒');
    // The dispatcher's routing box says when the classifier was unsure.
    expect(page).toContain('系统不确定，请核对');
  });

  it('runs the whole loop through the signed webhook and the self-hosted fake WeChat API', async () => {
    const number = (await say('八台镇中学门口的路灯坏了')).match(/MS\d{8}-\d{4}/)![0];
    const dispatcher = await Staff.login(base, 'dispatcher');
    const units = (await dispatcher.call('GET', '/api/units')).body as Array<{ id: string; name: string }>;
    const c = (await dispatcher.call('GET', '/api/cases?status=accepted')).body.items.find((x: { number: string }) => x.number === number);
    await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: units.find((u) => u.name === '八台镇')!.id });

    const handler = await Staff.login(base, 'batai');
    await handler.call('POST', `/api/cases/${c.id}/sign-for`);
    await handler.call('POST', `/api/cases/${c.id}/answer`, { text: '路灯已修好' });
    await app.get(OutboxService).drain();

    const messages = await sent();
    expect(messages.find((m) => m.touser === 'o_demo_handler_batai')?.data.character_string1.value).toBe(number);
    expect(messages.find((m) => m.touser === 'o_sandbox_resident')?.data.thing2.value).toBe('路灯已修好');
    expect(await say('1')).toContain('已办结');
  });

  it('sends every kind of message a resident can send', async () => {
    const send = async (body: Record<string, unknown>) => {
      const res = await fetch(`${base}/sandbox/api/resident/send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid: 'o_sandbox_kinds', ...body }) });
      expect(res.status).toBe(200);
      return ((await res.json()) as { reply: string }).reply;
    };
    expect(await send({ kind: 'subscribe' })).toContain('欢迎关注');
    expect(await send({ kind: 'location', lat: 32.15, lng: 108.05, text: '井溪镇老街' })).toContain('收到您的位置');
    const number = (await send({ kind: 'voice', text: '老街的路面塌了' })).match(/MS\d{8}-\d{4}/)![0];
    expect(await send({ kind: 'image' })).toContain(`照片已补充到受理编号${number}`);
    expect(await send({ kind: 'video' })).toContain(`视频已补充到受理编号${number}`);
    expect(await send({ kind: 'text', text: '就在老街口' })).toContain(`文字已补充到受理编号${number}`);

    const dispatcher = await Staff.login(base, 'dispatcher');
    const c = (await dispatcher.call('GET', '/api/cases?limit=50')).body.items.find((x: { number: string }) => x.number === number);
    const detail = (await dispatcher.call('GET', `/api/cases/${c.id}`)).body;
    expect(detail).toMatchObject({ text: '老街的路面塌了', location: { label: '井溪镇老街' } });
    expect(detail.attachments.map((a: { kind: string }) => a.kind)).toEqual(['voice', 'image', 'video']);
    const { MediaService } = await import('@msz/server/modules/media/media.service');
    expect(await app.get(MediaService).drain()).toBe(3);
  });

  it('answers /app/ with a plain "being prepared" page while the h5 build is not there, and serves it once it is', async () => {
    const h5Dir = mkdtempSync(join(tmpdir(), 'msz-h5-'));
    const other = await createSandboxApp({ H5_DIR: h5Dir });
    try {
      const pending = await fetch(`${other.baseUrl}/app/`);
      expect(pending.status).toBe(503);
      expect(pending.headers.get('retry-after')).toBe('10');
      expect(await pending.text()).toContain('小程序页面正在准备');

      writeFileSync(join(h5Dir, 'index.html'), '<!doctype html><title>h5</title>');
      const ready = await fetch(`${other.baseUrl}/app/`);
      expect(ready.status).toBe(200);
      expect(await ready.text()).toContain('<title>h5</title>');
    } finally {
      await other.close();
    }
  });

  it('refuses malformed simulator input', async () => {
    const res = await fetch(`${base}/sandbox/api/resident/send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid: '<script>', text: '' }) });
    expect(res.status).toBe(400);
  });

  it('shows a heat map the office published on the fake Official Account, with its pictures', async () => {
    const dispatcher = await Staff.login(base, 'dispatcher');
    const published = await dispatcher.call('POST', '/api/analytics/heatmap/publish', {});
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    const [latest] = (await (await fetch(`${base}/sandbox/api/articles`)).json()) as Array<{ articles: Array<{ title: string; blocks: Array<{ text?: string; image?: string }> }> }>;
    const [article] = latest.articles;
    expect(article.title).toMatch(/^民生诉求热力图/);
    expect(article.blocks.some((b) => b.text?.includes('共受理群众诉求'))).toBe(true);
    const images = article.blocks.filter((b) => b.image);
    expect(images).toHaveLength(2);
    const picture = await fetch(`${base}${images[0].image}`);
    expect(picture.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await picture.arrayBuffer()).subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});
