import { emptyCounters, indicatorValues, type LeagueLine } from '@msz/domain';
import ExcelJS from 'exceljs';
import { dailySheets, listing, monthlySheets, weeklyFigures, weeklySheets, type CaseLine, type DailyPack, type MonthlyPack, type WeeklyPack } from './report-sheets';
import { cellValue, workbookBuffer } from './workbook';

const at = (text: string) => new Date(text);

async function* batches<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) {
    await new Promise((resolve) => setImmediate(resolve));
    yield item;
  }
}

function caseLine(overrides: Partial<CaseLine> = {}): CaseLine {
  return {
    number: 'MS20261201-0001',
    acceptedAt: at('2026-12-01T09:30:00+08:00'),
    channel: '专线电话',
    kind: '投诉',
    category: '道路交通',
    status: '办理中',
    unit: '井溪镇',
    closeBy: at('2026-12-04T17:30:00+08:00'),
    phone: '139****0001',
    text: '村口的水泥路塌了一个大坑',
    ...overrides,
  };
}

function values(over: Partial<Record<string, number>> = {}) {
  const c = { ...emptyCounters(), ...over };
  return indicatorValues(c);
}

const line = (over: Partial<LeagueLine>): LeagueLine => ({
  group: 'town',
  groupLabel: '乡镇（街道）',
  rank: 1,
  unitId: 'u1',
  unitName: '井溪镇',
  score: 96.5,
  list: 'red',
  listLabel: '红榜',
  due: 5,
  points: { close_on_time: 20 },
  explanation: '各项满分',
  ...over,
});

function weekly(): WeeklyPack {
  return {
    week: '2026-W49',
    label: '2026年第49周',
    from: '2026-11-30',
    to: '2026-12-06',
    madeAt: at('2026-12-07T09:00:00+08:00'),
    city: values({ accepted: 9, closeDue: 8, closeOnTime: 7, revisited: 4, satisfied: 3, basicallySatisfied: 1 }),
    previous: values({ accepted: 2 }),
    units: [{ label: '井溪镇', values: values({ accepted: 5, closeDue: 5, closeOnTime: 5 }) }],
    overdue: listing([caseLine({ text: '=HYPERLINK("http://x.example","点我")' })]),
    returns: listing([{ number: 'MS20261201-0002', returnedAt: at('2026-12-01T10:00:00+08:00'), returnedBy: '李办理（八台镇）', reason: '+不归我们管', unit: '市水利局', status: '已办结', text: '水库放水' }]),
    repeats: listing([{ ...caseLine({ number: 'MS20261201-0003' }), many: true }]),
    warnings: [
      { level: '橙色预警', scope: '本镇', category: '供水', summary: '井溪镇 供水 近7天5件', status: '待签收', raisedAt: at('2026-12-02T08:00:00+08:00'), acknowledgedAt: null, closedAt: null },
    ],
    league: {
      status: 'draft',
      approvedBy: null,
      lines: [line({}), line({ unitId: 'u2', unitName: '八台镇', rank: 2, score: 80, list: 'black', listLabel: '黑榜', explanation: '按时办结率 扣6.7分' })],
      standards: [{ code: 'close_on_time', name: '按时办结率', weight: 20 }],
    },
  };
}

async function readBack(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  return book;
}

const rowValues = (sheet: ExcelJS.Worksheet, n: number) => (sheet.getRow(n).values as unknown[]).slice(1);

describe(weeklySheets.name, () => {
  it('writes the 周会商 pack as seven sheets with Chinese headers frozen on the first row', async () => {
    const book = await readBack(await workbookBuffer(weeklySheets(weekly())));
    expect(book.worksheets.map((s) => s.name)).toEqual(['概况', '分单位指标', '超期', '退回', '重复诉求', '预警', '红黑榜']);
    for (const sheet of book.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(String(sheet.getRow(1).getCell(1).value)).toMatch(/[\u4e00-\u9fff]/);
      expect(sheet.getRow(1).font).toMatchObject({ bold: true });
    }
    expect(rowValues(book.getWorksheet('超期')!, 1)).toEqual(['受理编号', '受理时间', '渠道', '类型', '分类', '状态', '承办单位', '办结时限', '联系电话', '诉求内容']);
    expect(book.getWorksheet('超期')!.getColumn(10).width).toBe(50);
  });

  it('never lets a resident’s text become a formula, and writes dates as Beijing dates', async () => {
    const book = await readBack(await workbookBuffer(weeklySheets(weekly())));
    const overdue = book.getWorksheet('超期')!.getRow(2);
    expect(overdue.getCell(10).value).toBe(`'=HYPERLINK("http://x.example","点我")`);
    expect(overdue.getCell(10).type).toBe(ExcelJS.ValueType.String);
    expect(book.getWorksheet('退回')!.getRow(2).getCell(4).value).toBe(`'+不归我们管`);
    // A spreadsheet date is wall-clock time: 09:30 in Beijing reads 09:30.
    const accepted = overdue.getCell(2);
    expect(accepted.type).toBe(ExcelJS.ValueType.Date);
    expect((accepted.value as Date).toISOString()).toBe('2026-12-01T09:30:00.000Z');
    expect(accepted.numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(overdue.getCell(9).value).toBe('139****0001');
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula))));
  });

  it('shows the indicators as numbers formatted as percentages, the same values the figures name', async () => {
    const pack = weekly();
    const book = await readBack(await workbookBuffer(weeklySheets(pack)));
    const units = book.getWorksheet('分单位指标')!;
    expect(rowValues(units, 1).slice(0, 4)).toEqual(['单位', '受理量', '按时签收率', '按时办结率']);
    expect(units.getRow(2).getCell(4).value).toBe(1);
    expect(units.getRow(2).getCell(4).numFmt).toBe('0.0%');
    // Nothing to measure is an empty cell, not a zero.
    expect(units.getRow(2).getCell(3).value).toBeNull();

    const figures = weeklyFigures(pack);
    expect(figures.find((f) => f.name === '按时办结率')).toEqual({ name: '按时办结率', value: '87.5%', note: '—' });
    expect(figures.find((f) => f.name === '满意率')?.value).toBe('100.0%');
    expect(figures.find((f) => f.name === '红榜')?.value).toBe('井溪镇');
    expect(figures.find((f) => f.name === '黑榜')?.value).toBe('八台镇');
    const summary = book.getWorksheet('概况')!;
    expect(rowValues(summary, 4)).toEqual(['按时办结率', '87.5%', '—']);
  });
});

describe(dailySheets.name, () => {
  it('sums the units into a total line and lists each case', async () => {
    const pack: DailyPack = {
      date: '2026-12-07',
      yesterday: '2026-12-06',
      madeAt: at('2026-12-07T08:00:00+08:00'),
      units: [
        { unit: '八台镇', intake: 1, dueToday: 0, overdue: 2, onTheClock: 3 },
        { unit: '井溪镇', intake: 1, dueToday: 1, overdue: 0, onTheClock: 1 },
      ],
      // Read in batches as the sheet is written, as the service does.
      intake: { count: 2, items: batches([caseLine(), caseLine({ number: 'MS20261206-0002' })]) },
      dueToday: listing([caseLine()]),
      overdue: listing([caseLine(), caseLine({ number: 'MS20261201-0009' })]),
    };
    const book = await readBack(await workbookBuffer(dailySheets(pack)));
    expect(book.worksheets.map((s) => s.name)).toEqual(['概况', '今日到期', '已超期', '昨日受理']);
    const summary = book.getWorksheet('概况')!;
    expect(rowValues(summary, 1)).toEqual(['单位', '昨日受理（2026-12-06）', '今日到期', '已超期', '在办']);
    expect(rowValues(summary, 4)).toEqual(['合计', 2, 1, 2, 4]);
    expect(book.getWorksheet('已超期')!.getRow(3).getCell(1).value).toBe('MS20261201-0009');
    expect(book.getWorksheet('昨日受理')!.getRow(3).getCell(1).value).toBe('MS20261206-0002');
    expect(book.getWorksheet('昨日受理')!.getRow(5).getCell(1).value).toBe('2026-12-06 受理的诉求，共2件。');
  });
});

describe(monthlySheets.name, () => {
  it('ranks units on the month with their weeks on each list', async () => {
    const pack: MonthlyPack = {
      month: '2026-12',
      from: '2026-12-01',
      to: '2026-12-31',
      madeAt: at('2027-01-02T08:00:00+08:00'),
      city: values({ accepted: 3 }),
      units: [{ label: '井溪镇', values: values({ accepted: 3 }) }],
      lines: [line({ list: null, listLabel: '' }), line({ unitId: 'u3', unitName: '花园镇', rank: null, score: null, list: null, listLabel: '', due: 0, points: {}, explanation: '本月无到期诉求' })],
      standards: [{ code: 'close_on_time', name: '按时办结率', weight: 20 }],
      weeks: new Map([['u1', { red: 2, black: 0 }]]),
      approvedWeeks: 4,
    };
    const book = await readBack(await workbookBuffer(monthlySheets(pack)));
    expect(book.worksheets.map((s) => s.name)).toEqual(['考评排名', '分单位指标', '全市指标']);
    const ranking = book.getWorksheet('考评排名')!;
    expect(rowValues(ranking, 1)).toEqual(['类别', '名次', '单位', '得分', '到期件数', '上红榜周数', '上黑榜周数', '按时办结率（20分）', '扣分说明']);
    expect(rowValues(ranking, 2)).toEqual(['乡镇（街道）', 1, '井溪镇', 96.5, 5, 2, 0, 20, '各项满分']);
    expect(rowValues(ranking, 3)).toEqual(['乡镇（街道）', undefined, '花园镇', undefined, 0, 0, 0, undefined, '本月无到期诉求']);
  });
});

describe(cellValue.name, () => {
  it.each([
    ['text', '@SUM(A1:A2)', `'@SUM(A1:A2)`],
    ['text', '-2+3', `'-2+3`],
    ['int', 12, 12],
    ['rate', null, null],
    ['date', '2026-12-07', new Date('2026-12-07T00:00:00Z')],
  ] as const)('writes a %s cell %j as %j', (kind, value, expected) => {
    expect(cellValue(kind, value)).toEqual(expected);
  });
});
