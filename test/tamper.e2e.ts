import { readFileSync } from 'node:fs';
import { addCalendarDays } from '@msz/domain';
import { TimelineAnchorsService } from '@msz/server/modules/integrity/timeline-anchors.service';
import { describeFault } from '@msz/server/modules/integrity/timeline-audit';
import { createTestApp, onPostgresServer, type TestApp } from '@msz/server/testing/test-app';
import { CASE_NUMBER, Resident } from './support/resident';
import { Staff } from './support/staff';

const DAY = 86_400_000;

describe(`the tamper-evident timeline, on ${onPostgresServer() ? 'the PostgreSQL server' : 'embedded PGlite'}`, () => {
  let sut: TestApp;
  let anchors: TimelineAnchorsService;
  let dispatcher: Staff;
  const numbers: string[] = [];
  const ids: string[] = [];

  beforeAll(async () => {
    sut = await createTestApp();
    anchors = sut.app.get(TimelineAnchorsService);
    dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
    const units = await dispatcher.call<Array<{ id: string; name: string }>>('GET', '/api/units');
    const jingxi = units.body.find((u) => u.name === '井溪镇')!.id;
    const handler = await Staff.login(sut.baseUrl, 'jingxi');
    // Three cases, each a few steps long: filed in chat, routed, one signed for and answered.
    for (const [i, text] of ['井溪镇二村的路灯坏了一个多月', '井溪镇三村的水管漏水好几天了', '井溪镇小学门口的井盖松了'].entries()) {
      const filed = await new Resident(sut.baseUrl, `o_tamper_${i}`).say(text);
      const number = filed.reply!.match(CASE_NUMBER)![0];
      const { body } = await dispatcher.call('GET', '/api/cases?status=accepted&limit=200');
      const id = body.items.find((c: { number: string }) => c.number === number).id as string;
      expect((await dispatcher.call('POST', `/api/cases/${id}/assign`, { unitId: jingxi })).status).toBe(200);
      expect((await handler.call('POST', `/api/cases/${id}/notes`, { text: `第${i}号的进展` })).status).toBe(204);
      numbers.push(number);
      ids.push(id);
    }
    expect((await handler.call('POST', `/api/cases/${ids[2]}/sign-for`)).status).toBe(200);
    expect((await handler.call('POST', `/api/cases/${ids[2]}/answer`, { text: '已经把井盖固定好了' })).status).toBe(200);
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

  const entries = async (caseId: string) =>
    (await sut.ds.query(`SELECT id::text AS id, action, prev_hash, hash FROM case_timeline WHERE case_id = $1 ORDER BY case_timeline.id`, [caseId])) as Array<{ id: string; action: string; prev_hash: string | null; hash: string }>;

  it('chains every entry to the one before it, case by case, and finds the untouched timeline intact', async () => {
    for (const id of ids) {
      const chain = await entries(id);
      expect(chain.length).toBeGreaterThanOrEqual(3);
      expect(chain[0].prev_hash).toBeNull();
      for (let i = 1; i < chain.length; i++) expect(chain[i].prev_hash).toBe(chain[i - 1].hash);
    }
    const report = await anchors.verify();
    expect(report.faults.map(describeFault)).toEqual([]);
    expect(report.cases).toBeGreaterThanOrEqual(3);
  });

  it("seals each day's heads into an anchor kept in the database and in the file, once", async () => {
    const tomorrow = new Date(Date.now() + DAY);
    expect(await anchors.sealDue(tomorrow)).toBeGreaterThanOrEqual(1);
    expect(await anchors.sealDue(tomorrow)).toBe(0);
    const [{ day }] = (await sut.ds.query(`SELECT day FROM timeline_anchor ORDER BY day DESC LIMIT 1`)) as Array<{ day: string }>;
    const anchor = await anchors.anchorFor(day);
    expect(anchor).toMatchObject({ day, anchor: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(anchor!.heads).toBeGreaterThanOrEqual(3);
    const lines = readFileSync(sut.config.anchorFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { day: string; anchor: string });
    expect(lines.find((l) => l.day === day)?.anchor).toBe(anchor!.anchor);
    expect((await anchors.verify()).faults).toEqual([]);
  });

  it('lists the anchors to the office, leaders and inspectors, and shows anyone one day checked', async () => {
    const [{ day }] = (await sut.ds.query(`SELECT day FROM timeline_anchor ORDER BY day DESC LIMIT 1`)) as Array<{ day: string }>;
    const sealed = await anchors.anchorFor(day);
    const from = addCalendarDays(day, -6);
    for (const who of ['inspector', 'dispatcher', 'leader-zhou']) {
      const res = await (await Staff.login(sut.baseUrl, who)).call('GET', `/api/integrity/anchors?from=${from}&to=${day}`);
      expect(res.status).toBe(200);
      expect(res.body.at(-1)).toEqual({ day, anchor: sealed!.anchor, prevAnchor: sealed!.prevAnchor, heads: sealed!.heads, sealedAt: expect.any(String) });
      expect(res.body.every((a: { day: string }) => a.day >= from && a.day <= day)).toBe(true);
    }
    expect((await (await Staff.login(sut.baseUrl, 'jingxi')).call('GET', `/api/integrity/anchors?from=${from}&to=${day}`)).status).toBe(403);
    expect((await dispatcher.call('GET', `/api/integrity/anchors?from=${day}&to=${from}`)).status).toBe(422);
    expect((await dispatcher.call('GET', `/api/integrity/anchors?from=yesterday&to=${day}`)).status).toBe(400);

    // Public: no token; the anchor and its three checks, all holding.
    const view = await fetch(`${sut.baseUrl}/api/public/integrity/anchors/${day}`);
    expect(view.status).toBe(200);
    expect(await view.json()).toMatchObject({ day, anchor: sealed!.anchor, sealIntact: true, linked: true, inFile: true, verified: true, summary: expect.stringContaining('核验一致') });
    expect((await fetch(`${sut.baseUrl}/api/public/integrity/anchors/${addCalendarDays(day, 30)}`)).status).toBe(404);
    expect((await fetch(`${sut.baseUrl}/api/public/integrity/anchors/2026-02-30`)).status).toBe(422);
  });

  it('names an entry edited, one deleted and one slipped in by the database owner', async () => {
    const [a, b] = await Promise.all(ids.map(entries));
    // Edit a note of the first case; delete the middle entry of the second; slip an entry into the third.
    const edited = a.find((e) => e.action === 'note')!;
    await asOwner(`UPDATE case_timeline SET note = '已办结（改）' WHERE id = $1`, [edited.id]);
    await asOwner(`DELETE FROM case_timeline WHERE id = $1`, [b[1].id]);
    await asOwner(
      `INSERT INTO case_timeline (case_id, action, from_status, to_status, actor_kind, actor_name, note, at)
       VALUES ($1, 'note', 'in_progress', 'in_progress', 'staff', '井溪镇', '群众已当面确认满意', now())`,
      [ids[2]],
    );
    const [slipped] = (await sut.ds.query(`SELECT id::text AS id FROM case_timeline WHERE case_id = $1 AND hash IS NULL`, [ids[2]])) as Array<{ id: string }>;

    const report = await anchors.verify();
    const found = report.faults.map((f) => [f.kind, f.caseNumber, f.entryId]);
    expect(found).toContainEqual(['edited', numbers[0], edited.id]);
    expect(found).toContainEqual(['missing', numbers[1], b[2].id]);
    expect(found).toContainEqual(['inserted', numbers[2], slipped.id]);
    // Each problem shows once, where it is: the sealed heads still hold (no entry was re-chained).
    expect(report.faults).toHaveLength(3);
  });

  it('catches a chain rewritten consistently by its sealed anchor', async () => {
    // A careful forger deletes the last entry of the third case (its chain stays consistent) …
    const chain = await entries(ids[2]);
    const last = chain.filter((e) => e.hash !== null).at(-1)!;
    await asOwner(`DELETE FROM case_timeline WHERE id = $1`, [last.id]);
    const report = await anchors.verify();
    // … but the sealed day's head for that case is gone from the chain.
    expect(report.faults).toContainEqual(expect.objectContaining({ kind: 'anchor', caseNumber: numbers[2] }));
    // And editing the anchor row itself to match shows against the file outside the database.
    const [{ day }] = (await sut.ds.query(`SELECT day FROM timeline_anchor ORDER BY day DESC LIMIT 1`)) as Array<{ day: string }>;
    await sut.ds.query(`UPDATE timeline_anchor SET anchor = repeat('0', 64) WHERE day = $1`, [day]);
    expect((await anchors.verify()).faults.map((f) => f.detail)).toContain('the anchor differs from the one in the file kept outside the database');
    // The public check page says so too.
    const view = (await (await fetch(`${sut.baseUrl}/api/public/integrity/anchors/${day}`)).json()) as Record<string, unknown>;
    expect(view).toMatchObject({ anchor: '0'.repeat(64), sealIntact: false, inFile: false, verified: false, summary: expect.stringContaining('不一致') });
  });
});
