import {
  seesSummary,
  summaryLines,
  chinaDateText,
  chinaToday,
  checkNewItem,
  checkReport,
  checkVerify,
  dateAfter,
  dueText,
  historyLabel,
  itemButtons,
  itemStatusLabel,
  sourceLabel,
  unitOrder,
  canFollowUp,
  checkFieldNote,
  checkFollowUp,
  commitmentText,
  itemOrigin,
  itemTitleFromCase,
  itemTitleFromWarning,
  newItemBody,
  newItemUrl,
  opensItems,
  prefillUnit,
  unitChoicesOf,
  warningUnit,
  type ItemOrigin,
} from './supervision';

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

describe('opening an item from its source', () => {
  it.each<[Record<string, string>, ItemOrigin | null]>([
    [{ flagId: 'f-1' }, { source: 'flag', flagId: 'f-1' }],
    [{ caseId: 'c%2F1' }, { source: 'case', caseId: 'c/1' }],
    [{ warningId: 'w-1' }, { source: 'warning', warningId: 'w-1' }],
    [{ mode: 'field_visit' }, { source: 'field_visit' }],
    [{ mode: 'other' }, null],
    [{}, null],
  ])('reads %j as %j', (params, origin) => {
    expect(itemOrigin(params)).toEqual(origin);
  });

  it.each<ItemOrigin>([{ source: 'flag', flagId: 'f/1' }, { source: 'case', caseId: 'c-1' }, { source: 'warning', warningId: 'w-1' }, { source: 'field_visit' }])(
    'links to the form and reads back the same origin: %j',
    (origin) => {
      const url = newItemUrl(origin);
      expect(url.startsWith('/pages/staff/supervision/new?')).toBe(true);
      const params = Object.fromEntries(url.split('?')[1].split('&').map((kv) => kv.split('=')));
      expect(itemOrigin(params)).toEqual(origin);
    },
  );

  it('is for inspectors only', () => {
    expect(opensItems('inspector')).toBe(true);
    expect(opensItems('dispatcher')).toBe(false);
    expect(opensItems('handler')).toBe(false);
    expect(opensItems(null)).toBe(false);
  });

  const draft = { unitId: 'u-1', title: ' 标题 ', requirement: ' 要求 ', dueDate: '2026-12-22', fieldNote: ' 现场 ' };
  it.each<[ItemOrigin, string[], Record<string, unknown>]>([
    [{ source: 'flag', flagId: 'f-1' }, ['c-1'], { source: 'flag', flagId: 'f-1', caseIds: ['c-1'] }],
    [{ source: 'flag', flagId: 'f-1' }, [], { source: 'flag', flagId: 'f-1' }],
    [{ source: 'case', caseId: 'c-2' }, [], { source: 'case', caseIds: ['c-2'] }],
    [{ source: 'warning', warningId: 'w-1' }, [], { source: 'warning', warningId: 'w-1' }],
    [{ source: 'field_visit' }, [], { source: 'field_visit', fieldNote: '现场' }],
  ])('sends for %j only what its source needs', (origin, caseIds, extra) => {
    expect(newItemBody(origin, draft, caseIds)).toEqual({ unitId: 'u-1', title: '标题', requirement: '要求', dueDate: '2026-12-22', ...extra });
  });

  it('wants a field note on a field visit', () => {
    expect(checkFieldNote('  ')).toBe('请写一写现场看到的情况');
    expect(checkFieldNote('x'.repeat(2001))).toBe('现场情况最多2000个字');
    expect(checkFieldNote('菜市场门口污水横流')).toBeNull();
  });
});

describe('proposed units and titles', () => {
  const units = [
    { id: 'dept', name: '住建局', level: 'department' as const, parentId: null },
    { id: 'town', name: '八台镇', level: 'town' as const, parentId: null },
    { id: 'vil', name: '香炉村', level: 'village' as const, parentId: 'town' },
    { id: 'lost', name: '孤村', level: 'village' as const, parentId: null },
    { id: 'city', name: '市政府', level: 'city' as const, parentId: null },
  ];

  it('offers towns then departments, no villages or city', () => {
    expect(unitChoicesOf(units)).toEqual([
      { id: 'town', name: '八台镇', level: 'town', townName: null, initials: '', group: 'other' },
      { id: 'dept', name: '住建局', level: 'department', townName: null, initials: '', group: 'other' },
    ]);
  });

  it.each([
    ['town', 'town'],
    ['dept', 'dept'],
    ['vil', 'town'],
    ['lost', null],
    ['city', null],
    [null, null],
    ['unknown', null],
  ])("preselects for a case's unit %s the unit %s", (caseUnit, chosen) => {
    expect(prefillUnit(units, caseUnit)).toBe(chosen);
  });

  it("takes a warning's town only when it names exactly one", () => {
    expect(warningUnit({ evidence: { towns: [{ townId: 't-1' }] } })).toBe('t-1');
    expect(warningUnit({ evidence: { towns: [{ townId: 't-1' }, { townId: 't-2' }] } })).toBeNull();
    expect(warningUnit({ evidence: { towns: [] } })).toBeNull();
  });

  it('titles an item from a case by its number and the start of its text', () => {
    expect(itemTitleFromCase({ number: 'MS1', text: '  路灯\n坏了 ' })).toBe('MS1：路灯 坏了');
    expect(itemTitleFromCase({ number: 'MS1', text: '一二三四五六' }, 4)).toBe('MS1：一二三四…');
    expect(itemTitleFromCase({ number: 'MS1', text: ' ' })).toBe('MS1');
  });

  it('titles an item from a warning by place, category and level', () => {
    expect(itemTitleFromWarning({ towns: ['八台镇'], categoryName: '供水', levelLabel: '红色预警' })).toBe('八台镇供水红色预警');
    expect(itemTitleFromWarning({ towns: [], categoryName: '供水', levelLabel: '黄色预警' })).toBe('全市供水黄色预警');
  });
});

describe('exposures', () => {
  const exposure = { unit: { id: 'u-1', name: '八台镇' }, commitment: '一周内修好', commitmentDue: '2026-12-14' };

  it.each([
    ['inspector', null, true],
    ['dispatcher', null, true],
    ['handler', 'u-1', true],
    ['unit_leader', 'u-1', true],
    ['handler', 'u-2', false],
    ['unit_leader', undefined, false],
    ['city_leader', 'u-1', false],
    [null, 'u-1', false],
  ] as const)('a %s of unit %s may follow up: %s', (role, unitId, may) => {
    expect(canFollowUp(exposure, role, unitId)).toBe(may);
  });

  it("says the commitment with its deadline, and wants words in a follow-up", () => {
    expect(commitmentText(exposure)).toBe('承诺：一周内修好（2026年12月14日 前）');
    expect(checkFollowUp(' ')).toBe('请写一写跟进情况');
    expect(checkFollowUp('x'.repeat(1001))).toBe('最多1000个字');
    expect(checkFollowUp('已修好一半')).toBeNull();
  });
});
