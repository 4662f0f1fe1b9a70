import { addCalendarDays, chinaDate } from '@msz/domain';
import { AnomaliesService } from '@msz/server/modules/anomalies/anomalies.service';
import { OfficeSampleService } from '@msz/server/modules/anomalies/office-sample.service';
import { CasesService } from '@msz/server/modules/cases/cases.service';
import { IndicatorRollup } from '@msz/server/modules/indicators/indicator-rollup.service';
import { LeagueService } from '@msz/server/modules/indicators/league.service';
import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { CASE_NUMBER, Resident } from './support/resident';
import { Staff } from './support/staff';

interface Flag {
  id: string;
  kind: string;
  caseId: string | null;
  unitId: string | null;
  status: string;
  evidence: Record<string, unknown>;
}

describe('anomaly flags and independent revisits', () => {
  let sut: TestApp;
  let anomalies: AnomaliesService;
  let dispatcher: Staff;
  let handler: Staff;
  let inspector: Staff;
  let jingxi: string;
  let batai: string;
  let seq = 0;

  beforeAll(async () => {
    sut = await createTestApp();
    anomalies = sut.app.get(AnomaliesService);
    [dispatcher, handler, inspector] = await Promise.all(['dispatcher', 'jingxi', 'inspector'].map((u) => Staff.login(sut.baseUrl, u)));
    const units = await dispatcher.call<Array<{ id: string; name: string }>>('GET', '/api/units');
    jingxi = units.body.find((u) => u.name === '井溪镇')!.id;
    batai = units.body.find((u) => u.name === '八台镇')!.id;
  });
  afterAll(() => sut?.close());

  /** The scan reads entries once they are settled (30 s old): a pass as if a minute had gone by. */
  const later = () => new Date(Date.now() + 60_000);

  /** A resident files in chat; the dispatcher classifies and assigns it to 井溪镇. */
  async function filed(text: string, subItem: string, openid = `o_anomaly_${++seq}`): Promise<{ id: string; resident: Resident }> {
    const resident = new Resident(sut.baseUrl, openid);
    const number = (await resident.say(text)).reply!.match(CASE_NUMBER)![0];
    const { body } = await dispatcher.call('GET', '/api/cases?status=accepted&limit=200');
    const id = body.items.find((c: { number: string }) => c.number === number).id as string;
    expect((await dispatcher.call('POST', `/api/cases/${id}/classify`, { kind: 'complaint', subItem, urgency: 'normal' })).status).toBe(200);
    expect((await dispatcher.call('POST', `/api/cases/${id}/assign`, { unitId: jingxi })).status).toBe(200);
    return { id, resident };
  }

  async function answered(text: string, subItem: string, answer: string, openid?: string) {
    const c = await filed(text, subItem, openid);
    expect((await handler.call('POST', `/api/cases/${c.id}/sign-for`)).status).toBe(200);
    expect((await handler.call('POST', `/api/cases/${c.id}/answer`, { text: answer })).status).toBe(200);
    return c;
  }

  const flagsOf = async (caseId: string): Promise<string[]> =>
    ((await inspector.call<Flag[]>('GET', '/api/anomaly-flags')).body.filter((f) => f.caseId === caseId).map((f) => f.kind)).sort();

  it('raises nothing for normal handling: answers that speak to the demand, satisfied residents', async () => {
    await anomalies.scan(later());
    const before = (await inspector.call<Flag[]>('GET', '/api/anomaly-flags')).body.length;
    const normal = [
      ['我想问一下新农合今年在哪里交，交多少钱', 'social-insurance', '今年新农合每人380元，可在井溪镇便民服务中心或手机上缴纳，截止到12月底'],
      ['我家老人八十岁了，高龄补贴怎么申请', 'elderly-assistance', '八十岁以上老人的高龄补贴带身份证和户口本到村委会申请，每月发放到社保卡'],
      ['孩子明年上小学，井溪镇小学怎么报名', 'education', '井溪镇小学明年5月报名，带户口本和预防接种证到学校教务处登记即可'],
    ] as const;
    for (const [text, subItem, answer] of normal) {
      const c = await answered(text, subItem, answer);
      expect((await c.resident.say('满意')).reply).toContain('已办结');
    }
    expect(await anomalies.scan(later())).toBe(0);
    expect((await inspector.call<Flag[]>('GET', '/api/anomaly-flags')).body).toHaveLength(before);
  });

  it('flags an answer too short for its kind, and one made of template phrases', async () => {
    const short = await answered('井溪镇二村的水管漏水好几天了', 'water-supply', '已修好');
    const template = await answered('井溪镇卫生院看病排队太久', 'healthcare', '已按要求处理，问题已解决，已落实。');
    await anomalies.scan(later());
    expect(await flagsOf(short.id)).toContain('short_answer');
    expect(await flagsOf(template.id)).toEqual(['off_topic_answer']);
  });

  it('flags a field problem answered minutes after sign-for', async () => {
    const c = await answered('井溪镇三村的路面塌了一个大坑', 'roads-transport', '已派人到三村路面塌陷处填平大坑并设置警示牌');
    // Not before the entry has settled; then once.
    expect(await anomalies.scan(new Date())).toBe(0);
    expect(await anomalies.scan(later())).toBe(1);
    expect(await flagsOf(c.id)).toEqual(['quick_answer']);
  });

  it('flags the same answer given on two different cases, once', async () => {
    const answer = '经核实，已安排工作人员上门了解情况并协调解决，请耐心等待后续通知';
    const a = await answered('井溪镇四村有人占道堆放建材', 'village-governance', answer);
    const b = await answered('井溪镇五村的养老金这个月没到账', 'social-insurance', answer);
    await anomalies.scan(later());
    const copied = (await inspector.call<Flag[]>('GET', '/api/anomaly-flags?kind=copied_answer')).body.filter((f) => f.caseId === a.id || f.caseId === b.id);
    expect(copied).toHaveLength(1);
    expect(copied[0].evidence).toMatchObject({ similarity: 1 });
    // A second pass over nothing new raises nothing again.
    expect(await anomalies.scan(later())).toBe(0);
  });

  it('flags a case closed and reopened again and again', async () => {
    const c = await answered('井溪镇六村的自来水浑浊发黄', 'water-supply', '已清洗六村蓄水池并更换过滤设备，水质已恢复正常');
    expect((await c.resident.say('3')).reply).toContain('重新办理');
    await handler.call('POST', `/api/cases/${c.id}/sign-for`);
    await handler.call('POST', `/api/cases/${c.id}/answer`, { text: '再次清洗六村蓄水池，水质检测合格，自来水已经不发黄了' });
    expect((await c.resident.say('3')).reply).toContain('重新办理');
    await anomalies.scan(later());
    expect(await flagsOf(c.id)).toContain('close_reopen');
  });

  it("flags a revisit answered from the handling unit's staff account", async () => {
    // The handler answers the revisit of their own case from their own WeChat account.
    const c = await answered('井溪镇七村的垃圾桶满了没人清', 'ecology-environment', '已安排七村保洁员每天清运垃圾桶，并增加两个垃圾桶', 'o_demo_handler_jingxi');
    await c.resident.say('满意');
    await anomalies.scan(later());
    const [flag] = (await inspector.call<Flag[]>('GET', '/api/anomaly-flags?kind=revisit_by_linked_account')).body.filter((f) => f.caseId === c.id);
    expect(flag.evidence).toMatchObject({ matchedBy: 'openid', staffName: '李承办（井溪镇）' });
  });

  it("flags a unit's cases answered in a burst just before their deadlines", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await filed(`八台镇${i}组的路灯不亮`, 'power-telecom')).id);
    // A fixture: these cases' deadlines fall within the hour (the calendar cannot be hurried).
    await sut.ds.query(`UPDATE case_file SET unit_id = $2, close_by = now() + interval '1 hour' WHERE id = ANY($1::uuid[])`, [ids, batai]);
    const bataiHandler = await Staff.login(sut.baseUrl, 'batai');
    for (const [i, id] of ids.entries()) {
      expect((await bataiHandler.call('POST', `/api/cases/${id}/sign-for`)).status).toBe(200);
      expect((await bataiHandler.call('POST', `/api/cases/${id}/answer`, { text: `已更换八台镇${i}组的路灯灯泡，路灯恢复正常亮灯` })).status).toBe(200);
    }
    await anomalies.scan(later());
    const bursts = (await inspector.call<Flag[]>('GET', '/api/anomaly-flags?kind=deadline_burst')).body.filter((f) => f.unitId === batai);
    expect(bursts).toHaveLength(1);
    expect((bursts[0].evidence.cases as unknown[]).length).toBe(5);
  });

  it('lets inspectors and the office review flags, shows units nothing, and hands confirmed flags on', async () => {
    const { body: open } = await inspector.call<Flag[]>('GET', '/api/anomaly-flags?status=open');
    expect(open.length).toBeGreaterThan(0);
    expect((await handler.call('GET', '/api/anomaly-flags')).status).toBe(403);
    expect((await handler.call('GET', `/api/anomaly-flags/${open[0].id}`)).status).toBe(403);
    expect((await dispatcher.call('GET', `/api/anomaly-flags/${open[0].id}`)).body).toMatchObject({ id: open[0].id, evidence: expect.any(Object) });
    expect((await dispatcher.call('POST', `/api/anomaly-flags/${open[0].id}/confirm`, { note: '属实' })).status).toBe(403);
    expect((await inspector.call('POST', `/api/anomaly-flags/${open[0].id}/confirm`, {})).status).toBe(400);
    const since = new Date(Date.now() - 1000);
    const confirmed = await inspector.call('POST', `/api/anomaly-flags/${open[0].id}/confirm`, { note: '电话核实，答复属实为敷衍' });
    expect(confirmed.body).toMatchObject({ status: 'confirmed', reviewNote: '电话核实，答复属实为敷衍' });
    expect((await inspector.call('POST', `/api/anomaly-flags/${open[0].id}/dismiss`, { note: '改主意' })).status).toBe(409);
    expect((await inspector.call('POST', `/api/anomaly-flags/${open[1].id}/dismiss`, { note: '情况正常' })).body.status).toBe('dismissed');
    expect((await anomalies.confirmedFlagsSince(since)).map((f) => f.id)).toEqual([open[0].id]);

    // The confirmed finding costs its unit on the red and black list's 核实问题率 (the dismissed one does not).
    const flagged = open[0].unitId!;
    expect([jingxi, batai]).toContain(flagged); // the towns whose cases the scenarios above flagged
    const today = chinaDate(new Date());
    expect(await anomalies.confirmedCountsByUnit(today, today)).toEqual(new Map([[flagged, 1]]));
    await sut.app.get(IndicatorRollup).refresh();
    const tables = await sut.app.get(LeagueService).rank(today, addCalendarDays(today, 60));
    const standardOf = (unitId: string) => tables.flatMap((t) => t.rows).find((r) => r.unitId === unitId)?.standards.find((x) => x.code === 'verified_findings');
    expect(standardOf(flagged)).toMatchObject({ name: '核实问题率', numerator: 1 });
    expect(standardOf(flagged)!.lost).toBeGreaterThan(0);
    const other = flagged === jingxi ? batai : jingxi;
    // The other town had none: it loses only what leaning toward the table's mean costs, less than the flagged one.
    expect(standardOf(other)).toMatchObject({ numerator: 0 });
    expect(standardOf(other)!.lost).toBeLessThan(standardOf(flagged)!.lost);
  });

  it('refuses a revisit recorded by a member of the unit that handled the case (coded 403)', async () => {
    const c = await answered('井溪镇八村的桥栏杆断了', 'roads-transport', '已焊接修复八村桥的断栏杆，并刷了防锈漆');
    const [leader] = (await sut.ds.query(`SELECT id, display_name AS name, role, unit_id FROM staff_user WHERE username = 'leader-jingxi'`)) as Array<{ id: string; name: string; role: 'unit_leader'; unit_id: string }>;
    const cases = sut.app.get(CasesService);
    await expect(cases.phoneRevisit({ id: leader.id, name: leader.name, role: leader.role, unitId: leader.unit_id } as never, c.id, 'satisfied', true)).rejects.toMatchObject({ code: 'REVISIT_BY_HANDLING_UNIT' });
    // The office records it.
    expect((await dispatcher.call('POST', `/api/cases/${c.id}/revisit`, { rating: 'satisfied', solved: true })).body.status).toBe('closed');
  });

  it("draws the office's weekly sample once, and flags a call that disagrees and a unit whose satisfaction the calls do not bear out", async () => {
    const samples = sut.app.get(OfficeSampleService);
    // Next week, the job draws this week's closed cases (fewer than the sample size: all of them).
    const nextWeek = new Date(Date.now() + 7 * 86_400_000);
    const { week, drawn } = await samples.drawWeekly(nextWeek);
    expect(drawn).toBeGreaterThanOrEqual(5);
    expect((await samples.drawWeekly(nextWeek)).drawn).toBe(0);
    expect((await handler.call('GET', `/api/office-sample?week=${week}`)).status).toBe(403);
    const { body: tasks } = await dispatcher.call<Array<{ id: string; caseId: string; unitId: string; recordedAt: string | null }>>('GET', `/api/office-sample?week=${week}`);
    expect(tasks).toHaveLength(drawn);
    const jingxiCalls = tasks.filter((t) => t.unitId === jingxi);
    expect(jingxiCalls.length).toBeGreaterThanOrEqual(5);
    // Residents of 井溪镇 said 满意 in chat; on the phone two of five say the problem is not solved.
    for (const [i, t] of jingxiCalls.slice(0, 5).entries()) {
      const unhappy = i < 2;
      expect((await dispatcher.call('POST', `/api/office-sample/${t.id}`, { rating: unhappy ? 'unsatisfied' : 'satisfied', solved: !unhappy, note: unhappy ? '群众说根本没人来过' : undefined })).status).toBe(204);
    }
    expect((await dispatcher.call('POST', `/api/office-sample/${jingxiCalls[0].id}`, { rating: 'satisfied', solved: true })).status).toBe(409);
    expect((await dispatcher.call('POST', `/api/office-sample/${jingxiCalls[0].id}`, { rating: 'great', solved: true })).status).toBe(400);
    const flags = (await inspector.call<Flag[]>('GET', '/api/anomaly-flags')).body;
    expect(flags.filter((f) => f.kind === 'sample_disagrees').map((f) => f.caseId).sort()).toEqual([jingxiCalls[0].caseId, jingxiCalls[1].caseId].sort());
    const [gap] = flags.filter((f) => f.kind === 'satisfaction_gap' && f.unitId === jingxi);
    expect(gap.evidence).toMatchObject({ week, residentRate: 1, officeRate: 0.6, officeCalls: 5 });
  });
});
