import { randomBytes } from 'node:crypto';
import { buildSignedInbound } from '@msz/wechat';
import { createTestApp, TEST_WECHAT, type TestApp } from '@msz/server/testing/test-app';
import { numberIn, postWebhook, Resident } from './support/resident';

const aesKey = () => randomBytes(32).toString('base64').slice(0, 43);

/** Safe mode (消息加解密 安全模式): everything encrypted, and nothing else accepted. */
describe('the webhook in safe mode', () => {
  let sut: TestApp;
  const key = aesKey();
  const safe = { ...TEST_WECHAT, encodingAESKey: key };

  beforeAll(async () => {
    sut = await createTestApp({ WECHAT_ENCODING_AES_KEY: key });
  });
  afterAll(() => sut?.close());

  const count = async () => (await sut.ds.query('SELECT count(*)::int AS n FROM wechat_inbound'))[0].n as number;

  it('files from an encrypted message and answers encrypted', async () => {
    const resident = new Resident(sut.baseUrl, 'o_safe_01', safe);
    const res = await resident.say('永宁镇的路灯坏了半个月');
    expect(res.raw).toContain('<Encrypt>');
    expect(res.raw).not.toContain('永宁镇');
    expect(numberIn(res.reply)).toMatch(/^MS/);
    expect((await resident.say('查询')).reply).toContain('已受理');
  });

  it('refuses a plaintext message (a downgrade) and stores nothing', async () => {
    const before = await count();
    const plain = buildSignedInbound(TEST_WECHAT, { ToUserName: 'gh', FromUserName: 'o_safe_02', CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: '明文消息', MsgId: '123' });
    expect((await postWebhook(sut.baseUrl, plain.query, plain.body, safe)).status).toBe(403);
    expect(await count()).toBe(before);
  });

  it('refuses a message encrypted for another account', async () => {
    const before = await count();
    const other = buildSignedInbound({ ...safe, appid: 'wxsomeoneelse00001' }, { ToUserName: 'gh', FromUserName: 'o_safe_03', CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: '别人的消息', MsgId: '124' });
    expect((await postWebhook(sut.baseUrl, other.query, other.body, safe)).status).toBe(403);
    const wrongKey = buildSignedInbound({ ...safe, encodingAESKey: aesKey() }, { ToUserName: 'gh', FromUserName: 'o_safe_04', CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: '错误的密钥', MsgId: '125' });
    expect((await postWebhook(sut.baseUrl, wrongKey.query, wrongKey.body, safe)).status).toBeGreaterThanOrEqual(400);
    expect(await count()).toBe(before);
  });

  it('answers WeChat’s URL verification', async () => {
    const { buildUrlVerification } = await import('@msz/wechat');
    const query = buildUrlVerification(TEST_WECHAT, 'echo-4711');
    const res = await fetch(`${sut.baseUrl}/wechat?${new URLSearchParams(query)}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('echo-4711');
    const forged = await fetch(`${sut.baseUrl}/wechat?${new URLSearchParams({ ...query, signature: 'f'.repeat(40) })}`);
    expect(forged.status).toBe(401);
  });
});
