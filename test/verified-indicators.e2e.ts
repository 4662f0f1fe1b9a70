import { chinaDate, isoWeek } from '@msz/domain';
import { IndicatorRollup } from '@msz/server/modules/indicators/indicator-rollup.service';
import { verifyRollups } from '@msz/server/modules/indicators/indicator-verify';
import { createTestApp, onPostgresServer, type TestApp } from '@msz/server/testing/test-app';
import { Staff } from './support/staff';

type Unit = { id: string; name: string; level: string; parentId: string | null };

/**
 * 指标只认校验通过的办理记录: a case whose timeline the database owner edits is left out of the
 * indicators and the red and black list once it is rolled up again, and both say which case and why;
 * the full recomputation (`pnpm indicators:verify`) names it too.
 */
describe(`indicators from the verified timeline only, on ${onPostgresServer() ? 'the PostgreSQL server' : 'embedded PGlite'}`, () => {
  let sut: TestApp;
  let rollup: IndicatorRollup;
  let dispatcher: Staff;
  let jingxi: Staff;
  let leader: Staff;
  let week: string;
  const today = chinaDate(new Date());
  const cases: Array<{ id: string; number: string }> = [];
  let phone = 13920000000;
  /** What one case adds to 井溪镇's due count in the week (its assignment and its close deadline). */
  let perCase = 0;

  const ok = async (call: Promise<{ status: number; body: any }>) => {
    const res = await call;
    if (res.status >= 300) throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    sut = await createTestApp();
    rollup = sut.app.get(IndicatorRollup);
    [dispatcher, jingxi, leader] = await Promise.all(['dispatcher', 'jingxi', 'leader-zhou'].map((u) => Staff.login(sut.baseUrl, u)));
    const units: Unit[] = await ok(dispatcher.call('GET', '/api/units'));
    const town = units.find((u) => u.name === '井溪镇')!;
    const village = units.find((u) => u.level === 'village' && u.parentId === town.id)!;
    for (const text of ['村口的水泥路塌了一个大坑', '路边的排水沟堵了，下雨就淹', '组上的便道被雨水冲垮了']) {
      const c = await ok(dispatcher.call('POST', '/api/cases', { channel: 'phone', text, residentName: '王大爷', residentPhone: String(++phone), placeUnitId: village.id }));
      await ok(dispatcher.call('POST', `/api/cases/${c.id}/classify`, { kind: 'complaint', subItem: 'roads-transport', urgency: 'normal' }));
      const assigned = await ok(dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: town.id }));
      await ok(jingxi.call('POST', `/api/cases/${c.id}/sign-for`, {}));
      cases.push({ id: c.id, number: c.number });
      week = isoWeek(chinaDate(new Date(assigned.closeBy)));
    }
    await rollup.drain();
  });
  afterAll(() => sut?.close());

  /** What the database owner can do: switch off the insert-only trigger for one statement. */
  async function asOwner(sql: string, params: unknown[] = []): Promise<void> {
    await sut.ds.transaction(async (m) => {
      await m.query(`ALTER TABLE case_timeline DISABLE TRIGGER case_timeline_no_change`);
      await m.query(sql, params);
      await m.query(`ALTER TABLE case_timeline ENABLE TRIGGER case_timeline_no_change`);
    });
  }

  const jingxiVolume = async () => {
    const report = await ok(leader.call('GET', `/api/indicators?from=${today}&to=${today}&groupBy=unit`));
    return report.groups.find((g: { label: string }) => g.label === '井溪镇')?.total.volume as number;
  };
  const league = async () => {
    const list = await ok(leader.call('GET', `/api/league/weeks/${week}`));
    const row = list.tables.flatMap((t: { rows: Array<{ name: string; due: number }> }) => t.rows).find((r: { name: string }) => r.name === '井溪镇');
    return { due: row?.due as number, excluded: list.excludedCases as Array<{ number: string; unitName: string | null; reasons: string[] }> };
  };

  it('counts every case while every chain verifies', async () => {
    expect(await jingxiVolume()).toBe(3);
    const { due, excluded } = await league();
    expect(excluded).toEqual([]);
    expect(due % 3).toBe(0);
    perCase = due / 3;
    expect(perCase).toBeGreaterThan(0);
    const report = await verifyRollups(sut.ds, rollup);
    expect(report).toMatchObject({ differingRows: 0, broken: [] });
  });

  it('leaves out a case edited by the database owner once it is rolled up again, and says which and why', async () => {
    const [edited] = (await sut.ds.query(`SELECT id::text AS id FROM case_timeline WHERE case_id = $1 AND action = 'sign_for'`, [cases[0].id])) as Array<{ id: string }>;
    await asOwner(`UPDATE case_timeline SET at = at - interval '2 days' WHERE id = $1`, [edited.id]);

    // The full recomputation names the case at once; the rollups still hold its share until it is recounted.
    const before = await verifyRollups(sut.ds, rollup);
    expect(before.broken).toEqual([{ caseId: cases[0].id, caseNumber: cases[0].number, faults: [expect.stringMatching(new RegExp(`^edited: entry #${edited.id} `))] }]);
    expect(before.differingRows).toBeGreaterThan(0);

    // The next step on the case brings it to the rollup, which checks its chain before counting it.
    expect((await jingxi.call('POST', `/api/cases/${cases[0].id}/notes`, { text: '已联系施工队' })).status).toBe(204);
    await rollup.drain();
    expect(await jingxiVolume()).toBe(2);
    const { due, excluded } = await league();
    expect(due).toBe(2 * perCase);
    expect(excluded).toEqual([{ number: cases[0].number, unitName: '井溪镇', reasons: [expect.stringContaining(`edited: entry #${edited.id}`)] }]);
    const after = await verifyRollups(sut.ds, rollup);
    expect(after).toMatchObject({ differingRows: 0, broken: [expect.objectContaining({ caseNumber: cases[0].number })] });
  });

  it('takes out a case with an entry slipped in when it is recounted, as indicators:verify --refresh does', async () => {
    await asOwner(
      `INSERT INTO case_timeline (case_id, action, from_status, to_status, actor_kind, actor_name, note, at)
       VALUES ($1, 'note', 'in_progress', 'in_progress', 'staff', '井溪镇', '群众已当面确认满意', now())`,
      [cases[1].id],
    );
    const found = await verifyRollups(sut.ds, rollup);
    expect(found.broken.map((b) => b.caseNumber).sort()).toEqual([cases[0].number, cases[1].number].sort());
    await sut.ds.transaction((m) => rollup.recount(m, found.broken.map((b) => b.caseId)));
    expect(await verifyRollups(sut.ds, rollup)).toMatchObject({ differingRows: 0 });
    expect(await jingxiVolume()).toBe(1);
    const { due, excluded } = await league();
    expect(due).toBe(perCase);
    expect(excluded.map((e) => e.number).sort()).toEqual([cases[0].number, cases[1].number].sort());
    expect(excluded.find((e) => e.number === cases[1].number)!.reasons).toEqual([expect.stringContaining('inserted')]);
  });
});
