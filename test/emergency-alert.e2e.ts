import { chinaDate, LIFE_AT_RISK_ADVICE } from '@msz/domain';
import { createTestApp, TEST_WECHAT, type TestApp } from '@msz/server/testing/test-app';
import type { SentMessage } from '@msz/wechat';
import { IntakeJournalService } from '@msz/server/modules/wechat/intake-journal.service';
import { RECEIVED } from '@msz/server/modules/wechat/replies';
import { numberIn, Resident } from './support/resident';
import { Staff } from './support/staff';

const WITHIN_MS = 60_000;
const GAS_LEAK = '胜利村这边有户人家煤气泄漏了，屋里有个老人晕倒了，快来人';
const COLLAPSED = '有人晕倒了，不省人事，我们在路边不晓得咋个办';
// An ordinary fault. (The learned model reads some water complaints — a blocked canal, cloudy tap water — as red: a known weakness.)
const ORDINARY = '井溪镇五村的路灯坏了好几盏，晚上黑黢黢的';
/** 胜利村 (a village of 井溪镇) in the demo organisation. */
const SHENGLI = { lat: 32.1488, lng: 108.0247 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Emergencies do not wait for the dispatcher: a red demand through the signed webhook reaches the
 * dispatcher on duty and the town's leader through the real outbox worker (polling as in
 * production), while the resident reads the emergency numbers at once.
 */
describe('emergency alerts', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let admin: Staff;
  let leaderJingxi: Staff;
  let leaderBatai: Staff;
  let handler: Staff;
  let n = 0;

  beforeAll(async () => {
    // The real worker, at its production interval: nothing here drains the outbox by hand.
    sut = await createTestApp({ WORKER_POLL_MS: '1000' });
    [dispatcher, admin, leaderJingxi, leaderBatai, handler] = await Promise.all(
      ['dispatcher', 'admin', 'leader-jingxi', 'leader-batai', 'jingxi'].map((u) => Staff.login(sut.baseUrl, u)),
    );
  });
  afterAll(() => sut?.close());

  const resident = () => new Resident(sut.baseUrl, `o_emergency_${++n}`);
  const emergencyMessages = (caseNumber: string) =>
    sut.wechat.sent.filter((m) => m.kind === 'template' && m.template_id === TEST_WECHAT.templates.emergency && m.data?.character_string1?.value === caseNumber);
  const caseId = async (number: string): Promise<string> => {
    const { body } = await dispatcher.call('GET', '/api/cases?limit=200');
    return body.items.find((c: { number: string }) => c.number === number).id;
  };

  /** Waits, as staff would, for WeChat to have the alert for each of these people. */
  async function alertReaches(caseNumber: string, tousers: string[], since: number): Promise<{ elapsedMs: number; messages: SentMessage[] }> {
    for (;;) {
      const messages = emergencyMessages(caseNumber);
      if (tousers.every((t) => messages.some((m) => m.touser === t))) {
        return { elapsedMs: Math.max(...messages.map((m) => m.at)) - since, messages };
      }
      if (Date.now() - since > WITHIN_MS) throw new Error(`no alert for ${tousers.join(', ')} within ${WITHIN_MS} ms: ${JSON.stringify(messages)}`);
      await sleep(100);
    }
  }

  it('tells the resident to call 110/119/120 at once and reaches the dispatcher and the town leader within 60 s', async () => {
    const earlier = numberIn((await resident().say(ORDINARY)).reply);
    const someone = resident();
    await someone.location(SHENGLI.lat, SHENGLI.lng, '胜利村');
    const filedAt = Date.now();
    const { reply } = await someone.say(GAS_LEAK);

    // The numbers come first, plainly, before the case number.
    expect(reply).toContain(LIFE_AT_RISK_ADVICE);
    expect(reply!.indexOf('110')).toBeLessThan(reply!.indexOf('受理编号'));
    const number = numberIn(reply);

    const { elapsedMs, messages } = await alertReaches(number, ['o_demo_dispatcher', 'o_demo_leader_jingxi'], filedAt);
    process.stdout.write(`emergency alert: filed → template message at WeChat for the dispatcher and the town leader in ${elapsedMs} ms\n`);
    expect(elapsedMs).toBeLessThan(WITHIN_MS);
    expect(messages).toHaveLength(2);
    expect(messages[0].data).toMatchObject({ thing3: { value: expect.stringContaining('井溪镇 胜利村') }, thing5: { value: expect.stringContaining('紧急') } });
    expect(messages[0].miniprogram?.pagepath).toMatch(/^pages\/case\/detail\?id=/);

    const id = await caseId(number);
    // Someone phones the resident back at once: the task heads the office's list.
    const tasks = (await dispatcher.call('GET', '/api/contact-tasks')).body as Array<{ caseId: string; kind: string }>;
    expect(tasks[0]).toMatchObject({ caseId: id, kind: 'case_emergency' });

    // First in the dispatcher's queue, in whatever order it is read, with its mark; marked on its page too.
    for (const order of ['deadline', 'newest', 'oldest']) {
      const first = (await dispatcher.call('GET', `/api/cases?open=true&order=${order}&limit=5`)).body.items[0];
      expect(first).toMatchObject({ id, emergency: true, urgency: 'critical' });
    }
    expect((await dispatcher.call('GET', `/api/cases/${id}`)).body.emergency).toBe(true);
    const forLeader = (await leaderJingxi.call('GET', '/api/emergencies')).body as Array<{ caseId: string; place: string; placeUnknown: boolean }>;
    expect(forLeader).toEqual([expect.objectContaining({ caseId: id, placeUnknown: false })]);
    expect((await leaderBatai.call('GET', '/api/emergencies')).body).toEqual([]);
    expect((await handler.call('GET', '/api/emergencies')).body).toEqual([]); // a handler hears of it once it is their unit's

    // A second red reading of the same case (the dispatcher confirms it) raises no second alert.
    expect((await dispatcher.call('POST', `/api/cases/${id}/classify`, { kind: 'help', subItem: 'housing-safety', urgency: 'critical' })).status).toBe(200);
    await sleep(2_500); // more than two passes of the worker
    expect(emergencyMessages(number)).toHaveLength(2);
    const [{ rows }] = await sut.ds.query(`SELECT count(*)::int AS rows FROM outbox_message WHERE case_id = $1 AND kind = 'case_emergency'`, [id]);
    expect(rows).toBe(2);

    // Only the dispatcher on duty, the town's leader or someone told may acknowledge it.
    expect((await handler.call('POST', `/api/emergencies/${id}/acknowledge`, { outcome: 'noted' })).status).toBe(403);
    expect((await leaderBatai.call('POST', `/api/emergencies/${id}/acknowledge`, { outcome: 'noted' })).status).toBe(403);
    expect((await leaderJingxi.call('POST', `/api/emergencies/${id}/acknowledge`, { outcome: 'maybe' })).status).toBe(400);
    const ack = await leaderJingxi.call('POST', `/api/emergencies/${id}/acknowledge`, { outcome: 'noted', note: '已派人去现场' });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ acknowledgement: 'noted', acknowledgementLabel: '已知悉', acknowledgedBy: '陈镇长（井溪镇）', acknowledgementNote: '已派人去现场' });
    expect((await dispatcher.call('POST', `/api/emergencies/${id}/acknowledge`, { outcome: 'handled' })).status).toBe(409);

    // The mark is gone and the case takes its usual place.
    const after = (await dispatcher.call('GET', '/api/cases?open=true&order=oldest&limit=200')).body.items as Array<{ id: string; emergency: boolean }>;
    expect(after.find((c) => c.id === id)).toMatchObject({ emergency: false });
    expect(after[0].id).toBe(await caseId(earlier));
    expect((await leaderJingxi.call('GET', '/api/emergencies')).body).toEqual([]);
    expect((await leaderJingxi.call('GET', '/api/emergencies?open=false')).body).toEqual([expect.objectContaining({ caseId: id, acknowledgement: 'noted' })]);
  });

  it('raises nothing for a demand that is not red', async () => {
    const { reply } = await resident().say(ORDINARY);
    expect(reply).not.toContain('110');
    const id = await caseId(numberIn(reply));
    await sleep(1_500);
    expect(await sut.ds.query(`SELECT 1 FROM outbox_message WHERE case_id = $1 AND kind = 'case_emergency'`, [id])).toEqual([]);
    expect(await sut.ds.query(`SELECT 1 FROM contact_task WHERE case_id = $1`, [id])).toEqual([]);
    expect((await dispatcher.call('GET', `/api/cases/${id}`)).body.emergency).toBe(false);
  });

  it('tells the city leaders when the place is unknown, and says so', async () => {
    const filedAt = Date.now();
    const { reply } = await resident().say(COLLAPSED);
    expect(reply).toContain(LIFE_AT_RISK_ADVICE);
    const number = numberIn(reply);
    const { elapsedMs, messages } = await alertReaches(number, ['o_demo_dispatcher', 'o_demo_city_leader_zhou', 'o_demo_city_leader_sun'], filedAt);
    expect(elapsedMs).toBeLessThan(WITHIN_MS);
    expect(messages.every((m) => m.data?.thing3?.value === '地点不明')).toBe(true);
    const id = await caseId(number);
    expect((await dispatcher.call('GET', '/api/emergencies')).body.find((e: { caseId: string }) => e.caseId === id)).toMatchObject({ placeUnknown: true, townUnitId: null, notified: 3 });
    expect((await dispatcher.call('POST', `/api/emergencies/${id}/acknowledge`, { outcome: 'handled' })).status).toBe(200);
  });

  it('tells the town’s leader too when the resident sends where it is after the alert', async () => {
    const someone = resident();
    const filedAt = Date.now();
    const number = numberIn((await someone.say(COLLAPSED)).reply);
    await alertReaches(number, ['o_demo_dispatcher'], filedAt);
    const id = await caseId(number);
    expect((await leaderJingxi.call('GET', '/api/emergencies')).body.some((e: { caseId: string }) => e.caseId === id)).toBe(false);

    const locatedAt = Date.now();
    await someone.location(SHENGLI.lat, SHENGLI.lng, '胜利村');
    const { elapsedMs } = await alertReaches(number, ['o_demo_leader_jingxi'], locatedAt);
    expect(elapsedMs).toBeLessThan(WITHIN_MS);
    const toLeader = emergencyMessages(number).filter((m) => m.touser === 'o_demo_leader_jingxi');
    expect(toLeader).toHaveLength(1);
    expect(toLeader[0].data?.thing3?.value).toContain('井溪镇 胜利村');
    // Those told 「地点不明」 are not told again; the alert now names the place for everyone.
    await sleep(1_500);
    expect(emergencyMessages(number).filter((m) => m.touser === 'o_demo_dispatcher')).toHaveLength(1);
    expect((await leaderJingxi.call('GET', '/api/emergencies')).body).toEqual([expect.objectContaining({ caseId: id, placeUnknown: false, notified: 4 })]);
    expect((await leaderJingxi.call('POST', `/api/emergencies/${id}/acknowledge`, { outcome: 'handled' })).status).toBe(200);

    // Once acknowledged, a later location tells nobody more.
    await someone.location(SHENGLI.lat + 0.001, SHENGLI.lng, '胜利村村口');
    await sleep(1_500);
    expect(emergencyMessages(number)).toHaveLength(4);
  });

  it('raises the alert once when a dispatcher marks a case red', async () => {
    const { reply } = await resident().say('井溪镇幸福村的路灯坏了好几天了');
    const number = numberIn(reply);
    const id = await caseId(number);
    const filedAt = Date.now();
    for (let i = 0; i < 2; i++) {
      expect((await dispatcher.call('POST', `/api/cases/${id}/classify`, { kind: 'complaint', subItem: 'power-telecom', urgency: 'critical' })).status).toBe(200);
    }
    const { elapsedMs } = await alertReaches(number, ['o_demo_dispatcher'], filedAt);
    expect(elapsedMs).toBeLessThan(WITHIN_MS);
    await sleep(1_500);
    expect(emergencyMessages(number).filter((m) => m.touser === 'o_demo_dispatcher')).toHaveLength(1);
    expect((await dispatcher.call('POST', `/api/emergencies/${id}/acknowledge`, { outcome: 'handled' })).status).toBe(200);
  });

  it('alerts the dispatcher on duty, and every dispatcher when nobody is on the roster', async () => {
    const city = ((await admin.call('GET', '/api/units')).body as Array<{ id: string; level: string }>).find((u) => u.level === 'city')!.id;
    const second = await admin.call('POST', '/api/staff', { username: 'dispatcher-night', displayName: '夜班调度', role: 'dispatcher', unitId: city, password: 'night-shift-01', openid: 'o_night_dispatcher' });
    expect(second.status).toBe(201);
    const today = chinaDate(new Date());

    // Anyone of staff may read the roster; only the office sets it, and only with its dispatchers.
    expect((await handler.call('GET', '/api/duty')).body).toMatchObject({ day: today, fallback: true });
    expect((await handler.call('PUT', `/api/duty/${today}`, { staffIds: [second.body.id] })).status).toBe(403);
    const jingxiId = ((await admin.call('GET', '/api/staff?role=handler&limit=500')).body.items as Array<{ id: string; username: string }>).find((s) => s.username === 'jingxi')!.id;
    expect((await dispatcher.call('PUT', `/api/duty/${today}`, { staffIds: [jingxiId] })).status).toBe(400);
    expect((await dispatcher.call('PUT', '/api/duty/2026-13-01', { staffIds: [] })).status).toBe(400);
    expect((await dispatcher.call('GET', '/api/duty')).body.fallback).toBe(true);

    const set = await dispatcher.call('PUT', `/api/duty/${today}`, { staffIds: [second.body.id] });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ fallback: false, dispatchers: expect.arrayContaining([expect.objectContaining({ id: second.body.id, rostered: true, alerted: true })]) });

    const onDuty = await resident().say(COLLAPSED);
    const onDutyNumber = numberIn(onDuty.reply);
    await alertReaches(onDutyNumber, ['o_night_dispatcher'], Date.now());
    await sleep(1_500);
    expect(emergencyMessages(onDutyNumber).map((m) => m.touser)).not.toContain('o_demo_dispatcher');
    // The day's dispatcher who is not on duty may not acknowledge; the one on duty may.
    const onDutyId = await caseId(onDutyNumber);
    expect((await dispatcher.call('POST', `/api/emergencies/${onDutyId}/acknowledge`, { outcome: 'noted' })).status).toBe(403);
    const night = await Staff.login(sut.baseUrl, 'dispatcher-night', 'night-shift-01');
    expect((await night.call('POST', `/api/emergencies/${onDutyId}/acknowledge`, { outcome: 'noted' })).status).toBe(200);

    // Back to nobody on the roster: every active dispatcher hears.
    expect((await dispatcher.call('PUT', `/api/duty/${today}`, { staffIds: [] })).body.fallback).toBe(true);
    const everyone = numberIn((await resident().say(COLLAPSED)).reply);
    await alertReaches(everyone, ['o_demo_dispatcher', 'o_night_dispatcher'], Date.now());
    await dispatcher.call('POST', `/api/emergencies/${await caseId(everyone)}/acknowledge`, { outcome: 'handled' });
  });

  it('keeps every case on exactly one page with the emergencies first, even when one is acknowledged mid-way', async () => {
    for (const text of [ORDINARY, '八台镇农贸市场的下水道堵了', COLLAPSED, '黄钟镇的自来水浑浊得很', GAS_LEAK, '村里的广播坏了']) await resident().say(text);
    const all = (await dispatcher.call('GET', '/api/cases?open=true&order=newest&limit=200')).body;
    const pinned = (all.items as Array<{ id: string; emergency: boolean }>).filter((c) => c.emergency).map((c) => c.id);
    expect(pinned.length).toBeGreaterThanOrEqual(2);
    // Pinned ones lead the whole list.
    expect(all.items.slice(0, pinned.length).every((c: { emergency: boolean }) => c.emergency)).toBe(true);

    const seen: string[] = [];
    let cursor: string | null = null;
    let page = 0;
    do {
      const { body, status }: { body: { items: Array<{ id: string }>; nextCursor: string | null }; status: number } = await dispatcher.call(
        'GET',
        `/api/cases?open=true&order=newest&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(status).toBe(200);
      seen.push(...body.items.map((c) => c.id));
      // After the first page, acknowledge a pinned case not yet reached: it must still come exactly once.
      if (++page === 1) expect((await dispatcher.call('POST', `/api/emergencies/${pinned[pinned.length - 1]}/acknowledge`, { outcome: 'noted' })).status).toBe(200);
      cursor = body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(all.items.map((c: { id: string }) => c.id));
    expect(seen.length).toBe(all.total);

    // A cursor that does not say where the pins stood is refused, not read from the wrong place.
    const [{ nextCursor }] = [(await dispatcher.call('GET', '/api/cases?open=true&order=newest&limit=1')).body];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(nextCursor, 'base64url').toString()), p: 2 })).toString('base64url');
    expect((await dispatcher.call('GET', `/api/cases?open=true&order=newest&limit=1&cursor=${forged}`)).status).toBe(400);
  });

  it('sends an emergency before a backlog of ordinary messages', async () => {
    // 1,000 ordinary notifications waiting for WeChat, as after an outage.
    const digest = { channels: [{ via: 'template', body: { template_id: TEST_WECHAT.templates.digest, data: { thing1: { value: '日提醒' } } } }], optional: false };
    await sut.ds.query(
      `INSERT INTO outbox_message (kind, case_id, touser, payload, idempotency_key)
       SELECT 'unit_digest', NULL, 'o_demo_handler_batai', $1::jsonb, 'backlog:' || g FROM generate_series(1, 1000) g`,
      [JSON.stringify(digest)],
    );
    const filedAt = Date.now();
    const number = numberIn((await resident().say(GAS_LEAK)).reply);
    const { elapsedMs } = await alertReaches(number, ['o_demo_dispatcher'], filedAt);
    const [{ waiting }] = await sut.ds.query(`SELECT count(*)::int AS waiting FROM outbox_message WHERE idempotency_key LIKE 'backlog:%' AND status = 'pending'`);
    process.stdout.write(`emergency alert behind a backlog of 1000: at WeChat in ${elapsedMs} ms, with ${waiting} of the backlog still waiting\n`);
    expect(waiting).toBeGreaterThan(0);
    expect(elapsedMs).toBeLessThan(WITHIN_MS);
  });

  it('gives the emergency numbers even while the database is away, and alerts once the demand is filed', async () => {
    // The database stops answering (another session holds PGlite's one connection and locks the table).
    const hold = sut.ds.createQueryRunner();
    await hold.connect();
    await hold.startTransaction();
    await hold.query('LOCK TABLE wechat_inbound IN ACCESS EXCLUSIVE MODE');
    const someone = resident();
    sut.wechat.userMessagedAt(someone.openid);
    let reply: string | null;
    try {
      ({ reply } = await someone.say(GAS_LEAK));
    } finally {
      await hold.rollbackTransaction();
      await hold.release();
    }
    expect(reply).toBe(`${LIFE_AT_RISK_ADVICE}\n${RECEIVED}`);

    // Filed from the journal when the database answers again: the alert goes out then.
    const journal = sut.app.get(IntakeJournalService);
    const since = Date.now();
    while (journal.pendingCount > 0 && Date.now() - since < WITHIN_MS) await sleep(100);
    const [filed] = await sut.ds.query(`SELECT number FROM case_file WHERE resident_openid = $1`, [someone.openid]);
    await alertReaches(filed.number, ['o_demo_dispatcher'], since);
  });
});
