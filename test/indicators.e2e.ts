import { addCalendarDays, chinaDate, isoWeek, weekMonday } from '@msz/domain';
import { IndicatorRollup } from '@msz/server/modules/indicators/indicator-rollup.service';
import { verifyRollups } from '@msz/server/modules/indicators/indicator-verify';
import { IndicatorsService } from '@msz/server/modules/indicators/indicators.service';
import { LeagueService } from '@msz/server/modules/indicators/league.service';
import type { StaffPrincipal } from '@msz/server/common/auth/principal';
import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { Activity, ok } from './support/activity';
import { Staff } from './support/staff';

/** A week of activity through the API, the indicators it gives, and the 红黑榜 that judges the cases due that week. */
describe('indicators and the red and black list', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let jingxi: Staff;
  let batai: Staff;
  let water: Staff;
  let act: Activity;
  const ids: Record<string, string> = {};
  let week: string;
  /** The Beijing day the cases filed today fall due (八台镇's unanswered one among them). */
  let dueDay: string;
  /** The office, as the services take it (to read at another moment than the request's). */
  let office: StaffPrincipal;

  const unit = (name: string) => act.unit(name);
  const handled = (...args: Parameters<Activity['handled']>) => act.handled(...args);

  beforeAll(async () => {
    sut = await createTestApp();
    [dispatcher, jingxi, batai, water] = await Promise.all(['dispatcher', 'jingxi', 'batai', 'water'].map((u) => Staff.login(sut.baseUrl, u)));
    act = await Activity.start(dispatcher);
    const jx = act.village('井溪镇');
    const bt = act.village('八台镇');

    // 井溪镇: four handled and satisfied (two report the same burst pipe: the second is a repeat) …
    await handled(jingxi, '井溪镇', '村口的水泥路塌了一个大坑，车子过不去', jx, 'satisfied');
    await handled(jingxi, '井溪镇', '村里自来水管爆了，停水两天了', jx, 'satisfied', 'water-supply');
    await handled(jingxi, '井溪镇', '村里自来水管爆了，又停水了', jx, 'basically_satisfied', 'water-supply');
    // (Not a drain beside a road: the same-problem rule reads a road and its drain as one problem.)
    await handled(jingxi, '井溪镇', '去镇上的客运班车好几天没来了', jx, 'satisfied');
    // … and one the resident was unhappy with: reopened, handled again, then satisfied.
    const reopened = await handled(jingxi, '井溪镇', '门前的路灯坏了一个月了', jx, 'unsatisfied');
    ids.reopened = reopened.id;
    expect((await ok(dispatcher.call('GET', `/api/cases/${reopened.id}`))).status).toBe('reopened');
    await ok(jingxi.call('POST', `/api/cases/${reopened.id}/sign-for`, {}));
    await ok(jingxi.call('POST', `/api/cases/${reopened.id}/answer`, { text: '路灯已换新' }));
    await ok(dispatcher.call('POST', `/api/cases/${reopened.id}/revisit`, { rating: 'satisfied', solved: true }));

    // 八台镇: two handled, and one signed for but never answered (overdue when its week ends).
    await handled(batai, '八台镇', '组上的便道被雨水冲垮了', bt, 'satisfied');
    await handled(batai, '八台镇', '村小学门口的路太窄，接娃娃不方便', bt, 'basically_satisfied');
    const overdue = await act.file('进村的桥面裂缝越来越大', bt);
    ids.overdue = overdue.id;
    await ok(dispatcher.call('POST', `/api/cases/${overdue.id}/assign`, { unitId: unit('八台镇').id }));
    await ok(batai.call('POST', `/api/cases/${overdue.id}/sign-for`, {}));

    // Misrouted to 八台镇, returned, and routed to 市水利局, which handles it.
    const returned = await act.file('水库放水把下游的田冲了', bt, 'water-supply');
    ids.returned = returned.id;
    await ok(dispatcher.call('POST', `/api/cases/${returned.id}/assign`, { unitId: unit('八台镇').id }));
    await ok(batai.call('POST', `/api/cases/${returned.id}/return`, { reason: '水库归水利局管' }));
    await ok(dispatcher.call('POST', `/api/cases/${returned.id}/assign`, { unitId: act.units.find((u) => u.code === 'dept-water')!.id }));
    await ok(water.call('POST', `/api/cases/${returned.id}/sign-for`, {}));
    await ok(water.call('POST', `/api/cases/${returned.id}/answer`, { text: '已协调赔偿' }));
    await ok(dispatcher.call('POST', `/api/cases/${returned.id}/revisit`, { rating: 'satisfied', solved: true }));

    await sut.app.get(IndicatorRollup).drain();
    // Every complaint filed now falls due on the same day: the week to judge is that day's.
    dueDay = chinaDate(new Date(overdue.closeBy));
    week = isoWeek(dueDay);
    const [row] = await sut.ds.query(`SELECT id, username, display_name AS name, role, unit_id AS "unitId", token_version AS ver FROM staff_user WHERE username = 'dispatcher'`);
    office = { ...row, kind: 'staff' };
  });
  afterAll(() => sut?.close());

  it('counts the activity into indicators by unit, for the office', async () => {
    const today = chinaDate(new Date());
    const leader = await Staff.login(sut.baseUrl, 'leader-zhou');
    const report = await ok(leader.call('GET', `/api/indicators?from=${today}&to=${today}&period=day&groupBy=unit`));
    const group = (name: string) => report.groups.find((g: { label: string }) => g.label === name);
    expect(group('井溪镇').total).toMatchObject({ volume: 5, satisfactionRate: 1, solvedRate: 1, reopenRate: 1 / 6, repeatRate: 1 / 5, signOnTimeRate: null });
    expect(group('八台镇').total).toMatchObject({ volume: 3, satisfactionRate: 1, revisitCoverage: 1 });
    // The misrouted case counts for the unit that holds it now: two assignments, one returned.
    expect(group('市水利局').total).toMatchObject({ volume: 1, returnRate: 0.5 });
    expect(report.definitions.find((d: { code: string }) => d.code === 'closeOnTimeRate')).toMatchObject({ name: '按时办结率', better: 'higher' });

    const byChannel = await ok(leader.call('GET', `/api/indicators?from=${today}&to=${today}&groupBy=channel`));
    expect(byChannel.groups).toEqual([expect.objectContaining({ key: 'phone', label: '专线电话', total: expect.objectContaining({ volume: 9 }) })]);
  });

  it('counts a deadline not yet passed as neither on time nor late in a period that includes today, and as missed once it has passed', async () => {
    const today = chinaDate(new Date());
    const leader = await Staff.login(sut.baseUrl, 'leader-zhou');
    const bataiOf = (r: { groups: ReadonlyArray<{ label: string; counters: unknown; total: { closeOnTimeRate: number | null } }> }) => r.groups.find((g) => g.label === '八台镇')!;
    // Today up to the day the cases fall due: 八台镇 answered two in time; the third, signed for and
    // not answered, is due at the end of that day and is pending, not late.
    const now = bataiOf(await ok(leader.call('GET', `/api/indicators?from=${today}&to=${dueDay}&period=week&groupBy=unit`)));
    expect(now.counters).toMatchObject({ closeDue: 2, closeOnTime: 2 });
    expect(now.total).toMatchObject({ closeOnTimeRate: 1, signOnTimeRate: 1 });
    // The whole city the same way, by day, week and month, from the narrow rows and from the wide ones.
    for (const period of ['day', 'week', 'month']) {
      for (const filter of ['', '&channel=phone']) {
        const city = (await ok(leader.call('GET', `/api/indicators?from=${today}&to=${dueDay}&period=${period}${filter}`))).groups[0];
        expect({ period, filter, late: city.counters.closeDue - city.counters.closeOnTime }).toEqual({ period, filter, late: 0 });
      }
    }
    // Read on the morning after its deadline, the same rollups count it late.
    const after = new Date(`${addCalendarDays(dueDay, 1)}T09:00:00+08:00`);
    const later = bataiOf(await sut.app.get(IndicatorsService).report(office, { from: today, to: dueDay, period: 'week', groupBy: 'unit' }, after));
    expect(later.counters).toMatchObject({ closeDue: 3, closeOnTime: 2 });
    expect(later.total.closeOnTimeRate).toBeCloseTo(2 / 3, 6);
    // Read at the deadline's last moment, still pending.
    const lastMoment = new Date(`${dueDay}T23:59:59+08:00`);
    expect(bataiOf(await sut.app.get(IndicatorsService).report(office, { from: today, to: dueDay, period: 'month', groupBy: 'unit' }, lastMoment)).counters).toMatchObject({ closeDue: 2, closeOnTime: 2 });
  });

  it('gives the same counters by month (whole months read from the monthly rollup) as by day', async () => {
    const today = chinaDate(new Date());
    const first = `${today.slice(0, 7)}-01`;
    const last = addCalendarDays(`${addCalendarDays(first, 40).slice(0, 7)}-01`, -1);
    const from = addCalendarDays(first, -10);
    const leader = await Staff.login(sut.baseUrl, 'leader-zhou');
    const byDay = await ok(leader.call('GET', `/api/indicators?from=${from}&to=${last}&period=day&groupBy=unit`));
    const byMonth = await ok(leader.call('GET', `/api/indicators?from=${from}&to=${last}&period=month&groupBy=unit`));
    const counters = (r: { groups: Array<{ key: string; counters: object }> }) => Object.fromEntries(r.groups.map((g) => [g.key, g.counters]));
    expect(Object.keys(counters(byMonth))).toHaveLength(byDay.groups.length);
    expect(counters(byMonth)).toEqual(counters(byDay));
    expect(byMonth.groups[0].series.map((p: { period: string }) => p.period)).toEqual([from.slice(0, 7), today.slice(0, 7)]);
    // The month's figures come from its monthly row: a tampered monthly row shows, the days do not.
    // The city-wide view reads the narrow monthly row, a filtered view the wide one.
    await sut.ds.query(`UPDATE indicator_group_monthly SET accepted = accepted + 100 WHERE basis = 'event' AND month = $1 AND grouping = 'none'`, [first]);
    const tampered = await ok(leader.call('GET', `/api/indicators?from=${from}&to=${last}&period=month`));
    expect(tampered.groups[0].counters.accepted).toBe(109);
    expect((await ok(leader.call('GET', `/api/indicators?from=${from}&to=${last}&period=month&channel=phone`))).groups[0].counters.accepted).toBe(9);
    await sut.ds.query(`UPDATE indicator_group_monthly SET accepted = accepted - 100 WHERE basis = 'event' AND month = $1 AND grouping = 'none'`, [first]);
    await sut.ds.query(`UPDATE indicator_monthly SET accepted = accepted + 100 WHERE basis = 'event' AND month = $1 AND accepted > 0 AND ctid = (SELECT ctid FROM indicator_monthly WHERE basis = 'event' AND month = $1 AND accepted > 0 LIMIT 1)`, [first]);
    expect((await ok(leader.call('GET', `/api/indicators?from=${from}&to=${last}&period=month&channel=phone`))).groups[0].counters.accepted).toBe(109);
    expect((await ok(leader.call('GET', `/api/indicators?from=${from}&to=${last}&period=month`))).groups[0].counters.accepted).toBe(9);
    await sut.ds.query(`UPDATE indicator_monthly SET accepted = accepted - 100 WHERE basis = 'event' AND month = $1 AND accepted >= 100`, [first]);
  });

  it('answers a city-wide view from the narrow rows with the same numbers as the wide rows give', async () => {
    const today = chinaDate(new Date());
    const from = addCalendarDays(`${today.slice(0, 7)}-01`, -10);
    const leader = await Staff.login(sut.baseUrl, 'leader-zhou');
    // Every case came in by phone: filtered to the phone, the same view is read from the wide rows.
    for (const groupBy of ['none', 'unit', 'town', 'village', 'category', 'kind', 'channel']) {
      for (const period of ['day', 'week', 'month']) {
        const view = `/api/indicators?from=${from}&to=${today}&period=${period}&groupBy=${groupBy}`;
        const narrow = await ok(leader.call('GET', view));
        const wide = await ok(leader.call('GET', `${view}&channel=phone`));
        expect(narrow.groups.length).toBeGreaterThan(0);
        expect({ groupBy, period, groups: narrow.groups }).toEqual({ groupBy, period, groups: wide.groups });
      }
    }
  });

  it('shows a unit’s staff only their own scope', async () => {
    const today = chinaDate(new Date());
    const leader = await Staff.login(sut.baseUrl, 'leader-jingxi');
    const mine = await ok(leader.call('GET', `/api/indicators?from=${today}&to=${today}&groupBy=unit`));
    expect(mine.groups.map((g: { label: string }) => g.label)).toEqual(['井溪镇']);
    expect((await leader.call('GET', `/api/indicators?from=${today}&to=${today}&unitId=${unit('八台镇').id}`)).status).toBe(403);
    expect((await leader.call('GET', `/api/indicators?from=${today}&to=2020-01-01`)).status).toBe(422);
    expect((await leader.call('GET', `/api/indicators?from=yesterday&to=${today}`)).status).toBe(400);
    // Drafts are the office's; a unit sees a list once it is approved.
    expect((await jingxi.call('GET', `/api/league/weeks/${week}`)).status).toBe(404);
  });

  it('ranks the towns that had cases due, explains each score, and lists the rest apart', async () => {
    // While the week is not over, 八台镇's unanswered case is pending: neither on time nor late.
    const draft = await ok(dispatcher.call('GET', `/api/league/weeks/${week}`));
    expect(draft).toMatchObject({ week, status: 'draft', approvedBy: null });
    const pending = draft.tables.find((t: { group: string }) => t.group === 'town').rows.find((r: { name: string }) => r.name === '八台镇');
    expect(pending.standards.find((s: { code: string }) => s.code === 'close_on_time')).toMatchObject({ numerator: 2, denominator: 2 });

    // The Monday after, as the office approves it, the case has come due and was not met.
    const list = await sut.app.get(LeagueService).week(office, week, new Date(`${addCalendarDays(weekMonday(week), 7)}T09:00:00+08:00`));
    expect(list).toMatchObject({ week, status: 'draft', approvedBy: null });
    const towns = list.tables.find((t: { group: string }) => t.group === 'town')!;
    expect(towns.rows.map((r: { name: string }) => r.name).sort()).toEqual(['井溪镇', '八台镇']);
    expect(towns.rows.map((r) => [r.rank, r.list])).toEqual([
      [1, 'red'],
      [2, 'black'],
    ]);
    expect(towns.nothingDue.map((u: { name: string }) => u.name)).toContain('花园镇');
    expect(towns.nothingDue).toHaveLength(act.units.filter((u) => u.level === 'town').length - 2);

    const row = (name: string) => towns.rows.find((r) => r.name === name)!;
    const closeOnTime = (name: string) => row(name).standards.find((s) => s.code === 'close_on_time')!;
    // 八台镇's unanswered case is due and not on time; 井溪镇 answered all five in time.
    expect(closeOnTime('八台镇')).toMatchObject({ numerator: 2, denominator: 3 });
    expect(closeOnTime('井溪镇')).toMatchObject({ numerator: 5, denominator: 5 });
    // Both lean toward the table's mean (7 of 8 on time), 井溪镇 from above and 八台镇 from below.
    expect(closeOnTime('井溪镇').smoothed).toBeCloseTo((5 + 5 * (7 / 8)) / 10, 3);
    expect(closeOnTime('井溪镇').lost).toBeLessThan(closeOnTime('八台镇').lost);
    expect(row('八台镇').explanation).toContain('按时办结率');
    // 井溪镇 paid for its reopened case and its repeat.
    const lost = (name: string, code: string) => row(name).standards.find((s) => s.code === code)!.lost;
    expect(lost('井溪镇', 'reopen')).toBeGreaterThan(0);
    expect(lost('井溪镇', 'repeat')).toBeGreaterThan(lost('八台镇', 'repeat'));
    for (const r of towns.rows) expect(r.score).toBeCloseTo(r.standards.reduce((n: number, s: { points: number }) => n + s.points, 0), 1);
    expect(towns.rows[0].score).toBeGreaterThan(towns.rows[1].score);

    const departments = list.tables.find((t: { group: string }) => t.group === 'department')!;
    expect(departments.rows.map((r: { name: string }) => r.name)).toEqual(['市水利局']);
  });

  it('lets the office approve a finished week once, freezes it, and keeps each unit’s history', async () => {
    expect((await dispatcher.call('POST', `/api/league/weeks/${week}/approve`)).status).toBe(409); // the week is not over yet
    expect((await jingxi.call('POST', `/api/league/weeks/${week}/approve`)).status).toBe(403);

    const monday = new Date(`${addCalendarDays(weekMonday(week), 7)}T09:00:00+08:00`);
    const league = sut.app.get(LeagueService);
    const approved = await league.approve(office, week, monday);
    expect(approved).toMatchObject({ status: 'approved', approvedBy: '王调度' });
    await expect(league.approve(office, week, monday)).rejects.toMatchObject({ code: 'LEAGUE_ALREADY_APPROVED' });

    // Later activity does not move a frozen list.
    await ok(batai.call('POST', `/api/cases/${ids.overdue}/answer`, { text: '桥面已修补' }));
    await sut.app.get(IndicatorRollup).drain();
    const seen = await ok(jingxi.call('GET', `/api/league/weeks/${week}`));
    expect(seen.status).toBe('approved');
    expect(seen.tables).toEqual(approved.tables.map((t: object) => expect.objectContaining(t)));

    const history = await ok(jingxi.call('GET', `/api/league/units/${unit('井溪镇').id}/history`));
    const [first] = approved.tables.find((t) => t.group === 'town')!.rows;
    expect(history.weeks).toEqual([expect.objectContaining({ week, group: 'town', list: first.unitId === unit('井溪镇').id ? 'red' : 'black' })]);
    expect(history.red + history.black).toBe(1);
    expect((await jingxi.call('GET', `/api/league/units/${unit('八台镇').id}/history`)).status).toBe(403);
    const apart = await ok(dispatcher.call('GET', `/api/league/units/${unit('花园镇').id}/history`));
    expect(apart.weeks).toEqual([expect.objectContaining({ week, rank: null, list: null, explanation: '本周无到期诉求' })]);
  });

  it('keeps rollups equal to a full recomputation from the timeline, and notices when they are not', async () => {
    const rollup = sut.app.get(IndicatorRollup);
    await rollup.drain();
    const clean = await verifyRollups(sut.ds, rollup);
    expect(clean.cases).toBe(9);
    expect(clean.differences).toEqual([]);

    // The monthly rows are the daily rows summed; the heat map counts the valid cases once each.
    const [sums] = await sut.ds.query(
      `SELECT (SELECT sum(accepted) FROM indicator_daily WHERE basis = 'event')::int AS daily, (SELECT sum(accepted) FROM indicator_monthly WHERE basis = 'event')::int AS monthly,
              (SELECT sum(valid) FROM indicator_daily WHERE basis = 'event')::int AS valid, (SELECT sum(cases) FROM heatmap_daily)::int AS heat_daily, (SELECT sum(cases) FROM heatmap_monthly)::int AS heat_monthly`,
    );
    expect([sums.daily, sums.monthly]).toEqual([9, 9]);
    expect(sums.valid).toBeGreaterThan(0);
    expect([sums.heat_daily, sums.heat_monthly]).toEqual([sums.valid, sums.valid]);

    // Each grouping of the narrow rows adds up to every case, once.
    const narrow: Array<{ grouping: string; accepted: number }> = await sut.ds.query(
      `SELECT grouping, sum(accepted)::int AS accepted FROM indicator_group_daily WHERE basis = 'event' GROUP BY grouping ORDER BY grouping`,
    );
    expect(narrow).toEqual(['category', 'channel', 'kind', 'none', 'town', 'unit', 'village'].map((grouping) => ({ grouping, accepted: 9 })));

    // A sample: one unit's cases against the rows filed under it.
    const sample = await verifyRollups(sut.ds, rollup, { unitId: unit('井溪镇').id });
    expect(sample.cases).toBeGreaterThan(0);
    expect(sample.cases).toBeLessThan(9);
    expect(sample.differences).toEqual([]);

    await sut.ds.query(`UPDATE indicator_daily SET accepted = accepted + 1 WHERE ctid = (SELECT ctid FROM indicator_daily WHERE basis = 'event' AND accepted > 0 LIMIT 1)`);
    const broken = await verifyRollups(sut.ds, rollup);
    expect(broken.differingRows).toBe(1);
    expect(broken.differences).toEqual([expect.objectContaining({ table: 'indicator_daily', basis: 'event', counter: 'accepted' })]);
  });

  it('notices a monthly or heat map row that is not the recomputation', async () => {
    const rollup = sut.app.get(IndicatorRollup);
    await sut.ds.query(`UPDATE indicator_daily SET accepted = accepted - 1 WHERE ctid = (SELECT ctid FROM indicator_daily WHERE basis = 'event' AND accepted > 0 LIMIT 1)`);
    expect((await verifyRollups(sut.ds, rollup)).differences).toEqual([]);
    const [{ unit_id: unitId }] = await sut.ds.query(`SELECT unit_id FROM heatmap_monthly WHERE cases > 0 AND unit_id IS NOT NULL LIMIT 1`);
    const [due] = await sut.ds.query(`SELECT month, keys FROM indicator_monthly WHERE basis = 'due' LIMIT 1`);
    const [heat] = await sut.ds.query(`SELECT month, keys FROM heatmap_monthly WHERE unit_id = $1 LIMIT 1`, [unitId]);
    await sut.ds.query(`UPDATE indicator_monthly SET cycle_histogram[1] = cycle_histogram[1] + 1 WHERE basis = 'due' AND month = $1 AND keys = $2`, [due.month, due.keys]);
    await sut.ds.query(`UPDATE heatmap_monthly SET cases = cases + 1 WHERE month = $1 AND keys = $2`, [heat.month, heat.keys]);
    const broken = await verifyRollups(sut.ds, rollup);
    expect(broken.differingRows).toBe(2);
    expect(broken.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'indicator_monthly', basis: 'due', counter: 'cycleHistogram' }),
        expect.objectContaining({ table: 'heatmap_monthly', counter: 'cases' }),
      ]),
    );
    // The unit's sample finds the heat map row filed under it.
    expect((await verifyRollups(sut.ds, rollup, { unitId })).differences).toEqual(expect.arrayContaining([expect.objectContaining({ table: 'heatmap_monthly', counter: 'cases' })]));
    await sut.ds.query(`UPDATE indicator_monthly SET cycle_histogram[1] = cycle_histogram[1] - 1 WHERE basis = 'due' AND month = $1 AND keys = $2`, [due.month, due.keys]);
    await sut.ds.query(`UPDATE heatmap_monthly SET cases = cases - 1 WHERE month = $1 AND keys = $2`, [heat.month, heat.keys]);
    expect((await verifyRollups(sut.ds, rollup)).differences).toEqual([]);
  });

  it('notices a narrow row that is not the recomputation, in the whole and in a unit’s sample', async () => {
    const rollup = sut.app.get(IndicatorRollup);
    const jx = unit('井溪镇').id;
    const [town] = await sut.ds.query(`SELECT day, value FROM indicator_group_daily WHERE basis = 'event' AND grouping = 'town' LIMIT 1`);
    await sut.ds.query(`UPDATE indicator_group_daily SET satisfied = satisfied + 1 WHERE basis = 'event' AND grouping = 'town' AND day = $1 AND value = $2`, [town.day, town.value]);
    await sut.ds.query(`UPDATE indicator_group_monthly SET answered = answered + 1 WHERE basis = 'due' AND grouping = 'unit' AND value = $1`, [jx]);
    const broken = await verifyRollups(sut.ds, rollup);
    expect(broken.differingRows).toBe(2);
    expect(broken.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'indicator_group_daily', basis: 'event', counter: 'satisfied', keys: expect.stringMatching(/^town\|/) }),
        expect.objectContaining({ table: 'indicator_group_monthly', basis: 'due', counter: 'answered', keys: `unit|${jx}` }),
      ]),
    );
    // The unit's sample compares that unit's narrow rows (and no other grouping's).
    expect((await verifyRollups(sut.ds, rollup, { unitId: jx })).differences).toEqual([expect.objectContaining({ table: 'indicator_group_monthly', counter: 'answered' })]);
    await sut.ds.query(`UPDATE indicator_group_daily SET satisfied = satisfied - 1 WHERE basis = 'event' AND grouping = 'town' AND day = $1 AND value = $2`, [town.day, town.value]);
    await sut.ds.query(`UPDATE indicator_group_monthly SET answered = answered - 1 WHERE basis = 'due' AND grouping = 'unit' AND value = $1`, [jx]);
  });

  it('keeps the narrow rows equal to the recomputation as a counted case moves to another unit', async () => {
    const rollup = sut.app.get(IndicatorRollup);
    const today = chinaDate(new Date());
    const unitRow = async (unitId: string) =>
      ((await sut.ds.query(`SELECT accepted, assignments, returns FROM indicator_group_daily WHERE basis = 'event' AND grouping = 'unit' AND value = $1 AND day = $2`, [unitId, today])) as Array<Record<string, number>>)[0];
    const bt = unit('八台镇').id;
    const before = await unitRow(bt);
    const moved = await act.file('河堤上的护栏倒了好几根', act.village('八台镇'));
    await ok(dispatcher.call('POST', `/api/cases/${moved.id}/assign`, { unitId: bt }));
    await rollup.drain();
    expect(await unitRow(bt)).toEqual({ accepted: before.accepted + 1, assignments: before.assignments + 1, returns: before.returns });
    expect((await verifyRollups(sut.ds, rollup)).differences).toEqual([]);

    // Returned and sent to 井溪镇: 八台镇's narrow row gives the case back, 井溪镇's takes it.
    await ok(batai.call('POST', `/api/cases/${moved.id}/return`, { reason: '不在本镇' }));
    await ok(dispatcher.call('POST', `/api/cases/${moved.id}/assign`, { unitId: unit('井溪镇').id }));
    await rollup.drain();
    expect(await unitRow(bt)).toEqual(before);
    expect((await verifyRollups(sut.ds, rollup)).differences).toEqual([]);
  });
});
