import { formatPlace, mapUrl, POINT_ONLY_LABEL } from './place-label';

const point = { lat: 32.07, lng: 108.03 };

describe(formatPlace.name, () => {
  it.each([
    ['town and village', { names: { town: '八台镇', village: '香炉村' } }, '八台镇 香炉村'],
    ['town only', { names: { town: '八台镇', village: null } }, '八台镇'],
    ["the resident's words after the names", { names: { town: '井溪镇', village: null }, spot: '镇卫生院门口' }, '井溪镇（镇卫生院门口）'],
    ['words that only repeat a name', { names: { town: '井溪镇', village: '胜利村' }, spot: '胜利村' }, '井溪镇 胜利村'],
    ['words that already name every place', { names: { town: '八台镇', village: null }, spot: '八台镇中学' }, '八台镇中学'],
    ['words naming the town but not the village', { names: { town: '八台镇', village: '香炉村' }, spot: '八台镇中学' }, '八台镇 香炉村（八台镇中学）'],
    ['words and no names', { names: null, spot: '  老街  菜市场 ' }, '老街 菜市场'],
    ['nothing', {}, null],
  ])('%s', (_, input, label) => {
    expect(formatPlace(input).label).toBe(label);
  });

  it('never shows coordinates: a bare point is named plainly and linked to a map', () => {
    const view = formatPlace({ point });
    expect(view.label).toBe(POINT_ONLY_LABEL);
    expect(view.label).not.toMatch(/\d/);
    expect(view.mapUrl).toBe(mapUrl(point, POINT_ONLY_LABEL));
  });

  it('links the named place to its point, and has no link without a valid point', () => {
    expect(formatPlace({ names: { town: '八台镇', village: '香炉村' }, point }).mapUrl).toContain('position=108.03,32.07');
    expect(formatPlace({ names: { town: '八台镇', village: null } }).mapUrl).toBeNull();
    expect(formatPlace({ names: { town: '八台镇', village: null }, point: { lat: 132, lng: 108 } }).mapUrl).toBeNull();
  });
});

describe(mapUrl.name, () => {
  it('puts longitude first, rounds to 6 places and escapes the name', () => {
    expect(mapUrl({ lat: 32.0700004, lng: 108.1234567 }, '八台镇 香炉村')).toBe(
      'https://uri.amap.com/marker?position=108.123457,32.07&name=%E5%85%AB%E5%8F%B0%E9%95%87%20%E9%A6%99%E7%82%89%E6%9D%91&coordinate=gaode&callnative=0',
    );
  });
});
