import { randomBytes } from 'node:crypto';
import {
  WechatWebhook,
  buildSignedInbound,
  buildUrlVerification,
  readPassiveReply,
  type InboundMessage,
  type PassiveReply,
  type WebhookConfig,
  type WebhookResponse,
} from './index';
import { createCryptor, sha1Signature } from './crypto';

const NOW_MS = 1_750_000_000_123;
const NOW_S = Math.floor(NOW_MS / 1000);
const TOKEN = 'msz-token';
const APPID = 'wx1234567890abcdef';

/** A valid EncodingAESKey: base64 of 32 random bytes without the trailing '='. */
function newAesKey(): string {
  const key = randomBytes(32).toString('base64');
  expect(key).toHaveLength(44);
  return key.slice(0, 43);
}

const plainCfg: WebhookConfig = { token: TOKEN, appid: APPID, now: () => NOW_MS };
const AES_KEY = newAesKey();
const safeCfg: WebhookConfig = { token: TOKEN, appid: APPID, encodingAESKey: AES_KEY, now: () => NOW_MS };

const textMsg = (extra: Record<string, string | number> = {}) => ({
  ToUserName: 'gh_abcdef123456',
  FromUserName: 'oUser_openid_1',
  CreateTime: NOW_S - 1,
  MsgType: 'text',
  Content: '我要反映小区噪音扰民',
  MsgId: '24412345678901234',
  ...extra,
});

function handler(reply: PassiveReply = { type: 'text', content: '已收到您的诉求' }) {
  return jest.fn(async (_msg: InboundMessage): Promise<PassiveReply> => reply);
}

async function post(
  cfg: WebhookConfig,
  inbound: { query: Record<string, string | string[]>; body: string | Buffer },
  onMessage = handler(),
): Promise<{ res: WebhookResponse; onMessage: typeof onMessage }> {
  const res = await new WechatWebhook(cfg).handle(
    { method: 'POST', query: inbound.query, rawBody: inbound.body },
    onMessage,
  );
  return { res, onMessage };
}

async function expectRefused(
  cfg: WebhookConfig,
  inbound: { query: Record<string, string | string[]>; body: string | Buffer },
  status: number,
  code: string,
): Promise<void> {
  const { res, onMessage } = await post(cfg, inbound);
  expect({ status: res.status, refusal: res.refusal }).toEqual({ status, refusal: code });
  expect(res.body).toBe(code);
  expect(onMessage).not.toHaveBeenCalled();
}

describe('plain mode', () => {
  it('round-trips a text message: verified, parsed, replied with swapped users and CreateTime in seconds', async () => {
    const inbound = buildSignedInbound(plainCfg, textMsg(), { timestamp: NOW_S });
    const { res, onMessage } = await post(plainCfg, inbound);

    expect(onMessage).toHaveBeenCalledTimes(1);
    expect(onMessage.mock.calls[0][0]).toEqual({
      ToUserName: 'gh_abcdef123456',
      FromUserName: 'oUser_openid_1',
      CreateTime: String(NOW_S - 1),
      MsgType: 'text',
      Content: '我要反映小区噪音扰民',
      MsgId: '24412345678901234',
      createTime: NOW_S - 1,
    });
    expect(res.status).toBe(200);
    expect(res.refusal).toBeUndefined();
    expect(res.contentType).toMatch(/^application\/xml/);
    expect(res.body).not.toContain('<Encrypt>');
    expect(readPassiveReply(plainCfg, res.body)).toEqual({
      ToUserName: 'oUser_openid_1',
      FromUserName: 'gh_abcdef123456',
      CreateTime: NOW_S,
      MsgType: 'text',
      Content: '已收到您的诉求',
    });
    expect(res.body).toContain(`<CreateTime>${NOW_S}</CreateTime>`);
  });

  it('accepts the body as a Buffer (UTF-8)', async () => {
    const inbound = buildSignedInbound(plainCfg, textMsg(), { timestamp: NOW_S });
    const { res, onMessage } = await post(plainCfg, { ...inbound, body: Buffer.from(inbound.body, 'utf8') });
    expect(res.status).toBe(200);
    expect(onMessage.mock.calls[0][0].Content).toBe('我要反映小区噪音扰民');
  });

  it('keeps "]]>" in reply content exactly (split CDATA), also in inbound content', async () => {
    const tricky = 'a]]>b]]>]]>c <tag> & "q" ]]';
    const inbound = buildSignedInbound(plainCfg, textMsg({ Content: tricky }), { timestamp: NOW_S });
    const { res, onMessage } = await post(plainCfg, inbound, handler({ type: 'text', content: tricky }));
    expect(onMessage.mock.calls[0][0].Content).toBe(tricky);
    expect(res.body).toContain(']]]]><![CDATA[>');
    expect(readPassiveReply(plainCfg, res.body)?.Content).toBe(tricky);
  });

  it('answers a null reply with 200 "success"', async () => {
    const inbound = buildSignedInbound(plainCfg, textMsg(), { timestamp: NOW_S });
    const { res, onMessage } = await post(plainCfg, inbound, handler(null));
    expect(onMessage).toHaveBeenCalledTimes(1);
    expect(res).toMatchObject({ status: 200, body: 'success' });
    expect(res.refusal).toBeUndefined();
    expect(readPassiveReply(plainCfg, res.body)).toBeNull();
  });

  it('parses event, location and template-job fields as flat strings, nested ones with dotted keys', async () => {
    const wh = new WechatWebhook(plainCfg);
    const seen: InboundMessage[] = [];
    const onMessage = async (m: InboundMessage) => {
      seen.push(m);
      return null;
    };
    const base = { ToUserName: 'gh_x', FromUserName: 'o_y', CreateTime: NOW_S };
    const bodies = [
      buildSignedInbound(plainCfg, { ...base, MsgType: 'event', Event: 'CLICK', EventKey: 'REPORT_NEW' }, { timestamp: NOW_S }),
      buildSignedInbound(
        plainCfg,
        { ...base, MsgType: 'location', Location_X: '23.134521', Location_Y: '113.358803', Scale: '20', Label: '广州市天河区', MsgId: '1' },
        { timestamp: NOW_S },
      ),
      buildSignedInbound(
        plainCfg,
        { ...base, MsgType: 'event', Event: 'TEMPLATESENDJOBFINISH', MsgID: '200163836', Status: 'success' },
        { timestamp: NOW_S },
      ),
    ];
    for (const b of bodies) await wh.handle({ method: 'POST', query: b.query, rawBody: b.body }, onMessage);

    // A nested container as WeChat sends for scancode_waitmsg.
    const q = buildSignedInbound(plainCfg, {}, { timestamp: NOW_S }).query;
    const nested =
      '<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[o_y]]></FromUserName>' +
      `<CreateTime>${NOW_S}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[scancode_waitmsg]]></Event>` +
      '<ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[https://x.test/1]]></ScanResult></ScanCodeInfo></xml>';
    await wh.handle({ method: 'POST', query: q, rawBody: nested }, onMessage);

    expect(seen).toHaveLength(4);
    expect(seen[0]).toMatchObject({ MsgType: 'event', Event: 'CLICK', EventKey: 'REPORT_NEW', createTime: NOW_S });
    expect(seen[1]).toMatchObject({ Location_X: '23.134521', Location_Y: '113.358803', Scale: '20', Label: '广州市天河区' });
    expect(seen[2]).toMatchObject({ Event: 'TEMPLATESENDJOBFINISH', MsgID: '200163836', Status: 'success' });
    expect(seen[3]).toMatchObject({ 'ScanCodeInfo.ScanType': 'qrcode', 'ScanCodeInfo.ScanResult': 'https://x.test/1' });
    for (const m of seen) for (const v of Object.values(m)) expect(['string', 'number']).toContain(typeof v);
  });

  it('refuses a bad or missing signature with 401 bad_signature', async () => {
    const inbound = buildSignedInbound(plainCfg, textMsg(), { timestamp: NOW_S });
    await expectRefused(plainCfg, { ...inbound, query: { ...inbound.query, signature: 'f'.repeat(40) } }, 401, 'bad_signature');
    const { signature: _drop, ...unsigned } = inbound.query;
    await expectRefused(plainCfg, { ...inbound, query: unsigned }, 401, 'bad_signature');
    // Signed with another token.
    const other = buildSignedInbound({ ...plainCfg, token: 'other' }, textMsg(), { timestamp: NOW_S });
    await expectRefused(plainCfg, other, 401, 'bad_signature');
  });

  it('refuses stale and future timestamps (no replays), accepts the window edge', async () => {
    const stale = buildSignedInbound(plainCfg, textMsg(), { timestamp: NOW_S - 301 });
    await expectRefused(plainCfg, stale, 401, 'stale_timestamp');
    const future = buildSignedInbound(plainCfg, textMsg(), { timestamp: NOW_S + 301 });
    await expectRefused(plainCfg, future, 401, 'stale_timestamp');
    const edge = buildSignedInbound(plainCfg, textMsg(), { timestamp: NOW_S - 300 });
    expect((await post(plainCfg, edge)).res.status).toBe(200);
    // A custom window.
    const old = buildSignedInbound(plainCfg, textMsg(), { timestamp: NOW_S - 61 });
    await expectRefused({ ...plainCfg, maxAgeSeconds: 60 }, old, 401, 'stale_timestamp');
  });

  it('refuses a body over maxBodyBytes with 413, before parsing', async () => {
    const big = buildSignedInbound(plainCfg, textMsg({ Content: 'x'.repeat(2000) }), { timestamp: NOW_S });
    await expectRefused({ ...plainCfg, maxBodyBytes: 1024 }, big, 413, 'body_too_large');
    // Multi-byte characters count as bytes: 400 × '诉' is 1200 bytes.
    const cjk = buildSignedInbound(plainCfg, textMsg({ Content: '诉'.repeat(400) }), { timestamp: NOW_S });
    await expectRefused({ ...plainCfg, maxBodyBytes: 1100 }, cjk, 413, 'body_too_large');
    // Default cap: 1 MiB.
    const huge = buildSignedInbound(plainCfg, textMsg({ Content: 'y'.repeat(1024 * 1024) }), { timestamp: NOW_S });
    await expectRefused(plainCfg, { ...huge, body: Buffer.from(huge.body) }, 413, 'body_too_large');
  });

  it('refuses a billion-laughs payload (DOCTYPE/ENTITY) with 400 without expanding it', async () => {
    const q = buildSignedInbound(plainCfg, {}, { timestamp: NOW_S }).query;
    const lol =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
      Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('') +
      ']><xml><ToUserName>gh</ToUserName><FromUserName>&lol9;</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>';
    // doctype_refused comes from the guard before the parser: nothing was parsed or expanded.
    await expectRefused(plainCfg, { query: q, body: lol }, 400, 'doctype_refused');
    await expectRefused(plainCfg, { query: q, body: '<!ENTITY x "y"><xml/>' }, 400, 'doctype_refused');
    await expectRefused(plainCfg, { query: q, body: '<!doctype xml><xml/>' }, 400, 'doctype_refused');
  });

  it('refuses malformed XML with 400 malformed_xml', async () => {
    const q = buildSignedInbound(plainCfg, {}, { timestamp: NOW_S }).query;
    await expectRefused(plainCfg, { query: q, body: '<xml><ToUserName>gh</ToUserName>' }, 400, 'malformed_xml');
    await expectRefused(plainCfg, { query: q, body: 'not xml at all' }, 400, 'malformed_xml');
    await expectRefused(plainCfg, { query: q, body: '<xml><a></b></xml>' }, 400, 'malformed_xml');
    await expectRefused(plainCfg, { query: q, body: '<xml><![CDATA[open' }, 400, 'malformed_xml');
  });

  it('refuses a message missing FromUserName (or with a non-numeric CreateTime) with 400', async () => {
    const { FromUserName: _f, ...noFrom } = textMsg();
    await expectRefused(plainCfg, buildSignedInbound(plainCfg, noFrom, { timestamp: NOW_S }), 400, 'missing_field');
    const empty = buildSignedInbound(plainCfg, textMsg({ FromUserName: '   ' }), { timestamp: NOW_S });
    await expectRefused(plainCfg, empty, 400, 'missing_field');
    const badTime = buildSignedInbound(plainCfg, textMsg({ CreateTime: 'yesterday' }), { timestamp: NOW_S });
    await expectRefused(plainCfg, badTime, 400, 'bad_field');
    await expectRefused(plainCfg, { ...badTime, body: '' }, 400, 'empty_body');
  });

  it('refuses a repeated top-level field (which FromUserName counts is ambiguous)', async () => {
    const inbound = buildSignedInbound(plainCfg, textMsg(), { timestamp: NOW_S });
    const body = inbound.body.replace('</xml>', '<FromUserName><![CDATA[oSomeoneElse]]></FromUserName></xml>');
    await expectRefused(plainCfg, { ...inbound, body }, 400, 'duplicate_field');
  });

  it('refuses deeply nested or element-flooded bodies quickly (xml_too_complex)', async () => {
    const q = buildSignedInbound(plainCfg, {}, { timestamp: NOW_S }).query;
    const depth = 100_000;
    const deep = '<xml>' + '<a>'.repeat(depth) + '</a>'.repeat(depth) + '</xml>';
    const wide = '<xml>' + '<a>1</a>'.repeat(100_000) + '</xml>';
    const refs = '<xml><Content>' + '&amp;'.repeat(100_000) + '</Content></xml>';
    // xml_too_complex is only produced by the linear guard that runs before the parser.
    await expectRefused(plainCfg, { query: q, body: deep }, 400, 'xml_too_complex');
    await expectRefused(plainCfg, { query: q, body: wide }, 400, 'xml_too_complex');
    await expectRefused(plainCfg, { query: q, body: refs }, 400, 'xml_too_complex');
    // Entities inside CDATA are plain text and are not counted.
    const inCdata = buildSignedInbound(plainCfg, textMsg({ Content: '&amp;'.repeat(5000) }), { timestamp: NOW_S });
    const { res, onMessage } = await post(plainCfg, inCdata);
    expect(res.status).toBe(200);
    expect(onMessage.mock.calls[0][0].Content).toBe('&amp;'.repeat(5000));
  });

  it('refuses other methods and repeated query parameters', async () => {
    const inbound = buildSignedInbound(plainCfg, textMsg(), { timestamp: NOW_S });
    const onMessage = handler();
    const res = await new WechatWebhook(plainCfg).handle({ method: 'PUT', query: inbound.query, rawBody: inbound.body }, onMessage);
    expect(res).toMatchObject({ status: 405, refusal: 'method_not_allowed' });
    const doubled = { ...inbound.query, signature: [inbound.query.signature, inbound.query.signature] };
    await expectRefused(plainCfg, { ...inbound, query: doubled }, 400, 'bad_query');
    expect(onMessage).not.toHaveBeenCalled();
  });

  it('lets an error thrown by onMessage propagate', async () => {
    const inbound = buildSignedInbound(plainCfg, textMsg(), { timestamp: NOW_S });
    const boom = new Error('database down');
    await expect(
      new WechatWebhook(plainCfg).handle({ method: 'POST', query: inbound.query, rawBody: inbound.body }, async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
  });
});

describe('safe mode', () => {
  it('round-trips an encrypted message: decrypted for the handler, reply encrypted and signed', async () => {
    const inbound = buildSignedInbound(safeCfg, textMsg(), { timestamp: NOW_S });
    expect(inbound.query).toMatchObject({ encrypt_type: 'aes' });
    expect(inbound.body).not.toContain('我要反映');

    const { res, onMessage } = await post(safeCfg, inbound, handler({ type: 'text', content: '工单 A-001 已受理 ]]> 谢谢' }));
    expect(onMessage).toHaveBeenCalledTimes(1);
    expect(onMessage.mock.calls[0][0]).toMatchObject({
      FromUserName: 'oUser_openid_1',
      Content: '我要反映小区噪音扰民',
      createTime: NOW_S - 1,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^<xml><Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+\]\]><\/Encrypt><MsgSignature>/);
    expect(res.body).toContain(`<TimeStamp>${NOW_S}</TimeStamp>`);
    expect(res.body).not.toContain('工单');

    expect(readPassiveReply(safeCfg, res.body)).toEqual({
      ToUserName: 'oUser_openid_1',
      FromUserName: 'gh_abcdef123456',
      CreateTime: NOW_S,
      MsgType: 'text',
      Content: '工单 A-001 已受理 ]]> 谢谢',
    });
    // WeChat in safe mode would not accept it with another token or appid.
    expect(() => readPassiveReply({ ...safeCfg, token: 'other' }, res.body)).toThrow(/MsgSignature/);
    expect(() => readPassiveReply({ ...safeCfg, appid: 'wxother' }, res.body)).toThrow(/appid/);
  });

  it('answers a null reply with plain "success"', async () => {
    const inbound = buildSignedInbound(safeCfg, textMsg(), { timestamp: NOW_S });
    const { res } = await post(safeCfg, inbound, handler(null));
    expect(res).toMatchObject({ status: 200, body: 'success' });
  });

  it('refuses a bad msg_signature or a tampered Encrypt with 401 bad_signature', async () => {
    const inbound = buildSignedInbound(safeCfg, textMsg(), { timestamp: NOW_S });
    await expectRefused(safeCfg, { ...inbound, query: { ...inbound.query, msg_signature: '0'.repeat(40) } }, 401, 'bad_signature');
    // The plain signature is valid, but it does not cover the body: msg_signature must.
    const other = buildSignedInbound(safeCfg, textMsg({ Content: 'forged' }), { timestamp: NOW_S });
    await expectRefused(safeCfg, { query: inbound.query, body: other.body }, 401, 'bad_signature');
  });

  it('refuses a downgrade: plaintext POST, or encrypt_type=aes without msg_signature', async () => {
    const plaintext = buildSignedInbound(plainCfg, textMsg(), { timestamp: NOW_S }); // validly signed
    await expectRefused(safeCfg, plaintext, 403, 'plaintext_refused');
    await expectRefused(safeCfg, { ...plaintext, query: { ...plaintext.query, encrypt_type: 'raw' } }, 403, 'plaintext_refused');
    const { msg_signature: _m, ...noMsgSig } = buildSignedInbound(safeCfg, textMsg(), { timestamp: NOW_S }).query;
    await expectRefused(safeCfg, { query: noMsgSig, body: plaintext.body }, 401, 'bad_signature');
  });

  it('accepts a signed plaintext POST in compat mode (allowPlaintext) and replies in plaintext', async () => {
    const compat: WebhookConfig = { ...safeCfg, allowPlaintext: true };
    const plaintext = buildSignedInbound(plainCfg, textMsg(), { timestamp: NOW_S });
    const { res, onMessage } = await post(compat, plaintext);
    expect(onMessage).toHaveBeenCalledTimes(1);
    expect(res.status).toBe(200);
    expect(readPassiveReply(plainCfg, res.body)?.Content).toBe('已收到您的诉求');
    // Still signed, still fresh.
    await expectRefused(compat, { ...plaintext, query: { ...plaintext.query, signature: 'a'.repeat(40) } }, 401, 'bad_signature');
    // Encrypted requests are still answered encrypted.
    const enc = await post(compat, buildSignedInbound(safeCfg, textMsg(), { timestamp: NOW_S }));
    expect(readPassiveReply(safeCfg, enc.res.body)?.Content).toBe('已收到您的诉求');
  });

  it('refuses a message encrypted for another appid with 403 appid_mismatch', async () => {
    const foreign = buildSignedInbound({ ...safeCfg, appid: 'wxdeadbeefdeadbeef' }, textMsg(), { timestamp: NOW_S });
    await expectRefused(safeCfg, foreign, 403, 'appid_mismatch');
  });

  it('refuses stale and future timestamps', async () => {
    await expectRefused(safeCfg, buildSignedInbound(safeCfg, textMsg(), { timestamp: NOW_S - 1000 }), 401, 'stale_timestamp');
    await expectRefused(safeCfg, buildSignedInbound(safeCfg, textMsg(), { timestamp: NOW_S + 1000 }), 401, 'stale_timestamp');
  });

  it('refuses DOCTYPE in the outer body and in the decrypted message', async () => {
    const inbound = buildSignedInbound(safeCfg, textMsg(), { timestamp: NOW_S });
    await expectRefused(safeCfg, { ...inbound, body: '<!DOCTYPE x [<!ENTITY a "b">]>' + inbound.body }, 400, 'doctype_refused');

    // A correctly signed and encrypted message whose plaintext declares an entity.
    const inner = '<!DOCTYPE xml [<!ENTITY a "AAAA">]><xml><ToUserName>gh</ToUserName><FromUserName>&a;</FromUserName></xml>';
    const encrypt = createCryptor(TOKEN, AES_KEY, APPID).encrypt(inner);
    const nonce = '12345';
    const query = {
      timestamp: String(NOW_S),
      nonce,
      encrypt_type: 'aes',
      msg_signature: sha1Signature([TOKEN, String(NOW_S), nonce, encrypt]),
    };
    await expectRefused(safeCfg, { query, body: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` }, 400, 'doctype_refused');
  });

  it('refuses a body without Encrypt, and undecryptable ciphertext', async () => {
    const inbound = buildSignedInbound(safeCfg, textMsg(), { timestamp: NOW_S });
    await expectRefused(safeCfg, { ...inbound, body: '<xml><ToUserName>gh</ToUserName></xml>' }, 400, 'missing_field');
    const junk = 'bm90IGEgYmxvY2s='; // base64 of 11 bytes: not a whole AES block
    const query = { ...inbound.query, msg_signature: sha1Signature([TOKEN, inbound.query.timestamp, inbound.query.nonce, junk]) };
    await expectRefused(safeCfg, { query, body: `<xml><Encrypt>${junk}</Encrypt></xml>` }, 400, 'decrypt_failed');
  });

  it('rejects an invalid EncodingAESKey at construction', () => {
    expect(() => new WechatWebhook({ ...safeCfg, encodingAESKey: 'short' })).toThrow(TypeError);
    expect(() => new WechatWebhook({ ...safeCfg, appid: '' })).toThrow(TypeError);
  });
});

describe('URL verification (GET)', () => {
  it('echoes echostr as text/plain for a valid signature', async () => {
    const onMessage = handler();
    for (const cfg of [plainCfg, safeCfg]) {
      const query = buildUrlVerification(cfg, '7305817396513491968', { timestamp: NOW_S });
      const res = await new WechatWebhook(cfg).handle({ method: 'GET', query, rawBody: undefined }, onMessage);
      expect(res).toEqual({ status: 200, contentType: 'text/plain; charset=utf-8', body: '7305817396513491968' });
    }
    expect(onMessage).not.toHaveBeenCalled();
  });

  it('refuses a bad signature with 401 and a stale one too', async () => {
    const wh = new WechatWebhook(plainCfg);
    const query = buildUrlVerification({ token: 'wrong' }, 'echo', { timestamp: NOW_S });
    expect(await wh.handle({ method: 'GET', query, rawBody: undefined }, handler())).toMatchObject({
      status: 401,
      refusal: 'bad_signature',
    });
    const stale = buildUrlVerification(plainCfg, 'echo', { timestamp: NOW_S - 3600 });
    expect(await wh.handle({ method: 'GET', query: stale, rawBody: undefined }, handler())).toMatchObject({
      status: 401,
      refusal: 'stale_timestamp',
    });
    const { echostr: _e, ...noEcho } = buildUrlVerification(plainCfg, 'echo', { timestamp: NOW_S });
    expect(await wh.handle({ method: 'GET', query: noEcho, rawBody: undefined }, handler())).toMatchObject({
      status: 400,
      refusal: 'missing_field',
    });
  });
});
