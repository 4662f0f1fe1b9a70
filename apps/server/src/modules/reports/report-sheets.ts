import { INDICATOR_BY_CODE, type IndicatorCode, type IndicatorValues, type LeagueLine } from '@msz/domain';
import type { Cell, ColumnSpec, SheetSpec } from './workbook';

/**
 * The report packs as sheets, from data already gathered (pure: no database, no streams), so each
 * pack's layout is tested on its own. Numbers come from the indicators (one definition each, in
 * libs/domain); lists are the cases behind them, with residents' phones masked.
 */

/** A case as the packs list it: never the resident's name, the phone masked. */
export interface CaseLine {
  number: string;
  acceptedAt: Date;
  channel: string;
  kind: string;
  category: string;
  status: string;
  unit: string;
  closeBy: Date;
  /** Already masked (138****0001), or empty. */
  phone: string;
  text: string;
}

export interface ReturnLine {
  number: string;
  returnedAt: Date;
  /** Who returned it (their unit), and why. */
  returnedBy: string;
  reason: string;
  /** Where the case is now. */
  unit: string;
  status: string;
  text: string;
}

export interface RepeatLine extends CaseLine {
  /** Third report or later of the same problem within 30 days. */
  many: boolean;
}

export interface WarningLine {
  level: string;
  scope: string;
  category: string;
  summary: string;
  status: string;
  raisedAt: Date;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
}

/** One unit's (or the city's) indicators over the period. */
export interface IndicatorLine {
  label: string;
  values: IndicatorValues;
}

/** The indicators a pack shows, in this order: the 三率 and the office's own. */
export const PACK_INDICATORS: readonly IndicatorCode[] = [
  'volume',
  'signOnTimeRate',
  'closeOnTimeRate',
  'averageCycle',
  'satisfactionRate',
  'solvedRate',
  'revisitCoverage',
  'returnRate',
  'reopenRate',
  'repeatRate',
  'extensionRate',
];

const KIND_OF_UNIT = { count: 'int', rate: 'rate', workdays: 'days' } as const;

function indicatorColumns(): ColumnSpec[] {
  return PACK_INDICATORS.map((code) => {
    const d = INDICATOR_BY_CODE.get(code)!;
    const header = d.unit === 'workdays' ? `${d.name}（工作日）` : d.name;
    return { header, width: Math.max(10, 2 * [...header].length + 2), kind: KIND_OF_UNIT[d.unit] };
  });
}

const CASE_COLUMNS: ColumnSpec[] = [
  { header: '受理编号', width: 18, kind: 'text' },
  { header: '受理时间', width: 17, kind: 'datetime' },
  { header: '渠道', width: 9, kind: 'text' },
  { header: '类型', width: 7, kind: 'text' },
  { header: '分类', width: 14, kind: 'text' },
  { header: '状态', width: 9, kind: 'text' },
  { header: '承办单位', width: 16, kind: 'text' },
  { header: '办结时限', width: 17, kind: 'datetime' },
  { header: '联系电话', width: 14, kind: 'text' },
  { header: '诉求内容', width: 50, kind: 'text' },
];
const caseCells = (c: CaseLine): Cell[] => [c.number, c.acceptedAt, c.channel, c.kind, c.category, c.status, c.unit, c.closeBy, c.phone, c.text];

/**
 * A list a pack writes: how many there are, and the items: an array, or batches read from the
 * database while the sheet is written (so a city's whole day fits in a flat amount of memory).
 */
export interface Listing<T> {
  count: number;
  items: Iterable<T> | AsyncIterable<T>;
}

export const listing = <T>(items: readonly T[]): Listing<T> => ({ count: items.length, items });

async function* cells<T>(items: Listing<T>['items'], row: (item: T) => Cell[]): AsyncGenerator<Cell[]> {
  for await (const item of items) yield row(item);
}

function caseSheet(name: string, cases: Listing<CaseLine>, notes: readonly string[]): SheetSpec {
  return { name, columns: CASE_COLUMNS, rows: cells(cases.items, caseCells), notes, landscape: true };
}

function indicatorSheet(name: string, lines: readonly IndicatorLine[], notes: readonly string[]): SheetSpec {
  return {
    name,
    columns: [{ header: '单位', width: 18, kind: 'text' }, ...indicatorColumns()],
    rows: lines.map((l) => [l.label, ...PACK_INDICATORS.map((code) => l.values[code])]),
    notes,
    landscape: true,
  };
}

const FIGURE_COLUMNS: ColumnSpec[] = [
  { header: '项目', width: 22, kind: 'text' },
  { header: '数值', width: 16, kind: 'text' },
  { header: '上周／说明', width: 50, kind: 'text' },
];

/** A figure on a 概况 sheet: a name, its value as shown, and what it counts. */
export interface Figure {
  name: string;
  value: string;
  note: string;
}

/** An indicator's value as a person reads it: 92.3%, 3.5 (working days), 12; 「—」 when there was nothing to measure. */
export function formatIndicator(code: IndicatorCode, value: number | null): string {
  if (value === null) return '—';
  switch (INDICATOR_BY_CODE.get(code)!.unit) {
    case 'rate':
      return `${(value * 100).toFixed(1)}%`;
    case 'workdays':
      return `${value.toFixed(1)}个工作日`;
    case 'count':
      return String(value);
  }
}

// ————— 日调度 —————

export interface DailyUnitLine {
  unit: string;
  intake: number;
  dueToday: number;
  overdue: number;
  onTheClock: number;
}

export interface DailyPack {
  date: string;
  yesterday: string;
  /** When the lists were read (they show cases as they stand then). */
  madeAt: Date;
  units: DailyUnitLine[];
  intake: Listing<CaseLine>;
  dueToday: Listing<CaseLine>;
  overdue: Listing<CaseLine>;
}

export function dailySheets(p: DailyPack): SheetSpec[] {
  const total: DailyUnitLine = {
    unit: '合计',
    intake: p.intake.count,
    dueToday: p.dueToday.count,
    overdue: p.overdue.count,
    onTheClock: p.units.reduce((n, u) => n + u.onTheClock, 0),
  };
  const made = `制表：民声直达办公室，${beijingText(p.madeAt)}。清单按制表时案件状态列出。`;
  return [
    {
      name: '概况',
      columns: [
        { header: '单位', width: 20, kind: 'text' },
        { header: `昨日受理（${p.yesterday}）`, width: 22, kind: 'int' },
        { header: '今日到期', width: 10, kind: 'int' },
        { header: '已超期', width: 10, kind: 'int' },
        { header: '在办', width: 10, kind: 'int' },
      ],
      rows: [...p.units, total].map((u) => [u.unit, u.intake, u.dueToday, u.overdue, u.onTheClock]),
      notes: [`日调度 ${p.date}`, '昨日受理按承办单位计（尚未转办的计入「未定」）；今日到期、已超期、在办为尚在办理（未答复）的诉求。', made],
    },
    caseSheet('今日到期', p.dueToday, [`${p.date} 到期、尚未答复的诉求，共${p.dueToday.count}件。`, made]),
    caseSheet('已超期', p.overdue, [`${p.date} 零时前已过办结时限、尚未答复的诉求，共${p.overdue.count}件。`, made]),
    caseSheet('昨日受理', p.intake, [`${p.yesterday} 受理的诉求，共${p.intake.count}件。`, made]),
  ];
}

// ————— 周会商 —————

export interface WeeklyPack {
  week: string;
  label: string;
  from: string;
  to: string;
  madeAt: Date;
  /** The city's indicators this week, and last week's for comparison. */
  city: IndicatorValues;
  previous: IndicatorValues | null;
  units: IndicatorLine[];
  overdue: Listing<CaseLine>;
  returns: Listing<ReturnLine>;
  repeats: Listing<RepeatLine>;
  warnings: WarningLine[];
  league: { status: 'draft' | 'approved'; approvedBy: string | null; lines: LeagueLine[]; standards: ReadonlyArray<{ code: string; name: string; weight: number }> };
}

/** The 周会商 pack's headline figures: the picture and the 概况 sheet show the same. */
export function weeklyFigures(p: WeeklyPack): Figure[] {
  const names = (list: 'red' | 'black') => p.league.lines.filter((l) => l.list === list).map((l) => l.unitName).join('、') || '无';
  return [
    ...PACK_INDICATORS.map((code) => ({
      name: INDICATOR_BY_CODE.get(code)!.name,
      value: formatIndicator(code, p.city[code]),
      note: p.previous ? formatIndicator(code, p.previous[code]) : '',
    })),
    { name: '到期未按时办结', value: `${p.overdue.count}件`, note: '时限在本周、已过、未按时答复' },
    { name: '退回', value: `${p.returns.count}次`, note: '承办单位退回重派' },
    { name: '重复诉求', value: `${p.repeats.count}件`, note: '30天内同一问题再反映' },
    { name: '预警', value: `${p.warnings.length}条`, note: p.warnings.length ? `红色${count(p.warnings, '红色预警')}、橙色${count(p.warnings, '橙色预警')}、黄色${count(p.warnings, '黄色预警')}` : '' },
    { name: '红榜', value: names('red'), note: p.league.status === 'approved' ? `${p.league.approvedBy ?? ''}审定` : '草稿，未审定' },
    { name: '黑榜', value: names('black'), note: '' },
  ];
}

const count = (warnings: readonly WarningLine[], level: string) => warnings.filter((w) => w.level === level).length;

export function weeklySheets(p: WeeklyPack): SheetSpec[] {
  const period = `${p.label}（${p.from}至${p.to}）`;
  const made = `制表：民声直达办公室，${beijingText(p.madeAt)}。`;
  return [
    { name: '概况', columns: FIGURE_COLUMNS, rows: weeklyFigures(p).map((f) => [f.name, f.value, f.note]), notes: [`周会商 ${period}`, '指标按事件发生日计入本周（受理量按受理日、按时办结率按办结时限所在日），口径见指标说明。', made] },
    indicatorSheet('分单位指标', p.units, [`${period}各承办单位的指标。`, made]),
    caseSheet('超期', p.overdue, [`办结时限在${period}、已过时限而未按时答复的诉求，共${p.overdue.count}件（本周过完后，即本周按时办结率的未按时部分）。`, made]),
    {
      name: '退回',
      columns: [
        { header: '受理编号', width: 18, kind: 'text' },
        { header: '退回时间', width: 17, kind: 'datetime' },
        { header: '退回单位', width: 18, kind: 'text' },
        { header: '退回理由', width: 30, kind: 'text' },
        { header: '现承办单位', width: 16, kind: 'text' },
        { header: '状态', width: 9, kind: 'text' },
        { header: '诉求内容', width: 50, kind: 'text' },
      ],
      rows: cells(p.returns.items, (r) => [r.number, r.returnedAt, r.returnedBy, r.reason, r.unit, r.status, r.text]),
      notes: [`${period}的退回，共${p.returns.count}次。`, made],
      landscape: true,
    },
    {
      name: '重复诉求',
      columns: [...CASE_COLUMNS, { header: '多次重复', width: 10, kind: 'text' }],
      rows: cells(p.repeats.items, (r) => [...caseCells(r), r.many ? '是' : '']),
      notes: [`${period}受理、30天内同一问题已反映过的诉求，共${p.repeats.count}件；「多次重复」为第三次及以上。`, made],
      landscape: true,
    },
    {
      name: '预警',
      columns: [
        { header: '级别', width: 10, kind: 'text' },
        { header: '范围', width: 8, kind: 'text' },
        { header: '类别', width: 14, kind: 'text' },
        { header: '内容', width: 50, kind: 'text' },
        { header: '状态', width: 9, kind: 'text' },
        { header: '发出时间', width: 17, kind: 'datetime' },
        { header: '签收时间', width: 17, kind: 'datetime' },
        { header: '办结时间', width: 17, kind: 'datetime' },
      ],
      rows: p.warnings.map((w) => [w.level, w.scope, w.category, w.summary, w.status, w.raisedAt, w.acknowledgedAt, w.closedAt]),
      notes: [`${period}发出的区域预警，共${p.warnings.length}条。`, made],
      landscape: true,
    },
    leagueSheet('红黑榜', p.league.lines, p.league.standards, [`${period}红黑榜${p.league.status === 'approved' ? `，${p.league.approvedBy ?? ''}审定` : '，草稿，未审定'}。`, made], { lists: true }),
  ];
}

interface LeagueSheetOptions {
  /** The 榜单 column: a week has red and black lists, a month does not. */
  lists: boolean;
  /** Whole-number columns after 到期件数 (e.g. weeks on each list). */
  extra?: { headers: readonly string[]; cells: (l: LeagueLine) => Cell[] };
}

function leagueSheet(name: string, lines: readonly LeagueLine[], standards: WeeklyPack['league']['standards'], notes: readonly string[], options: LeagueSheetOptions): SheetSpec {
  const extra = options.extra;
  return {
    name,
    columns: [
      { header: '类别', width: 12, kind: 'text' },
      { header: '名次', width: 6, kind: 'int' },
      { header: '单位', width: 16, kind: 'text' },
      { header: '得分', width: 8, kind: 'score' },
      ...(options.lists ? [{ header: '榜单', width: 6, kind: 'text' as const }] : []),
      { header: '到期件数', width: 9, kind: 'int' },
      ...(extra ? extra.headers.map((header) => ({ header, width: 2 * [...header].length + 2, kind: 'int' as const })) : []),
      ...standards.map((s) => ({ header: `${s.name}（${s.weight}分）`, width: 2 * [...s.name].length + 8, kind: 'score' as const })),
      { header: '扣分说明', width: 48, kind: 'text' },
    ],
    rows: lines.map((l) => [
      l.groupLabel,
      l.rank,
      l.unitName,
      l.score,
      ...(options.lists ? [l.listLabel] : []),
      l.due,
      ...(extra ? extra.cells(l) : []),
      ...standards.map((s) => l.points[s.code]),
      l.explanation,
    ]),
    notes,
    landscape: true,
  };
}

// ————— 月考评 —————

export interface MonthlyPack {
  month: string;
  from: string;
  to: string;
  madeAt: Date;
  city: IndicatorValues;
  units: IndicatorLine[];
  /** The month scored on the 12 standards (the cases due in the month), without red and black lists. */
  lines: LeagueLine[];
  standards: WeeklyPack['league']['standards'];
  /** Approved weeks of the month each unit spent on the red and the black list. */
  weeks: ReadonlyMap<string, { red: number; black: number }>;
  approvedWeeks: number;
}

export function monthlySheets(p: MonthlyPack): SheetSpec[] {
  const period = `${monthLabel(p.month)}（${p.from}至${p.to}）`;
  const made = `制表：民声直达办公室，${beijingText(p.madeAt)}。`;
  const weeks = (l: LeagueLine) => p.weeks.get(l.unitId) ?? { red: 0, black: 0 };
  return [
    leagueSheet('考评排名', p.lines, p.standards, [
      `月考评 ${period}：本月到期诉求按红黑榜的12项标准计分排名（乡镇与部门分别排名）；上红榜、黑榜周数取本月已审定的${p.approvedWeeks}周。`,
      made,
    ], { lists: false, extra: { headers: ['上红榜周数', '上黑榜周数'], cells: (l) => [weeks(l).red, weeks(l).black] } }),
    indicatorSheet('分单位指标', p.units, [`${period}各承办单位的指标。`, made]),
    {
      name: '全市指标',
      columns: FIGURE_COLUMNS.slice(0, 2),
      rows: PACK_INDICATORS.map((code) => [INDICATOR_BY_CODE.get(code)!.name, formatIndicator(code, p.city[code])]),
      notes: [`${period}全市。`, made],
    },
  ];
}

/** 2026-12 → 2026年12月 */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

/** An instant as Beijing wall-clock text, 2026-12-07 09:30. */
export function beijingText(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
