/**
 * The mini-program's h5 build in headless Chromium against the real server (sandbox mode):
 * the closed loop through the pages, filing while offline, and an accessibility audit of every
 * page in normal and elderly mode. Runs only where /usr/bin/chromium and apps/miniprogram/dist-h5
 * exist (jest.config.js); CI installs and builds both. Every page is audited (axe-core) where a
 * screenshot is taken, and any console error or warning on any page fails the test.
 * Screenshots of the main pages go to test-output/screenshots/miniprogram/ (see SHOTS).
 */
import type { INestApplication } from '@nestjs/common';
import { mkdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { OutboxService } from '@msz/server/modules/notifications/outbox.service';
import { createSandboxApp, type TestApp } from '@msz/server/testing/test-app';
import { residentToken } from './support/api';
import { axeViolations, levelOneHeadings } from './support/axe';
import { Staff } from './support/staff';

// typeorm is the server's dependency, not this package's: the same class the server registered.
const { DataSource } = createRequire(join(__dirname, '../apps/server/package.json'))('typeorm') as { DataSource: new (...args: never[]) => TestApp['ds'] };

// A browser, four phones and a server: generous, but bounded (every wait below is bounded by WAIT).

// Into the test output by default; SCREENSHOTS_DIR=docs/screenshots/miniprogram refreshes the committed ones.
const SHOTS = join(__dirname, '..', process.env.SCREENSHOTS_DIR ?? join('test-output', 'screenshots', 'miniprogram'));
const CASE_NUMBER = /MS\d{8}-\d{4}/;

/** The browser globals the page-side helpers use (this project has no DOM types; those functions run in the page). */
interface PageWindow {
  document: {
    querySelectorAll(selector: string): ArrayLike<{ scrollTop: number }>;
    getAnimations(): Array<{ playState: string; effect: { getComputedTiming(): { iterations?: number } } | null }>;
  };
  getComputedStyle(e: unknown): { display: string; opacity: string; fontSize: string };
  scrollTo(x: number, y: number): void;
}
const WAIT = 15_000;

// A 2x2 red PNG, made in memory.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

describe(`the mini-program (h5) in Chromium, on ${process.env.DATABASE_URL ? 'the PostgreSQL server' : 'embedded PGlite'}`, () => {
  let sandbox: Awaited<ReturnType<typeof createSandboxApp>>;
  let app: INestApplication;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  // What the pages printed to the console (errors and warnings) or threw, per test.
  let consoleProblems: string[] = [];

  beforeAll(async () => {
    sandbox = await createSandboxApp();
    expect(sandbox.config.sandbox).toBe(true);
    app = sandbox.app;
    base = sandbox.baseUrl;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // A microphone that plays a test tone, granted without a prompt: the voice recorder records it.
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        '--autoplay-policy=no-user-gesture-required',
      ],
      timeout: 30_000,
    });
    mkdirSync(SHOTS, { recursive: true });
  });

  beforeEach(() => {
    consoleProblems = [];
  });

  afterEach(() => {
    // A quiet console: an error or warning on any page is a defect to fix, not to filter.
    expect(consoleProblems).toEqual([]);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await sandbox?.close();
  });

  /** A fresh phone: its own storage (so its own sign-in), in 万源 (城东街道) with location and microphone allowed. */
  async function phone(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      permissions: ['geolocation', 'microphone'],
      geolocation: { latitude: 32.0801, longitude: 108.0702 },
    });
    context.setDefaultTimeout(WAIT);
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleProblems.push(`${m.type()} on ${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleProblems.push(`uncaught on ${page.url()}: ${e.message}`));
    return { context, page };
  }

  const url = (route: string) => `${base}/app/#${route}`;
  /** A screenshot of what the phone shows: from the top of the page unless `keepScroll`, after any toast has gone; then the audit. */
  async function shot(page: Page, name: string, keepScroll = false) {
    await waitStill(page, keepScroll);
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
    await audit(page, name);
  }

  /** The audit of a page once it stands still, without a screenshot. */
  async function settledAudit(page: Page, name: string, keepScroll = false) {
    await waitStill(page, keepScroll);
    await audit(page, name);
  }

  /** Waits for toasts to go and pages to stop sliding; scrolls to the top unless `keepScroll`. */
  async function waitStill(page: Page, keepScroll: boolean) {
    // Taro's h5 toast fades out to opacity 0, then display none.
    // The computed opacity: the inline style turns 0 when the fade starts, not when it ends.
    // Functions, not strings: the server's content security policy (no 'unsafe-eval') refuses strings.
    await page.waitForFunction(
      () => {
        const w = globalThis as unknown as PageWindow;
        return Array.from(w.document.querySelectorAll('.taro__toast')).every((e) => w.getComputedStyle(e).display === 'none' || w.getComputedStyle(e).opacity === '0');
      },
      null,
      { timeout: WAIT },
    );
    // A page opened by navigateTo slides in from the right: wait for the slide to end.
    await page.waitForFunction(
      () => (globalThis as unknown as PageWindow).document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
      null,
      { timeout: WAIT },
    );
    // Taro's h5 pages scroll inside their own containers, not only the window.
    if (!keepScroll) {
      await page.evaluate(() => {
        const w = globalThis as unknown as PageWindow;
        w.scrollTo(0, 0);
        for (const e of Array.from(w.document.querySelectorAll('*'))) if (e.scrollTop) e.scrollTop = 0;
      });
    }
  }

  /**
   * The accessibility audit of what the page shows: axe-core's WCAG 2.2 A/AA rules and best
   * practices (colour contrast, names of buttons and links, touch-target size, landmarks…) with
   * no violation allowed; in elderly mode also China's guidelines for apps for older people
   * (适老化): enhanced contrast (7:1), type of at least 18 px, touch targets of at least 44 px. Each page has one title.
   */
  async function audit(page: Page, name: string) {
    const elder = (await page.locator('.screen--elder').count()) > 0;
    expect({ page: name, violations: await axeViolations(page, { elder }), titles: (await levelOneHeadings(page)).length }).toEqual({ page: name, violations: [], titles: 1 });
    if (!elder) return;
    const small = await page.evaluate(elderCheck);
    expect({ page: name, elderly: small }).toEqual({ page: name, elderly: [] });
  }
  /** A Taro <Button> by its exact label (Taro renders taro-button-core elements). */
  const button = (page: Page, label: string) => page.locator('taro-button-core').filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) });

  async function residentSignIn(page: Page, who = '测试群众一') {
    await page.goto(url('/pages/login/index'));
    await button(page, who).click();
    await button(page, '登录').click();
    // A first page in the stack: the login goes on to 我的诉求.
    await page.waitForURL(/pages\/my-cases\/index/);
    await page.locator('.title', { hasText: '我的诉求' }).waitFor();
  }

  async function staffSignIn(page: Page, username: string) {
    await page.goto(url('/pages/login/index'));
    await button(page, '工作人员').click();
    await page.locator('taro-input-core input').nth(0).fill(username);
    await page.locator('taro-input-core input').nth(1).fill('demo1234');
    await button(page, '登录').click();
  }

  const db = () => app.get<TestApp['ds']>(DataSource);
  const casesWithText = async (text: string) =>
    (await db().query('SELECT id, number, status, revisit_rating, revisit_solved FROM case_file WHERE text = $1', [text])) as Array<{
      id: string;
      number: string;
      status: string;
      revisit_rating: string | null;
      revisit_solved: boolean | null;
    }>;

  it('closes the loop through the pages: file with a photo, transfer, sign for, answer, revisit 满意', async () => {
    const demand = `井溪镇二村的路灯坏了一个多月，晚上走路很危险（浏览器测试 ${Date.now()}）`;
    const answer = '已更换路灯，今晚起恢复照明';

    // 1. The resident signs in with the sandbox picker and files a demand with one photo.
    const resident = await phone();
    let page = resident.page;
    await page.goto(url('/pages/login/index'));
    await page.locator('.title', { hasText: '登录' }).waitFor();
    await shot(page, 'resident-login');
    await residentSignIn(page);
    await button(page, '我要反映').click();
    await page.waitForURL(/pages\/file\/index/);
    await page.locator('taro-textarea-core textarea').fill(demand);
    const chooser = page.waitForEvent('filechooser');
    await button(page, '拍照或选照片').click();
    await (await chooser).setFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: PNG });
    await settle(async () => (await page.locator('.photo').count()) === 1, 'one photo in the form');
    // The text box writes at least as large as its label (h5 once left it at the browser's 13 px), and its counter shows below it, not under it.
    const box = page.locator('taro-textarea-core textarea');
    const label = page.locator('.field__label').filter({ hasText: '什么事' });
    const fontSize = (e: unknown) => parseFloat((globalThis as unknown as PageWindow).getComputedStyle(e).fontSize);
    expect(await box.evaluate(fontSize)).toBeGreaterThanOrEqual(await label.evaluate(fontSize));
    const counter = page.locator('.field__count');
    await counter.waitFor();
    expect((await counter.boundingBox())!.y).toBeGreaterThanOrEqual((await box.boundingBox())!.y + (await box.boundingBox())!.height);
    await shot(page, 'resident-file');
    await button(page, '提交').click();
    const notice = page.getByText(/已收到！受理编号 MS\d{8}-\d{4}/);
    await notice.waitFor();
    const number = (await notice.textContent())!.match(CASE_NUMBER)![0];
    expect(await notice.textContent()).not.toContain('没传上');

    const [filed] = await casesWithText(demand);
    expect(filed).toMatchObject({ number, status: 'accepted' });
    const dispatcherApi = await Staff.login(base, 'dispatcher');
    const attachments = (await dispatcherApi.call('GET', `/api/cases/${filed.id}`)).body.attachments as Array<{ kind: string }>;
    expect(attachments.map((a) => a.kind)).toEqual(['image']);

    // 2. The dispatcher finds it in the inbox and transfers it to 井溪镇.
    const dispatcher = await phone();
    page = dispatcher.page;
    await staffSignIn(page, 'dispatcher');
    await page.waitForURL(/pages\/staff\/inbox\/index/);
    const inboxRow = page.locator('.row', { hasText: number });
    await inboxRow.waitFor();
    await shot(page, 'dispatcher-inbox');
    await inboxRow.click();
    await page.waitForURL(/pages\/staff\/case\/index/);
    await page.locator('.staff__title', { hasText: number }).waitFor();
    await shot(page, 'dispatcher-case');
    await button(page, '转办').click();
    // The system suggests a city department (路灯); the dispatcher finds the town by its pinyin initials instead.
    const lead = page.locator('.unit-picker').first();
    await lead.locator('taro-input-core input').fill('jxz');
    await lead.locator('taro-button-core', { hasText: /^\s*井溪镇\s*$/ }).click();
    await lead.locator('.unit-picker__chosen', { hasText: '已选：井溪镇' }).waitFor();
    await button(page, '确认转办').click();
    await page.locator('.banner--ok', { hasText: '已转办' }).waitFor();
    await page.locator('.status', { hasText: '已转办' }).or(page.locator('.status', { hasText: '待签收' })).first().waitFor();
    expect((await casesWithText(demand))[0].status).toBe('assigned');

    // 3. The handler of 井溪镇 finds it in the queue, signs for it and answers.
    const handler = await phone();
    page = handler.page;
    await staffSignIn(page, 'jingxi');
    await page.waitForURL(/pages\/staff\/queue\/index/);
    const queueRow = page.locator('.row', { hasText: number });
    await queueRow.waitFor();
    await shot(page, 'handler-queue');
    await queueRow.click();
    await page.waitForURL(/pages\/staff\/case\/index/);
    await page.locator('.staff__title', { hasText: number }).waitFor();
    await button(page, '签收').click();
    await page.locator('.banner--ok', { hasText: '已签收' }).waitFor();
    expect((await casesWithText(demand))[0].status).toBe('in_progress');
    await button(page, '答复').click();
    await page.locator('taro-textarea-core textarea').fill(answer);
    await shot(page, 'handler-case');
    await button(page, '提交答复').click();
    await page.locator('.banner--ok', { hasText: '已答复' }).waitFor();
    expect((await casesWithText(demand))[0].status).toBe('revisiting');
    await app.get(OutboxService).drain();

    // 4. The resident opens the app again (same phone, still signed in: the sandbox's fake WeChat
    //    takes each login code once, so the picker cannot sign the same resident in twice), sees the answer and is satisfied.
    page = resident.page;
    await page.goto(url('/pages/my-cases/index'));
    const mine = page.locator('.list-item', { hasText: number });
    await mine.waitFor();
    await shot(page, 'resident-my-cases');
    await mine.click();
    await page.waitForURL(/pages\/case\/detail/);
    await page.getByText(answer).waitFor();
    await page.locator('.card__title', { hasText: '请您评价' }).waitFor();
    await button(page, '是').click();
    await button(page, '满意').click();
    await settle(async () => /btn--chosen/.test((await button(page, '满意').getAttribute('class')) ?? ''), '满意 to be chosen');
    await shot(page, 'resident-case-detail-revisit', true);
    await button(page, '提交评价').click();
    await page.getByText('谢谢您的评价！').waitFor();
    await page.locator('.status', { hasText: '已办结' }).waitFor();
    await settle(async () => (await page.locator('.card__title', { hasText: '请您评价' }).count()) === 0, 'the revisit form to go');

    // The server agrees: closed, satisfied, solved.
    expect((await casesWithText(demand))[0]).toMatchObject({ status: 'closed', revisit_rating: 'satisfied', revisit_solved: true });
    const closed = (await dispatcherApi.call('GET', `/api/cases/${filed.id}`)).body;
    expect(closed).toMatchObject({ status: 'closed', revisitRating: 'satisfied', answer });
    expect(closed.closedAt).toEqual(expect.any(String));

    // Contacts and elderly mode, on the same resident's phone.
    await page.goto(url('/pages/contacts/index'));
    await page.locator('.title', { hasText: '干群连心卡' }).waitFor();
    await page.getByText('点这里选您的村').waitFor();
    await page.locator('.title', { hasText: '干群连心卡' }).scrollIntoViewIfNeeded();
    await shot(page, 'resident-contacts', true);
    await page.goto(url('/pages/settings/index'));
    await button(page, '打开大字模式').click();
    await button(page, '关闭大字模式').waitFor();
    await page.goto(url('/pages/my-cases/index'));
    await page.locator('.screen--elder').first().waitFor();
    await page.locator('.list-item', { hasText: number }).waitFor();
    await shot(page, 'resident-elderly-mode');
  });

  it('passes the accessibility audit on every page, for residents and staff, in normal and elderly mode', async () => {
    // A case in revisit (the rating form shows) with the resident's photo, and a new one for the dispatcher.
    const token = await residentToken(base, 'o_demo_resident_01');
    const mine = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBeLessThan(300);
      return (await res.json()) as { id: string; number: string; queryCode?: string | null };
    };
    const answered = await mine('POST', '/api/my/cases', { text: `井溪镇二村的水管漏水（无障碍检查 ${Date.now()}）`, clientKey: randomUUID() });
    await mine('POST', `/api/my/cases/${answered.id}/photos`, { contentType: 'image/png', base64: PNG.toString('base64') });
    // With a point, so the staff page shows the place by name and its 看地图 button.
    const fresh = await mine('POST', '/api/my/cases', {
      text: `城东街道的路灯不亮（无障碍检查 ${Date.now()}）`,
      clientKey: randomUUID(),
      location: { lat: 32.0801, lng: 108.0702 },
    });
    const dispatcherApi = await Staff.login(base, 'dispatcher');
    const handlerApi = await Staff.login(base, 'jingxi');
    const units = (await dispatcherApi.call<Array<{ id: string; name: string }>>('GET', '/api/units')).body;
    const jingxi = units.find((u) => u.name === '井溪镇')!.id;
    expect((await dispatcherApi.call('POST', `/api/cases/${answered.id}/assign`, { unitId: jingxi })).status).toBe(200);
    expect((await handlerApi.call('POST', `/api/cases/${answered.id}/sign-for`)).status).toBe(200);
    expect((await handlerApi.call('POST', `/api/cases/${answered.id}/answer`, { text: '已修好水管' })).body.status).toBe('revisiting');

    // 三色预警: a warning as the area pass raises it (written here as a fixture), read by the office.
    const towns = ['井溪镇', '八台镇', '青岗镇'].map((name) => units.find((u) => u.name === name)!);
    const evidence = {
      category: 'water-supply',
      categoryName: '供水水利',
      recentDays: 3,
      baselineDays: 28,
      towns: towns.map((t, i) => ({ townId: t.id, townName: t.name, recent: 6 - i, baselineTotal: 2, expected: 0.6, ratio: 10 - i, pValue: 0.0001, exampleCases: [] })),
      recentTotal: 15,
      expectedTotal: 1.8,
    };
    const [warning] = (await db().query(
      `INSERT INTO area_warning (scope, scope_key, level, category, summary, evidence, unit_ids, status, raised_at, ack_by)
       VALUES ('city', 'city:water-supply', 'orange', 'water-supply', '井溪镇、八台镇、青岗镇 供水水利 同时上升，近3天共15件', $1, $2, 'open', now(), now() + interval '1 day') RETURNING id`,
      [JSON.stringify(evidence), towns.map((t) => t.id)],
    )) as Array<{ id: string }>;

    const resident = (await phone()).page;
    await residentSignIn(resident);
    const dispatcher = (await phone()).page;
    await staffSignIn(dispatcher, 'dispatcher');
    await dispatcher.waitForURL(/pages\/staff\/inbox\/index/);
    const handler = (await phone()).page;
    await staffSignIn(handler, 'jingxi');
    await handler.waitForURL(/pages\/staff\/queue\/index/);

    for (const mode of ['normal', 'elderly'] as const) {
      for (const page of [resident, dispatcher, handler]) {
        await page.goto(url('/pages/settings/index'));
        const want = mode === 'elderly' ? '关闭大字模式' : '打开大字模式';
        const other = mode === 'elderly' ? '打开大字模式' : '关闭大字模式';
        await button(page, want).or(button(page, other)).filter({ visible: true }).first().waitFor();
        if ((await button(page, want).filter({ visible: true }).count()) === 0) await button(page, other).filter({ visible: true }).click();
        await button(page, want).filter({ visible: true }).waitFor();
        await settledAudit(page, `settings (${mode})`);
      }
      /** Opens `route`, waits for `ready` to show, audits it; `name` also keeps a screenshot. */
      const visit = async (page: Page, route: string, ready: string | RegExp, name?: string) => {
        await page.goto(url(route));
        // Within the new page: the one before may show the same words (the queue lists the case)
        // while the new one is still blank, and an audit or screenshot of that proves nothing.
        const shown = page.locator(`.taro_page[id*="${route.split('?')[0]}"]`).filter({ visible: true });
        await shown.getByText(ready).first().waitFor();
        if (name) await shot(page, `${name}-${mode}`);
        else await settledAudit(page, `${route} (${mode})`);
      };
      // Resident pages.
      await visit(resident, '/pages/index/index', '已登录：群众', 'resident-home');
      // The progress lookup by number and query code, and its answer.
      const home = resident.locator('.taro_page[id*="/pages/index/index"]').filter({ visible: true });
      await home.locator('input').nth(0).fill(answered.number);
      await home.locator('input').nth(1).fill(answered.queryCode!);
      await button(resident, '查询').filter({ visible: true }).click();
      await home.locator('.result__value--status', { hasText: '已答复，请您评价' }).waitFor();
      await home.locator('.result').scrollIntoViewIfNeeded();
      await shot(resident, `resident-lookup-${mode}`, true);
      expect({ page: `lookup (${mode})`, broken: await resident.evaluate(brokenTimes) }).toEqual({ page: `lookup (${mode})`, broken: [] });
      await visit(resident, '/pages/file/index', '视频（一段，一分钟以内）');
      await visit(resident, '/pages/my-cases/index', answered.number);
      expect({ page: `my-cases (${mode})`, broken: await resident.evaluate(brokenTimes) }).toEqual({ page: `my-cases (${mode})`, broken: [] });
      await visit(resident, `/pages/case/detail?id=${answered.id}`, '请您评价', 'resident-case-detail');
      // The deadline in the largest type: one line, all of it on the screen.
      expect({ page: `case detail (${mode})`, broken: await resident.evaluate(brokenTimes) }).toEqual({ page: `case detail (${mode})`, broken: [] });
      await visit(resident, '/pages/contacts/index', '点这里选您的村');
      await visit(resident, '/pages/login/index', '我是群众');
      // Staff pages: the dispatcher's and the handler's.
      await visit(dispatcher, '/pages/staff/inbox/index', fresh.number);
      await visit(dispatcher, '/pages/staff/queue/index', '全部案件');
      // Staff pages look the same in both modes: one screenshot is enough.
      const staffShot = (name: string) => (mode === 'normal' ? name : undefined);
      await visit(dispatcher, `/pages/staff/case/index?id=${fresh.id}`, fresh.number, staffShot('dispatcher-case-place'));
      // 转办 opens the unit picker: its search box and list of units are audited too.
      await button(dispatcher, '转办').click();
      const picker = dispatcher.locator('.unit-picker').first();
      await picker.locator('.unit-picker__chosen', { hasText: '已选：' }).waitFor();
      await picker.scrollIntoViewIfNeeded();
      if (mode === 'normal') await shot(dispatcher, 'dispatcher-assign', true);
      else await settledAudit(dispatcher, `staff case, 转办 (${mode})`, true);
      await visit(dispatcher, '/pages/staff/file/index', '代群众反映');
      await visit(dispatcher, '/pages/staff/warnings/index', '井溪镇、八台镇、青岗镇 · 供水水利', staffShot('warnings'));
      await visit(dispatcher, `/pages/staff/warnings/detail?id=${warning.id}`, '依据（近3天和前28天比）', staffShot('warning-detail'));
      await visit(handler, '/pages/staff/queue/index', answered.number);
      await visit(handler, `/pages/staff/case/index?id=${answered.id}`, answered.number);
    }
    // 34 pages, each audited: longer than one flow on a busy 2-core machine.
  }, 300_000);

  it('files once when submitted offline and sent when the network returns, even after a reload', async () => {
    const demand = `八台镇中学门口的下水道堵了（离线测试 ${Date.now()}）`;
    const { context, page } = await phone();
    await residentSignIn(page, '测试群众二');
    await button(page, '我要反映').click();
    await page.waitForURL(/pages\/file\/index/);
    await page.locator('taro-textarea-core textarea').fill(demand);

    await context.setOffline(true);
    await button(page, '提交').click();
    await page.getByText(/已保存在手机上.*有网后会自动发送，不会重复/).waitFor();
    await page.getByText('有 1 条还没发出去').waitFor();
    expect(await casesWithText(demand)).toHaveLength(0);

    await context.setOffline(false);
    // The app sends on the window's online event; the waiting notice goes when it is sent.
    await settle(async () => (await page.getByText(/还没发出去/).count()) === 0, 'the waiting notice to go');
    await settle(async () => (await casesWithText(demand)).length === 1, 'the case to be filed');

    await page.reload();
    await page.locator('taro-textarea-core textarea').waitFor();
    await page.goto(url('/pages/my-cases/index'));
    const [only] = await casesWithText(demand);
    await page.locator('.list-item', { hasText: only.number }).waitFor();
    expect(await page.getByText(/还没发出去/).count()).toBe(0);
    expect(await casesWithText(demand)).toHaveLength(1);
  });

  it('files by voice alone in elderly mode, with a video and the place; staff-filed cases show once the phone is bound', async () => {
    const { page } = await phone();
    await residentSignIn(page, '测试群众三');
    await page.goto(url('/pages/settings/index'));
    await button(page, '打开大字模式').click();
    await button(page, '关闭大字模式').waitFor();

    // Elderly mode puts the recorder first: one tap to speak, one to stop.
    await page.goto(url('/pages/file/index'));
    const speak = button(page, '点一下，开始说话');
    await speak.waitFor();
    expect(await page.locator('.recorder').evaluate((el) => el === el.parentElement?.querySelector('.card'))).toBe(true);
    await speak.click();
    await page.locator('taro-button-core', { hasText: /正在录音/ }).waitFor();
    await page.waitForTimeout(1_600);
    await page.locator('taro-button-core', { hasText: /正在录音/ }).click();
    await page.locator('taro-button-core', { hasText: /听第 1 段/ }).waitFor();

    const chooser = page.waitForEvent('filechooser');
    await button(page, '拍视频或选视频').click();
    await (await chooser).setFiles({ name: 'road.mp4', mimeType: 'video/mp4', buffer: readFileSync(join(__dirname, 'fixtures', 'media', 'video.mp4')) });
    await button(page, '不要这段视频').waitFor();
    await button(page, '选位置').click();
    // The browser gives only a point: said in words, never as coordinates.
    await page.getByText('已记下您现在的位置（提交后会写上是哪个镇、哪个村）').waitFor();
    expect(await page.locator('#app').textContent()).not.toMatch(/经度|纬度|108\.07|32\.08/);
    await shot(page, 'resident-file-voice-elderly');

    await button(page, '提交').click();
    const notice = page.getByText(/已收到！受理编号 MS\d{8}-\d{4}/);
    await notice.waitFor();
    expect(await notice.textContent()).not.toContain('没传上');
    const number = (await notice.textContent())!.match(CASE_NUMBER)![0];

    // The server has the case: the note for staff as its text, the place, and both files as they were sent.
    const [filed] = (await db().query(
      `SELECT c.id, c.text, c.location_lat, c.location_lng, u.name AS place FROM case_file c LEFT JOIN unit u ON u.id = c.place_unit_id WHERE c.number = $1`,
      [number],
    )) as Array<{ id: string; text: string; location_lat: number; location_lng: number; place: string | null }>;
    expect(filed).toMatchObject({ text: '（群众留了语音，请听录音）', location_lat: 32.0801, location_lng: 108.0702, place: expect.stringMatching(/城东街道|社区/) });
    const files = (await db().query(`SELECT kind, content_type, size_bytes FROM case_attachment WHERE case_id = $1 AND status = 'stored' ORDER BY created_at`, [filed.id])) as Array<{
      kind: string;
      content_type: string;
      size_bytes: number;
    }>;
    expect(files.map((f) => [f.kind, f.content_type])).toEqual([
      ['voice', 'audio/webm'],
      ['video', 'video/mp4'],
    ]);
    expect(files[0].size_bytes).toBeGreaterThan(1_000); // 1.6 s of the fake microphone's tone
    expect(files[1].size_bytes).toBe(readFileSync(join(__dirname, 'fixtures', 'media', 'video.mp4')).length);

    // The resident's case page lists them; the video opens in a player.
    await button(page, '看办理进度').click();
    await page.waitForURL(/pages\/case\/detail/);
    // Filed, the place reads by the name the server found for the point, with the map behind 看地图.
    const place = page.locator('.card', { has: page.locator('.field__label', { hasText: /^位置$/ }) }).filter({ visible: true });
    await place.getByText(filed.place!).waitFor();
    await button(page, '看地图').waitFor();
    expect(await place.textContent()).not.toMatch(/经度|纬度|108\.07|32\.08/);
    await page.locator('taro-button-core', { hasText: '您的录音 1：听录音' }).waitFor();
    await page.locator('taro-button-core', { hasText: '您的视频 1：看视频' }).click();
    await page.locator('.media__video video').waitFor();
    await shot(page, 'resident-case-media');

    // A hotline operator files a case for this resident's phone number: not theirs to see yet.
    const operator = await Staff.login(base, 'dispatcher');
    const hotline = await operator.call('POST', '/api/cases', {
      channel: 'phone',
      residentName: '王大爷',
      residentPhone: '13800009876',
      text: `城东街道滨河社区门口的井盖松了（热线代登记 ${Date.now()}）`,
    });
    expect(hotline.status).toBe(201);
    const hotlineNumber = hotline.body.number as string;
    await page.goto(url('/pages/my-cases/index'));
    await page.locator('.list-item', { hasText: number }).waitFor();
    expect(await page.locator('.list-item', { hasText: hotlineNumber }).count()).toBe(0);

    // Binding the phone (the sandbox's fake WeChat verifies it) brings the hotline case in.
    await page.goto(url('/pages/settings/index'));
    await page.locator('taro-input-core input').fill('13800009876');
    await button(page, '绑定手机号').click();
    await page.getByText('已绑定 138****9876').waitFor();
    await shot(page, 'resident-phone-bound');
    await page.goto(url('/pages/my-cases/index'));
    await page.locator('.list-item', { hasText: hotlineNumber }).click();
    await page.waitForURL(/pages\/case\/detail/);
    await page.getByText('工作人员代您登记（热线电话）').waitFor();
  });
});

/**
 * Times and numbers kept whole (`.nowrap`, `.row__value--time`) that still break across lines or
 * run off the right of the screen; runs in the page.
 */
function brokenTimes(): string[] {
  const w = globalThis as unknown as ElderWindow & { innerWidth: number };
  return Array.from(w.document.querySelectorAll('#app .nowrap, #app .row__value--time')).flatMap((el) => {
    // The text's own line boxes (a block element has one rect however many lines it holds).
    const range = w.document.createRange();
    range.selectNodeContents(el);
    const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
    const right = el.getBoundingClientRect().right;
    return lines > 1 || right > w.innerWidth ? [`"${el.textContent ?? ''}": ${lines} lines, right edge ${Math.round(right)} of ${w.innerWidth}`] : [];
  });
}

/** The browser globals `elderCheck` uses (it runs in the page; this package has no DOM types). */
interface PageNode {
  textContent: string | null;
  parentElement: PageElement | null;
}
interface PageElement extends PageNode {
  tagName: string;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { width: number; height: number; right: number };
}
interface ElderWindow {
  document: {
    body: PageElement;
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
    createTreeWalker(root: PageElement, whatToShow: number): { nextNode(): PageNode | null };
    createRange(): { selectNodeContents(node: PageElement): void; getClientRects(): ArrayLike<{ top: number }> };
  };
  getComputedStyle(e: PageElement): { fontSize: string; visibility: string; display: string };
}

/**
 * 适老化 checks axe does not make, run in the page (a function, not a string: the server's content
 * security policy has no 'unsafe-eval'). Lists every visible piece of text under 18 px and every
 * button, link or field smaller than 44 × 44 px.
 */
function elderCheck(): string[] {
  const w = globalThis as unknown as ElderWindow;
  const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT
  const problems: string[] = [];
  const visible = (el: PageElement) => {
    const r = el.getBoundingClientRect();
    const s = w.getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const name = (el: PageElement) => `${el.getAttribute('class') || el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('placeholder') || '').trim().slice(0, 20)}"`;
  const walker = w.document.createTreeWalker(w.document.querySelector('#app') ?? w.document.body, SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.textContent?.trim() || !visible(el)) continue;
    const size = parseFloat(w.getComputedStyle(el).fontSize);
    if (size < 18) problems.push(`text ${size}px: ${name(el)}`);
  }
  for (const el of Array.from(w.document.querySelectorAll('#app [role=button], #app a[href], #app button, #app input, #app textarea'))) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.height < 44 || r.width < 44) problems.push(`target ${Math.round(r.width)}x${Math.round(r.height)}: ${name(el)}`);
  }
  return problems;
}

/** Waits, bounded, for a condition on the page or the database (jest has no auto-retrying expect). */
async function settle(check: () => Promise<boolean>, what: string, timeout = WAIT) {
  const until = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
