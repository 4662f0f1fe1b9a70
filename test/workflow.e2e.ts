import { createTestApp, TEST_WECHAT, type TestApp } from '@msz/server/testing/test-app';
import { EscalationService } from '@msz/server/modules/workflow/escalation.service';
import { caseByNumber } from './support/cases';
import { numberIn, Resident } from './support/resident';
import { Staff } from './support/staff';

/** The "135" promise through the API: extensions, returns, notes, SLA colours, escalation and reports. */
describe('case workflow', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let handler: Staff;
  let units: Array<{ id: string; name: string; code: string }>;
  let n = 0;

  beforeAll(async () => {
    sut = await createTestApp();
    dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
    handler = await Staff.login(sut.baseUrl, 'jingxi');
    units = (await dispatcher.call('GET', '/api/units')).body;
  });
  afterAll(() => sut?.close());

  const unit = (name: string) => units.find((u) => u.name === name)!.id;

  /** A case filed in chat and assigned to 井溪镇; signed for unless told otherwise. */
  async function assignedCase(opts: { signFor?: boolean } = {}): Promise<any> {
    const number = numberIn((await new Resident(sut.baseUrl, `o_workflow_${++n}`).say(`井溪镇${n}村的水渠垮了，田里缺水`)).reply);
    const c = await caseByNumber(dispatcher, number);
    expect((await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: unit('井溪镇') })).status).toBe(200);
    if (opts.signFor !== false) expect((await handler.call('POST', `/api/cases/${c.id}/sign-for`)).status).toBe(200);
    return (await dispatcher.call('GET', `/api/cases/${c.id}`)).body;
  }

  describe('extensions (延期)', () => {
    it('moves the deadline by the approved working days and records both steps', async () => {
      const c = await assignedCase();
      const asked = await handler.call('POST', `/api/cases/${c.id}/extensions`, { workdays: 3, reason: '需要等水利站的材料' });
      expect(asked.status).toBe(201);
      expect((await handler.call('POST', `/api/cases/${c.id}/extensions`, { workdays: 1, reason: '再问一次' })).status).toBe(409);
      expect((await handler.call('POST', `/api/cases/${c.id}/extensions/${asked.body.id}/decision`, { approve: true })).status).toBe(403);
      // The dispatcher's list names the case and its unit, so the inbox needs no list of cases to show them.
      const pending = (await dispatcher.call('GET', '/api/extensions/pending')).body;
      expect(pending.find((e: { id: string }) => e.id === asked.body.id)).toEqual(
        expect.objectContaining({ caseId: c.id, caseNumber: c.number, unitName: '井溪镇', workdays: 3, status: 'pending' }),
      );

      const decided = await dispatcher.call('POST', `/api/cases/${c.id}/extensions/${asked.body.id}/decision`, { approve: true, note: '同意' });
      expect(decided.status).toBe(200);
      expect(decided.body.extendedWorkdays).toBe(3);
      expect(Date.parse(decided.body.closeBy)).toBeGreaterThan(Date.parse(c.closeBy) + 2 * 86_400_000);
      const timeline = (await dispatcher.call('GET', `/api/cases/${c.id}`)).body.timeline.map((t: { action: string }) => t.action);
      expect(timeline.slice(-2)).toEqual(['request_extension', 'extend']);
    });

    it('refuses more than 10 working days in all, and invalid requests', async () => {
      const c = await assignedCase();
      const first = await handler.call('POST', `/api/cases/${c.id}/extensions`, { workdays: 8, reason: '工程量大' });
      await dispatcher.call('POST', `/api/cases/${c.id}/extensions/${first.body.id}/decision`, { approve: true });
      const tooMuch = await handler.call('POST', `/api/cases/${c.id}/extensions`, { workdays: 3, reason: '还要再等' });
      expect(tooMuch.status).toBe(422);
      expect(tooMuch.body.code).toBe('EXTENSION_LIMIT_EXCEEDED');
      expect((await handler.call('POST', `/api/cases/${c.id}/extensions`, { workdays: 0, reason: 'x' })).status).toBe(400);
      expect((await handler.call('POST', `/api/cases/${c.id}/extensions`, { workdays: 2 })).status).toBe(400);
    });

    it('keeps the deadline when the dispatcher refuses', async () => {
      const c = await assignedCase();
      const asked = await handler.call('POST', `/api/cases/${c.id}/extensions`, { workdays: 2, reason: '人手不够' });
      const refused = await dispatcher.call('POST', `/api/cases/${c.id}/extensions/${asked.body.id}/decision`, { approve: false, note: '请按时办结' });
      expect(refused.body).toMatchObject({ closeBy: c.closeBy, extendedWorkdays: 0 });
      expect((await handler.call('GET', `/api/cases/${c.id}/extensions`)).body[0]).toMatchObject({ status: 'rejected', decisionNote: '请按时办结' });
    });
  });

  describe('returns (退回)', () => {
    it('lets a unit return a misrouted case within its sign-for time, then not', async () => {
      const inTime = await assignedCase({ signFor: false });
      const returned = await handler.call('POST', `/api/cases/${inTime.id}/return`, { reason: '属于八台镇' });
      expect(returned.body).toMatchObject({ status: 'returned', unitId: null });
      expect((await dispatcher.call('POST', `/api/cases/${inTime.id}/assign`, { unitId: unit('八台镇') })).body.status).toBe('assigned');

      const late = await assignedCase({ signFor: false });
      await sut.ds.query(`UPDATE case_file SET assigned_at = now() - interval '10 days' WHERE id = $1`, [late.id]);
      const refused = await handler.call('POST', `/api/cases/${late.id}/return`, { reason: '太晚了' });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('RETURN_WINDOW_PASSED');
      expect((await dispatcher.call('GET', `/api/cases/${late.id}`)).body.status).toBe('assigned');
    });
  });

  it('records progress notes from the owning unit only', async () => {
    const c = await assignedCase();
    expect((await handler.call('POST', `/api/cases/${c.id}/notes`, { text: '已联系村委会，明天现场查看' })).status).toBe(204);
    const other = await Staff.login(sut.baseUrl, 'batai');
    expect((await other.call('POST', `/api/cases/${c.id}/notes`, { text: '不是我的' })).status).toBe(404);
    const notes = (await dispatcher.call('GET', `/api/cases/${c.id}`)).body.timeline.filter((t: { action: string }) => t.action === 'note');
    expect(notes.map((t: { note: string }) => t.note)).toEqual(['已联系村委会，明天现场查看']);
  });

  it('shows SLA colours: green with days to go, red once overdue', async () => {
    const c = await assignedCase();
    expect(c.slaColour).toBe('green');
    await sut.ds.query(`UPDATE case_file SET close_by = now() - interval '1 hour' WHERE id = $1`, [c.id]);
    expect((await dispatcher.call('GET', `/api/cases/${c.id}`)).body.slaColour).toBe('red');
    const dashboard = await dispatcher.call('GET', '/api/dashboard');
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.bySla.red).toBeGreaterThanOrEqual(1);
    expect((await handler.call('GET', '/api/dashboard')).status).toBe(403);
  });

  it('escalates overdue work once per level: handler, then unit leader, then city leader', async () => {
    const escalation = sut.app.get(EscalationService);
    const c = await assignedCase();
    // Due on a Monday that has passed: 2026-11-23 (a working day).
    await sut.ds.query(`UPDATE case_file SET close_by = '2026-11-23T23:59:59.999+08:00' WHERE id = $1`, [c.id]);
    const escalated = (level: string) =>
      sut.wechat.sent.filter((m) => m.template_id === TEST_WECHAT.templates.escalation && m.data?.character_string1.value === c.number && m.data?.thing4.value.includes(level));

    await escalation.runAt(new Date('2026-11-24T10:00:00+08:00')); // due yesterday, not yet a full working day over
    await sut.outbox.drain();
    expect(escalated('尽快办理').map((m) => m.touser)).toEqual(['o_demo_handler_jingxi']);
    expect(escalated('请督办')).toHaveLength(0);

    await escalation.runAt(new Date('2026-11-25T10:00:00+08:00')); // one working day over
    await escalation.runAt(new Date('2026-11-25T11:00:00+08:00')); // again: nothing new
    await sut.outbox.drain();
    expect(escalated('超期1个工作日以上').length).toBeGreaterThanOrEqual(1);
    expect(escalated('尽快办理')).toHaveLength(1);

    await escalation.runAt(new Date('2026-11-30T10:00:00+08:00')); // Thu, Fri, Mon passed → 3 working days
    await sut.outbox.drain();
    expect(escalated('超期3个工作日以上').length).toBeGreaterThanOrEqual(1);
    const steps = (await dispatcher.call('GET', `/api/cases/${c.id}`)).body.timeline.filter((t: { action: string }) => t.action === 'escalate');
    expect(steps).toHaveLength(3);
  });

  it('warns dispatchers of a case not assigned within a working day', async () => {
    const escalation = sut.app.get(EscalationService);
    const number = numberIn((await new Resident(sut.baseUrl, 'o_workflow_unassigned').say('草坝镇的垃圾站满了没人清')).reply);
    const c = await caseByNumber(dispatcher, number);
    await sut.ds.query(`UPDATE case_file SET assign_by = now() - interval '1 hour' WHERE id = $1`, [c.id]);
    await escalation.runAt(new Date());
    await escalation.runAt(new Date());
    await sut.outbox.drain();
    const warned = sut.wechat.sent.filter((m) => m.template_id === TEST_WECHAT.templates.escalation && m.data?.character_string1.value === number);
    expect(warned.map((m) => m.touser)).toEqual(['o_demo_dispatcher']);
  });

  it('produces each unit’s daily reminder and weekly reconciliation once', async () => {
    const escalation = sut.app.get(EscalationService);
    await assignedCase();
    const monday = new Date('2026-11-30T09:00:00+08:00');
    await escalation.runAt(monday);
    await escalation.runAt(monday);
    const reports: Array<{ kind: string; period: string; n: number }> = await sut.ds.query(
      `SELECT kind, period, count(*)::int AS n FROM unit_report WHERE unit_id = $1 AND period IN ('2026-11-30', '2026-W48') GROUP BY kind, period ORDER BY kind`,
      [unit('井溪镇')],
    );
    expect(reports).toEqual([
      { kind: 'daily', period: '2026-11-30', n: 1 },
      { kind: 'weekly', period: '2026-W48', n: 1 },
    ]);
    await sut.outbox.drain();
    const digests = sut.wechat.sent.filter((m) => m.template_id === TEST_WECHAT.templates.digest && m.data?.character_string2.value === '2026-11-30');
    expect(digests.length).toBeGreaterThanOrEqual(1);
    expect(digests.every((m) => m.data!.thing3.value.startsWith('在办'))).toBe(true);

    const [{ figures }] = await sut.ds.query(`SELECT figures FROM unit_report WHERE unit_id = $1 AND period = '2026-W48'`, [unit('井溪镇')]);
    expect(Object.keys(figures).sort()).toEqual(['closed', 'closedLate', 'open', 'overdue', 'received', 'satisfactionPercent', 'traceItems'].sort());
    expect(figures.open).toBeGreaterThanOrEqual(1);

    const beforeWork = await escalation.runAt(new Date('2026-12-01T06:00:00+08:00'));
    expect(beforeWork).toBe(0);
  });

  describe('calendar', () => {
    it('warns when the next 90 days are not on the official calendar, until the year is entered', async () => {
      const coverage = await dispatcher.call('GET', '/api/calendar/coverage');
      expect(coverage.status).toBe(200);
      expect(coverage.body.uncoveredDays[0]).toBe('2027-01-01');
      expect(coverage.body.warning).toContain('工作日历未覆盖');

      expect((await dispatcher.call('PUT', '/api/calendar/years/2027', { days: [] })).status).toBe(403);
      const admin = await Staff.login(sut.baseUrl, 'admin');
      expect((await admin.call('PUT', '/api/calendar/years/2027', { days: [{ day: '2026-12-31', workday: false }] })).status).toBe(422);
      expect((await admin.call('PUT', '/api/calendar/years/2027', { days: [{ day: '2027-13-01', workday: false }] })).status).toBe(422);
      expect((await admin.call('PUT', '/api/calendar/years/2027', { days: [{ day: 'tomorrow', workday: false }] })).status).toBe(400);
      const entered = await admin.call('PUT', '/api/calendar/years/2027', {
        days: [
          { day: '2027-01-01', workday: false, note: '元旦' },
          { day: '2027-02-06', workday: false, note: '春节' },
        ],
      });
      expect(entered.status).toBe(200);
      expect(entered.body.coveredYears).toContain(2027);
      expect(entered.body.warning).toBeNull();
      expect((await dispatcher.call('GET', '/api/dashboard')).body.calendarWarning).toBeNull();
    });
  });
});

describe('co-handling (主办/协办)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(() => sut?.close());

  it('lets co-handling units see the case and add notes while the lead unit handles it', async () => {
    const dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
    const units = (await dispatcher.call('GET', '/api/units')).body as Array<{ id: string; name: string; code: string }>;
    const number = numberIn((await new Resident(sut.baseUrl, 'o_cohandle_01').say('井溪镇到八台镇的公路塌方，两个镇都过不了车')).reply);
    const c = await caseByNumber(dispatcher, number);
    const lead = units.find((u) => u.name === '井溪镇')!.id;
    const helpers = [units.find((u) => u.name === '八台镇')!.id, units.find((u) => u.code === 'dept-water')!.id];
    const assigned = await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: lead, coUnitIds: helpers });
    expect(assigned.status).toBe(200);
    expect((await dispatcher.call('GET', `/api/cases/${c.id}`)).body.coUnitIds.sort()).toEqual([...helpers].sort());

    const coHandler = await Staff.login(sut.baseUrl, 'batai');
    const seen = await coHandler.call('GET', `/api/cases/${c.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.allowedActions).toEqual(['note']); // the lead unit's buttons are not theirs
    const listed = (await coHandler.call('GET', '/api/cases')).body.items.find((x: { id: string }) => x.id === c.id);
    expect(listed.allowedActions).toEqual(['note']);
    expect((await coHandler.call('POST', `/api/cases/${c.id}/notes`, { text: '八台镇这边已派挖机' })).status).toBe(204);
    expect((await coHandler.call('POST', `/api/cases/${c.id}/sign-for`)).status).toBe(404);

    const unknownHelper = await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: lead, coUnitIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknownHelper).toMatchObject({ status: 422, body: { code: 'UNIT_REQUIRED' } });
  });
});
