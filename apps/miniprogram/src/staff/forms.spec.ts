import { classifyDefaults, indexOf, labelOf, subItemOptions, suggestionDoubt, type Option } from './forms';

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

describe('suggestionDoubt', () => {
  const options = [
    { code: 'water-supply', label: '基础设施·供水水利' },
    { code: 'housing-safety', label: '基础设施·住房安全' },
  ];

  it('tells the dispatcher to check, names the doubtful fields and lists the alternatives it knows', () => {
    const doubt = suggestionDoubt(
      {
        uncertain: true,
        reasons: ['sub-item-close', 'urgency-close'],
        alternatives: [
          { subItem: 'water-supply', score: 0.46 },
          { subItem: 'housing-safety', score: 0.411 },
          { subItem: 'dropped-by-the-city', score: 0.05 },
        ],
      },
      options,
    );
    expect(doubt).toEqual({
      message: '系统不确定，请核对：分类、紧急程度',
      alternatives: [
        { code: 'water-supply', label: '基础设施·供水水利 46%' },
        { code: 'housing-safety', label: '基础设施·住房安全 41%' },
      ],
    });
  });

  it('explains a danger that is not happening now', () => {
    expect(suggestionDoubt({ uncertain: true, reasons: ['red-not-now'], alternatives: [] }, options)?.message).toBe(
      '系统不确定，请核对：紧急程度（提到的危险像是以前发生的或担心会发生）',
    );
  });

  it('says nothing when the classifier was sure or the case has no flag', () => {
    expect(suggestionDoubt({ uncertain: false, needsReview: false, alternatives: [] }, options)).toBeNull();
    expect(suggestionDoubt({ needsReview: true }, options)).toBeNull();
    expect(suggestionDoubt(null, options)).toBeNull();
  });
});
