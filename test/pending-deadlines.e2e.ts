import { addCalendarDays, chinaDate } from '@msz/domain';
import type { StaffPrincipal } from '@msz/server/common/auth/principal';
import { ExtendedOnTime1795687100000 } from '@msz/server/database/migrations/1795687100000-ExtendedOnTime';
import { IndicatorRollup } from '@msz/server/modules/indicators/indicator-rollup.service';
import { verifyRollups } from '@msz/server/modules/indicators/indicator-verify';
import { IndicatorsService } from '@msz/server/modules/indicators/indicators.service';
import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { Activity, ok } from './support/activity';
import { Staff } from './support/staff';

/** Extended cases whose deadlines are still ahead: the extension rate and the on-time rate leave the pending ones out, and the rollups' backfill agrees with the job. */
describe('deadlines not yet passed, with extensions', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let office: StaffPrincipal;
  /** The extended deadline of the case extended and never answered. */
  let extendedDay: string;

  beforeAll(async () => {
    sut = await createTestApp();
    let jingxi: Staff;
    [dispatcher, jingxi] = await Promise.all(['dispatcher', 'jingxi'].map((u) => Staff.login(sut.baseUrl, u)));
    const act = await Activity.start(dispatcher, 13940000000);
    const jx = act.village('井溪镇');
    const ids: string[] = [];
    for (const text of ['村口的水泥路塌了一个大坑', '组上的便道被雨水冲垮了', '门前的路灯坏了一个月了']) {
      const c = await act.file(text, jx);
      await act.assign(c.id, act.unit('井溪镇').id);
      await ok(jingxi.call('POST', `/api/cases/${c.id}/sign-for`, {}));
      ids.push(c.id);
    }
    // Two extended by 3 working days; the first and the third answered, the second not.
    for (const id of ids.slice(0, 2)) {
      const asked = await ok(jingxi.call('POST', `/api/cases/${id}/extensions`, { workdays: 3, reason: '需要买材料' }));
      await ok(dispatcher.call('POST', `/api/cases/${id}/extensions/${asked.id}/decision`, { approve: true }));
    }
    await ok(jingxi.call('POST', `/api/cases/${ids[0]}/answer`, { text: '已修好' }));
    await ok(jingxi.call('POST', `/api/cases/${ids[2]}/answer`, { text: '已更换灯泡' }));
    extendedDay = chinaDate(new Date((await ok(dispatcher.call('GET', `/api/cases/${ids[1]}`))).closeBy));
    await sut.app.get(IndicatorRollup).drain();
    const [row] = await sut.ds.query(`SELECT id, username, display_name AS name, role, unit_id AS "unitId", token_version AS ver FROM staff_user WHERE username = 'dispatcher'`);
    office = { ...row, kind: 'staff' };
  });
  afterAll(() => sut?.close());

  it('leaves the extended case not yet due out of both rates until its deadline has passed', async () => {
    const today = chinaDate(new Date());
    const now = (await ok(dispatcher.call('GET', `/api/indicators?from=${today}&to=${extendedDay}&period=month`))).groups[0];
    expect(now.counters).toMatchObject({ closeDue: 2, closeOnTime: 2, extendedCases: 1, extendedOnTime: 1 });
    expect(now.total).toMatchObject({ closeOnTimeRate: 1, extensionRate: 0.5 });

    const after = new Date(`${addCalendarDays(extendedDay, 1)}T09:00:00+08:00`);
    const later = (await sut.app.get(IndicatorsService).report(office, { from: today, to: extendedDay, period: 'month', groupBy: 'none' }, after)).groups[0];
    expect(later.counters).toMatchObject({ closeDue: 3, closeOnTime: 2, extendedCases: 2, extendedOnTime: 1 });
    expect(later.total.extensionRate).toBeCloseTo(2 / 3, 6);
  });

  it('fills extendedOnTime from what the job kept as the job itself keeps it', async () => {
    const rollup = sut.app.get(IndicatorRollup);
    expect((await verifyRollups(sut.ds, rollup)).differences).toEqual([]);
    const sums = () =>
      sut.ds.query(
        `SELECT 'daily' AS t, basis, sum(extended_on_time)::int AS n FROM indicator_daily GROUP BY basis
         UNION ALL SELECT 'monthly', basis, sum(extended_on_time)::int FROM indicator_monthly GROUP BY basis
         UNION ALL SELECT grouping, basis, sum(extended_on_time)::int FROM indicator_group_daily GROUP BY grouping, basis ORDER BY 1, 2`,
      );
    const kept = await sums();
    // One case extended and answered in time: 1 in every table, basis and grouping (daily, monthly, seven groupings, two bases).
    expect(kept).toHaveLength(18);
    expect(kept.filter((r: { n: number }) => r.n !== 1)).toEqual([]);
    // Undone and done again over the job's rows: the same rows, still the recomputation.
    const migration = new ExtendedOnTime1795687100000();
    const runner = sut.ds.createQueryRunner();
    try {
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await sums()).toEqual(kept);
    expect((await verifyRollups(sut.ds, rollup)).differences).toEqual([]);
  });
});
