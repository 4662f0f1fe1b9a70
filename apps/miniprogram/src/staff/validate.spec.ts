import { checkPhone, checkRevisit, checkStaffFile, checkAnswer, checkAssign, checkClassify, checkExtension, checkNote, checkPhoto, checkReason, photoContentType, stripDataUrl } from './validate';

describe('text checks', () => {
  it.each([
    [checkReason, '', false, '请填写原因'],
    [checkReason, '   ', false, '请填写原因'],
    [checkReason, ' 不属本单位 ', true, '不属本单位'],
    [checkReason, 'a'.repeat(501), false, '原因最多500个字，现在501个字'],
    [checkAnswer, '', false, '请填写答复内容'],
    [checkAnswer, 'a'.repeat(2000), true, 'a'.repeat(2000)],
    [checkNote, null, false, '请填写办理进展'],
    [checkNote, '已到现场', true, '已到现场'],
  ] as const)('%#: %p', (fn, input, ok, out) => {
    const r = fn(input);
    expect(r.ok).toBe(ok);
    expect(r.ok ? r.value : r.message).toBe(out);
  });
});

describe('checkExtension', () => {
  it.each([
    ['', '原因', 0, '请填写延期天数'],
    ['0', '原因', 0, '延期天数请填1到10的整数'],
    ['11', '原因', 0, '延期天数请填1到10的整数'],
    ['2.5', '原因', 0, '延期天数请填1到10的整数'],
    ['abc', '原因', 0, '延期天数请填1到10的整数'],
    ['5', '原因', 10, '已延期满10个工作日，不能再延期'],
    ['5', '原因', 7, '最多还能延期3个工作日'],
    ['3', '  ', 0, '请填写原因'],
  ] as [string, string, number, string][])('%p days, %p, %d used → %s', (days, reason, used, message) => {
    expect(checkExtension(days, reason, used)).toEqual({ ok: false, message });
  });
  it.each([
    ['1', 1],
    [' 10 ', 10],
    [3, 3],
  ] as [string | number, number][])('%p → %d', (days, workdays) => {
    expect(checkExtension(days, ' 等材料 ', 0)).toEqual({ ok: true, value: { workdays, reason: '等材料' } });
  });
});

describe('checkClassify', () => {
  const codes = ['road', 'water'];
  it.each([
    [{ kind: null, subItem: 'road', urgency: 'normal' }, '请选择诉求类型'],
    [{ kind: 'other', subItem: 'road', urgency: 'normal' }, '请选择诉求类型'],
    [{ kind: 'complaint', subItem: null, urgency: 'normal' }, '请选择分类'],
    [{ kind: 'complaint', subItem: 'x', urgency: 'normal' }, '请选择分类'],
    [{ kind: 'complaint', subItem: 'road', urgency: 'high' }, '请选择紧急程度'],
  ])('%j → %s', (input, message) => expect(checkClassify(input, codes)).toEqual({ ok: false, message }));
  it('accepts a full choice', () => {
    expect(checkClassify({ kind: 'help', subItem: 'water', urgency: 'urgent' }, codes)).toEqual({
      ok: true,
      value: { kind: 'help', subItem: 'water', urgency: 'urgent' },
    });
  });
});

describe('checkAssign', () => {
  it.each([
    [null, [], { ok: false, message: '请选择承办单位' }],
    ['u1', [], { ok: true, value: { unitId: 'u1', coUnitIds: [] } }],
    ['u1', ['u2', 'u1', 'u2', 'u3'], { ok: true, value: { unitId: 'u1', coUnitIds: ['u2', 'u3'] } }],
  ] as [string | null, string[], unknown][])('%p %j', (unit, co, out) => expect(checkAssign(unit, co)).toEqual(out));
});

describe('photos', () => {
  it.each([
    ['image/jpeg', 1000, true],
    ['image/png', 4 * 1024 * 1024, true],
    ['image/png', 4 * 1024 * 1024 + 1, false],
    ['image/gif', 10, false],
    [null, 10, false],
  ] as [string | null, number, boolean][])('%p %d → %s', (type, size, ok) => expect(checkPhoto(type, size).ok).toBe(ok));

  it.each([
    ['wxfile://tmp_abc.png', 'image/png'],
    ['http://tmp/abc.JPG', 'image/jpeg'],
    ['/a/b.jpeg?x=1', 'image/jpeg'],
    ['image/png', 'image/png'],
    ['image/jpeg', 'image/jpeg'],
    ['blob:http://localhost/123', null],
    ['', null],
  ] as [string, string | null][])('%p → %p', (path, type) => expect(photoContentType(path)).toBe(type));

  it.each([
    ['data:image/png;base64,AAAA', 'AAAA'],
    ['AAAA', 'AAAA'],
  ])('%p → %p', (input, out) => expect(stripDataUrl(input)).toBe(out));
});

describe('checkRevisit', () => {
  it.each([
    [{ rating: null, solved: true }, '请选择满意度'],
    [{ rating: 'great', solved: true }, '请选择满意度'],
    [{ rating: 'satisfied', solved: null }, '请选择解决了吗'],
    [{ rating: 'satisfied' }, '请选择解决了吗'],
    [{ rating: 'unsatisfied', solved: false, note: 'a'.repeat(1001) }, '备注最多1000个字，现在1001个字'],
  ])('%j → %s', (input, message) => expect(checkRevisit(input)).toEqual({ ok: false, message }));
  it.each([
    [{ rating: 'satisfied', solved: true }, { rating: 'satisfied', solved: true }],
    [{ rating: 'basically_satisfied', solved: false, note: '  ' }, { rating: 'basically_satisfied', solved: false }],
    [{ rating: 'unsatisfied', solved: false, note: ' 还在漏水 ' }, { rating: 'unsatisfied', solved: false, note: '还在漏水' }],
  ])('%j → ok', (input, value) => expect(checkRevisit(input)).toEqual({ ok: true, value }));
});

describe('checkPhone', () => {
  it.each([
    ['13800000001', '13800000001'],
    [' 138 0000 0001 ', '13800000001'],
    ['0818-2345678', '0818-2345678'],
    ['08182345678', '08182345678'],
    ['028-12345678', '028-12345678'],
  ])('%p → ok %p', (input, value) => expect(checkPhone(input)).toEqual({ ok: true, value }));
  it.each([
    ['', '请填写电话'],
    [null, '请填写电话'],
    ['1380000000', '电话不对：手机填11位，座机带区号'],
    ['138000000012', '电话不对：手机填11位，座机带区号'],
    ['23800000001', '电话不对：手机填11位，座机带区号'],
    ['2345678', '电话不对：手机填11位，座机带区号'],
    ['0818-23456', '电话不对：手机填11位，座机带区号'],
    ['138-0000-0001', '电话不对：手机填11位，座机带区号'],
    ['abc', '电话不对：手机填11位，座机带区号'],
  ])('%p → %s', (input, message) => expect(checkPhone(input)).toEqual({ ok: false, message }));
});

describe('checkStaffFile', () => {
  const good = { channel: 'phone', residentName: ' 张三 ', residentPhone: '13800000001', text: ' 路灯坏了 ' };
  it.each([
    [{ ...good, channel: null }, '请选择来源'],
    [{ ...good, channel: 'wechat' }, '请选择来源'],
    [{ ...good, residentName: '  ' }, '请填写群众姓名'],
    [{ ...good, residentName: '张'.repeat(33) }, '姓名最多32个字，现在33个字'],
    [{ ...good, residentPhone: '' }, '请填写电话'],
    [{ ...good, residentPhone: '12345' }, '电话不对：手机填11位，座机带区号'],
    [{ ...good, text: '' }, '请填写反映的事'],
    [{ ...good, text: 'a'.repeat(2001) }, '内容最多2000个字，现在2001个字'],
    [{ ...good, solvedOnTheSpot: true, onTheSpotAnswer: ' ' }, '请填写当场怎么解决的'],
  ])('%j → %s', (input, message) => expect(checkStaffFile(input)).toEqual({ ok: false, message }));
  it.each([
    [good, { channel: 'phone', residentName: '张三', residentPhone: '13800000001', text: '路灯坏了' }],
    [
      { ...good, channel: 'bench_meeting', residentPhone: '0818-2345678', solvedOnTheSpot: false, onTheSpotAnswer: '不发' },
      { channel: 'bench_meeting', residentName: '张三', residentPhone: '0818-2345678', text: '路灯坏了' },
    ],
    [
      { ...good, channel: 'walk_in', solvedOnTheSpot: true, onTheSpotAnswer: ' 已当场修好 ' },
      { channel: 'walk_in', residentName: '张三', residentPhone: '13800000001', text: '路灯坏了', onTheSpotAnswer: '已当场修好' },
    ],
  ])('%j → ok', (input, value) => expect(checkStaffFile(input)).toEqual({ ok: true, value }));
});
