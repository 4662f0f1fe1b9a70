import { addCalendarDays, chinaDate, isoWeek, isoWeekDays } from '@msz/domain';
import type { StaffPrincipal } from '@msz/server/common/auth/principal';
import { IndicatorRollup } from '@msz/server/modules/indicators/indicator-rollup.service';
import { IndicatorsService } from '@msz/server/modules/indicators/indicators.service';
import { LeagueService } from '@msz/server/modules/indicators/league.service';
import { monthlySheets, weeklySheets } from '@msz/server/modules/reports/report-sheets';
import { ReportsService } from '@msz/server/modules/reports/reports.service';
import { workbookBuffer } from '@msz/server/modules/reports/workbook';
import { WarningScanService } from '@msz/server/modules/warnings/warning-scan.service';
import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Activity, download, ok } from './support/activity';
import { Staff } from './support/staff';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A week of activity through the API, and the office's 日调度, 周会商 and 月考评 read back from their xlsx and pictures. */
describe('report packs', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let jingxi: Staff;
  let batai: Staff;
  let water: Staff;
  let act: Activity;
  let today: string;
  /** The week the activity happened in, and the week its complaints fall due in (the same one on some days). */
  let week: string;
  let dueWeek: string;
  let dueDay: string;
  const numbers: Record<string, string> = {};

  const get = (who: Staff, path: string) => download(sut.baseUrl, who, path);
  async function workbook(who: Staff, path: string): Promise<ExcelJS.Workbook> {
    const res = await get(who, path);
    expect(res).toMatchObject({ status: 200, type: XLSX });
    if (process.env.REPORTS_ARTIFACTS_DIR) writeFileSync(join(process.env.REPORTS_ARTIFACTS_DIR, path.split('/').slice(-2).join('-')), res.body);
    return readBack(res.body);
  }
  async function readBack(bytes: Buffer): Promise<ExcelJS.Workbook> {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    return book;
  }
  async function principal(username: string): Promise<StaffPrincipal> {
    const [row] = await sut.ds.query(`SELECT id, username, display_name AS name, role, unit_id AS "unitId", token_version AS ver FROM staff_user WHERE username = $1`, [username]);
    return { ...row, kind: 'staff' };
  }
  /** A sheet's data rows as objects keyed by the header (the notes under the table left out). */
  function rows(book: ExcelJS.Workbook, name: string): Array<Record<string, unknown>> {
    const sheet = book.getWorksheet(name);
    if (!sheet) throw new Error(`no sheet ${name}`);
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const out: Array<Record<string, unknown>> = [];
    for (let r = 2; r <= sheet.rowCount; r += 1) {
      const values = (sheet.getRow(r).values as unknown[]).slice(1);
      if (values.length === 0) break;
      out.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
    }
    return out;
  }
  const indicators = (from: string, to: string, groupBy = 'none') => ok(dispatcher.call('GET', `/api/indicators?from=${from}&to=${to}&period=week&groupBy=${groupBy}`));

  beforeAll(async () => {
    sut = await createTestApp();
    [dispatcher, jingxi, batai, water] = await Promise.all(['dispatcher', 'jingxi', 'batai', 'water'].map((u) => Staff.login(sut.baseUrl, u)));
    act = await Activity.start(dispatcher, 13920000000);
    const jx = act.village('井溪镇');
    const bt = act.village('八台镇');

    // 井溪镇 handles four, two of them the same burst pipe (the second a repeat); one text looks like a formula.
    await act.handled(jingxi, '井溪镇', '村口的水泥路塌了一个大坑，车子过不去', jx, 'satisfied');
    await act.handled(jingxi, '井溪镇', '村里自来水管爆了，停水两天了', jx, 'satisfied', 'water-supply');
    numbers.repeat = (await act.handled(jingxi, '井溪镇', '村里自来水管爆了，又停水了', jx, 'basically_satisfied', 'water-supply')).number;
    numbers.formula = (await act.handled(jingxi, '井溪镇', '=HYPERLINK("http://x.example","去镇上的客运班车好几天没来了")', jx, 'satisfied')).number;
    // 八台镇 handles one and leaves one signed for but never answered.
    await act.handled(batai, '八台镇', '组上的便道被雨水冲垮了', bt, 'basically_satisfied');
    const overdue = await act.file('进村的桥面裂缝越来越大', bt);
    numbers.overdue = overdue.number;
    await act.assign(overdue.id, act.unit('八台镇').id);
    await ok(batai.call('POST', `/api/cases/${overdue.id}/sign-for`, {}));
    // Misrouted to 八台镇, returned with a reason, and handled by 市水利局.
    const returned = await act.file('水库放水把下游的田冲了', bt, 'water-supply');
    numbers.returned = returned.number;
    await act.assign(returned.id, act.unit('八台镇').id);
    await ok(batai.call('POST', `/api/cases/${returned.id}/return`, { reason: '水库归水利局管' }));
    await act.assign(returned.id, act.units.find((u) => u.code === 'dept-water')!.id);
    await ok(water.call('POST', `/api/cases/${returned.id}/sign-for`, {}));
    await ok(water.call('POST', `/api/cases/${returned.id}/answer`, { text: '已协调赔偿' }));
    await ok(dispatcher.call('POST', `/api/cases/${returned.id}/revisit`, { rating: 'satisfied', solved: true }));

    await sut.app.get(IndicatorRollup).drain();
    today = chinaDate(new Date());
    week = isoWeek(today);
    dueDay = chinaDate(new Date(overdue.closeBy));
    dueWeek = isoWeek(dueDay);
  });
  afterAll(() => sut?.close());

  it('puts the week’s figures in the 周会商 pack as the indicators endpoint counts them', async () => {
    const book = await workbook(dispatcher, `/api/reports/weekly/${week}.xlsx`);
    expect(book.worksheets.map((s) => s.name)).toEqual(['概况', '分单位指标', '超期', '退回', '重复诉求', '预警', '红黑榜']);
    const { from: monday, to: sunday } = isoWeekDays(week);
    const city = (await indicators(monday, sunday)).groups[0];
    const byUnit = (await indicators(monday, sunday, 'unit')).groups as Array<{ label: string; total: Record<string, number | null> }>;

    // Every unit's line carries the endpoint's numbers: counts as counts, rates as shares (an empty cell for nothing to measure).
    const units = rows(book, '分单位指标');
    expect(units.map((u) => u['单位']).sort()).toEqual(byUnit.map((g) => g.label).sort());
    for (const g of byUnit) {
      const line = units.find((u) => u['单位'] === g.label)!;
      expect(line['受理量']).toBe(g.total.volume);
      expect(line['满意率']).toBe(g.total.satisfactionRate);
      expect(line['退回率']).toBe(g.total.returnRate);
      expect(line['重复诉求率']).toBe(g.total.repeatRate);
    }
    expect(units.find((u) => u['单位'] === '井溪镇')).toMatchObject({ 受理量: 4, 满意率: 1, 重复诉求率: 0.25 });

    // The lists are the cases behind the counters.
    const returns = rows(book, '退回');
    expect(returns).toHaveLength(city.counters.returns);
    expect(returns).toEqual([expect.objectContaining({ 受理编号: numbers.returned, 退回单位: expect.stringContaining('八台镇'), 退回理由: '水库归水利局管', 现承办单位: '市水利局' })]);
    const repeats = rows(book, '重复诉求');
    expect(repeats).toHaveLength(city.counters.repeats);
    expect(repeats.map((r) => r['受理编号'])).toEqual([numbers.repeat]);
    expect(rows(book, '概况').find((r) => r['项目'] === '受理量')).toMatchObject({ 数值: String(city.total.volume) });
    expect(rows(book, '概况').find((r) => r['项目'] === '退回')).toMatchObject({ 数值: `${city.counters.returns}次` });
  });

  it('lists in 超期 exactly the cases the on-time rate counts as late once the week is over, and carries the week’s red and black list', async () => {
    const book = await workbook(dispatcher, `/api/reports/weekly/${dueWeek}.xlsx`);
    // The deadlines have not come yet: nothing is late so far.
    expect(rows(book, '超期')).toEqual([]);

    // … nor does the on-time rate count any: 八台镇's unanswered case is pending until its deadline.
    const { from, to } = isoWeekDays(dueWeek);
    const city = (await indicators(from, to)).groups[0];
    expect(city.counters.closeDue - city.counters.closeOnTime).toBe(0);

    // The Monday after, the pack names the case 八台镇 never answered, as the indicators then count it.
    const after = new Date(`${addCalendarDays(to, 1)}T09:00:00+08:00`);
    const pack = await sut.app.get(ReportsService).weekly(await principal('dispatcher'), dueWeek, after);
    const then = (await sut.app.get(IndicatorsService).report(await principal('dispatcher'), { from, to, period: 'week', groupBy: 'none' }, after)).groups[0];
    expect(then.counters.closeDue - then.counters.closeOnTime).toBe(1);
    expect(pack.overdue.count).toBe(then.counters.closeDue - then.counters.closeOnTime);
    expect(pack.city.closeOnTimeRate).toBe(then.total.closeOnTimeRate);
    const late = rows(await readBack(await workbookBuffer(weeklySheets(pack))), '超期');
    expect(late).toHaveLength(pack.overdue.count);
    expect(late).toEqual([expect.objectContaining({ 受理编号: numbers.overdue, 承办单位: '八台镇', 状态: '办理中', 联系电话: expect.stringMatching(/^139\*{4}\d{4}$/) })]);
    expect(late[0]['办结时限']).toBeInstanceOf(Date);

    const list = await ok(dispatcher.call('GET', `/api/league/weeks/${dueWeek}`));
    const towns = list.tables.find((t: { group: string }) => t.group === 'town').rows as Array<{ name: string; rank: number; score: number }>;
    const sheet = rows(book, '红黑榜').filter((r) => r['类别'] === '乡镇（街道）' && r['名次'] !== null);
    expect(sheet.map((r) => [r['单位'], r['名次'], r['榜单']])).toEqual(towns.map((t) => [t.name, t.rank, t.rank === 1 ? '红榜' : '黑榜']));
    for (const t of towns) expect(sheet.find((r) => r['单位'] === t.name)!['得分']).toBeCloseTo(t.score, 6);
  });

  it('writes the 日调度 sheet: due today on the deadline’s day, overdue the day after, yesterday’s intake the day after the activity', async () => {
    const onDue = await workbook(dispatcher, `/api/reports/daily/${dueDay}.xlsx`);
    expect(onDue.worksheets.map((s) => s.name)).toEqual(['概况', '今日到期', '已超期', '昨日受理']);
    expect(rows(onDue, '今日到期').map((r) => r['受理编号'])).toContain(numbers.overdue);
    const after = await workbook(dispatcher, `/api/reports/daily/${addCalendarDays(dueDay, 1)}.xlsx`);
    expect(rows(after, '已超期').map((r) => r['受理编号'])).toEqual([numbers.overdue]);
    expect(rows(after, '概况').find((r) => r['单位'] === '八台镇')).toMatchObject({ 已超期: 1 });

    // Lists are read two rows at a time here, so that the day's intake crosses several batches.
    const reports = sut.app.get(ReportsService);
    const batchSize = reports.batchSize;
    reports.batchSize = 2;
    const tomorrow = await workbook(dispatcher, `/api/reports/daily/${addCalendarDays(today, 1)}.xlsx`).finally(() => (reports.batchSize = batchSize));
    const intake = rows(tomorrow, '昨日受理');
    const todays = (await ok(dispatcher.call('GET', `/api/indicators?from=${today}&to=${today}&period=day`))).groups[0];
    expect(intake).toHaveLength(todays.total.volume);
    expect(todays.total.volume).toBeGreaterThan(4);
    // Each case once, in the order of acceptance.
    expect(new Set(intake.map((r) => r['受理编号'])).size).toBe(intake.length);
    const acceptedAt = intake.map((r) => (r['受理时间'] as Date).getTime());
    expect(acceptedAt).toEqual([...acceptedAt].sort((a, b) => a - b));
    const total = rows(tomorrow, '概况').find((r) => r['单位'] === '合计')!;
    expect(total[`昨日受理（${today}）`]).toBe(todays.total.volume);
    // The resident's text stays text (defused), and no full phone number is written anywhere.
    expect(intake.find((r) => r['受理编号'] === numbers.formula)!['诉求内容']).toBe(`'=HYPERLINK("http://x.example","去镇上的客运班车好几天没来了")`);
    tomorrow.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          expect(String(cell.value)).not.toMatch(/1392\d{7}/);
        }),
      ),
    );
  });

  it('scores the month on the cases due in it, by the list’s own standards, with each unit’s approved weeks on the lists', async () => {
    const month = dueDay.slice(0, 7);
    // The office approves the week on the Monday after it (the week is not over yet, so through the service with that Monday).
    const after = new Date(`${addCalendarDays(isoWeekDays(dueWeek).to, 1)}T09:00:00+08:00`);
    await sut.app.get(LeagueService).approve(await principal('dispatcher'), dueWeek, after);
    // The month as it reads that Monday (its complaints have come due): through the service with that moment.
    const book = await readBack(await workbookBuffer(monthlySheets(await sut.app.get(ReportsService).monthly(await principal('dispatcher'), month, after))));
    expect(book.worksheets.map((s) => s.name)).toEqual(['考评排名', '分单位指标', '全市指标']);
    // Every complaint fell due on one day: the month judges the same cases as that week, so the same scores.
    const list = await ok(dispatcher.call('GET', `/api/league/weeks/${dueWeek}`));
    const towns = list.tables.find((t: { group: string }) => t.group === 'town').rows as Array<{ name: string; rank: number; score: number }>;
    const ranked = rows(book, '考评排名').filter((r) => r['类别'] === '乡镇（街道）' && r['名次'] !== null);
    expect(ranked.map((r) => r['单位'])).toEqual(towns.map((t) => t.name));
    for (const t of towns) expect(ranked.find((r) => r['单位'] === t.name)!['得分']).toBeCloseTo(t.score, 6);

    // The week's summary as the office reads it on that Monday (the picture in docs/reports/weekly.png).
    const monday = await sut.app.get(ReportsService).weeklyPng(await principal('dispatcher'), dueWeek, new Date(`${addCalendarDays(isoWeekDays(dueWeek).to, 1)}T09:00:00+08:00`));
    expect(monday.png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    if (process.env.REPORTS_ARTIFACTS_DIR) writeFileSync(join(process.env.REPORTS_ARTIFACTS_DIR, 'weekly-after.png'), monday.png);
    expect(ranked.every((r) => !('榜单' in r))).toBe(true);
    // The approved week's Monday is in the month when its complaints fell due on a weekday of it; the list is counted then.
    const counted = isoWeekDays(dueWeek).from.slice(0, 7) === month ? 1 : 0;
    expect(ranked.map((r) => [r['单位'], r['上红榜周数'], r['上黑榜周数']])).toEqual([
      [towns[0].name, counted, 0],
      [towns[1].name, 0, counted],
    ]);
    expect(rows(book, '考评排名').find((r) => r['单位'] === '花园镇')).toMatchObject({ 名次: null, 扣分说明: '本月无到期诉求' });
  });

  it('draws each pack as a picture a leader reads on the phone', async () => {
    const month = dueDay.slice(0, 7);
    for (const path of [`daily/${addCalendarDays(dueDay, 1)}.png`, `weekly/${week}.png`, `weekly/${dueWeek}.png`, `monthly/${month}.png`, `monthly/${month}.png?group=department`]) {
      const res = await get(dispatcher, `/api/reports/${path}`);
      expect(res).toMatchObject({ status: 200, type: 'image/png' });
      expect(res.body.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      expect(res.body.readUInt32BE(16)).toBe(1500); // 750 logical pixels, drawn at twice that
      if (process.env.REPORTS_ARTIFACTS_DIR) writeFileSync(join(process.env.REPORTS_ARTIFACTS_DIR, path.replace(/\.png\?group=(\w+)$/, '-$1.png').replace('/', '-')), res.body);
    }
  });

  it('lists in 预警 the area warnings raised in the week, as the warnings list shows them', async () => {
    // Roads in 石窝镇, six reports in a day where there were none: the scan raises a town warning.
    const shiwo = act.village('石窝镇');
    for (const text of ['村道塌方了，车过不去', '公路上落石很多，很危险', '入户路坏了一个大坑，晚上看不见', '村道被水冲断了一截', '路面坑坑洼洼，摩托车摔了', '公路边的护栏撞坏了没人修']) {
      await ok(dispatcher.call('POST', '/api/cases', { channel: 'phone', text, residentName: '李大姐', residentPhone: '13930000000', placeUnitId: shiwo.id }));
    }
    expect(await sut.app.get(WarningScanService).runAt(new Date())).toBeGreaterThan(0);
    const listed = (await ok(dispatcher.call('GET', '/api/warnings?limit=100'))).items as Array<{ summary: string; levelLabel: string }>;
    expect(listed.length).toBeGreaterThan(0);

    const book = await workbook(dispatcher, `/api/reports/weekly/${week}.xlsx`);
    const sheet = rows(book, '预警');
    expect(sheet.map((w) => [w['级别'], w['内容']]).sort()).toEqual(listed.map((w) => [w.levelLabel, w.summary]).sort());
    expect(sheet.find((w) => String(w['内容']).includes('石窝镇'))).toMatchObject({ 范围: '本镇', 类别: '道路交通', 状态: '待签收', 发出时间: expect.any(Date) });
    expect(rows(book, '概况').find((r) => r['项目'] === '预警')).toMatchObject({ 数值: `${listed.length}条` });
  });

  it('serves the city’s leaders and inspectors, refuses a unit’s staff, and refuses a day, week or month that does not exist', async () => {
    const [leader, inspector, unitLeader] = await Promise.all(['leader-zhou', 'inspector', 'leader-jingxi'].map((u) => Staff.login(sut.baseUrl, u)));
    expect((await get(leader, `/api/reports/weekly/${week}.xlsx`)).status).toBe(200);
    expect((await get(inspector, `/api/reports/daily/${today}.png`)).status).toBe(200);
    for (const who of [jingxi, unitLeader]) {
      for (const path of [`daily/${today}.xlsx`, `weekly/${week}.xlsx`, `weekly/${week}.png`, `monthly/${today.slice(0, 7)}.xlsx`]) {
        expect((await get(who, `/api/reports/${path}`)).status).toBe(403);
      }
    }
    for (const path of ['daily/2026-02-30.xlsx', 'daily/yesterday.xlsx', 'daily/2026-1-5.png', 'weekly/2026-W60.xlsx', 'weekly/2026-49.xlsx', 'weekly/2026-W00.png', 'monthly/2026-13.xlsx', 'monthly/202612.png']) {
      const res = await dispatcher.call('GET', `/api/reports/${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await dispatcher.call('GET', `/api/reports/monthly/${today.slice(0, 7)}.png?group=village`)).status).toBe(400);
  });
});
