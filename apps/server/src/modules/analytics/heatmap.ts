import type { EChartsCoreOption } from 'echarts';
import { CASE_KIND_LABELS, type CaseKind } from '@msz/domain';
import type { CaseChannel } from '../cases/case.entity';

/** What the heat map counts over: a period of Beijing dates (both inclusive) and optional filters. */
export interface HeatmapQuery {
  from: string;
  to: string;
  /** A category code of the taxonomy (基础设施 …): only its sub-items. */
  category?: string;
  kind?: CaseKind;
  channel?: CaseChannel;
  /** A town's unit id: that town and its villages only. */
  townId?: string;
  /** The columns: the taxonomy's categories, or its sub-items. */
  groupBy: 'category' | 'subItem';
}

export interface HeatmapTown {
  id: string;
  name: string;
  total: number;
  /** One count per column, in `columns` order. */
  cells: number[];
}

export interface HeatmapPlace {
  id: string;
  name: string;
  /** The town a village is in (its own name for a town). */
  town: string;
  level: 'town' | 'village';
  lat: number | null;
  lng: number | null;
  count: number;
  /** The column with most demands here, and its count. */
  topColumn: string | null;
  topCount: number;
}

/** 民生诉求热力图: demands by place and category over a period. */
export interface Heatmap {
  query: HeatmapQuery;
  /** Column names (Chinese) and their codes. */
  columns: { code: string; name: string }[];
  /** Towns with at least one demand (or the one asked for), most demands first. */
  towns: HeatmapTown[];
  /** Towns and villages with demands, most first. */
  places: HeatmapPlace[];
  /** Demands per column over all places, most first. */
  topColumns: { code: string; name: string; count: number }[];
  /** Every counted demand in the period and scope, placed or not. */
  total: number;
  /** Demands with no known town or village (no location, a department's case). */
  unplaced: number;
}

/** Said in the middle of a picture with nothing to show, so that an empty picture is not mistaken for a broken one. */
const nothing = (shown: number) =>
  shown > 0 ? [] : [{ type: 'text', left: 'center', top: 'middle', z: 100, style: { text: '这段时间没有诉求', fontSize: 30, fill: '#555555' } }];

const COLOURS = ['#fff7e6', '#fdd49e', '#fc8d59', '#e34a33', '#b30000'];
const CHANNEL_LABELS: Record<CaseChannel, string> = { wechat_oa: '公众号', miniprogram: '小程序', phone: '专线电话', walk_in: '网格站', bench_meeting: '板凳会' };
/** The period, and the kind and channel when narrowed to one, as the picture's subtitle says them. */
const period = (q: HeatmapQuery) =>
  [q.from === q.to ? q.from : `${q.from} 至 ${q.to}`, q.kind ? CASE_KIND_LABELS[q.kind] : '', q.channel ? CHANNEL_LABELS[q.channel] : ''].filter(Boolean).join('\u3000');

/** Town × category grid: where many towns light up in one column, one problem is spreading (e.g. drinking water). */
export function heatGridOption(h: Heatmap, title = '民生诉求热力图'): { option: EChartsCoreOption; height: number } {
  const towns = h.towns.slice(0, 40);
  const cols = h.columns.map((c) => c.name);
  const many = cols.length > 6;
  // Many columns: names stacked one character per line, as Chinese reads well upright.
  const longest = Math.max(...cols.map((c) => [...c].length));
  const top = many ? 110 + longest * 26 : 150;
  const rowHeight = 44;
  const height = top + Math.max(3, towns.length) * rowHeight + 110;
  const max = Math.max(1, ...towns.flatMap((t) => t.cells));
  const dark = max * 0.6;
  const data = towns.flatMap((t, y) =>
    t.cells.map((v, x) => ({ value: [x, y, v || '-'], label: { color: v > dark ? '#ffffff' : '#1a1a1a' } })),
  );
  return {
    height,
    option: {
      title: {
        text: title,
        subtext: `${period(h.query)}\u3000共 ${h.total} 件`,
        left: 20,
        top: 14,
        textStyle: { fontSize: 34, fontWeight: 'bold', color: '#1a1a1a' },
        subtextStyle: { fontSize: 24, color: '#555555' },
      },
      graphic: nothing(towns.length),
      grid: { left: 150, right: 24, top, bottom: 110 },
      xAxis: {
        type: 'category',
        data: cols,
        position: 'top',
        axisLabel: {
          fontSize: 22,
          lineHeight: 26,
          color: '#1a1a1a',
          interval: 0,
          formatter: many ? (name: string) => [...name].join('\n') : undefined,
          verticalAlign: 'bottom',
        },
        axisTick: { show: false },
        axisLine: { show: false },
        splitArea: { show: towns.length > 0 },
      },
      yAxis: {
        type: 'category',
        data: towns.map((t) => t.name),
        inverse: true,
        axisLabel: { fontSize: 24, color: '#1a1a1a' },
        axisTick: { show: false },
        axisLine: { show: false },
        splitArea: { show: towns.length > 0 },
      },
      visualMap: {
        min: 0,
        max,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 20,
        itemWidth: 24,
        itemHeight: 300,
        text: ['多', '少'],
        textStyle: { fontSize: 22, color: '#333333' },
        inRange: { color: COLOURS },
      },
      series: [
        {
          type: 'heatmap',
          data,
          // Narrow columns: three-digit counts get smaller type so that neighbours never run together.
          label: { show: true, fontSize: many ? (max >= 100 ? 14 : 17) : 24 },
          itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
        },
      ],
    },
  };
}

/** Places on their coordinates, the count as size and colour; the busiest named. */
export function placeMapOption(h: Heatmap, title = '诉求分布图'): { option: EChartsCoreOption; height: number } {
  const located = h.places.filter((p) => p.lat !== null && p.lng !== null);
  const max = Math.max(1, ...located.map((p) => p.count));
  const named = new Set(located.slice(0, 12).map((p) => p.id));
  const size = (n: number) => 12 + 36 * Math.sqrt(n / max);
  return {
    height: 900,
    option: {
      title: {
        text: title,
        subtext: `${period(h.query)}\u3000共 ${h.total} 件\u3000圆越大、颜色越深，诉求越多`,
        left: 20,
        top: 14,
        textStyle: { fontSize: 34, fontWeight: 'bold', color: '#1a1a1a' },
        subtextStyle: { fontSize: 22, color: '#555555' },
      },
      graphic: nothing(located.length),
      grid: { left: 40, right: 140, top: 140, bottom: 110 },
      xAxis: { type: 'value', scale: true, show: false },
      yAxis: { type: 'value', scale: true, show: false },
      visualMap: {
        min: 0,
        max,
        dimension: 2,
        orient: 'horizontal',
        left: 'center',
        bottom: 20,
        itemWidth: 24,
        itemHeight: 300,
        text: ['多', '少'],
        textStyle: { fontSize: 22, color: '#333333' },
        inRange: { color: COLOURS.slice(1) },
      },
      series: [
        {
          type: 'scatter',
          data: located
            .slice()
            .reverse() // the busiest drawn last, on top
            .map((p) => ({
              value: [p.lng, p.lat, p.count],
              name: p.name,
              symbolSize: size(p.count),
              label: named.has(p.id)
                ? { show: true, formatter: `${p.name} ${p.count}`, position: 'right', fontSize: 22, color: '#1a1a1a', textBorderColor: '#ffffff', textBorderWidth: 4 }
                : { show: false },
            })),
          itemStyle: { borderColor: '#ffffff', borderWidth: 1, opacity: 0.9 },
          labelLayout: { hideOverlap: true },
        },
      ],
    },
  };
}

const esc = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string);
const dateWords = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** The heat map as an article for the Official Account: plain words first, then the two pictures. */
export function heatmapArticle(h: Heatmap): { title: string; digest: string; html: string } {
  const q = h.query;
  const when = q.from === q.to ? dateWords(q.from) : `${dateWords(q.from)}至${dateWords(q.to)}`;
  const places = h.places.slice(0, 5).map((p) => `${p.level === 'village' ? `${p.town}${p.name}` : p.name}（${p.count}件）`);
  const columns = h.topColumns.slice(0, 3).map((c) => `${c.name}（${c.count}件）`);
  const title = `民生诉求热力图（${when}）`;
  const digest = h.total === 0 ? `${when}没有收到民生诉求。` : `${when}共受理民生诉求${h.total}件，一图看清哪里诉求多、多在哪一类。`;
  const p = (text: string) => `<p style="font-size:17px;line-height:1.8;margin:0 0 12px;">${esc(text)}</p>`;
  const html = [
    p(`${when}，民声直达平台共受理群众诉求${h.total}件。`),
    places.length ? p(`诉求较多的地方：${places.join('、')}。`) : '',
    columns.length ? p(`诉求较多的类别：${columns.join('、')}。`) : '',
    p('下图横向是诉求类别，纵向是乡镇（街道），颜色越深、数字越大，诉求越多。'),
    '{{picture:0}}',
    p('下图按村（社区）和乡镇的位置标出诉求，圆越大、颜色越深，诉求越多。'),
    '{{picture:1}}',
  ].join('');
  return { title, digest, html };
}
