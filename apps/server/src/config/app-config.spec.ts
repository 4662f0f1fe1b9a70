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
