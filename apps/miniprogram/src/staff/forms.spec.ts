import { classifyDefaults, indexOf, labelOf, subItemOptions, type Option } from './forms';

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

describe('options', () => {
  const options: Option[] = [
    { code: 't', label: '井溪镇（乡镇）' },
    { code: 'd', label: '住建局（部门）' },
    { code: 'v', label: '石塘村（村社区）' },
  ];
  it('indexOf and labelOf', () => {
    expect(indexOf(options, 'd')).toBe(1);
    expect(indexOf(options, null)).toBe(-1);
    expect(labelOf(options, 'v')).toBe('石塘村（村社区）');
    expect(labelOf(options, 'zz', '无')).toBe('无');
  });
});
