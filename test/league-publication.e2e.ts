import { addCalendarDays, chinaDate, isoWeek, weekMonday } from '@msz/domain';
import { IndicatorRollup } from '@msz/server/modules/indicators/indicator-rollup.service';
import { LeagueService } from '@msz/server/modules/indicators/league.service';
import { TimelineAnchorsService } from '@msz/server/modules/integrity/timeline-anchors.service';
import type { StaffPrincipal } from '@msz/server/common/auth/principal';
import { createTestApp, TEST_WECHAT, type TestApp } from '@msz/server/testing/test-app';
import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Activity, download as downloadAs, ok } from './support/activity';
import { Staff } from './support/staff';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A week of activity, approved on Monday, published on the Official Account, told to each unit's leader, and downloaded. */
describe('publishing the red and black list', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let jingxi: Staff;
  let batai: Staff;
  let water: Staff;
  let act: Activity;
  let week: string;

  const unit = (name: string) => act.unit(name);
  const download = (who: Staff, path: string) => downloadAs(sut.baseUrl, who, path);
  const leagueMessages = (openid: string) => sut.wechat.sent.filter((m) => m.template_id === TEST_WECHAT.templates.league && m.touser === openid);
  const handled = (...args: Parameters<Activity['handled']>) => act.handled(...args);

  beforeAll(async () => {
    sut = await createTestApp();
    [dispatcher, jingxi, batai, water] = await Promise.all(['dispatcher', 'jingxi', 'batai', 'water'].map((u) => Staff.login(sut.baseUrl, u)));
    act = await Activity.start(dispatcher, 13910000000);
    const jx = act.village('井溪镇');
    const bt = act.village('八台镇');

    // 井溪镇 answers everything in time to satisfied residents; 八台镇 leaves one unanswered; 市水利局 answers one.
    await handled(jingxi, '井溪镇', '村口的水泥路塌了一个大坑，车子过不去', jx, 'satisfied');
    await handled(jingxi, '井溪镇', '路边的排水沟堵了，下雨就淹', jx, 'satisfied');
    await handled(batai, '八台镇', '组上的便道被雨水冲垮了', bt, 'basically_satisfied');
    const overdue = await act.file('进村的桥面裂缝越来越大', bt);
    await ok(dispatcher.call('POST', `/api/cases/${overdue.id}/assign`, { unitId: unit('八台镇').id }));
    await ok(batai.call('POST', `/api/cases/${overdue.id}/sign-for`, {}));
    const ditch = await act.file('水库放水把下游的田冲了', bt, 'water-supply');
    await ok(dispatcher.call('POST', `/api/cases/${ditch.id}/assign`, { unitId: act.units.find((u) => u.code === 'dept-water')!.id }));
    await ok(water.call('POST', `/api/cases/${ditch.id}/sign-for`, {}));
    await ok(water.call('POST', `/api/cases/${ditch.id}/answer`, { text: '已协调赔偿' }));
    await ok(dispatcher.call('POST', `/api/cases/${ditch.id}/revisit`, { rating: 'satisfied', solved: true }));

    await sut.app.get(IndicatorRollup).drain();
    week = isoWeek(chinaDate(new Date(overdue.closeBy)));
  });
  afterAll(() => sut?.close());

  it('refuses to publish a week the office has not approved, and keeps drafts from units', async () => {
    expect((await dispatcher.call('POST', `/api/league/weeks/${week}/publish`)).status).toBe(409);
    expect((await jingxi.call('POST', `/api/league/weeks/${week}/publish`)).status).toBe(403);
    expect((await download(jingxi, `/api/league/weeks/${week}.png`)).status).toBe(404);
    expect((await download(jingxi, `/api/league/weeks/${week}.xlsx`)).status).toBe(404);
    expect((await download(dispatcher, `/api/league/weeks/${week}.png?group=villages`)).status).toBe(400);
    // The office previews the draft as it changes: its picture is never kept, so the approved one replaces it at once.
    const draft = await download(dispatcher, `/api/league/weeks/${week}.png?group=town`);
    expect(draft.status).toBe(200);
    expect(draft.cache).toBe('private, no-cache');
    expect((await dispatcher.call('POST', `/api/league/weeks/2026-49/publish`)).status).toBe(400);
    expect(sut.wechat.drafts).toHaveLength(0);
  });

  it('publishes the approved week as an article with its two pictures, and tells each unit leader their own line; a failure is reported and retried', async () => {
    const [row] = await sut.ds.query(`SELECT id, username, display_name AS name, role, unit_id AS "unitId", token_version AS ver FROM staff_user WHERE username = 'dispatcher'`);
    const office: StaffPrincipal = { ...row, kind: 'staff' };
    await sut.app.get(LeagueService).approve(office, week, new Date(`${addCalendarDays(weekMonday(week), 7)}T09:00:00+08:00`));
    // The week's days are over by the Monday it is published: each is sealed into its anchor.
    const anchors = sut.app.get(TimelineAnchorsService);
    await anchors.sealDue(new Date(`${addCalendarDays(weekMonday(week), 7)}T09:00:00+08:00`));

    // WeChat refuses the draft: the office hears it failed, and no leader is told of a list that is not out.
    sut.wechat.failNext('/cgi-bin/draft/add', 45002);
    const failed = await dispatcher.call('POST', `/api/league/weeks/${week}/publish`);
    expect(failed.status).toBe(502);
    expect(sut.wechat.publications).toHaveLength(0);
    await sut.outbox.drain();
    expect(leagueMessages('o_demo_leader_jingxi')).toHaveLength(0);

    const res = await dispatcher.call('POST', `/api/league/weeks/${week}/publish`);
    expect(res.status).toBe(200);
    const [number, n] = week.split('-W');
    expect(res.body).toMatchObject({ published: true, status: 'published', title: `民声直达红黑榜（${number}年第${Number(n)}周）`, failedStep: null });

    const uploads = sut.wechat.images.filter((i) => !i.mediaId);
    expect(uploads.length).toBeGreaterThanOrEqual(2);
    const draft = sut.wechat.drafts.at(-1)!;
    const [article] = draft.articles;
    for (const u of uploads.slice(-2)) expect(article.content).toContain(u.url);
    expect(article.digest).toContain('红榜：井溪镇');
    expect(article.digest).toContain('黑榜：八台镇');
    expect(sut.wechat.publications.map((p) => p.draftMediaId)).toEqual([draft.mediaId]);
    // The week's seven daily anchors are printed in the article: a copy kept outside the database.
    expect(article.content).toContain('办理记录锚定值');
    for (let i = 0; i < 7; i++) {
      const day = addCalendarDays(weekMonday(week), i);
      const anchor = await anchors.anchorFor(day);
      expect(anchor).not.toBeNull();
      expect(article.content).toContain(`${day}：${anchor!.anchor}`);
    }

    await sut.outbox.drain();
    const [toJingxi] = leagueMessages('o_demo_leader_jingxi');
    expect(toJingxi.data).toMatchObject({ thing2: { value: '井溪镇' }, thing3: { value: expect.stringMatching(/^第1名（共2个），\d+\.\d分$/) }, thing4: { value: '红榜' } });
    const [toBatai] = leagueMessages('o_demo_leader_batai');
    expect(toBatai.data).toMatchObject({ thing3: { value: expect.stringMatching(/^第2名（共2个）/) }, thing4: { value: '黑榜' }, thing5: { value: expect.stringMatching(/^扣分最多：/) } });
    expect(leagueMessages('o_demo_leader_water')).toHaveLength(1);
    // A town with nothing due this week is not ranked, so its leader is not told a rank.
    expect(sut.wechat.sent.filter((m) => m.template_id === TEST_WECHAT.templates.league)).toHaveLength(3);

    // Publishing again sends nothing new.
    const sent = sut.wechat.sent.length;
    const again = await dispatcher.call('POST', `/api/league/weeks/${week}/publish`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ published: false, id: res.body.id, status: 'published' });
    await sut.outbox.drain();
    expect(sut.wechat.drafts.at(-1)).toBe(draft);
    expect(sut.wechat.publications).toHaveLength(1);
    expect(sut.wechat.sent.length).toBe(sent);
  });

  it('lets a city that publishes by hand download the pictures and the spreadsheet, guarded like the list', async () => {
    for (const group of ['town', 'department']) {
      const png = await download(jingxi, `/api/league/weeks/${week}.png?group=${group}`);
      expect(png.status).toBe(200);
      expect(png.type).toBe('image/png');
      expect(png.cache).toBe('private, max-age=60');
      expect(png.body.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(png.body.readUInt32BE(16)).toBe(1500);
      if (process.env.LEAGUE_ARTIFACTS_DIR) writeFileSync(join(process.env.LEAGUE_ARTIFACTS_DIR, `league-${group}.png`), png.body);
    }

    const xlsx = await download(jingxi, `/api/league/weeks/${week}.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.type).toContain('spreadsheetml');
    if (process.env.LEAGUE_ARTIFACTS_DIR) writeFileSync(join(process.env.LEAGUE_ARTIFACTS_DIR, 'league.xlsx'), xlsx.body);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['乡镇（街道）', '市级部门']);
    const towns = book.getWorksheet('乡镇（街道）')!;
    const header = towns.getRow(1).values as unknown[];
    expect(header.slice(1, 6)).toEqual(['名次', '单位', '得分', '榜单', '到期件数']);
    expect(header.filter((h) => /（\d+(\.\d+)?分）$/.test(String(h)))).toHaveLength(12);
    expect(header.at(-1)).toBe('扣分说明');
    const row = (sheet: ExcelJS.Worksheet, n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(row(towns, 2).slice(0, 4)).toEqual(['1', '井溪镇', expect.stringMatching(/^\d+\.\d$/), '红榜']);
    expect(row(towns, 3).slice(0, 4)).toEqual(['2', '八台镇', expect.stringMatching(/^\d+\.\d$/), '黑榜']);
    expect(row(towns, 3).at(-1)).toContain('扣');
    // Units with nothing due follow, unranked.
    expect(row(towns, 4).slice(0, 2)).toEqual([undefined, expect.any(String)]); // an empty cell is no cell
    expect(row(book.getWorksheet('市级部门')!, 2).slice(0, 2)).toEqual(['1', '市水利局']);
    // Every cell is a string: nothing a spreadsheet would evaluate.
    towns.eachRow((r) => r.eachCell((c) => expect(c.type).toBe(ExcelJS.ValueType.String)));
  });
});
