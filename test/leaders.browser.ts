/**
 * Seeing the whole on the phone: a week of activity through the API (cases handled in time or
 * left overdue, a surge of road demands in one town), then, on the Monday after the week the
 * deadlines fell in, the office approves and publishes the week's 红黑榜 from its publication
 * screen (the fake WeChat receives draft/add and freepublish/submit), a town's leader reads their
 * home (their town's place on the list, the warning, their indicators) and the list, and a handler
 * sees their unit's standing above the queue. The h5 build in headless Chromium against the real
 * server (sandbox mode); any console error or warning fails the test.
 * Every screenshot is audited (axe-core).
 * Screenshots go to test-output/screenshots/leaders/ (SCREENSHOTS_DIR=docs/screenshots/leaders
 * refreshes the committed ones). Runs where /usr/bin/chromium and apps/miniprogram/dist-h5 exist.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { addCalendarDays, chinaDate, isoWeek, weekMonday } from '@msz/domain';
import { FakeWechat } from '@msz/wechat';
import { IndicatorRollup } from '@msz/server/modules/indicators/indicator-rollup.service';
import { WarningScanService } from '@msz/server/modules/warnings/warning-scan.service';
import { createSandboxApp, type TestApp } from '@msz/server/testing/test-app';
import { axeViolations, levelOneHeadings } from './support/axe';
import { Staff } from './support/staff';

// typeorm is the server's dependency, not this package's: the same class the server registered.
const { DataSource } = createRequire(join(__dirname, '../apps/server/package.json'))('typeorm') as { DataSource: new (...args: never[]) => TestApp['ds'] };

const SHOTS = join(__dirname, '..', process.env.SCREENSHOTS_DIR ?? join('test-output', 'screenshots', 'leaders'));
const WAIT = 20_000;
const ROAD_TEXTS = ['村道塌方了，车过不去', '公路上落石很多，很危险', '入户路坏了一个大坑，晚上看不见', '村道被水冲断了一截', '路面坑坑洼洼，摩托车摔了', '公路边的护栏撞坏了没人修'];

type Unit = { id: string; name: string; code: string; level: string; parentId: string | null };
/** The browser globals the page-side checks use (this project has no DOM types; those functions run in the page). */
interface PageWindow {
  document: {
    images: ArrayLike<{ complete: boolean }>;
    getAnimations(): Array<{ playState: string; effect: { getComputedTiming(): { iterations?: number } } | null }>;
  };
}

describe('leaders read a week of activity on the phone, and the office publishes its red and black list', () => {
  let sandbox: Awaited<ReturnType<typeof createSandboxApp>>;
  let browser: Browser;
  let week: string;
  let monday: Date;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  const ok = async (call: Promise<{ status: number; body: any }>) => {
    const res = await call;
    if (res.status >= 300) throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    sandbox = await createSandboxApp();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      timeout: 30_000,
    });
    mkdirSync(SHOTS, { recursive: true });

    // A week of activity, as in the indicators' end-to-end test: 井溪镇 answers everything in time to
    // satisfied residents, 八台镇 leaves one unanswered, 市水利局 answers one.
    const base = sandbox.baseUrl;
    const [dispatcher, jingxi, batai, water] = await Promise.all(['dispatcher', 'jingxi', 'batai', 'water'].map((u) => Staff.login(base, u)));
    const units: Unit[] = await ok(dispatcher.call('GET', '/api/units'));
    const unit = (name: string) => units.find((u) => u.name === name)!;
    const village = (town: string) => units.find((u) => u.level === 'village' && u.parentId === unit(town).id)!;
    let phone = 13920000000;
    const file = async (text: string, place: Unit, subItem = 'roads-transport') => {
      const c = await ok(dispatcher.call('POST', '/api/cases', { channel: 'phone', text, residentName: '王大爷', residentPhone: String(++phone), placeUnitId: place.id }));
      return ok(dispatcher.call('POST', `/api/cases/${c.id}/classify`, { kind: 'complaint', subItem, urgency: 'normal' }));
    };
    const handled = async (by: Staff, unitName: string, text: string, place: Unit, rating: string) => {
      const c = await file(text, place);
      await ok(dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: unit(unitName).id }));
      await ok(by.call('POST', `/api/cases/${c.id}/sign-for`, {}));
      await ok(by.call('POST', `/api/cases/${c.id}/answer`, { text: '已处理完毕' }));
      await ok(dispatcher.call('POST', `/api/cases/${c.id}/revisit`, { rating, solved: rating !== 'unsatisfied' }));
    };
    await handled(jingxi, '井溪镇', '村口的水泥路塌了一个大坑，车子过不去', village('井溪镇'), 'satisfied');
    await handled(jingxi, '井溪镇', '去镇上的客运班车好几天没来了', village('井溪镇'), 'satisfied');
    await handled(batai, '八台镇', '组上的便道被雨水冲垮了', village('八台镇'), 'basically_satisfied');
    const overdue = await file('进村的桥面裂缝越来越大', village('八台镇'));
    await ok(dispatcher.call('POST', `/api/cases/${overdue.id}/assign`, { unitId: unit('八台镇').id }));
    await ok(batai.call('POST', `/api/cases/${overdue.id}/sign-for`, {}));
    const ditch = await file('水库放水把下游的田冲了', village('八台镇'), 'water-supply');
    await ok(dispatcher.call('POST', `/api/cases/${ditch.id}/assign`, { unitId: unit('市水利局').id }));
    await ok(water.call('POST', `/api/cases/${ditch.id}/sign-for`, {}));
    await ok(water.call('POST', `/api/cases/${ditch.id}/answer`, { text: '已协调赔偿' }));
    await ok(dispatcher.call('POST', `/api/cases/${ditch.id}/revisit`, { rating: 'satisfied', solved: true }));

    // Road demands surge in 八台镇: six in the last days where a month saw two (the month written
    // straight into the table, as a bulk load of past years would be; see test/warnings.e2e.ts).
    const now = new Date();
    await sandbox.app.get<TestApp['ds']>(DataSource).query(
      `INSERT INTO case_file (number, channel, text, kind, status, sub_item, place_unit_id, accepted_at, assign_by, close_by, closed_at, query_code, version)
       SELECT 'HL' || lpad(g::text, 6, '0'), 'phone', '往月的诉求', 'complaint', 'closed', 'roads-transport', $1, t, t + interval '1 day', t + interval '7 days', t + interval '3 days', 'ABCDEFGH', 1
       FROM generate_series(1, 2) g, LATERAL (SELECT $2::timestamptz - ((g - 1) * 25 / 2 + 4) * interval '1 day' AS t) x`,
      [unit('八台镇').id, now],
    );
    for (const text of ROAD_TEXTS) await ok(dispatcher.call('POST', '/api/cases', { channel: 'phone', text, residentName: '李大姐', residentPhone: String(++phone), placeUnitId: village('八台镇').id }));
    expect(await sandbox.app.get(WarningScanService).runAt(new Date())).toBeGreaterThanOrEqual(1);

    await sandbox.app.get(IndicatorRollup).drain();
    // Every complaint filed now falls due on the same day: the week to judge is that day's, and
    // everyone below lives on the Monday after it (the server's clock and the phones' alike).
    week = isoWeek(chinaDate(new Date(overdue.closeBy)));
    monday = new Date(`${addCalendarDays(weekMonday(week), 7)}T09:00:00+08:00`);
    jest.useFakeTimers({
      now: monday,
      advanceTimers: true,
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
  });

  afterAll(async () => {
    jest.useRealTimers();
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await sandbox?.close();
  });

  afterEach(() => {
    // A quiet console: an error or warning on any page is a defect to fix, not to filter.
    expect(problems).toEqual([]);
  });

  const url = (route: string) => `${sandbox.baseUrl}/app/#${route}`;
  const button = (page: Page, label: string) => page.locator('taro-button-core').filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) }).filter({ visible: true });
  const visibleText = (page: Page, text: string | RegExp) => page.getByText(text).filter({ visible: true }).first();

  /** A phone on the Monday after the week, signed in as this member of staff. */
  async function signedIn(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(WAIT);
    contexts.push(context);
    await context.clock.install({ time: monday });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()} on ${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`uncaught on ${page.url()}: ${e.message}`));
    await page.goto(url('/pages/login/index'));
    await button(page, '工作人员').click();
    await page.locator('taro-input-core input').nth(0).fill(username);
    await page.locator('taro-input-core input').nth(1).fill('demo1234');
    await button(page, '登录').click();
    await page.waitForURL(/pages\/staff\//);
    return page;
  }

  /** A screenshot once the pictures on screen have loaded and a page opened by navigateTo has slid all the way in. */
  async function shot(page: Page, name: string) {
    await page.waitForFunction(() => Array.from((globalThis as unknown as PageWindow).document.images).every((i) => i.complete));
    await page.waitForFunction(() =>
      (globalThis as unknown as PageWindow).document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
    );
    await page.screenshot({ path: join(SHOTS, name) });
    // What the phone shows passes axe-core's WCAG 2.2 A/AA rules and best practices, as the other pages do, under one title.
    expect({ page: name, violations: await axeViolations(page), titles: (await levelOneHeadings(page)).length }).toEqual({ page: name, violations: [], titles: 1 });
  }

  it('lets the office approve the week that just ended and publish it on the Official Account, previewing its pictures', async () => {
    const fake = sandbox.app.get(FakeWechat);
    const page = await signedIn('dispatcher');
    await page.goto(url('/pages/staff/publish/index'));
    await page.reload(); // a hash route is no page load: the sign-in's own navigation could land after it
    const [year, n] = week.split('-W');
    await visibleText(page, `${year}年第${Number(n)}周红黑榜`).waitFor();
    await visibleText(page, '草稿，待审定').waitFor();
    await page.getByAltText('乡镇（街道）红黑榜图片').filter({ visible: true }).waitFor();
    await page.getByAltText('市级部门红黑榜图片').filter({ visible: true }).waitFor();
    await shot(page, 'publish-draft.png');

    await button(page, '审定这一周的榜单').click();
    await visibleText(page, '已审定，待发布').waitFor();
    await visibleText(page, '审定：王调度').waitFor();
    expect(fake.drafts).toHaveLength(0);

    await button(page, '发布到公众号').click();
    await visibleText(page, '已在公众号发布').waitFor({ timeout: 60_000 });
    await visibleText(page, '已发布到公众号，各单位负责人会收到本单位的名次。').waitFor();
    const paths = fake.requests.map((r) => r.path);
    expect(paths).toContain('/cgi-bin/draft/add');
    expect(paths).toContain('/cgi-bin/freepublish/submit');
    const draft = fake.drafts.at(-1)!;
    expect(draft.articles[0].title).toBe(`民声直达红黑榜（${year}年第${Number(n)}周）`);
    expect(draft.articles[0].digest).toContain('黑榜：八台镇');
    expect(fake.publications.map((p) => p.draftMediaId)).toEqual([draft.mediaId]);
    await shot(page, 'publish-published.png');
    // The rows under the pictures: red and black in words, the explanation of each score.
    await page.locator('.league__row--black').filter({ visible: true }).first().scrollIntoViewIfNeeded();
    await shot(page, 'publish-rows.png');
  });

  it("shows a town's leader their town's place on the list, the warning waiting for them and their indicators", async () => {
    const page = await signedIn('leader-batai');
    await page.waitForURL(/pages\/staff\/leaders\/index/);
    await visibleText(page, '领导首页').waitFor();
    await visibleText(page, /乡镇（街道）第2名（共2个） · 黑榜 · \d+\.\d分/).waitFor();
    await visibleText(page, /按时办结率 扣\d+\.\d分/).waitFor();
    // The surge: its level depends on how far above the town's month it is (the cases above are roads too).
    const warning = page.locator('.row').filter({ hasText: /^(红色|橙色|黄色)预警/ }).filter({ visible: true });
    await expect(warning.locator('.row__text').textContent()).resolves.toMatch(/^八台镇 道路交通 近3天\d+件，是平时的\d+倍$/);
    await expect(warning.locator('.status').textContent()).resolves.toBe('待签收');
    await visibleText(page, '按时签收率').waitFor();
    // The town's own volume over the four weeks: the two cases it was given (the surge is not yet routed).
    const volume = page.locator('.kpi').filter({ hasText: '受理量' }).filter({ visible: true });
    await expect(volume.locator('.kpi__value').textContent()).resolves.toBe('2件');
    await expect(volume.locator('.kpi__change').textContent()).resolves.toBe('↑ 比前四周 多2件');
    await shot(page, 'leader-home.png');
    await page.locator('.kpi').filter({ hasText: '重复诉求率' }).filter({ visible: true }).scrollIntoViewIfNeeded();
    await shot(page, 'leader-indicators.png');

    await button(page, '看红黑榜').click();
    await page.waitForURL(/pages\/staff\/league\/index/);
    await page.locator('.league__row--red').filter({ visible: true }).filter({ hasText: '井溪镇' }).waitFor();
    const own = page.locator('.league__row--black.league__row--mine').filter({ visible: true });
    await expect(own.locator('.league__name').textContent()).resolves.toBe('八台镇');
    await expect(own.locator('.league__list').textContent()).resolves.toBe('黑榜');
    await visibleText(page, /本周无到期诉求、不参加排名：/).waitFor();
    await shot(page, 'leader-list.png');
  });

  it("shows a handler their unit's standing above the queue", async () => {
    const page = await signedIn('batai');
    await page.waitForURL(/pages\/staff\/queue\/index/);
    const [year, n] = week.split('-W');
    await visibleText(page, new RegExp(`^${year}年第${Number(n)}周红黑榜：乡镇（街道）第2名（共2个） · 黑榜 · \\d+\\.\\d分$`)).waitFor();
    await shot(page, 'handler-queue.png');
  });
});
