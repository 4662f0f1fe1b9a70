import { articleHtml } from './publication.service';

describe(articleHtml.name, () => {
  const pictures = [
    { png: Buffer.alloc(0), alt: '热力图' },
    { png: Buffer.alloc(0), alt: '分布图"' },
  ];

  it('puts each picture where the article says, full width, with its words as alt', () => {
    const html = articleHtml('<p>一</p>{{picture:1}}<p>二</p>{{picture:0}}', pictures, ['http://mmbiz.qpic.cn/a', 'http://mmbiz.qpic.cn/b']);
    expect(html.indexOf('mmbiz.qpic.cn/b')).toBeLessThan(html.indexOf('<p>二</p>'));
    expect(html.indexOf('mmbiz.qpic.cn/a')).toBeGreaterThan(html.indexOf('<p>二</p>'));
    expect(html).toContain('alt="分布图&quot;"');
    expect(html).toContain('width:100%');
  });

  it('adds pictures the article did not place at its end, and drops a placeholder with no picture', () => {
    const html = articleHtml('<p>正文</p>{{picture:5}}', pictures, ['http://mmbiz.qpic.cn/a', 'http://mmbiz.qpic.cn/b']);
    expect(html).not.toContain('{{');
    expect(html.indexOf('<p>正文</p>')).toBeLessThan(html.indexOf('mmbiz.qpic.cn/a'));
    expect(html.indexOf('mmbiz.qpic.cn/a')).toBeLessThan(html.indexOf('mmbiz.qpic.cn/b'));
  });
});
