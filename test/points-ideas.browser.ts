/**
 * Golden ideas, household points and the resident's reward in the mini-program's h5 build, in
 * headless Chromium against the real server (sandbox mode, its built-in fake WeChat Pay), with
 * data made through the API: the office's ideas and an idea's delivery milestones, the village
 * station's redemption and the village review (cadre), the household's points and the reward
 * confirmed into the resident's wallet. `wx.requestMerchantTransfer` exists only inside WeChat: the
 * browser is given one that does what WeChat does — the payee confirms the bill at (fake) WeChat Pay.
 * Screenshots go to test-output/screenshots/points/ (SCREENSHOTS_DIR=docs/screenshots refreshes the
 * committed ones). Runs where /usr/bin/chromium and apps/miniprogram/dist-h5 exist.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { WechatPayProvider } from '@msz/server/modules/points/wechatpay.provider';
import { createSandboxApp } from '@msz/server/testing/test-app';
import { callApi, residentToken } from './support/api';
import { Staff } from './support/staff';

const SHOTS = join(__dirname, '..', process.env.SCREENSHOTS_DIR ?? join('test-output', 'screenshots', 'points'));
const WAIT = 15_000;
/** The browser globals the page-side helpers use (this project has no DOM types; those functions run in the page). */
interface PageWindow {
  document: {
    querySelectorAll(selector: string): ArrayLike<{ scrollTop: number }>;
    getAnimations(): Array<{ playState: string; effect: { getComputedTiming(): { iterations?: number } } | null }>;
  };
  getComputedStyle(e: unknown): { display: string; opacity: string };
}
const RESIDENT = 'o_demo_resident_01'; // 测试群众一 on the sandbox's login page
const PHONE = '13800006001';

describe('golden ideas, household points and rewards in the h5 app', () => {
  let sandbox: Awaited<ReturnType<typeof createSandboxApp>>;
  let browser: Browser;
  let dispatcher: Staff;
  let town: Staff;
  let cadre: Staff;
  let village: string;
  let ideaId: string;
  const problems: string[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    sandbox = await createSandboxApp();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'], timeout: 30_000 });
    mkdirSync(SHOTS, { recursive: true });
    [dispatcher, town, cadre] = await Promise.all(['dispatcher', 'jingxi', 'cadre-jingxi-1'].map((u) => Staff.login(sandbox.baseUrl, u)));
    const units: Array<{ id: string; code: string }> = (await dispatcher.call('GET', '/api/units')).body;
    const unit = (code: string) => units.find((u) => u.code === code)!.id;
    village = unit('village-jingxi-1');

    // The resident (with their phone bound) suggests; the office takes it up, the town adopts it and delivers it.
    const resident = await residentToken(sandbox.baseUrl, RESIDENT);
    const mine = async (method: string, path: string, body?: unknown) => {
      const res = await callApi(sandbox.baseUrl, resident, method, path, body);
      expect(res.status).toBeLessThan(300);
      return res.body;
    };
    await mine('POST', '/api/my/phone', { code: `phone-${PHONE}.${randomUUID()}` });
    const ok = async (res: Promise<{ status: number; body: any }>) => {
      const r = await res;
      expect(r.status).toBeLessThan(300);
      return r.body;
    };
    const suggest = async (text: string, title: string) => {
      const filed = await mine('POST', '/api/my/cases', { text, clientKey: randomUUID() });
      await ok(dispatcher.call('POST', `/api/cases/${filed.id}/classify`, { kind: 'suggestion', subItem: 'industry-development', urgency: 'normal' }));
      return (await ok(dispatcher.call('POST', '/api/ideas', { caseId: filed.id, unitId: unit('town-jingxi'), title }))).id as string;
    };
    ideaId = await suggest('建议在胜利村高山上种反季节蔬菜，建一个基地，带着大家一起增收', '建高山蔬菜基地');
    await suggest('建议在村口设一个农产品代卖点，老人种的菜不用挑到镇上去卖', '村口设农产品代卖点');
    await ok(town.call('POST', `/api/ideas/${ideaId}/evaluate`, { decision: 'adopt' }));
    await ok(town.call('POST', `/api/ideas/${ideaId}/milestones`, { note: '选好了二组上面的200亩地块，和农户签了流转合同' }));
    await ok(town.call('POST', `/api/ideas/${ideaId}/milestones`, { note: '大棚和滴灌建好，第一批辣椒、番茄种下' }));
    await ok(town.call('POST', `/api/ideas/${ideaId}/milestones`, { note: '基地建成，第一批蔬菜上市，带动32户增收', delivered: true }));
    const proposed = await ok(town.call('POST', `/api/ideas/${ideaId}/reward`, { amountFen: 20000, remark: '金点子“高山蔬菜基地”落地奖励' }));
    expect((await ok(dispatcher.call('POST', `/api/rewards/${proposed.reward.id}/approve`))).state).toBe('wait_user_confirm');

    // The village's 门前五包 criteria, its households (the resident's among them), goods at the station, a review and a redemption.
    await ok(
      cadre.call('PUT', `/api/villages/${village}/review-criteria`, {
        criteria: [
          { code: 'hygiene', name: '包卫生', points: 10 },
          { code: 'order', name: '包秩序', points: 10 },
          { code: 'greening', name: '包绿化', points: 5 },
          { code: 'facilities', name: '包设施', points: 5 },
          { code: 'appearance', name: '包市容', points: 5 },
        ],
      }),
    );
    const household = (name: string, head: string, phone?: string) =>
      ok(cadre.call('POST', `/api/villages/${village}/households`, { name, address: '二组', members: [{ name: head, isHead: true, ...(phone ? { phone } : {}) }, { name: `${head.slice(0, 1)}小红` }] }));
    const zhou = await household('周建国家', '周建国', PHONE);
    const wang = await household('王德福家', '王德福', '13800006002');
    await household('李秀英家', '李秀英');
    const fertiliser = await ok(cadre.call('POST', `/api/villages/${village}/catalogue`, { name: '复合肥', unit: '袋', pointsPrice: 20, stock: 50 }));
    await ok(cadre.call('POST', `/api/villages/${village}/catalogue`, { name: '洗衣粉', unit: '袋', pointsPrice: 5, stock: 100 }));
    await ok(cadre.call('POST', `/api/villages/${village}/catalogue`, { name: '菜籽油', unit: '桶', pointsPrice: 60, stock: 12 }));
    const review = (title: string, heldOn: string, met: string[]) =>
      ok(cadre.call('POST', `/api/villages/${village}/reviews`, { key: `review-${randomUUID()}`, title, heldOn, results: [{ householdId: zhou.id, met }, { householdId: wang.id, met: ['hygiene'] }] }));
    await review('十月门前五包评议', '2026-10-20', ['hygiene', 'order', 'greening', 'facilities', 'appearance']);
    await review('十一月门前五包评议', '2026-11-20', ['hygiene', 'order', 'greening']);
    await ok(cadre.call('POST', `/api/villages/${village}/redemptions`, { key: `redeem-${randomUUID()}`, householdId: zhou.id, itemId: fertiliser.id, quantity: 1 }));
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await sandbox?.close();
  });

  const url = (route: string) => `${sandbox.baseUrl}/app/#${route}`;
  /**
   * Opens a page after signing in. The routes are hashes, so going to one is not a page load: a
   * navigation the sign-in started can still land after it. A reload starts the app on the route.
   */
  async function open(page: Page, route: string): Promise<void> {
    await page.goto(url(route));
    await page.reload();
  }
  const button = (page: Page, label: string) => page.locator('taro-button-core').filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) });
  const visible = (page: Page, text: string | RegExp) => page.getByText(text).filter({ visible: true }).first();

  async function phone(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(WAIT);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    return page;
  }

  async function staffSignIn(page: Page, username: string) {
    await page.goto(url('/pages/login/index'));
    await button(page, '工作人员').click();
    await page.locator('taro-input-core input').nth(0).fill(username);
    await page.locator('taro-input-core input').nth(1).fill('demo1234');
    await button(page, '登录').click();
    await page.waitForURL(/pages\/staff\//);
  }

  /** A screenshot once the page stands still (no toast, no page sliding in), from the top unless `keepScroll`. */
  async function shot(page: Page, name: string, keepScroll = false) {
    // Functions, not strings: the server's content security policy refuses eval.
    await page.waitForFunction(() => {
      const w = globalThis as unknown as PageWindow;
      const toastsGone = Array.from(w.document.querySelectorAll('.taro__toast')).every((e) => w.getComputedStyle(e).display === 'none' || w.getComputedStyle(e).opacity === '0');
      return toastsGone && w.document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity);
    });
    if (!keepScroll) {
      await page.evaluate(() => {
        for (const e of Array.from((globalThis as unknown as PageWindow).document.querySelectorAll('*'))) if (e.scrollTop) e.scrollTop = 0;
      });
    }
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  }

  it('shows the office its golden ideas and an idea’s delivery milestones', async () => {
    const page = await phone();
    await staffSignIn(page, 'dispatcher');
    await open(page, '/pages/staff/ideas/index');
    await visible(page, '建高山蔬菜基地').waitFor();
    await visible(page, '村口设农产品代卖点').waitFor();
    await shot(page, 'ideas-list');

    await visible(page, '建高山蔬菜基地').click();
    await page.waitForURL(/pages\/staff\/idea\/index/);
    await visible(page, '基地建成，第一批蔬菜上市，带动32户增收').waitFor();
    await visible(page, '大棚和滴灌建好，第一批辣椒、番茄种下').waitFor();
    await visible(page, '选好了二组上面的200亩地块，和农户签了流转合同').waitFor();
    await shot(page, 'idea-milestones');
    expect(problems).toEqual([]);
  });

  it('shows the resident their household’s points, history and goods, and confirms their reward into WeChat', async () => {
    const page = await phone();
    // What WeChat does when the payee taps 确认收款: WeChat Pay settles the bill named by the package.
    const pay = sandbox.app.get(WechatPayProvider).fake!;
    const confirmed: string[] = [];
    await page.exposeFunction('mszConfirmAtWechatPay', (packageInfo: string) => {
      const bill = [...pay.bills.values()].find((b) => b.package_info === packageInfo);
      if (!bill) return false;
      pay.confirm(bill.out_bill_no);
      confirmed.push(bill.out_bill_no);
      return true;
    });
    await page.addInitScript(() => {
      type Options = { mchId: string; appId: string; package: string; success: () => void; fail: (e: { errMsg: string }) => void };
      const g = globalThis as unknown as { wx?: Record<string, unknown>; mszConfirmAtWechatPay(p: string): Promise<boolean> };
      g.wx = {
        ...(g.wx ?? {}),
        requestMerchantTransfer: (o: Options) => void g.mszConfirmAtWechatPay(o.package).then((ok) => (ok ? o.success() : o.fail({ errMsg: 'requestMerchantTransfer:fail' }))),
      };
    });

    await page.goto(url('/pages/login/index'));
    await button(page, '测试群众一').click();
    await button(page, '登录').click();
    await page.waitForURL(/pages\/my-cases\/index/);
    await open(page, '/pages/points/index');
    await visible(page, '40 分').waitFor(); // 35 and 25 awarded, 20 spent on a bag of fertiliser
    await visible(page, '您有一笔奖励 200 元').waitFor();
    await shot(page, 'reward-confirm');
    await visible(page, '复合肥：20 分一袋，最多换 2 袋').waitFor();
    expect(await page.getByText('菜籽油').count()).toBe(0); // 60 分: more than the household has
    await visible(page, '十一月门前五包评议').scrollIntoViewIfNeeded();
    await shot(page, 'points-household', true);

    await button(page, '确认收款').click();
    await visible(page, '已到微信零钱').waitFor();
    expect(confirmed).toHaveLength(1);
    const mine = await callApi(sandbox.baseUrl, await residentToken(sandbox.baseUrl, RESIDENT), 'GET', '/api/my/rewards');
    expect(mine.body).toEqual([expect.objectContaining({ state: 'succeeded', amountFen: 20000, packageInfo: null })]);
    await page.getByText('您有一笔奖励').filter({ visible: true }).waitFor({ state: 'detached' });
    await visible(page, '已到微信零钱').scrollIntoViewIfNeeded();
    await shot(page, 'reward-received', true);
    expect(problems).toEqual([]);
  });

  it('lets the village station redeem goods for a household', async () => {
    const page = await phone();
    await staffSignIn(page, 'cadre-jingxi-1');
    await open(page, '/pages/staff/redeem/index');
    await page.locator('input[placeholder="户主姓名、手机号后四位"]').filter({ visible: true }).fill('周建国');
    await button(page, '查找').filter({ visible: true }).click();
    await button(page, '周建国家（40 分）').filter({ visible: true }).click();
    await button(page, '洗衣粉 5 分/袋（剩 100）').filter({ visible: true }).click();
    await button(page, '多一袋').filter({ visible: true }).click();
    await visible(page, '2 袋').waitFor();
    await shot(page, 'points-redeem');

    await button(page, '确认兑换').filter({ visible: true }).click();
    await visible(page, '周建国家：洗衣粉 2袋，扣 10 分').waitFor();
    await page.locator('.taro-model__confirm').filter({ visible: true }).click();
    await visible(page, '已兑换。周建国家还剩 30 分，洗衣粉还剩 98袋').waitFor();
    await shot(page, 'points-redeemed');
    expect(problems).toEqual([]);
  });

  it('lets the village cadre hold a 门前五包 review', async () => {
    const page = await phone();
    await staffSignIn(page, 'cadre-jingxi-1');
    await open(page, '/pages/staff/review/index');
    await visible(page, '周建国家（本次 +0 分）').waitFor();
    const zhou = page.locator('.panel').filter({ visible: true }).filter({ hasText: '周建国家' });
    await zhou.locator('taro-button-core', { hasText: '包卫生' }).click();
    await zhou.locator('taro-button-core', { hasText: '包绿化' }).click();
    await visible(page, '周建国家（本次 +15 分）').waitFor();
    await shot(page, 'points-review');
    expect(problems).toEqual([]);
  });
});
