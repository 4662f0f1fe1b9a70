import { FakeWechat } from '../fake';
import { InMemoryTokenStore, WechatApiClient, WechatApiError, type DraftArticle } from './index';

const OA = { appid: 'wxoa0000000000001', secret: 'oa-secret-must-not-leak' };
/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 7)]);

let fake: FakeWechat;
let srv: { baseUrl: string; close(): Promise<void> };
let sut: WechatApiClient;

beforeEach(async () => {
  fake = new FakeWechat(OA);
  srv = await fake.listen();
  sut = new WechatApiClient({ ...OA, baseUrl: srv.baseUrl, tokenStore: new InMemoryTokenStore() });
});
afterEach(() => srv.close());

const errcodeOf = async (p: Promise<unknown>): Promise<number> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WechatApiError);
  return (err as WechatApiError).errcode;
};
const article = (over: Partial<DraftArticle> = {}): DraftArticle => ({ title: '本周民生诉求热力图', content: '<p>正文</p>', thumb_media_id: 'none', ...over });

describe(`${WechatApiClient.name} article images`, () => {
  it('uploads an article image as multipart `media` and answers its CDN url; the fake keeps the exact bytes', async () => {
    const { url } = await sut.uploadArticleImage({ data: PNG, filename: '热力图.png', contentType: 'image/png' });
    expect(url).toMatch(/^http:\/\/mmbiz\.qpic\.cn\/mmbiz_png\/.+wx_fmt=png$/);
    expect(fake.images).toHaveLength(1);
    expect(fake.images[0].data.equals(PNG)).toBe(true);
    expect(fake.images[0].filename).toBe('热力图.png');
    expect(fake.images[0].mediaId).toBeUndefined();
  });

  it('takes jpg too, but refuses what is not a jpg or png by its bytes (40005), and 1 MB or more (40009)', async () => {
    await expect(sut.uploadArticleImage({ data: JPEG, filename: 'a.jpg', contentType: 'image/jpeg' })).resolves.toEqual({ url: expect.stringContaining('wx_fmt=jpeg') });
    expect(await errcodeOf(sut.uploadArticleImage({ data: Buffer.from('GIF89a-not-allowed-here'), filename: 'a.png', contentType: 'image/png' }))).toBe(40005);
    const big = Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]);
    expect(await errcodeOf(sut.uploadArticleImage({ data: big, filename: 'big.png', contentType: 'image/png' }))).toBe(40009);
    expect(fake.images).toHaveLength(1);
  });

  it('sends the same upload again after a stale token (40001), once', async () => {
    fake.failNext('/cgi-bin/media/uploadimg', 40001);
    const { url } = await sut.uploadArticleImage({ data: PNG, filename: 'a.png', contentType: 'image/png' });
    expect(fake.images.map((i) => i.url)).toEqual([url]);
    expect(fake.requests.filter((r) => r.path === '/cgi-bin/media/uploadimg')).toHaveLength(2);
  });

  it('refuses an empty file before sending anything', async () => {
    await expect(sut.uploadArticleImage({ data: Buffer.alloc(0), filename: 'a.png', contentType: 'image/png' })).rejects.toThrow(/empty/);
    expect(fake.requests.filter((r) => r.path === '/cgi-bin/media/uploadimg')).toHaveLength(0);
  });
});

describe(`${WechatApiClient.name} permanent image material`, () => {
  it('adds an image material and answers a media_id the fake knows', async () => {
    const res = await sut.addImageMaterial({ data: PNG, filename: 'cover.png', contentType: 'image/png' });
    expect(res.media_id).toMatch(/^MAT_/);
    expect(res.url).toContain('mmbiz.qpic.cn');
    expect(fake.images[0].mediaId).toBe(res.media_id);
  });
});

describe(`${WechatApiClient.name} drafts and publishing`, () => {
  let thumb: string;
  let bodyImage: string;
  beforeEach(async () => {
    thumb = (await sut.addImageMaterial({ data: PNG, filename: 'cover.png', contentType: 'image/png' })).media_id;
    bodyImage = (await sut.uploadArticleImage({ data: PNG, filename: 'body.png', contentType: 'image/png' })).url;
  });

  it('creates a draft and records it as received; images not uploaded with uploadimg are marked as dropped', async () => {
    const content = `<p>本周诉求</p><img src="${bodyImage}" alt="热力图"><img src="https://example.com/outside.png">`;
    const { media_id } = await sut.addDraft([article({ thumb_media_id: thumb, content, author: '民声直达办公室', digest: '一图看懂本周诉求' })]);
    expect(fake.drafts).toHaveLength(1);
    const [draft] = fake.drafts;
    expect(draft.mediaId).toBe(media_id);
    expect(draft.articles[0]).toMatchObject({ title: '本周民生诉求热力图', author: '民声直达办公室', digest: '一图看懂本周诉求', content, thumb_media_id: thumb });
    expect(draft.articles[0].droppedImages).toEqual(['https://example.com/outside.png']);
  });

  it.each([
    ['a cover that is not a permanent material', () => [article({ thumb_media_id: 'MAT_unknown' })], 40007],
    ['no articles', () => [], 44003],
    ['an empty title', (t: string) => [article({ thumb_media_id: t, title: ' ' })], 47003],
    ['empty content', (t: string) => [article({ thumb_media_id: t, content: '' })], 44004],
    ['a title over 64 characters', (t: string) => [article({ thumb_media_id: t, title: '题'.repeat(65) })], 45003],
    ['an author over 16 characters', (t: string) => [article({ thumb_media_id: t, author: '人'.repeat(17) })], 45110],
    ['a digest over 120 characters', (t: string) => [article({ thumb_media_id: t, digest: '摘'.repeat(121) })], 45004],
    ['content of 20,000 characters', (t: string) => [article({ thumb_media_id: t, content: 'x'.repeat(20_000) })], 45002],
  ])('refuses a draft with %s (%#)', async (_what, articles, errcode) => {
    expect(await errcodeOf(sut.addDraft((articles as (t: string) => DraftArticle[])(thumb)))).toBe(errcode);
    expect(fake.drafts).toHaveLength(0);
  });

  it('submits a draft and reads the job: published, with the article link', async () => {
    const { media_id } = await sut.addDraft([article({ thumb_media_id: thumb })]);
    const job = await sut.submitPublish(media_id);
    expect(job.publish_id).toMatch(/^\d+$/);
    expect(job.msg_data_id).toMatch(/^\d+$/);
    const status = await sut.getPublishStatus(job.publish_id);
    expect(status).toMatchObject({ publish_id: job.publish_id, publish_status: 0, fail_idx: [] });
    expect(status.article_id).toEqual(expect.any(String));
    expect(status.article_detail).toEqual({ count: 1, item: [{ idx: 1, article_url: expect.stringContaining('mp.weixin.qq.com') }] });
    expect(fake.publishedArticles().map((a) => a.draft.mediaId)).toEqual([media_id]);
  });

  it('reports a job the review refused (status 4) with the failed articles, and publishes nothing', async () => {
    fake.setPublishOutcome(4);
    const { media_id } = await sut.addDraft([article({ thumb_media_id: thumb })]);
    const job = await sut.submitPublish(media_id);
    await expect(sut.getPublishStatus(job.publish_id)).resolves.toEqual({ publish_id: job.publish_id, publish_status: 4, fail_idx: [1] });
    expect(fake.publishedArticles()).toEqual([]);
  });

  it('refuses to publish an unknown draft (40007) and to read an unknown job', async () => {
    expect(await errcodeOf(sut.submitPublish('DRAFT_unknown'))).toBe(40007);
    expect(await errcodeOf(sut.getPublishStatus('123'))).toBe(47003);
  });
});

describe(`${FakeWechat.name} publishing endpoints over plain HTTP`, () => {
  const token = async () => new WechatApiClient({ ...OA, baseUrl: srv.baseUrl, tokenStore: new InMemoryTokenStore() }).getAccessToken();
  const post = async (path: string, body: FormData | string) =>
    (await (await fetch(`${srv.baseUrl}${path}${path.includes('?') ? '&' : '?'}access_token=${await token()}`, { method: 'POST', body })).json()) as { errcode?: number };

  it('answers 41005 for an upload without a `media` part, 44001 for an empty one, 40004 for a material type other than image', async () => {
    const wrongField = new FormData();
    wrongField.append('file', new Blob([PNG], { type: 'image/png' }), 'a.png');
    expect((await post('/cgi-bin/media/uploadimg', wrongField)).errcode).toBe(41005);
    const empty = new FormData();
    empty.append('media', new Blob([], { type: 'image/png' }), 'a.png');
    expect((await post('/cgi-bin/media/uploadimg', empty)).errcode).toBe(44001);
    const image = new FormData();
    image.append('media', new Blob([PNG], { type: 'image/png' }), 'a.png');
    expect((await post('/cgi-bin/material/add_material?type=voice', image)).errcode).toBe(40004);
    expect((await post('/cgi-bin/draft/add', JSON.stringify({ articles: 'none' }))).errcode).toBe(44003);
  });

  it('shows what it received on its inspection surface, and forgets it on reset', async () => {
    const url = (await sut.uploadArticleImage({ data: PNG, filename: 'a.png', contentType: 'image/png' })).url;
    const thumb = (await sut.addImageMaterial({ data: PNG, filename: 'c.png', contentType: 'image/png' })).media_id;
    const { media_id } = await sut.addDraft([article({ thumb_media_id: thumb, content: `<img src="${url}">` })]);
    await sut.submitPublish(media_id);
    const seen = (await (await fetch(`${srv.baseUrl}/__fake/articles`)).json()) as { drafts: { mediaId: string }[]; publications: { draftMediaId: string; status: number }[] };
    expect(seen.drafts.map((d) => d.mediaId)).toEqual([media_id]);
    expect(seen.publications).toEqual([expect.objectContaining({ draftMediaId: media_id, status: 0 })]);
    const image = await fetch(`${srv.baseUrl}/__fake/image?url=${encodeURIComponent(url)}`);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);
    fake.reset();
    expect([fake.images.length, fake.drafts.length, fake.publications.length]).toEqual([0, 0, 0]);
    expect((await fetch(`${srv.baseUrl}/__fake/image?url=${encodeURIComponent(url)}`)).status).toBe(404);
  });

  it('answers 40001 for an unknown access token and 43002 for a GET', async () => {
    const res = await fetch(`${srv.baseUrl}/cgi-bin/draft/add?access_token=nope`, { method: 'POST', body: '{}' });
    expect(((await res.json()) as { errcode: number }).errcode).toBe(40001);
    const get = await fetch(`${srv.baseUrl}/cgi-bin/freepublish/submit?access_token=${await token()}`);
    expect(((await get.json()) as { errcode: number }).errcode).toBe(43002);
  });
});
