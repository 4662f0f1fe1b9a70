import { nextDueAt } from '@msz/domain';
import { CalendarService } from '@msz/server/modules/calendar/calendar.service';
import { CASE_BATCH, EscalationService } from '@msz/server/modules/workflow/escalation.service';
import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { caseByNumber } from './support/cases';
import { numberIn, Resident } from './support/resident';
import { Staff } from './support/staff';

/** A Monday, 10:00 in Beijing: a working day after the reports' hour. */
const NOW = new Date('2026-12-07T10:00:00+08:00');

/** The periodic jobs read what is due now and nothing else: the cost of a pass follows the work, not the backlog. */
describe('periodic jobs', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let escalation: EscalationService;
  let jingxi: string;
  let batch = 0;

  beforeAll(async () => {
    sut = await createTestApp();
    dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
    escalation = sut.app.get(EscalationService);
    const units: Array<{ id: string; name: string }> = (await dispatcher.call('GET', '/api/units')).body;
    jingxi = units.find((u) => u.name === '井溪镇')!.id;
  });
  afterAll(() => sut?.close());

  /** Every statement the app sends while `work` runs. */
  async function statements(work: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    const spy: TestApp['ds']['subscribers'][number] = { beforeQuery: (e) => void seen.push(e.query.replace(/\s+/g, ' ').trim()) };
    sut.ds.subscribers.push(spy);
    try {
      await work();
    } finally {
      sut.ds.subscribers.splice(sut.ds.subscribers.indexOf(spy), 1);
    }
    return seen;
  }

  /** Open cases written straight into the table, as a bulk load would; the trigger marks them due now. */
  async function insertCases(n: number, status: string, times: { closeBy: Date; revisitStartedAt?: Date }): Promise<string[]> {
    const prefix = `JB${String(++batch).padStart(2, '0')}`;
    const rows: Array<{ id: string }> = await sut.ds.query(
      `INSERT INTO case_file (number, channel, text, kind, status, unit_id, accepted_at, assign_by, close_by, assigned_at, revisit_started_at, query_code, version)
       SELECT $1 || lpad(g::text, 6, '0'), 'phone', '批量载入的诉求', 'complaint', $2, $3, $4::timestamptz - interval '10 days', $4::timestamptz - interval '9 days', $4, $4::timestamptz - interval '9 days', $5, 'ABCDEFGH', 1
       FROM generate_series(1, $6) g RETURNING id`,
      [prefix, status, jingxi, times.closeBy, times.revisitStartedAt ?? null, n],
    );
    return rows.map((r) => r.id);
  }

  it('stores the next due moment whenever a case is saved, computed on the calendar', async () => {
    const calendar = sut.app.get(CalendarService);
    const number = numberIn((await new Resident(sut.baseUrl, 'o_jobs_1').say('井溪镇一村的路灯坏了一个月')).reply);
    const c = await caseByNumber(dispatcher, number);
    const stored = async () => {
      const [row] = await sut.ds.query(`SELECT status, assign_by, assigned_at, close_by, revisit_started_at, revisit_rating, next_due_at FROM case_file WHERE id = $1`, [c.id]);
      const expected = nextDueAt(
        { status: row.status, assignBy: row.assign_by, assignedAt: row.assigned_at, closeBy: row.close_by, revisitStartedAt: row.revisit_started_at, revisitRating: row.revisit_rating },
        new Date(),
        calendar,
      );
      return { at: row.next_due_at as Date, expected };
    };
    // Filed: the dispatcher's deadline is next.
    const filed = await stored();
    expect(filed.at).toEqual(new Date(Date.parse(c.assignBy) + 1));
    expect(filed.at).toEqual(filed.expected);
    // Assigned: the reminder before the closing deadline is next.
    expect((await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: jingxi })).status).toBe(200);
    const assigned = await stored();
    expect(assigned.at).toEqual(assigned.expected);
    expect(assigned.at.getTime()).toBeGreaterThan(filed.at.getTime());
    expect(assigned.at.getTime()).toBeLessThan(Date.parse(c.closeBy));
  });

  it('works through every due case in batches and leaves none due', async () => {
    const revisits = await insertCases(2 * CASE_BATCH + 100, 'revisiting', { closeBy: new Date(NOW.getTime() - 5 * 86_400_000), revisitStartedAt: new Date(NOW.getTime() - 10 * 86_400_000) });
    const overdue = await insertCases(30, 'in_progress', { closeBy: new Date(NOW.getTime() - 3_600_000) });

    const sent = await statements(() => escalation.runAt(NOW));

    // Three claims: 500, 500 and the 130 left (a short batch ends the pass).
    expect(sent.filter((q) => q.startsWith('UPDATE case_file SET next_due_at'))).toHaveLength(3);
    const [{ tasks }] = await sut.ds.query(`SELECT count(*)::int AS tasks FROM revisit_task WHERE case_id = ANY($1)`, [revisits]);
    expect(tasks).toBe(revisits.length);
    const levels: Array<{ level: string; n: number }> = await sut.ds.query(
      `SELECT level, count(*)::int AS n FROM case_escalation WHERE case_id = ANY($1) GROUP BY level`,
      [overdue],
    );
    expect(levels).toEqual([{ level: 'handler', n: 30 }]);
    const [{ due }] = await sut.ds.query(`SELECT count(*)::int AS due FROM case_file WHERE next_due_at <= $1`, [NOW]);
    expect(due).toBe(0);
    // The overdue cases wait for the unit leader's moment; the revisits have nothing left.
    const [{ waiting, done }] = await sut.ds.query(
      `SELECT count(*) FILTER (WHERE id = ANY($2) AND next_due_at > $1)::int AS waiting, count(*) FILTER (WHERE id = ANY($3) AND next_due_at IS NULL)::int AS done FROM case_file`,
      [NOW, overdue, revisits],
    );
    expect({ waiting, done }).toEqual({ waiting: 30, done: revisits.length });
    expect(await escalation.runAt(NOW)).toBe(0);
  });

  it('does one query per job when nothing is due, however many cases are open', async () => {
    await insertCases(3000, 'in_progress', { closeBy: new Date(NOW.getTime() + 20 * 86_400_000) });
    await escalation.runAt(NOW); // the new cases get their moments (weeks away), the day's reports are made
    await sut.outbox.drain();

    const pass = await statements(() => escalation.runAt(NOW));
    expect(pass).toHaveLength(2);
    expect(pass[0]).toMatch(/^UPDATE case_file SET next_due_at .* WHERE next_due_at <= \$1 ORDER BY next_due_at LIMIT \$2 FOR UPDATE SKIP LOCKED/);
    expect(pass[1]).toMatch(/^SELECT u.id AS unit_id.* NOT EXISTS \(SELECT 1 FROM unit_report/);

    const delivery = await statements(() => sut.outbox.drain());
    expect(delivery).toHaveLength(1);
    expect(delivery[0]).toMatch(/^UPDATE outbox_message SET/);

    // Before the reports' hour the case claim is all there is.
    expect(await statements(() => escalation.runAt(new Date('2026-12-08T07:00:00+08:00')))).toHaveLength(1);
  });

  it('looks again at the cases an admin’s calendar change moves, and only those', async () => {
    // Due Wed 2028-01-05; on bare weekdays the reminder starts Tue 01-04.
    const [moved] = await insertCases(1, 'in_progress', { closeBy: new Date('2028-01-05T23:59:59.999+08:00') });
    const [early] = await insertCases(1, 'in_progress', { closeBy: new Date('2026-12-10T23:59:59.999+08:00') });
    await escalation.runAt(NOW);
    const nextOf = async (id: string): Promise<Date> => (await sut.ds.query(`SELECT next_due_at FROM case_file WHERE id = $1`, [id]))[0].next_due_at;
    expect(await nextOf(moved)).toEqual(new Date('2028-01-04T00:00:00+08:00'));
    const earlyBefore = await nextOf(early);

    const admin = await Staff.login(sut.baseUrl, 'admin');
    const days = [
      { day: '2028-01-03', workday: false, note: '元旦调休' },
      { day: '2028-01-04', workday: false, note: '元旦调休' },
    ];
    expect((await admin.call('PUT', '/api/calendar/years/2028', { days })).status).toBe(200);
    expect(await nextOf(moved)).toEqual(new Date(0)); // due for a fresh look
    expect(await nextOf(early)).toEqual(earlyBefore); // its moments lie well before the changed year: untouched

    await escalation.runAt(NOW);
    // Only Wed 01-05 is left after Fri 2027-12-31: the reminder now starts on 12-31.
    expect(await nextOf(moved)).toEqual(new Date('2027-12-31T00:00:00+08:00'));
  });

  it('keeps the moment a change stored while a pass held the case', async () => {
    const [c] = await insertCases(1, 'in_progress', { closeBy: new Date(NOW.getTime() - 3_600_000) });
    // Just before the pass stores its moments, someone extends the case (a writer of its own).
    let changed = false;
    const meddler: TestApp['ds']['subscribers'][number] = {
      beforeQuery: async (e) => {
        if (changed || !e.query.includes('FROM unnest(')) return;
        changed = true;
        // On the pass's own connection (PGlite has one).
        await e.queryRunner.query(`UPDATE case_file SET close_by = close_by + interval '5 days', version = version + 1 WHERE id = $1`, [c]);
      },
    };
    sut.ds.subscribers.push(meddler);
    try {
      await escalation.runAt(NOW);
    } finally {
      sut.ds.subscribers.splice(sut.ds.subscribers.indexOf(meddler), 1);
    }
    expect(changed).toBe(true);
    // Not the unit leader's moment computed from the old deadline: the change's own mark (look again now) stands.
    const [{ next_due_at: next }] = await sut.ds.query(`SELECT next_due_at FROM case_file WHERE id = $1`, [c]);
    expect(next).toEqual(new Date(0));
  });

  it('claims through the next-due index, not by reading the open cases', async () => {
    await sut.ds.query('ANALYZE case_file');
    const plan: Array<{ 'QUERY PLAN': string }> = await sut.ds.query(
      `EXPLAIN SELECT id FROM case_file WHERE next_due_at <= $1 ORDER BY next_due_at LIMIT 500 FOR UPDATE SKIP LOCKED`,
      [NOW],
    );
    const text = plan.map((p) => p['QUERY PLAN']).join('\n');
    expect(text).toContain('idx_case_next_due');
    expect(text).not.toContain('Seq Scan');
  });
});
