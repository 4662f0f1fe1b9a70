/**
 * The content security policy the server sends (helmet) must not break its own pages: the /sandbox
 * simulator and the mini-program's h5 build at /app/ are used in headless Chromium, and any
 * violation the browser reports fails the test. Runs where /usr/bin/chromium and the h5 build exist.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { createSandboxApp } from '@msz/server/testing/test-app';

describe('pages under the content security policy', () => {
  let sandbox: Awaited<ReturnType<typeof createSandboxApp>>;
  let browser: Browser;

  beforeAll(async () => {
    sandbox = await createSandboxApp();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      timeout: 30_000,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  /** A page that records every CSP violation and every console error. */
  async function watched(): Promise<{ page: Page; problems: string[] }> {
    const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    const problems: string[] = [];
    await page.exposeFunction('__cspViolation', (text: string) => problems.push(text));
    // Runs in the page before its own scripts (an init script is not subject to the page's CSP).
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation('CSP: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')))",
    );
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    return { page, problems };
  }

  it('the sandbox simulator runs its script and talks to the server', async () => {
    const { page, problems } = await watched();
    const res = await page.goto(`${sandbox.baseUrl}/sandbox`);
    expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
    await page.locator('#text').fill('城东街道的路灯坏了');
    await page.locator('#say button').click();
    await page.locator('#chat').getByText(/MS\d{8}-\d{4}/).first().waitFor({ timeout: 15_000 });
    expect(problems).toEqual([]);
  });

  it('the h5 app signs a resident in and shows their cases', async () => {
    const { page, problems } = await watched();
    const res = await page.goto(`${sandbox.baseUrl}/app/#/pages/login/index`);
    expect(res?.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    const button = (label: string) => page.locator('taro-button-core').filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) });
    await button('测试群众一').click();
    await button('登录').click();
    await page.waitForURL(/pages\/my-cases\/index/, { timeout: 15_000 });
    await page.locator('.title', { hasText: '我的诉求' }).waitFor({ timeout: 15_000 });
    expect(problems).toEqual([]);
  });

  it('the API documentation renders', async () => {
    const { page, problems } = await watched();
    await page.goto(`${sandbox.baseUrl}/api/docs`);
    await page.getByText('民声直达 API').first().waitFor({ timeout: 15_000 });
    expect(problems).toEqual([]);
  });
});
