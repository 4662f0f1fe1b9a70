import type { Heatmap } from '../api/staff';
import { periodOf, topColumnLines, topPlaceLines } from './heatmap';

const h: Heatmap = {
  query: { from: '2026-11-01', to: '2026-11-30', groupBy: 'category' },
  columns: [{ code: 'infrastructure', name: '基础设施' }],
  towns: [],
  places: [
    { id: 'v', name: '胜利村', town: '井溪镇', level: 'village', lat: null, lng: null, count: 12, topColumn: '基础设施', topCount: 9 },
    { id: 't', name: '八台镇', town: '八台镇', level: 'town', lat: null, lng: null, count: 3, topColumn: null, topCount: 0 },
  ],
  topColumns: [{ code: 'infrastructure', name: '基础设施', count: 12 }],
  total: 16,
  unplaced: 1,
};

describe('heat map lines', () => {
  it('names a village with its town and says what it is mostly about', () => {
    expect(topPlaceLines(h)).toEqual([
      { key: 'v', place: '井溪镇 胜利村', count: '12件', about: '多为基础设施（9件）' },
      { key: 't', place: '八台镇', count: '3件', about: '' },
    ]);
  });

  it('gives each category its share of all demands', () => {
    expect(topColumnLines(h)).toEqual([{ key: 'infrastructure', name: '基础设施', count: '12件', share: '占75%' }]);
  });

  it('counts periods in Beijing days, today included', () => {
    expect(periodOf(7, new Date('2026-12-07T17:00:00Z'))).toEqual({ from: '2026-12-02', to: '2026-12-08' });
    expect(periodOf(1, new Date('2026-12-07T01:00:00Z'))).toEqual({ from: '2026-12-07', to: '2026-12-07' });
  });
});
