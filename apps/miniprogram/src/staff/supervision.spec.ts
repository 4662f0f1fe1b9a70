import { seesSummary, summaryLines, chinaDateText, chinaToday, checkNewItem, checkReport, checkVerify, dateAfter, dueText, historyLabel, itemButtons, itemStatusLabel, sourceLabel, unitOrder } from './supervision';

// 2026-12-07 23:30 in Beijing (15:30 UTC).
const NOW = new Date('2026-12-07T15:30:00.000Z');

describe('labels', () => {
  it('say statuses, sources and steps in words, and pass on what the app does not know', () => {
    expect(itemStatusLabel('reported')).toBe('已报告，待核验');
    expect(itemStatusLabel('closed')).toBe('已销号');
    expect(itemStatusLabel('toString')).toBe('toString');
    expect(sourceLabel('flag')).toBe('来自异常线索');
    expect(sourceLabel('field_visit')).toBe('来自四不两直暗访');
    expect(historyLabel('send_back')).toBe('退回重新整改');
    expect(historyLabel('something_new')).toBe('something_new');
  });
});

describe('itemButtons', () => {
  it.each([
    ['assigned', 'handler', ['report']],
    ['sent_back', 'unit_leader', ['report']],
    ['reported', 'handler', []],
    ['closed', 'handler', []],
    ['reported', 'inspector', ['close', 'send_back', 'accountability', 'exposure']],
    ['assigned', 'inspector', ['accountability', 'exposure']],
    ['closed', 'inspector', ['accountability', 'exposure']],
    ['reported', 'dispatcher', []],
    ['reported', 'city_leader', []],
  ] as const)('an item %s gives %s %j', (status, role, buttons) => {
    expect(itemButtons({ status }, role)).toEqual(buttons);
  });
  it('gives nobody signed in nothing', () => {
    expect(itemButtons({ status: 'reported' }, null)).toEqual([]);
  });
});

describe('dates', () => {
  it('take the Beijing day, whatever the phone says', () => {
    expect(chinaToday(NOW)).toBe('2026-12-07');
    expect(chinaToday(new Date('2026-12-07T16:30:00.000Z'))).toBe('2026-12-08');
    expect(dateAfter(15, NOW)).toBe('2026-12-22');
    expect(chinaDateText('2026-01-05')).toBe('2026年1月5日');
    expect(chinaDateText('soon')).toBe('soon');
  });

  it('say the deadline, or how late the unit is', () => {
    expect(dueText({ dueDate: '2026-12-22', status: 'assigned', overdue: false }, NOW)).toBe('请在 2026年12月22日 前整改到位');
    expect(dueText({ dueDate: '2026-12-04', status: 'sent_back', overdue: true }, NOW)).toBe('已逾期 3 天（限期 2026年12月4日）');
    expect(dueText({ dueDate: '2026-12-07', status: 'assigned', overdue: true }, NOW)).toBe('已逾期（限期 2026年12月7日）');
    expect(dueText({ dueDate: '2026-12-04', status: 'closed', overdue: false }, NOW)).toBe('限期 2026年12月4日');
  });
});

describe('checks before sending', () => {
  const ok = { unitId: 'u1', title: '答复过短', requirement: '重新上门核实并答复', dueDate: '2026-12-22' };
  it('let a complete new item through', () => {
    expect(checkNewItem(ok, NOW)).toBeNull();
    expect(checkNewItem({ ...ok, dueDate: '2026-12-07' }, NOW)).toBeNull();
  });
  it.each([
    [{ unitId: null }, '请选择交办单位'],
    [{ title: '  ' }, '请写督办事项的标题'],
    [{ title: '字'.repeat(101) }, '标题最多100个字'],
    [{ requirement: '' }, '请写整改要求'],
    [{ dueDate: '' }, '请选择整改期限'],
    [{ dueDate: '2026-12-06' }, '整改期限不能早于今天'],
  ])('refuse a new item with %j', (change, message) => {
    expect(checkNewItem({ ...ok, ...change }, NOW)).toBe(message);
  });
  it('want a report with words, and at most nine photos', () => {
    expect(checkReport('已重新上门，群众满意', 1)).toBeNull();
    expect(checkReport(' ', 1)).toBe('请写一写整改了什么');
    expect(checkReport('好', 10)).toBe('最多9张照片');
  });
  it('want a finding to verify, and a new deadline no earlier than today', () => {
    expect(checkVerify('现场看过，已整改')).toBeNull();
    expect(checkVerify('')).toBe('请写一写核验情况');
    expect(checkVerify('字'.repeat(1001))).toBe('最多1000个字');
    expect(checkVerify('没修好', '2026-12-07', NOW)).toBeNull();
    expect(checkVerify('没修好', '2026-12-06', NOW)).toBe('新的整改期限不能早于今天');
  });
});

describe('unitOrder', () => {
  it('puts what the unit still owes first, keeping the server order within each', () => {
    const items = [
      { id: 'a', status: 'reported' },
      { id: 'b', status: 'assigned' },
      { id: 'c', status: 'closed' },
      { id: 'd', status: 'sent_back' },
    ] as const;
    const { toAnswer, others } = unitOrder(items);
    expect(toAnswer.map((i) => i.id)).toEqual(['b', 'd']);
    expect(others.map((i) => i.id)).toEqual(['a', 'c']);
  });
});

describe('summaryLines', () => {
  const unit = (name: string, overdue: number, open: number) => ({ unit: { id: name, name }, open, overdue, closed: 0, closedOnTime: 0 });
  it('says the totals and names the units with overdue items, most first as the server sends them', () => {
    const lines = summaryLines({ total: { open: 7, overdue: 3, closed: 4, closedOnTime: 3 }, byUnit: [unit('八台镇', 2, 3), unit('井溪镇', 1, 2), unit('青岗镇', 0, 2)] });
    expect(lines).toEqual({
      total: '在办 7 项，其中逾期 3 项；已销号 4 项',
      onTime: '按期整改销号 3 项（75%）',
      units: ['八台镇：逾期 2 项，在办 3 项', '井溪镇：逾期 1 项，在办 2 项'],
    });
  });
  it('says when nothing is closed yet, and keeps to the first units', () => {
    const lines = summaryLines({ total: { open: 2, overdue: 2, closed: 0, closedOnTime: 0 }, byUnit: [unit('甲', 1, 1), unit('乙', 1, 1)] }, 1);
    expect(lines.onTime).toBe('还没有销号的事项');
    expect(lines.units).toEqual(['甲：逾期 1 项，在办 1 项']);
  });
  it('is shown to inspectors, the office and city leaders only', () => {
    expect(['inspector', 'dispatcher', 'city_leader', 'handler', 'unit_leader'].map((r) => seesSummary(r as never))).toEqual([true, true, true, false, false]);
  });
});
