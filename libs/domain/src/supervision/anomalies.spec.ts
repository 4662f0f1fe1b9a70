import { answerAnomalies, answerSimilarity, closeReopenAnomaly, deadlineBurstAnomaly, demandOverlap, linkedRevisitAnomaly, type AnsweredCase } from './anomalies';

const at = (beijing: string): Date => new Date(`${beijing}+08:00`);

const answered = (patch: Partial<AnsweredCase> = {}): AnsweredCase => ({
  caseId: 'c1',
  number: 'MS20261207-0001',
  unitId: 'u1',
  kind: 'complaint',
  category: 'infrastructure',
  demand: '井溪镇二村的路灯坏了一个多月，晚上走路很危险',
  answer: '已派电工更换二村路口的路灯灯泡和线路，今晚起恢复照明',
  signedForAt: at('2026-12-07T09:00:00'),
  answeredAt: at('2026-12-07T15:00:00'),
  onTheSpot: false,
  ...patch,
});
const kinds = (c: AnsweredCase, others: AnsweredCase[] = []) => answerAnomalies(c, others).map((d) => d.kind);

describe(answerAnomalies.name, () => {
  it('raises nothing for a real answer to the demand, hours after sign-for', () => {
    expect(kinds(answered())).toEqual([]);
  });

  it('flags an answer too short for its kind', () => {
    expect(kinds(answered({ answer: '已修好' }))).toEqual(['short_answer']);
    expect(kinds(answered({ kind: 'consultation', demand: '新农合在哪里办理', answer: '新农合可以到镇便民服务中心办理' }))).toEqual([]);
  });

  it('flags an answer made of template phrases, or with nothing of the demand in it', () => {
    expect(kinds(answered({ answer: '已按要求处理，问题已解决，已落实。' }))).toEqual(['off_topic_answer']);
    expect(kinds(answered({ answer: '关于小学招生的政策请咨询教育局窗口' }))).toEqual(['off_topic_answer']);
  });

  it('flags a field problem answered minutes after sign-for, unless solved on the spot or not field work', () => {
    const quick = { answeredAt: at('2026-12-07T09:05:00') };
    expect(kinds(answered(quick))).toEqual(['quick_answer']);
    expect(kinds(answered({ ...quick, onTheSpot: true }))).toEqual([]);
    expect(kinds(answered({ ...quick, category: 'livelihood' }))).toEqual([]);
  });

  it('flags the same answer on another case, once per pair, whatever the punctuation', () => {
    const other = answered({ caseId: 'c2', number: 'MS20261207-0002', signedForAt: at('2026-12-06T08:00:00'), answeredAt: at('2026-12-06T10:00:00'), answer: '已派电工更换二村路口的路灯灯泡和线路。今晚起恢复照明！' });
    const drafts = answerAnomalies(answered(), [other]);
    expect(drafts.map((d) => [d.kind, d.key])).toEqual([['copied_answer', 'c1+c2']]);
    expect(answerAnomalies(other, [answered()]).map((d) => d.key)).toEqual(['c1+c2']);
    // Outside the look-back, or a different answer: nothing.
    expect(kinds(answered(), [{ ...other, answeredAt: at('2026-10-01T10:00:00') }])).toEqual([]);
    expect(kinds(answered(), [{ ...other, answer: '已联系供电所抢修三村的变压器，明天恢复供电' }])).toEqual([]);
  });
});

describe('text measures', () => {
  it('scores copies near 1 and different answers near 0', () => {
    expect(answerSimilarity('已更换路灯，今晚恢复照明', '已更换路灯。今晚恢复照明')).toBe(1);
    expect(answerSimilarity('已更换路灯，今晚恢复照明', '已联系自来水公司修好水管')).toBeLessThan(0.1);
    expect(demandOverlap('已更换路灯', '路灯坏了')).toBeGreaterThan(0.2);
  });
});

describe(linkedRevisitAnomaly.name, () => {
  const staff = [{ id: 's1', name: '李承办', openid: 'o_staff', phone: '13800000002' }];
  const answer = { caseId: 'c1', number: 'MS1', unitId: 'u1', entryId: '42' };
  it("flags a revisit answered from a staff member's account or phone", () => {
    expect(linkedRevisitAnomaly({ ...answer, openid: 'o_staff', phone: null }, staff)?.evidence).toMatchObject({ staffId: 's1', matchedBy: 'openid' });
    expect(linkedRevisitAnomaly({ ...answer, openid: 'o_other', phone: '13800000002' }, staff)?.evidence).toMatchObject({ matchedBy: 'phone' });
    expect(linkedRevisitAnomaly({ ...answer, openid: 'o_resident', phone: '13900000000' }, staff)).toBeNull();
  });
});

describe(deadlineBurstAnomaly.name, () => {
  const completion = (i: number, hoursBefore: number) => ({ caseId: `c${i}`, number: `N${i}`, answeredAt: at(`2026-12-07T1${i}:00:00`), closeBy: new Date(at(`2026-12-07T1${i}:00:00`).getTime() + hoursBefore * 3_600_000) });
  it('flags five answers within two hours of their deadlines inside a day, once per unit and day', () => {
    const burst = [0, 1, 2, 3, 4].map((i) => completion(i, 1));
    expect(deadlineBurstAnomaly('u1', burst)).toMatchObject({ kind: 'deadline_burst', key: 'u1@2026-12-07' });
    expect(deadlineBurstAnomaly('u1', burst.slice(0, 4))).toBeNull();
    expect(deadlineBurstAnomaly('u1', [0, 1, 2, 3, 4].map((i) => completion(i, 30)))).toBeNull();
  });
});

describe(closeReopenAnomaly.name, () => {
  it('flags a case reopened twice', () => {
    const c = { caseId: 'c1', number: 'N1', unitId: 'u1' };
    expect(closeReopenAnomaly({ ...c, reopens: [new Date()] })).toBeNull();
    expect(closeReopenAnomaly({ ...c, reopens: [new Date(), new Date()] })?.key).toBe('c1');
  });
});
