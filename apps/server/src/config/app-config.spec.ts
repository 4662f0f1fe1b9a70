import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, describeConfig, loadConfig } from './app-config';

const production = { WECHAT_APPID: 'wx1234567890abcdef', WECHAT_APPSECRET: 'abcdefabcdefabcdef', WECHAT_TOKEN: 'tok123', AUTH_SECRET: 'x'.repeat(40) };

describe(loadConfig.name, () => {
  it('runs a newcomer in the sandbox on embedded PGlite when nothing is configured', () => {
    const sut = loadConfig({});
    expect(sut).toMatchObject({ port: 3000, databaseUrl: undefined, sandbox: true, seedDemo: true, caseNumberPrefix: 'MS' });
    expect(sut.dataDir).toMatch(/data$/);
    expect(sut.wechat.apiBase).toBe('http://127.0.0.1:3000/__wechat');
    expect(sut.authSecret).toHaveLength(64);
  });

  it('takes a real account, with WeChat’s real API by default', () => {
    const sut = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/msz',
      WECHAT_APPID: 'wx1234567890abcdef',
      WECHAT_APPSECRET: 'abcdefabcdefabcdef',
      WECHAT_TOKEN: 'tok123',
      AUTH_SECRET: 'x'.repeat(40),
    });
    expect(sut).toMatchObject({ port: 8080, sandbox: false, seedDemo: false, databaseUrl: 'postgres://u:p@db:5432/msz' });
    expect(sut.wechat).toMatchObject({ appid: 'wx1234567890abcdef', apiBase: 'https://api.weixin.qq.com', maxAgeSeconds: 300 });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ WECHAT_ENCODING_AES_KEY: 'short' }, 'WECHAT_ENCODING_AES_KEY'],
    [{ WECHAT_API_BASE: 'not a url' }, 'WECHAT_API_BASE'],
    [{ CASE_NUMBER_PREFIX: 'ms' }, 'CASE_NUMBER_PREFIX'],
    [{ WECHAT_TEMPLATE_FIELDS: '{not json' }, 'WECHAT_TEMPLATE_FIELDS'],
    [{ WECHAT_TEMPLATE_FIELDS: '[1, 2]' }, 'WECHAT_TEMPLATE_FIELDS'],
    [{ WECHAT_SUBSCRIBE_TEMPLATES: '{"miniprogram": {"accepted": 7}}' }, 'WECHAT_SUBSCRIBE_TEMPLATES'],
    [{ WEB_CONCURRENCY: '2' }, 'WEB_CONCURRENCY'],
    [{ WECHAT_APPID: 'wx1234567890abcdef' }, 'WECHAT_APPSECRET'],
    [{ WECHAT_APPID: 'wx1234567890abcdef', WECHAT_APPSECRET: 'abcdefabcdefabcdef', WECHAT_TOKEN: 'tok123' }, 'AUTH_SECRET'],
    // A mini-program alone is a real account too: the Official Account's credentials are then missing.
    [{ MINIPROGRAM_APPID: 'wx1234567890abcdef', MINIPROGRAM_SECRET: 'abcdefabcdefabcdef', AUTH_SECRET: 'x'.repeat(40) }, 'WECHAT_APPID'],
    [{ MINIPROGRAM_APPID: 'wx1234567890abcdef', MINIPROGRAM_SECRET: 'abcdefabcdefabcdef', AUTH_SECRET: 'x'.repeat(40) }, 'WECHAT_TOKEN'],
    [{ MINIPROGRAM_SECRET: 'abcdefabcdefabcdef' }, 'AUTH_SECRET'],
    [{ WECHAT_TOKEN: 'tok123' }, 'WECHAT_APPID'],
    [{ WECHAT_ENCODING_AES_KEY: 'a'.repeat(43) }, 'WECHAT_APPSECRET'],
    [{ ...production, MINIPROGRAM_APPID: 'wx1234567890abcdef' }, 'MINIPROGRAM_SECRET'],
    [{ ...production, SEED_DEMO: 'true' }, 'SEED_DEMO'],
    [{ TRUST_PROXY: 'everyone!' }, 'TRUST_PROXY'],
  ])('stops at boot naming the bad value: %j → %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it('runs a complete account in production: no sandbox, no demo seed, the mini-program when both its values are set', () => {
    const sut = loadConfig({ ...production, MINIPROGRAM_APPID: 'wxmini567890abcdef', MINIPROGRAM_SECRET: 'minisecret12345', SEED_DEMO: 'false' });
    expect(sut).toMatchObject({ sandbox: false, seedDemo: false });
    expect(sut.wechat.miniprogram).toEqual({ appid: 'wxmini567890abcdef', secret: 'minisecret12345' });
    expect(sut.corsOrigins).toEqual([]);
  });

  it('believes no proxy unless told which', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it('never shows secrets in the boot description', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://admin:hunter2@db/msz',
      WECHAT_APPID: 'wx1234567890abcdef',
      WECHAT_APPSECRET: 'topsecretvalue123',
      WECHAT_TOKEN: 'tok123',
      AUTH_SECRET: 'y'.repeat(40),
    });
    const text = JSON.stringify(describeConfig(config));
    for (const secret of ['hunter2', 'topsecretvalue123', 'tok123', 'y'.repeat(40)]) expect(text).not.toContain(secret);
    expect(text).toContain('wx1234567890abcdef');
  });
});

describe('WeChat Pay configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'msz-pay-cfg-'));
  const keyPath = `${dir}/apiclient_key.pem`;
  const pubPath = `${dir}/pub_key.pem`;
  writeFileSync(keyPath, '-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----\n');
  writeFileSync(pubPath, '-----BEGIN PUBLIC KEY-----\npublic\n-----END PUBLIC KEY-----\n');
  const pay = {
    WECHATPAY_MCHID: '1900000001',
    WECHATPAY_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    WECHATPAY_PRIVATE_KEY_PATH: keyPath,
    WECHATPAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_0119000000012025',
    WECHATPAY_PUBLIC_KEY_PATH: pubPath,
    WECHATPAY_APIV3_KEY: 'a'.repeat(32),
    WECHATPAY_NOTIFY_URL: 'https://city.example/api/wechatpay/notify',
  };

  it('uses the built-in fake in the sandbox and pays nothing in production without credentials', () => {
    expect(loadConfig({}).wechatpay).toMatchObject({ mode: 'fake', notifyUrl: 'http://127.0.0.1:3000/api/wechatpay/notify' });
    expect(loadConfig(production).wechatpay).toBeNull();
  });

  it('reads the merchant’s keys from files, calls the real host by default, and never logs a key', () => {
    const sut = loadConfig({ ...production, ...pay, REWARD_MONTHLY_BUDGET_FEN: '500000' });
    expect(sut.wechatpay).toMatchObject({ mode: 'live', mchid: '1900000001', apiBase: 'https://api.mch.weixin.qq.com', monthlyBudgetFen: 500000, privateKey: expect.stringContaining('secret') });
    const described = JSON.stringify(describeConfig(sut));
    expect(described).toContain('1900000001');
    expect(described).not.toContain('secret');
    expect(described).not.toContain('a'.repeat(32));
  });

  it('refuses part of the credentials, a malformed one, or a key file it cannot read, by name', () => {
    expect(() => loadConfig({ ...production, WECHATPAY_MCHID: '1900000001' })).toThrow(/WECHATPAY_SERIAL: required/);
    expect(() => loadConfig({ ...production, ...pay, WECHATPAY_APIV3_KEY: 'short' })).toThrow(/WECHATPAY_APIV3_KEY must be 32 characters/);
    expect(() => loadConfig({ ...production, ...pay, WECHATPAY_PRIVATE_KEY_PATH: `${dir}/missing.pem` })).toThrow(/WECHATPAY_PRIVATE_KEY_PATH: cannot read/);
  });
});
