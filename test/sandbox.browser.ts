/**
 * The /sandbox page in headless Chromium against the real server: the dispatcher's 转办 (the
 * suggestion preselected, search by pinyin initials, villages under their town) and the chat
 * showing a long answer in full. Runs where the browser tests run (jest.config.js).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { OutboxService } from '@msz/server/modules/notifications/outbox.service';
import { createSandboxApp } from '@msz/server/testing/test-app';
import { Staff } from './support/staff';

const SHOTS = join(__dirname, '..', 'test-output', 'screenshots');
const WAIT = 15_000;

describe('the sandbox page in Chromium', () => {
  let sandbox: Awaited<ReturnType<typeof createSandboxApp>>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    sandbox = await createSandboxApp();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      timeout: 30_000,
    });
    page = await browser.newPage({ viewport: { width: 1500, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.setDefaultTimeout(WAIT);
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('routes with the suggestion preselected or a unit found by its initials, and shows a long answer in full', async () => {
    await page.goto(`${sandbox.baseUrl}/sandbox`);
    await page.fill('#text', '香炉村通村公路塌方了，车过不去');
    await page.click('#say button');

    const picker = page.locator('#d-cases .picker').first();
    const select = picker.locator('select');
    await select.locator('option').first().waitFor({ state: 'attached' });
    const dispatcher = await Staff.login(sandbox.baseUrl, 'dispatcher');
    const { items } = (await dispatcher.call('GET', '/api/cases?status=accepted')).body;
    const id = items[0].id as string;
    const { suggestion } = (await dispatcher.call('GET', `/api/cases/${id}/unit-choices`)).body;
    expect(suggestion.unitId).not.toBeNull();
    await expect(picker.locator('.suggest').textContent()).resolves.toBe(`建议转给 ${suggestion.unitName}：${suggestion.reason}`);
    await expect(select.inputValue()).resolves.toBe(suggestion.unitId);
    await page.screenshot({ path: join(SHOTS, 'sandbox-assign.png') });

    await picker.locator('input').fill('btz');
    const shown = await select.locator('option').allTextContents();
    expect(shown.map((s) => s.trim())).toEqual(expect.arrayContaining(['八台镇', '香炉村', '龙门村']));
    expect(shown.some((s) => s.includes('井溪镇'))).toBe(false);
    await picker.screenshot({ path: join(SHOTS, 'sandbox-assign-search.png') });
    const xianglu = await select.locator('option', { hasText: '香炉村' }).getAttribute('value');
    await select.selectOption(xianglu!);
    await picker.locator('button', { hasText: '转办' }).click();
    await page.locator('#d-cases .status', { hasText: '已转办' }).first().waitFor();
    expect((await dispatcher.call('GET', `/api/cases/${id}`)).body.unitId).toBe(xianglu);

    const answer = '已安排挖掘机清理塌方，今天下午五点前恢复通行，路边加装了警示桩，请过往车辆慢行。';
    const cadre = await Staff.login(sandbox.baseUrl, 'cadre-batai-1');
    expect((await cadre.call('POST', `/api/cases/${id}/sign-for`)).status).toBe(200);
    expect((await cadre.call('POST', `/api/cases/${id}/answer`, { text: answer })).status).toBe(200);
    await sandbox.app.get(OutboxService).drain();

    // The template carries what fits; the full answer follows as an ordinary chat message.
    await page.locator('#chat .bubble.oa', { hasText: answer }).waitFor();
    const templates = await page.locator('#chat .bubble.tpl').allTextContents();
    expect(templates.length).toBeGreaterThan(0);
    for (const t of templates) expect(t.replace('【模板消息】', '').trim()).not.toBe('');

    // The whole page with a second demand, placed by the resident's location, waiting to be routed.
    await page.fill('#openid', 'o_demo_resident_02');
    await page.click('#kinds button[data-kind="location"]');
    await page.fill('#text', '井溪镇老街的路灯坏了一个月');
    await page.click('#say button');
    await page.locator('#d-cases .case', { hasText: '井溪镇老街的路灯' }).locator('.picker').waitFor();
    await expect(page.locator('#d-cases .case', { hasText: '井溪镇老街的路灯' }).textContent()).resolves.toMatch(/位置：井溪镇/);
    await page.screenshot({ path: join(SHOTS, 'sandbox.png') });
    expect(problems).toEqual([]);
  });
});
