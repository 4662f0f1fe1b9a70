/**
 * A bench meeting recorded in the mini-program's h5 build, in headless Chromium against the real
 * server (sandbox mode): the cadre's phone loses its signal, the demand waits on the phone, and
 * once back online it is filed as a case (channel bench_meeting) whose number the page shows.
 * The case then runs the whole loop (assigned, signed for, answered, revisited by phone, closed)
 * through the staff's API, and the meeting's page shows it done and its figures follow.
 * Screenshots of the meeting page go to test-output/screenshots/bench/ (SCREENSHOTS_DIR=docs/screenshots
 * refreshes the committed ones). Runs where /usr/bin/chromium and apps/miniprogram/dist-h5 exist.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createSandboxApp, type TestApp } from '@msz/server/testing/test-app';
import { caseByNumber } from './support/cases';
import { Staff } from './support/staff';

// typeorm is the server's dependency, not this package's: the same class the server registered.
const { DataSource } = createRequire(join(__dirname, '../apps/server/package.json'))('typeorm') as { DataSource: new (...args: never[]) => TestApp['ds'] };

const SHOTS = join(__dirname, '..', process.env.SCREENSHOTS_DIR ?? join('test-output', 'screenshots', 'bench'));
const CASE_NUMBER = /MS\d{8}-\d{4}/;
const WAIT = 15_000;

describe('a bench meeting demand recorded offline in the h5 app', () => {
  let sandbox: Awaited<ReturnType<typeof createSandboxApp>>;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    sandbox = await createSandboxApp();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'], timeout: 30_000 });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  const url = (route: string) => `${sandbox.baseUrl}/app/#${route}`;
  const button = (page: Page, label: string) => page.locator('taro-button-core').filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) });

  it('queues the demand while offline, files it as a case once back online, and follows that case through the whole loop', async () => {
    const cadre = await Staff.login(sandbox.baseUrl, 'cadre-jingxi-1');
    const dispatcher = await Staff.login(sandbox.baseUrl, 'dispatcher');
    const units: Array<{ id: string; code: string }> = (await cadre.call('GET', '/api/units')).body;
    const village = units.find((u) => u.code === 'village-jingxi-1')!.id;
    const planned = await cadre.call('POST', '/api/bench/meetings', { kind: 'night_talk', villageUnitId: village, place: '村委会院坝', plannedAt: new Date(Date.now() - 3_600_000).toISOString(), topics: ['饮水', '道路'] });
    expect(planned.status).toBe(201);
    const meetingId: string = planned.body.id;
    expect((await cadre.call('POST', `/api/bench/meetings/${meetingId}/hold`, { heldAt: new Date().toISOString(), attendance: 35 })).status).toBe(200);
    const before = await townTotals(dispatcher);

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(WAIT);
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));

    await page.goto(url('/pages/login/index'));
    await button(page, '工作人员').click();
    await page.locator('taro-input-core input').nth(0).fill('cadre-jingxi-1');
    await page.locator('taro-input-core input').nth(1).fill('demo1234');
    await button(page, '登录').click();
    await page.waitForURL(/pages\/staff\//);

    await page.goto(url(`/pages/staff/meeting/index?id=${meetingId}`));
    await page.reload(); // a hash route is no page load: the sign-in's own navigation could land after it
    await page.getByText('村委会院坝').filter({ visible: true }).first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'bench-meeting-record.png') });

    await context.setOffline(true);
    await page.locator('input[placeholder="例如：王大爷"]').fill('王大爷');
    await page.locator('input[placeholder="手机或座机（带区号）"]').fill('13800005001');
    await page.locator('textarea[placeholder="什么事，在哪里"]').fill('三组的水管冻裂了，十几户没水吃');
    await button(page, '记下').click();
    await page.getByText('没有信号，已存在手机上，有信号后自动发送').waitFor();
    await page.getByText('还有 1 件等信号发送').waitFor();
    const filedWhileOffline = await sandbox.app.get<TestApp['ds']>(DataSource).query(`SELECT count(*)::int AS n FROM case_file WHERE channel = 'bench_meeting'`);
    expect(filedWhileOffline[0].n).toBe(0);

    await context.setOffline(false);
    // The queue sends when the signal is back; the page shows the case's number among the meeting's demands.
    await page.locator('.row__number', { hasText: CASE_NUMBER }).filter({ visible: true }).first().waitFor({ timeout: 30_000 });
    const [filed] = await sandbox.app.get<TestApp['ds']>(DataSource).query(`SELECT number, channel, resident_name, text FROM case_file WHERE channel = 'bench_meeting'`);
    expect(filed).toMatchObject({ channel: 'bench_meeting', resident_name: '王大爷', text: '三组的水管冻裂了，十几户没水吃' });
    await page.getByText(`已发送，编号 ${filed.number}`).waitFor();
    await page.screenshot({ path: join(SHOTS, 'bench-meeting-sent.png') });
    // Taro's h5 pages scroll inside their own container: bring the meeting's demands into view.
    await page.locator('.row__number', { hasText: filed.number }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'bench-meeting-demands.png') });
    await totalsRead(page, '提出 1 件 · 办结 0 件 · 办结率 0%');

    // Another resident's demand, entered while online, waits for the office: the rate is over both.
    const second = await cadre.call('POST', `/api/bench/meetings/${meetingId}/demands`, { clientKey: randomUUID(), text: '村口的路灯不亮了', residentName: '李嬢嬢', residentPhone: '13800005002' });
    expect(second.status).toBe(201);

    // The case filed offline runs the whole loop through the staff's API: the office assigns it to the
    // town, the town signs for it and answers, and the office's phone revisit (the resident is
    // satisfied, the problem solved) closes it.
    const town = await Staff.login(sandbox.baseUrl, 'jingxi');
    const caseId = (await caseByNumber(dispatcher, filed.number)).id as string;
    const step = async (by: Staff, path: string, body: unknown, status: string) => {
      const res = await by.call('POST', `/api/cases/${caseId}/${path}`, body);
      expect([res.status, res.body.status]).toEqual([200, status]);
    };
    await step(dispatcher, 'assign', { unitId: units.find((u) => u.code === 'town-jingxi')!.id }, 'assigned');
    await step(town, 'sign-for', {}, 'in_progress');
    await step(town, 'answer', { text: '已换了冻裂的水管，三组恢复供水' }, 'revisiting');
    await step(dispatcher, 'revisit', { rating: 'satisfied', solved: true, note: '电话回访王大爷，水已经通了' }, 'closed');
    const loop = (await dispatcher.call('GET', `/api/cases/${caseId}`)).body;
    expect(loop.timeline.map((t: { action: string }) => t.action)).toEqual(['file', 'assign', 'sign_for', 'answer', 'start_revisit', 'close']);
    expect(loop).toMatchObject({ status: 'closed', revisitRating: 'satisfied', answer: '已换了冻裂的水管，三组恢复供水' });

    // Back on the meeting's page, the cadre sees the demand done and the meeting's figures follow.
    await page.reload();
    const done = page.locator('.row').filter({ visible: true }).filter({ hasText: filed.number });
    await done.locator('.status', { hasText: '已办结' }).waitFor();
    await page.locator('.row').filter({ visible: true }).filter({ hasText: second.body.number }).locator('.status', { hasText: '已受理' }).waitFor();
    await totalsRead(page, '提出 2 件 · 办结 1 件 · 办结率 50%');
    await done.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'bench-meeting-closed-loop.png') });

    // The city's 台账 counts the same meeting the same way.
    const after = await townTotals(dispatcher);
    expect([after.demandsRaised - before.demandsRaised, after.demandsSettled - before.demandsSettled]).toEqual([2, 1]);
    expect(problems).toEqual([]);
    await context.close();
  });

  /** 井溪镇's row of the bench 台账 (the sandbox's demo data may hold meetings of its own). */
  const townTotals = async (by: Staff) => {
    const { body } = await by.call('GET', '/api/bench/totals?groupBy=town');
    return body.rows.find((r: { label: string }) => r.label === '井溪镇') as { demandsRaised: number; demandsSettled: number };
  };
  const totalsRead = (page: Page, line: string) => page.locator('.meeting__totals', { hasText: line }).filter({ visible: true }).first().waitFor();
});
