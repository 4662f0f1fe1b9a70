import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { OPEN_CASE_SQL } from '@msz/server/modules/cases/case.entity';
import { OPEN_STATUSES } from '@msz/domain';
import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { callApi, residentToken } from './support/api';
import { Staff } from './support/staff';

const OPEN = ['accepted', 'assigned', 'in_progress', 'answered', 'revisiting', 'returned', 'reopened'];
const OPEN_QUERY = `status=${OPEN.join(',')}`;

/**
 * Lists that scale (issue 12): keyset pages in the server's order reach every case, counts come
 * from the database and agree with the lists, the resident's list costs a fixed number of queries,
 * and the ledger has no row cap. Data sets are generated in SQL, so the suite stays quick.
 */
describe('lists that scale', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let handler: Staff;
  let leader: Staff;
  let jingxi: string;
  let batai: string;

  beforeAll(async () => {
    sut = await createTestApp();
    dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
    handler = await Staff.login(sut.baseUrl, 'jingxi');
    leader = await Staff.login(sut.baseUrl, 'leader-jingxi');
    const units: Array<{ id: string; name: string }> = (await dispatcher.call('GET', '/api/units')).body;
    jingxi = units.find((u) => u.name === '井溪镇')!.id;
    batai = units.find((u) => u.name === '八台镇')!.id;
  });
  afterAll(() => sut?.close());

  /**
   * `count` cases in one statement. Deadlines step by an odd interval with microseconds (as
   * PostgreSQL keeps them), and every two cases share one, so ties are broken by id.
   */
  const seedCases = (opts: { prefix: string; count: number; unitId: string | null; statuses: string[]; firstDeadline: string; acceptedFrom?: string; openid?: string; text?: string }) =>
    sut.ds.query(
      `INSERT INTO case_file (number, channel, resident_openid, resident_phone, text, kind, status, unit_id, accepted_at, assign_by, close_by, version)
       SELECT $1 || lpad(i::text, 6, '0'), 'phone', $7, '13800001234', $8 || i, 'complaint', ($4::text[])[1 + i % cardinality($4::text[])], $3::uuid,
              $6::timestamptz + i * interval '1 minute', $6::timestamptz, $5::timestamptz + (i / 2) * interval '7 hours 13 minutes 0.123457 seconds', 1
       FROM generate_series(1, $2) AS i`,
      [opts.prefix, opts.count, opts.unitId, opts.statuses, opts.firstDeadline, opts.acceptedFrom ?? '2026-10-01T08:00:00+08:00', opts.openid ?? null, opts.text ?? '村里的路灯坏了'],
    );

  /** Every page of a list, following nextCursor. */
  type Page = { items: Array<{ id: string; number: string; closeBy: string; status: string; slaColour: string | null; open: boolean }>; total: number | null; nextCursor: string | null };
  async function allPages(staff: Staff, query: string, limit: number) {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: Page } = await staff.call('GET', `/api/cases?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      pages.push(res.body);
      cursor = res.body.nextCursor;
    } while (cursor && pages.length < 100);
    return { pages, items: pages.flatMap((p) => p.items) };
  }

  describe('the handler queue, by deadline', () => {
    beforeAll(async () => {
      const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
      // 井溪镇: 230 open cases from 20 days overdue to 14 days ahead, and 20 finished ones; 八台镇's own
      // 15, of which 3 are co-handled by 井溪镇.
      await seedCases({ prefix: 'QJX', count: 230, unitId: jingxi, statuses: ['assigned', 'in_progress', 'reopened', 'answered', 'revisiting'], firstDeadline: daysFromNow(-20) });
      await seedCases({ prefix: 'QJD', count: 20, unitId: jingxi, statuses: ['closed', 'merged'], firstDeadline: daysFromNow(-40) });
      await seedCases({ prefix: 'QBT', count: 15, unitId: batai, statuses: ['assigned'], firstDeadline: daysFromNow(-60) });
      await sut.ds.query(`INSERT INTO case_co_unit (case_id, unit_id) SELECT id, $1 FROM case_file WHERE number IN ('QBT000001', 'QBT000002', 'QBT000003')`, [jingxi]);
    });

    it('reaches every open case, most overdue first, a page at a time, with the total on the first page', async () => {
      const expected: Array<{ number: string }> = await sut.ds.query(
        `SELECT number FROM case_file c WHERE (unit_id = $1 OR id IN (SELECT case_id FROM case_co_unit WHERE unit_id = $1)) AND ${OPEN_CASE_SQL} ORDER BY close_by, id`,
        [jingxi],
      );
      expect(expected.length).toBeGreaterThanOrEqual(233);

      const { pages, items } = await allPages(handler, `${OPEN_QUERY}&order=deadline`, 50);

      expect(items.map((c) => c.number)).toEqual(expected.map((c) => c.number));
      expect(items.slice(0, 3).map((c) => c.number).sort()).toEqual(['QBT000001', 'QBT000002', 'QBT000003']); // co-handled and most overdue
      expect(new Set(items.map((c) => c.id)).size).toBe(items.length);
      expect(pages[0].total).toBe(expected.length);
      expect(pages.slice(1).every((p) => p.total === null)).toBe(true);
      expect(pages.at(-1)!.nextCursor).toBeNull();
      expect(items.some((c) => c.number.startsWith('QJD'))).toBe(false);
    });

    it('reads finished cases latest deadline first, and newest and oldest by acceptance, in the same way', async () => {
      const finished = await allPages(handler, 'status=closed,merged,invalid&order=deadline_desc', 7);
      const deadlines = finished.items.map((c) => Date.parse(c.closeBy));
      expect(finished.items.length).toBeGreaterThanOrEqual(20);
      expect(deadlines).toEqual([...deadlines].sort((a, b) => b - a));

      const newest = await allPages(dispatcher, 'order=newest', 200);
      const oldest = await allPages(dispatcher, 'order=oldest', 200);
      expect(newest.items.map((c) => c.id)).toEqual(oldest.items.map((c) => c.id).reverse());
      expect(newest.pages[0].total).toBe(newest.items.length);
    });

    it('lets the client ask for open or finished cases without knowing which statuses those are', async () => {
      const open = await allPages(handler, 'open=true&order=deadline', 50);
      const byStatus = await allPages(handler, `${OPEN_QUERY}&order=deadline`, 50);
      expect(open.items.map((c) => c.id)).toEqual(byStatus.items.map((c) => c.id));
      expect(open.items.every((c) => c.open)).toBe(true);
      const finished = await allPages(handler, 'open=false&order=deadline_desc', 50);
      const finishedByStatus = await allPages(handler, 'status=closed,merged,invalid&order=deadline_desc', 50);
      expect(finished.items.map((c) => c.id)).toEqual(finishedByStatus.items.map((c) => c.id));
      expect(finished.items.length).toBeGreaterThan(0);
      // Both filters apply: a closed case is never open.
      const none = await handler.call('GET', '/api/cases?status=closed&open=true');
      expect(none.status).toBe(200);
      expect(none.body).toEqual({ items: [], total: 0, nextCursor: null });
      expect((await handler.call('GET', '/api/cases?open=maybe')).status).toBe(400);
    });

    it('keeps the old first page: newest first, with a total', async () => {
      const res = await dispatcher.call('GET', '/api/cases?limit=5');
      expect(res.body.items.map((c: { number: string }) => c.number)).toEqual(
        (await sut.ds.query(`SELECT number FROM case_file ORDER BY accepted_at DESC, id DESC LIMIT 5`)).map((r: { number: string }) => r.number),
      );
      expect(res.body.total).toBe(Number((await sut.ds.query(`SELECT count(*) AS n FROM case_file`))[0].n));
      // offset, for old clients: the same order, shifted
      const shifted = await handler.call('GET', `/api/cases?${OPEN_QUERY}&order=deadline&limit=5&offset=5`);
      const ten = await handler.call('GET', `/api/cases?${OPEN_QUERY}&order=deadline&limit=10`);
      expect(shifted.body.items.map((c: { id: string }) => c.id)).toEqual(ten.body.items.slice(5).map((c: { id: string }) => c.id));
    });

    it('refuses a cursor it did not write, or one from another order, in plain Chinese', async () => {
      const first = await handler.call('GET', `/api/cases?${OPEN_QUERY}&order=deadline&limit=5`);
      const cursor = encodeURIComponent(first.body.nextCursor);
      for (const path of [`/api/cases?order=newest&cursor=${cursor}`, '/api/cases?cursor=bm90LWEtY3Vyc29y', `/api/cases?order=sideways`]) {
        const res = await handler.call('GET', path);
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
      }
    });
  });

  it('indexes the open cases the domain calls open: the migrations and isOpen() agree', async () => {
    const defs: Array<{ indexname: string; indexdef: string }> = await sut.ds.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN ('idx_case_open_deadline', 'idx_case_open_status_deadline', 'idx_case_unit_open_deadline') ORDER BY indexname`,
    );
    expect(defs.map((d) => d.indexname)).toEqual(['idx_case_open_deadline', 'idx_case_open_status_deadline', 'idx_case_unit_open_deadline']);
    for (const { indexdef } of defs) {
      const listed = [...indexdef.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]).sort();
      expect(listed).toEqual([...OPEN_STATUSES].sort());
    }
  });

  describe('the dashboard, counted by the database', () => {
    it.each([
      ['the unit leader (their unit and what it co-handles)', () => leader],
      ['the dispatcher (everything)', () => dispatcher],
    ])('agrees with the open list of %s: totals, statuses and colours', async (_who, staff) => {
      const dashboard = (await staff().call('GET', '/api/dashboard')).body;
      const { pages, items } = await allPages(staff(), `${OPEN_QUERY}&order=deadline`, 200);

      expect(dashboard.open).toBe(pages[0].total);
      expect(dashboard.open).toBe(items.length);
      const byStatus: Record<string, number> = {};
      const bySla: Record<string, number> = { green: 0, yellow: 0, orange: 0, red: 0 };
      for (const c of items) {
        byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
        if (c.slaColour) bySla[c.slaColour] += 1;
      }
      expect(dashboard.byStatus).toEqual(byStatus);
      expect(dashboard.bySla).toEqual(bySla);
      expect(dashboard.bySla.red).toBeGreaterThan(0);
      expect(dashboard.bySla.green).toBeGreaterThan(0);
    });
  });

  describe("the resident's list", () => {
    /** `count` cases of one resident, each with a staff step, a stored photo and a village (whose town is named too). */
    async function residentWith(count: number): Promise<string> {
      const openid = `o_lists_${count}_${randomUUID().slice(0, 8)}`;
      await seedCases({ prefix: `R${count}${openid.slice(-6)}`, count, unitId: jingxi, statuses: ['assigned'], firstDeadline: '2026-12-20T17:00:00+08:00', openid });
      const [staff] = await sut.ds.query(`SELECT id FROM staff_user WHERE username = 'jingxi'`);
      const [village] = await sut.ds.query(`SELECT id FROM unit WHERE code = 'village-jingxi-1'`);
      await sut.ds.query(`UPDATE case_file SET place_unit_id = $2 WHERE resident_openid = $1`, [openid, village.id]);
      await sut.ds.query(
        `INSERT INTO case_timeline (case_id, action, from_status, to_status, actor_kind, actor_id, actor_name)
         SELECT id, 'file', NULL, 'accepted', 'resident', $1, '群众' FROM case_file WHERE resident_openid = $1
         UNION ALL SELECT id, 'assign', 'accepted', 'assigned', 'staff', $2, '井溪镇' FROM case_file WHERE resident_openid = $1`,
        [openid, staff.id],
      );
      await sut.ds.query(
        `INSERT INTO case_attachment (case_id, kind, source, status, storage_key, content_type, size_bytes)
         SELECT id, 'image', 'staff', 'stored', id || '/x.jpg', 'image/jpeg', 10 FROM case_file WHERE resident_openid = $1`,
        [openid],
      );
      return openid;
    }

    /** The statements one GET /api/my/cases sends to the database, and what it answered. */
    async function listCounted(openid: string) {
      const token = await residentToken(sut.baseUrl, openid);
      const spy = jest.spyOn(sut.ds.logger, 'logQuery');
      try {
        const res = await callApi(sut.baseUrl, token, 'GET', '/api/my/cases');
        expect(res.status).toBe(200);
        return { statements: spy.mock.calls.length, cases: res.body as Array<{ steps: Array<{ label: string; unitName: string | null }>; media: unknown[]; placeLabel: string | null }> };
      } finally {
        spy.mockRestore();
      }
    }

    it('costs the same number of queries for 1 case as for 30', async () => {
      const one = await listCounted(await residentWith(1));
      const thirty = await listCounted(await residentWith(30));

      expect(one.cases).toHaveLength(1);
      expect(thirty.cases).toHaveLength(30);
      expect(thirty.statements).toBe(one.statements);
      expect(one.statements).toBeLessThanOrEqual(10);
      // Batching kept every part of every case.
      for (const c of thirty.cases) {
        expect(c.steps).toEqual([expect.objectContaining({ label: '已受理' }), { label: '已转给承办单位', unitName: '井溪镇', at: expect.any(String) }]);
        expect(c.media).toHaveLength(1);
        expect(c.placeLabel).toBe('井溪镇 胜利村');
      }
    });
  });

  describe('the ledger', () => {
    const OLD_CAP = 50_000;
    const ROWS = OLD_CAP + 7;
    const download = (format: 'csv' | 'xlsx', from = '2019-01-01', to = '2019-12-31') =>
      fetch(`${sut.baseUrl}/api/exports/cases.${format}?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${dispatcher.token}` } });

    beforeAll(async () => {
      await seedCases({ prefix: 'L', count: ROWS, unitId: jingxi, statuses: ['closed'], firstDeadline: '2019-01-10T17:00:00+08:00', acceptedFrom: '2019-01-01T08:00:00+08:00', text: '=1+2 路灯' });
    });

    it('exports every case of the period as CSV, past the old 50,000-row cap, formulas defused', async () => {
      const res = await download('csv');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs for Chinese
      const lines = bytes.toString('utf8', 3).trimEnd().split('\n');
      expect(lines).toHaveLength(ROWS + 1);
      expect(lines[0]).toMatch(/^受理编号,/);
      expect(lines[1]).toMatch(/^L000001,2019-01-01 08:01,专线电话,投诉,,已办结,井溪镇,.*,138\*\*\*\*1234,'=1\+2 路灯1$/);
      expect(lines.at(-1)).toMatch(new RegExp(`^L0${ROWS},`));
    });

    // The same rows() feed both formats; one day (1,440 rows, several batches) keeps reading the workbook quick.
    it('exports as xlsx, every cell a string a spreadsheet never evaluates', async () => {
      const res = await download('xlsx', '2019-01-02', '2019-01-02');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain('ledger.xlsx');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
      const sheet = book.worksheets[0];
      expect(sheet.rowCount).toBe(1 + 1440);
      expect(sheet.getRow(1).getCell(1).value).toBe('受理编号');
      const first = sheet.getRow(2);
      expect(first.getCell(2).value).toBe('2019-01-02 00:00');
      expect(first.getCell(12).value).toMatch(/^=1\+2 路灯\d+$/);
      expect(first.getCell(12).type).toBe(ExcelJS.ValueType.String);
      expect(sheet.getRow(1441).getCell(2).value).toBe('2019-01-02 23:59');
    });
  });
});
