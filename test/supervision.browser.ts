/**
 * 督办清单 from flag to closure in the mini-program's h5 build, in headless Chromium against the
 * real server (sandbox mode): a scripted too-short answer raises an anomaly flag; the inspector
 * confirms it on the page and opens a supervision item from it; the unit's handler reports with a
 * photo; the inspector sends it back; the unit reports again; the inspector closes it. Each step is
 * checked on the server too; each page shown passes the accessibility audit (axe, WCAG 2.2 AA).
 * Any console error or warning fails the test. Screenshots go to
 * test-output/screenshots/supervision/ (SCREENSHOTS_DIR=docs/screenshots/supervision refreshes the
 * committed ones). Runs where /usr/bin/chromium and apps/miniprogram/dist-h5 exist.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AnomaliesService } from '@msz/server/modules/anomalies/anomalies.service';
import { createSandboxApp } from '@msz/server/testing/test-app';
import { axeViolations, levelOneHeadings } from './support/axe';
import { Staff } from './support/staff';

const SHOTS = join(__dirname, '..', process.env.SCREENSHOTS_DIR ?? join('test-output', 'screenshots', 'supervision'));
const WAIT = 20_000;

// A 2x2 red PNG, made in memory.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');

interface Item {
  id: string;
  number: string;
  status: string;
  flagId?: string;
  caseIds: string[];
  unit: { id: string; name: string };
  reports: Array<{ text: string; media: Array<{ id: string }> }>;
  accountability: Array<{ person: string; role: string; measure: string }>;
  exposures: Array<{ outlet: string; commitment: string; caseId: string | null }>;
  history: Array<{ action: string; text: string }>;
}

describe('an inspector runs a supervision item from flag to closure in the h5 app', () => {
  let sandbox: Awaited<ReturnType<typeof createSandboxApp>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    sandbox = await createSandboxApp();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'], timeout: 30_000 });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await sandbox?.close();
  });

  const url = (route: string) => `${sandbox.baseUrl}/app/#${route}`;
  // h5 keeps the previous pages in the DOM, hidden: only what the phone shows counts.
  const button = (page: Page, label: string) =>
    page
      .locator('taro-button-core')
      .filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) })
      .filter({ visible: true });
  const text = (page: Page, t: string | RegExp) => page.getByText(t).filter({ visible: true }).first();
  const textarea = (page: Page, placeholder: string) => page.locator(`textarea[placeholder="${placeholder}"]`).filter({ visible: true });

  /** A phone signed in as this member of staff, its console watched. */
  async function staffPhone(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(WAIT);
    contexts.push(context);
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

  /** A screenshot once toasts and page slides are over, from the top unless `keepScroll`. */
  async function shot(page: Page, name: string, keepScroll = false) {
    await page.waitForFunction(() => {
      const d = (globalThis as unknown as { document: { getAnimations(): Array<{ playState: string; effect: { getComputedTiming(): { iterations: number } } | null }> } }).document;
      return d.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity);
    });
    if (!keepScroll) {
      await page.evaluate(() => {
        const w = globalThis as unknown as { scrollTo(x: number, y: number): void; document: { querySelectorAll(s: string): ArrayLike<{ scrollTop: number }> } };
        w.scrollTo(0, 0);
        for (const e of Array.from(w.document.querySelectorAll('*'))) if (e.scrollTop) e.scrollTop = 0;
      });
    }
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
    // The staff pages' accessibility bar, as test/miniprogram.browser.ts holds it: WCAG 2.2 AA and best practices, under one title.
    expect({ page: name, violations: await axeViolations(page), titles: (await levelOneHeadings(page)).length }).toEqual({ page: name, violations: [], titles: 1 });
  }

  it('confirms a flag, opens an item, sends a report back and closes the next one', async () => {
    // The scripted scenario: a demand filed for a resident, handled by 井溪镇 with a two-word answer.
    const [dispatcher, handler, inspector] = await Promise.all(['dispatcher', 'jingxi', 'inspector'].map((u) => Staff.login(sandbox.baseUrl, u)));
    const units: Array<{ id: string; name: string }> = (await dispatcher.call('GET', '/api/units')).body;
    const jingxi = units.find((u) => u.name === '井溪镇')!.id;
    const filed = await dispatcher.call('POST', '/api/cases', { channel: 'phone', text: '井溪镇二村的自来水管破了，漏了好几天没人修', residentName: '赵大爷', residentPhone: '13800005101' });
    expect(filed.status).toBe(201);
    const caseId: string = filed.body.id;
    const caseNumber: string = filed.body.number;
    expect((await dispatcher.call('POST', `/api/cases/${caseId}/classify`, { kind: 'complaint', subItem: 'water-supply', urgency: 'normal' })).status).toBe(200);
    expect((await dispatcher.call('POST', `/api/cases/${caseId}/assign`, { unitId: jingxi })).status).toBe(200);
    expect((await handler.call('POST', `/api/cases/${caseId}/sign-for`)).status).toBe(200);
    expect((await handler.call('POST', `/api/cases/${caseId}/answer`, { text: '已修好' })).status).toBe(200);
    // The scan reads entries once settled: a pass as if a minute had gone by.
    await sandbox.app.get(AnomaliesService).scan(new Date(Date.now() + 60_000));
    const flags: Array<{ id: string; kind: string; caseId: string | null }> = (await inspector.call('GET', '/api/anomaly-flags?status=open')).body;
    const flag = flags.find((f) => f.caseId === caseId && f.kind === 'short_answer');
    expect(flag).toBeDefined();

    // The inspector: home → 异常线索 → the flag, its evidence in words → 确认属实.
    const insp = await staffPhone('inspector');
    await button(insp, '异常线索').click();
    await insp.waitForURL(/pages\/staff\/flags\/index/);
    const row = insp.locator('.row').filter({ hasText: caseNumber }).filter({ hasText: '答复过短' }).filter({ visible: true });
    await row.waitFor();
    await shot(insp, 'flags-to-review');
    await row.click();
    await insp.waitForURL(/pages\/staff\/flags\/detail/);
    await text(insp, '答复只有 3 个字，这类诉求至少要').waitFor();
    await text(insp, '“已修好”').waitFor();
    await shot(insp, 'flag-evidence');
    await button(insp, '确认属实').click();
    await text(insp, '请写一写核实到的情况').waitFor();
    await textarea(insp, '电话或上门核实到了什么').fill('电话回访群众，水管只是临时缠了胶布，仍在漏水');
    await button(insp, '确认属实').click();
    await text(insp, '已确认属实，可以立项督办').waitFor();
    expect((await inspector.call('GET', `/api/anomaly-flags/${flag!.id}`)).body).toMatchObject({ status: 'confirmed', reviewNote: '电话回访群众，水管只是临时缠了胶布，仍在漏水' });

    // 立项督办: the flag's unit and case go with the item; the inspector writes the requirement.
    await button(insp, '立项督办').click();
    await insp.waitForURL(/pages\/staff\/supervision\/new/);
    await text(insp, '井溪镇').waitFor();
    await button(insp, '交办').click();
    await text(insp, '请写整改要求').waitFor();
    await textarea(insp, '要单位做什么、做到什么程度').fill('派人到二村彻底修好漏水的自来水管，拍照报告，并回访赵大爷');
    await shot(insp, 'item-new-from-flag');
    await button(insp, '交办').click();
    await insp.waitForURL(/pages\/staff\/supervision\/detail/);
    const items: Item[] = (await inspector.call('GET', '/api/supervision/items')).body;
    const item = items.find((i) => i.flagId === flag!.id)!;
    expect(item).toMatchObject({ status: 'assigned', caseIds: [caseId], unit: { id: jingxi } });
    await text(insp, item.number).waitFor();
    await text(insp, caseNumber).waitFor();
    await shot(insp, 'item-assigned');

    // The unit's handler: queue → 督办事项 → the item → a report with a photo.
    const unit = await staffPhone('jingxi');
    await button(unit, '督办事项').click();
    await unit.waitForURL(/pages\/staff\/supervision\/index/);
    await text(unit, '本单位督办事项').waitFor();
    const unitRow = unit.locator('.row').filter({ hasText: item.number }).filter({ visible: true });
    await unitRow.waitFor();
    await shot(unit, 'unit-items-to-answer');
    await unitRow.click();
    await unit.waitForURL(/pages\/staff\/supervision\/detail/);
    await textarea(unit, '做了什么、结果怎样、群众怎么说').fill('已缠胶布止漏');
    const chooser = unit.waitForEvent('filechooser');
    await button(unit, '拍照或选照片').click();
    await (await chooser).setFiles({ name: 'pipe.png', mimeType: 'image/png', buffer: PNG });
    await unit.locator('.photo').filter({ visible: true }).waitFor();
    await shot(unit, 'unit-report-form');
    await button(unit, '提交报告').click();
    await text(unit, '已报告整改情况，等待纪委监委核验').waitFor();
    let now: Item = (await inspector.call('GET', `/api/supervision/items/${item.id}`)).body;
    expect(now.status).toBe('reported');
    expect(now.reports).toHaveLength(1);
    expect(now.reports[0]).toMatchObject({ text: '已缠胶布止漏', media: [{ id: expect.any(String) }] });

    // The inspector sees the report and its photo, and sends it back.
    await insp.reload();
    await text(insp, '已缠胶布止漏').waitFor();
    await insp.locator('.report__photo').filter({ visible: true }).first().waitFor();
    await insp.locator('.report__photo').filter({ visible: true }).first().scrollIntoViewIfNeeded();
    await shot(insp, 'item-report-to-verify', true);
    await textarea(insp, '看了现场、问了群众，整改到没到位').fill('到现场看了，只缠了胶布，还在渗水，要换管');
    await button(insp, '退回重改').click();
    await text(insp, '已退回，单位要重新整改').waitFor();
    now = (await inspector.call('GET', `/api/supervision/items/${item.id}`)).body;
    expect(now.status).toBe('sent_back');

    // The unit reports again.
    await unit.reload();
    await text(unit, '重新报告整改情况').waitFor();
    await text(unit, '到现场看了，只缠了胶布，还在渗水，要换管').waitFor();
    await textarea(unit, '做了什么、结果怎样、群众怎么说').fill('已更换二村破损的水管三米，试水不再漏，赵大爷满意');
    const chooser2 = unit.waitForEvent('filechooser');
    await button(unit, '拍照或选照片').click();
    await (await chooser2).setFiles({ name: 'new-pipe.png', mimeType: 'image/png', buffer: PNG });
    await unit.locator('.photo').filter({ visible: true }).waitFor();
    await button(unit, '提交报告').click();
    await text(unit, '已报告整改情况，等待纪委监委核验').waitFor();
    await shot(unit, 'unit-reported-again');

    // The inspector closes it (销号).
    await insp.reload();
    await text(insp, '已更换二村破损的水管三米，试水不再漏，赵大爷满意').waitFor();
    await textarea(insp, '看了现场、问了群众，整改到没到位').fill('回访赵大爷，水管已换，不再漏水');
    await button(insp, '销号').click();
    await text(insp, '已核验销号').waitFor();
    await text(insp, '已销号').waitFor();
    await shot(insp, 'item-closed');
    now = (await inspector.call('GET', `/api/supervision/items/${item.id}`)).body;
    expect(now.status).toBe('closed');
    expect(now.reports).toHaveLength(2);

    // 问责 and 媒体曝光 are kept with the item.
    await button(insp, '记录问责').click();
    await insp.locator('input[placeholder="姓名"]').filter({ visible: true }).fill('张某');
    await insp.locator('input[placeholder="例如：某某镇副镇长"]').filter({ visible: true }).fill('井溪镇城建办主任');
    await insp.locator('input[placeholder="例如：诫勉谈话、通报批评"]').filter({ visible: true }).fill('诫勉谈话');
    await button(insp, '保存问责').click();
    await text(insp, '已记录问责').waitFor();
    await button(insp, '记录媒体曝光').click();
    await insp.locator('input[placeholder="例如：万源电视台《问政》"]').filter({ visible: true }).fill('万源电视台《问政万源》');
    await textarea(insp, '负责人公开承诺做到什么').fill('一个月内排查全镇老旧水管，漏一处修一处');
    await button(insp, '保存曝光').click();
    await text(insp, '已记录媒体曝光').waitFor();
    await text(insp, '张某（井溪镇城建办主任）：诫勉谈话').scrollIntoViewIfNeeded();
    await shot(insp, 'item-accountability-exposure', true);
    now = (await inspector.call('GET', `/api/supervision/items/${item.id}`)).body;
    expect(now).toMatchObject({
      accountability: [{ person: '张某', role: '井溪镇城建办主任', measure: '诫勉谈话' }],
      exposures: [{ outlet: '万源电视台《问政万源》', commitment: '一个月内排查全镇老旧水管，漏一处修一处', caseId }],
    });

    // The list shows it closed.
    await insp.goto(url('/pages/staff/supervision/index'));
    await insp.reload(); // a hash route is no page load: start the app on it
    await button(insp, '已销号').click();
    await insp.locator('.row').filter({ hasText: item.number }).filter({ visible: true }).waitFor();
    // The counts on the list are the server's.
    const { total } = (await inspector.call('GET', '/api/supervision/summary')).body as { total: { open: number; overdue: number; closed: number } };
    expect(total.closed).toBeGreaterThanOrEqual(1);
    await text(insp, `在办 ${total.open} 项，其中逾期 ${total.overdue} 项；已销号 ${total.closed} 项`).waitFor();
    await shot(insp, 'items-closed-list');

    expect(problems).toEqual([]);
  });
});
