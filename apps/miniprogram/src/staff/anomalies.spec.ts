import { flagEvidence, flagKindLabel, flagStatusLabel, itemTitleFromFlag, type AnomalyFlag } from './anomalies';

const flag = (kind: AnomalyFlag['kind'], evidence: Record<string, unknown>, caseId: string | null = 'c1') => ({ kind, caseId, evidence });

describe('flagKindLabel and flagStatusLabel', () => {
  it('say each kind and status in words, and something for what the app does not know', () => {
    expect(flagKindLabel('short_answer')).toBe('答复过短');
    expect(flagKindLabel('toString')).toBe('其他异常');
    expect(flagStatusLabel('open')).toBe('待核查');
    expect(flagStatusLabel('confirmed')).toBe('已确认属实');
    expect(flagStatusLabel('dismissed')).toBe('已排除');
  });
});

describe('flagEvidence', () => {
  it('names the staff member and how the revisit was linked to them', () => {
    const e = flagEvidence(flag('revisit_by_linked_account', { number: 'MS20261207-0001', staffName: '李承办（井溪镇）', matchedBy: 'openid' }));
    expect(e.lines).toEqual(['这件诉求的回访，是用办理单位工作人员李承办（井溪镇）的微信账号回答的。']);
    expect(e.cases).toEqual([{ id: 'c1', number: 'MS20261207-0001' }]);
    expect(flagEvidence(flag('revisit_by_linked_account', { staffName: '王', matchedBy: 'phone' })).lines[0]).toContain('王的电话');
  });

  it('quotes both copied answers and links both cases', () => {
    const e = flagEvidence(flag('copied_answer', { number: 'A', answer: '甲', otherCaseId: 'c2', otherNumber: 'B', otherAnswer: '乙', similarity: 0.953 }));
    expect(e.lines).toEqual(['两件不同诉求的答复相似度 95%。']);
    expect(e.cases).toEqual([
      { id: 'c1', number: 'A' },
      { id: 'c2', number: 'B' },
    ]);
    expect(e.quotes).toEqual([
      { label: 'A的答复', text: '甲' },
      { label: 'B的答复', text: '乙' },
    ]);
  });

  it('says whether an off-topic answer is only template phrases or barely overlaps the demand', () => {
    expect(flagEvidence(flag('off_topic_answer', { demand: '水管漏水', answer: '已处理', templateOnly: true, overlap: 0 })).lines).toEqual(['答复去掉套话后几乎没有内容。']);
    const e = flagEvidence(flag('off_topic_answer', { demand: '水管漏水', answer: '路灯已修', templateOnly: false, overlap: 0.05, minOverlap: 0.2 }));
    expect(e.lines).toEqual(['答复和诉求说的事重合很少（5%，低于 20%）。']);
    expect(e.quotes.map((q) => q.label)).toEqual(['群众反映', '单位答复']);
  });

  it('gives counts and times for short, quick, burst and reopened handling', () => {
    expect(flagEvidence(flag('short_answer', { answer: '已修好', chars: 3, minChars: 15 })).lines).toEqual(['答复只有 3 个字，这类诉求至少要 15 个字。']);
    const quick = flagEvidence(flag('quick_answer', { minutes: 2.5, limitMinutes: 30, signedForAt: '2026-12-07T01:00:00.000Z', answeredAt: '2026-12-07T01:02:30.000Z' }));
    expect(quick.lines).toEqual(['需要到现场的问题，签收后 2.5 分钟就答复了（少于 30 分钟）。', '签收：2026年12月7日 09:00；答复：2026年12月7日 09:02']);
    const burst = flagEvidence(
      flag(
        'deadline_burst',
        { cases: [{ caseId: 'x', number: 'N1', answeredAt: '2026-12-07T01:00:00.000Z', closeBy: '2026-12-07T02:00:00.000Z' }, { caseId: 'y', number: 'N2' }], withinHours: 2 },
        null,
      ),
    );
    expect(burst.lines).toEqual(['2 件诉求在办理时限前 2 小时内集中答复。']);
    expect(burst.cases).toEqual([
      { id: 'x', number: 'N1', note: '答复 2026年12月7日 09:00，时限 2026年12月7日 10:00' },
      { id: 'y', number: 'N2', note: '答复 —，时限 —' },
    ]);
    expect(flagEvidence(flag('close_reopen', { reopens: ['2026-12-07T01:00:00.000Z', '2026-12-08T01:00:00.000Z'] })).lines).toEqual([
      '办结后群众 2 次不满意，要求重办。',
      '重办时间：2026年12月7日 09:00、2026年12月8日 09:00',
    ]);
  });

  it('compares what residents said with what the office heard', () => {
    expect(flagEvidence(flag('satisfaction_gap', { week: '2026-11-30', residentRate: 1, officeRate: 0.6, residentAnswers: 12, officeCalls: 5 }, null)).lines).toEqual([
      '2026-11-30 这一周：群众自己回访满意 100%（12 件），办公室电话抽查满意 60%（5 件）。',
    ]);
    const e = flagEvidence(flag('sample_disagrees', { resident: { rating: 'satisfied', solved: null }, office: { rating: 'unsatisfied', solved: false }, note: '没人来过' }));
    expect(e.lines).toEqual(['群众自己回访：满意。', '办公室电话抽查：不满意，问题没解决。']);
    expect(e.quotes).toEqual([{ label: '抽查记录', text: '没人来过' }]);
  });

  it('shows what it can of evidence with missing or odd fields', () => {
    const e = flagEvidence(flag('deadline_burst', { cases: 'nope' }));
    expect(e.lines).toEqual(['0 件诉求在办理时限前 — 小时内集中答复。']);
    expect(e.quotes).toEqual([]);
  });
});

describe('itemTitleFromFlag', () => {
  it('starts from the case number and the kind', () => {
    expect(itemTitleFromFlag({ kind: 'short_answer', evidence: { number: 'MS1' } })).toBe('MS1：答复过短');
    expect(itemTitleFromFlag({ kind: 'satisfaction_gap', evidence: {} })).toBe('满意度远高于办公室抽查');
  });
});
