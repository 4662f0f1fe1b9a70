import { attachmentLabel, kindLabel, statusCounts, urgencyLabel } from './labels';

describe('labels', () => {
  it.each([
    ['consultation', '咨询'],
    ['suggestion', '建议'],
    [null, '未分类'],
  ])('kind %p → %s', (code, label) => expect(kindLabel(code)).toBe(label));
  it.each([
    ['critical', '特急'],
    ['urgent', '紧急'],
    [undefined, '一般'],
  ])('urgency %p → %s', (code, label) => expect(urgencyLabel(code)).toBe(label));
  it.each([
    [{ kind: 'image', source: 'resident', status: 'stored' }, '群众照片'],
    [{ kind: 'image', source: 'staff', status: 'stored' }, '现场照片'],
    [{ kind: 'voice', source: 'resident', status: 'failed' }, '群众语音（已失效）'],
    [{ kind: 'video', source: 'resident', status: 'pending' }, '群众视频（保存中）'],
  ] as const)('attachment %j → %s', (a, label) => expect(attachmentLabel(a)).toBe(label));
  it('statusCounts keeps order and drops zeros', () => {
    expect(statusCounts({ in_progress: 3, accepted: 2, returned: 0, closed: 9 })).toEqual([
      { label: '待受理分办', count: 2 },
      { label: '办理中', count: 3 },
    ]);
    expect(statusCounts(null)).toEqual([]);
  });
});
