import { isChatter, normaliseCaseText, summarise } from './case-text';

describe('case text', () => {
  it.each(['你好', '在吗', '谢谢', '嗯', 'hi', '？'])('treats %j as chatter', (t) => expect(isChatter(t)).toBe(true));
  it.each(['路灯坏了', '村里停水三天了', '我要举报有人乱倒垃圾'])('treats %j as a demand', (t) => expect(isChatter(t)).toBe(false));

  it('summarises long text on one line', () => {
    expect(summarise('井溪镇\n二村的路灯已经坏了一个多月，晚上很黑', 10)).toBe('井溪镇 二村的路灯…');
  });

  it('refuses empty and oversize text', () => {
    expect(() => normaliseCaseText('   ')).toThrow(/no text/);
    expect(() => normaliseCaseText('水'.repeat(2001))).toThrow(/longer/);
  });
});
