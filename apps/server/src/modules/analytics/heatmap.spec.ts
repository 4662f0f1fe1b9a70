import { AppError } from '../../common/errors/app-error';
import { resolveHeatmapQuery } from './dto/heatmap.dto';
import { heatGridOption, heatmapArticle, placeMapOption, type Heatmap } from './heatmap';

const heatmap = (over: Partial<Heatmap> = {}): Heatmap => ({
  query: { from: '2026-11-01', to: '2026-11-07', groupBy: 'category' },
  columns: [
    { code: 'infrastructure', name: '基础设施' },
    { code: 'livelihood', name: '民生保障' },
  ],
  towns: [{ id: 't1', name: '井溪镇', total: 5, cells: [4, 1] }],
  places: [{ id: 'v1', name: '胜利村', town: '井溪镇', level: 'village', lat: 32.1, lng: 108, count: 5, topColumn: '基础设施', topCount: 4 }],
  topColumns: [{ code: 'infrastructure', name: '基础设施', count: 4 }],
  total: 6,
  unplaced: 1,
  ...over,
});

describe(resolveHeatmapQuery.name, () => {
  it('defaults to the 30 days ending today in Beijing, by category', () => {
    // 2026-12-07 20:00 UTC is already 12-08 in Beijing.
    expect(resolveHeatmapQuery({}, new Date('2026-12-07T20:00:00Z'))).toEqual({ from: '2026-11-09', to: '2026-12-08', groupBy: 'category' });
  });

  it.each([
    [{ from: '2026-02-30' }, '日期不对'],
    [{ from: '2026-12-02', to: '2026-12-01' }, '开始日期'],
    [{ from: '2025-01-01', to: '2026-01-02' }, '366'],
  ])('refuses %j', (dto, words) => {
    expect(() => resolveHeatmapQuery(dto, new Date('2026-12-07T00:00:00Z'))).toThrow(AppError);
    expect(() => resolveHeatmapQuery(dto, new Date('2026-12-07T00:00:00Z'))).toThrow(words);
  });
});

describe(heatmapArticle.name, () => {
  it('says the period, the total, the busiest places and categories in plain words, then places both pictures', () => {
    const a = heatmapArticle(heatmap());
    expect(a.title).toBe('民生诉求热力图（11月1日至11月7日）');
    expect(a.digest).toContain('共受理民生诉求6件');
    expect(a.html).toContain('井溪镇胜利村（5件）');
    expect(a.html).toContain('基础设施（4件）');
    expect(a.html.indexOf('{{picture:0}}')).toBeLessThan(a.html.indexOf('{{picture:1}}'));
  });

  it('escapes place names', () => {
    const a = heatmapArticle(heatmap({ places: [{ ...heatmap().places[0], name: '<b>村' }] }));
    expect(a.html).toContain('&lt;b&gt;村');
  });
});

describe(heatGridOption.name, () => {
  it('grows with the towns, one row each, and writes numbers white on the darkest cells', () => {
    const towns = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `t${i}`, name: `镇${i}`, total: i, cells: [i, 0] }));
    const small = heatGridOption(heatmap());
    expect(heatGridOption(heatmap({ towns: towns(31) })).height - heatGridOption(heatmap({ towns: towns(5) })).height).toBe(26 * 44);
    const data = (small.option as { series: { data: { value: unknown[]; label: { color: string } }[] }[] }).series[0].data;
    expect(data.find((d) => d.value[2] === 4)?.label.color).toBe('#ffffff');
    expect(data.find((d) => d.value[2] === 1)?.label.color).toBe('#1a1a1a');
  });
});

describe('an empty heat map', () => {
  it('says there were no demands instead of drawing a blank', () => {
    const empty = heatmap({ towns: [], places: [], topColumns: [], total: 0 });
    for (const built of [heatGridOption(empty), placeMapOption(empty)]) {
      expect((built.option as { graphic: { style: { text: string } }[] }).graphic[0].style.text).toBe('这段时间没有诉求');
    }
    expect((heatGridOption(heatmap()).option as { graphic: unknown[] }).graphic).toEqual([]);
  });
});
