import { assignDefault, classifyDefaults, indexOf, labelOf, subItemOptions, unitOptions } from './forms';
import type { Unit } from './types';

describe('subItemOptions', () => {
  it('labels sub-items with their category', () => {
    const tax = {
      categories: [{ code: 'infra', name: '基础设施' }],
      subItems: [
        { code: 'road', name: '道路交通', category: 'infra' },
        { code: 'x', name: '其他', category: 'missing' },
      ],
    };
    expect(subItemOptions(tax)).toEqual([
      { code: 'road', label: '基础设施·道路交通' },
      { code: 'x', label: '其他' },
    ]);
    expect(subItemOptions(null)).toEqual([]);
  });
});

describe('classifyDefaults', () => {
  it.each([
    [{ kind: 'help', subItem: 'water', urgency: 'urgent' }, { kind: 'help', subItem: 'water', urgency: 'urgent' }],
    [{ kind: 'complaint', subItem: null, urgency: 'normal', suggestion: { subItem: 'road' } }, { kind: 'complaint', subItem: 'road', urgency: 'normal' }],
    [{ kind: 'complaint', subItem: null, urgency: 'normal' }, { kind: 'complaint', subItem: null, urgency: 'normal' }],
  ] as const)('%j', (c, out) => expect(classifyDefaults(c)).toEqual(out));
});

describe('units', () => {
  const units: Unit[] = [
    { id: 'v', code: 'v', name: '石塘村', level: 'village' },
    { id: 't', code: 't', name: '井溪镇', level: 'town' },
    { id: 'd', code: 'd', name: '住建局', level: 'department' },
    { id: 'c', code: 'c', name: '指挥中心', level: 'city' },
  ];
  const options = unitOptions(units);
  it('orders city, departments, towns, villages', () => {
    expect(options.map((o) => o.code)).toEqual(['c', 'd', 't', 'v']);
    expect(options[2].label).toBe('井溪镇（乡镇）');
  });
  it.each([
    [{ unitId: 't', reason: '' }, 't'],
    [{ unitId: 'gone', reason: '' }, null],
    [{ unitId: null, reason: '' }, null],
    [null, null],
  ])('assignDefault %j → %p', (s, id) => expect(assignDefault(s, options)).toBe(id));
  it('indexOf and labelOf', () => {
    expect(indexOf(options, 'd')).toBe(1);
    expect(indexOf(options, null)).toBe(-1);
    expect(labelOf(options, 'v')).toBe('石塘村（村社区）');
    expect(labelOf(options, 'zz', '无')).toBe('无');
  });
});
