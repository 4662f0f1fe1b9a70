import { PNG } from 'pngjs';
import { DEFAULT_PICTURE_FONT, type AppConfig } from '../../config/app-config';
import { AppError } from '../../common/errors/app-error';
import { heatGridOption, type Heatmap } from '../analytics/heatmap';
import { PictureRenderer } from './picture-renderer';
import { SvgTextOutliner } from './svg-text-outliner';
import { columnWidths, estimateWidth, TABLE_WIDTH, tableSvg, wrapText, type TableSpec, type TextMeasure } from './table-svg';

const spec = (over: Partial<TableSpec> = {}): TableSpec => ({
  title: '接诉即办红黑榜（乡镇）',
  subtitle: '2026年第48周',
  columns: [
    { key: 'rank', label: '名次', align: 'center' },
    { key: 'name', label: '单位' },
    { key: 'score', label: '得分', align: 'right' },
    { key: 'why', label: '扣分原因' },
  ],
  rows: [
    { rank: 1, name: '井溪镇', score: '98.0', why: '' },
    { rank: 2, name: '八台镇', score: '91.5', why: '满意度略低（-1.1）' },
    { rank: 3, name: '黄钟镇', score: '70.2', why: '按时签收率低（-6.2）；重复投诉率高（-4.0）；回访满意度低（-3.3）' },
  ],
  rowTone: (_row, i) => (i === 0 ? 'red' : i === 2 ? 'black' : null),
  ...over,
});

describe('tableSvg', () => {
  it('fills the width with its columns, long text wrapping instead of spilling', () => {
    const widths = columnWidths(spec().columns, spec().rows, TABLE_WIDTH - 48);
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(TABLE_WIDTH - 48, 5);
    const lines = wrapText('按时签收率低（-6.2）；重复投诉率高（-4.0）；回访满意度低（-3.3）', 26, 300);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe('按时签收率低（-6.2）；重复投诉率高（-4.0）；回访满意度低（-3.3）');
    expect(lines[0].endsWith('；')).toBe(true); // broken after the punctuation, not inside a phrase
  });

  it('colours red-list and black-list rows and escapes what it is given', () => {
    const svg = tableSvg(spec({ title: '<script>&"' }));
    expect(svg).toContain('&lt;script&gt;&amp;&quot;');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('fill="#fdecea"'); // red row
    expect(svg).toContain('fill="#e8e8e8"'); // black row
  });

  it('says so when there are no rows', () => {
    expect(tableSvg(spec({ rows: [] }))).toContain('暂无数据');
  });
});

describe('table text laid out with the picture font', () => {
  const font = SvgTextOutliner.open(DEFAULT_PICTURE_FONT, 'WenQuanYi Micro Hei');
  const measure: TextMeasure = (text, size) => font.advance(text, size);
  const CLOSING = [...'）、，。；：！？」』》'];
  const OPENING = [...'（「『《'];

  it('takes its widths from the font: narrow letters narrow, wide ones wide, a Chinese character one em', () => {
    expect(measure('iiii', 26)).toBeLessThan(measure('WWWW', 26) / 2);
    expect(measure('中', 26)).toBeCloseTo(26, 0);
    expect(measure('按时办结率', 40)).toBeCloseTo(200, 0);
    // The estimate without the font is wider for letters and digits than the font draws them.
    expect(measure('iiii', 26)).toBeLessThan(estimateWidth('iiii', 26));
  });

  it('does not wrap a cell whose text fits by the font, though the estimate would have', () => {
    const text = '95.1%（上周96.3%，不含延期）';
    const cell = Math.ceil(measure(text, 26));
    expect(estimateWidth(text, 26)).toBeGreaterThan(cell); // the old guess wrapped it
    expect(wrapText(text, 26, cell, measure)).toEqual([text]);
    // In a table: a fixed column exactly that wide (with its padding) keeps the text on one line.
    const columns = [
      { key: 'why', label: '说明', width: cell + 24 },
      { key: 'name', label: '单位' },
    ];
    const svg = tableSvg(spec({ columns, rows: [{ why: text, name: '井溪镇' }] }), measure);
    expect(svg).toContain(`>${text}</text>`);
  });

  it('never begins a line with closing punctuation nor ends one with opening punctuation, at any width', () => {
    const texts = [
      '按时签收率低（-6.2）；重复投诉率高（-4.0）；回访满意度低（-3.3）',
      '群众评价（满意、基本满意）扣2.0分。「多次重复」为第三次及以上！是否超期？',
      '县住房和城乡建设委员会（县人民防空办公室）、县市场监督管理局，《条例》：第12条',
    ];
    for (const text of texts) {
      for (let max = 60; max <= 400; max += 3) {
        const lines = wrapText(text, 26, max, measure);
        expect(lines.join('')).toBe(text);
        for (const [k, line] of lines.entries()) {
          expect(line).not.toBe('');
          if (k > 0) expect(CLOSING).not.toContain([...line][0]);
          if (k < lines.length - 1) expect(OPENING).not.toContain([...line].at(-1));
          // Every line fits, but a single character with its punctuation (wider than the narrowest widths tried).
          if ([...line].filter((ch) => !CLOSING.includes(ch) && !OPENING.includes(ch)).length > 1) expect(measure(line, 26)).toBeLessThanOrEqual(max + 0.01);
        }
      }
    }
  });

  it('keeps a number whole when it can', () => {
    const lines = wrapText('按时签收率低（-6.2）；重复投诉率高', 26, 234, measure);
    expect(lines).toEqual(['按时签收率低', '（-6.2）；', '重复投诉率高']);
  });
});

/** Dark pixels (text, not the pale cells and stripes) inside a box of the picture given in layout pixels (the PNG is drawn at 2×). */
function ink(png: Buffer, box: { left: number; top: number; right: number; bottom: number }): number {
  const image = PNG.sync.read(png);
  let dark = 0;
  for (let y = box.top * 2; y < box.bottom * 2; y++) {
    for (let x = box.left * 2; x < box.right * 2; x++) {
      const i = (y * image.width + x) * 4;
      if (image.data[i] + image.data[i + 1] + image.data[i + 2] < 3 * 100) dark++;
    }
  }
  return dark;
}

const heatmap = (): Heatmap => ({
  query: { from: '2026-11-01', to: '2026-11-30', groupBy: 'category' },
  columns: [
    { code: 'infrastructure', name: '基础设施' },
    { code: 'livelihood', name: '民生保障' },
  ],
  towns: [
    { id: 't1', name: '井溪镇', total: 12, cells: [9, 3] },
    { id: 't2', name: '八台镇', total: 5, cells: [0, 5] },
    { id: 't3', name: '黄钟镇', total: 1, cells: [1, 0] },
  ],
  places: [],
  topColumns: [],
  total: 18,
  unplaced: 0,
});

describe(PictureRenderer.name, () => {
  const sut = new PictureRenderer({ pictureFontFile: DEFAULT_PICTURE_FONT } as AppConfig);

  it('hands resvg its text as outlines: no <text> left in a table or a heat map', () => {
    const table = tableSvg(spec());
    const grid = heatGridOption(heatmap());
    const chart = sut.chartSvg(grid.option, { height: grid.height });
    for (const svg of [table, chart]) {
      const texts = svg.split('<text').length - 1;
      expect(texts).toBeGreaterThan(10);
      const outlined = sut.outline(svg);
      expect(outlined).toMatchObject({ outlined: texts, kept: 0 });
      expect(outlined.svg).not.toContain('<text');
    }
  });

  it('draws the heat map with its labels: ink beside the grid where the towns are named', async () => {
    const grid = heatGridOption(heatmap());
    const picture = await sut.renderChart(grid.option, { height: grid.height });
    // The grid starts 150 pixels in from the left: left of it there are only the towns' names.
    expect(ink(picture.png, { left: 0, top: 150, right: 148, bottom: grid.height - 110 })).toBeGreaterThan(500);
    const unnamed = heatGridOption({ ...heatmap(), towns: heatmap().towns.map((t) => ({ ...t, name: ' ' })) });
    expect(ink((await sut.renderChart(unnamed.option, { height: unnamed.height })).png, { left: 0, top: 150, right: 148, bottom: grid.height - 110 })).toBe(0);
  });

  it('draws a table as a PNG twice as wide as its 750-pixel layout, with the Chinese text in it', async () => {
    const picture = await sut.renderTable(spec());
    expect(picture.png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(picture.width).toBe(2 * TABLE_WIDTH);
    // The same table with its words blanked: text that was drawn makes the picture much heavier.
    const blank = (s: string) => s.replace(/[^\s]/g, ' ');
    const blanked = spec({
      title: blank(spec().title),
      subtitle: blank(spec().subtitle ?? ''),
      columns: spec().columns.map((c) => ({ ...c, label: blank(c.label) })),
      rows: spec().rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, blank(String(v))]))),
    });
    const blankPicture = await sut.renderTable(blanked);
    expect(picture.png.length).toBeGreaterThan(blankPicture.png.length * 1.5);
    // The title's line (the first 48 pixels under the 24-pixel margin) is inked, and blank without its words.
    const titleLine = { left: 24, top: 24, right: TABLE_WIDTH - 24, bottom: 72 };
    expect(ink(picture.png, titleLine)).toBeGreaterThan(1000);
    expect(ink(blankPicture.png, titleLine)).toBe(0);
  });

  it('draws an ECharts option', async () => {
    const picture = await sut.renderChart({ title: { text: '民生诉求' }, xAxis: { type: 'category', data: ['井溪镇'] }, yAxis: {}, series: [{ type: 'bar', data: [3] }] }, { height: 300 });
    expect(picture.width).toBe(1500);
    expect(picture.height).toBe(600);
  });

  it('refuses to draw without its font, saying which file and how to fix it, instead of dropping the text', async () => {
    const broken = new PictureRenderer({ pictureFontFile: '/nowhere/font.ttc' } as AppConfig);
    const error: unknown = await broken.renderTable(spec()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('PICTURE_FONT_MISSING');
    expect((error as AppError).message).toContain('/nowhere/font.ttc');
    expect((error as AppError).message).toContain('fonts-wqy-microhei');
  });
});
