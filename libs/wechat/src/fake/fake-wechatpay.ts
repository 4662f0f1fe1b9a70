import { createCipheriv, createPrivateKey, createPublicKey, createSign, createVerify, generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import * as http from 'node:http';

/**
 * A fake of WeChat Pay's APIv3 servers, for the merchant transfer (商家转账, transfer-bills) only.
 * Like the real one it verifies each request's WECHATPAY2-SHA256-RSA2048 signature with the
 * merchant's public key, signs every answer with its own key (the WeChat Pay public key, id
 * PUB_KEY_ID_…), and tells the merchant of final states by a signed callback whose resource is
 * AES-256-GCM encrypted with the APIv3 key. It can refuse, delay and repeat.
 */
export interface FakeWechatPayOptions {
  mchid: string;
  /** The appid transfers must name (the mini-program's). */
  appid: string;
  /** Serial of the merchant's API certificate, as the Authorization header names it. */
  merchantSerial: string;
  /** PEM: verifies the merchant's requests. */
  merchantPublicKey: string;
  /** 32 characters: encrypts callback resources. */
  apiV3Key: string;
  /** Its own signing key (generated when absent). */
  platformPrivateKey?: string;
  platformPublicKeyId?: string;
}

export type FakeBillState = 'ACCEPTED' | 'PROCESSING' | 'WAIT_USER_CONFIRM' | 'TRANSFERING' | 'SUCCESS' | 'FAIL' | 'CANCELING' | 'CANCELLED';

export interface FakeBill {
  out_bill_no: string;
  transfer_bill_no: string;
  appid: string;
  openid: string;
  transfer_amount: number;
  transfer_remark: string;
  notify_url?: string;
  state: FakeBillState;
  package_info: string;
  fail_reason?: string;
  create_time: string;
  update_time: string;
}

export interface FakePayRequest {
  method: string;
  path: string;
  status: number;
  code?: string;
}

export interface FakePayCallback {
  outBillNo: string;
  status: number;
  body: string;
}

/** A signed callback as the fake would send it, for tests that forge or replay one. */
export interface SignedNotification {
  headers: Record<string, string>;
  body: string;
}

const BASE = '/v3/fund-app/mch-transfer/transfer-bills';
const OUT_BILL = /^[A-Za-z0-9]{5,32}$/;
const MAX_SKEW_S = 300;

/** RFC 3339 in Beijing time, as WeChat Pay writes its times. */
function beijing(at = new Date()): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

/** WeChat Pay's Authorization header: WECHATPAY2-SHA256-RSA2048 k="v",… */
function parseAuthorization(header: string | undefined): Record<string, string> | null {
  const prefix = 'WECHATPAY2-SHA256-RSA2048 ';
  if (!header?.startsWith(prefix)) return null;
  const fields: Record<string, string> = {};
  for (const m of header.slice(prefix.length).matchAll(/(\w+)="([^"]*)"/g)) fields[m[1]] = m[2];
  return fields;
}

export class FakeWechatPay {
  readonly bills = new Map<string, FakeBill>();
  readonly requests: FakePayRequest[] = [];
  readonly callbacks: FakePayCallback[] = [];
  readonly platformPublicKeyId: string;
  /** PEM of the key answers and callbacks are signed with: the merchant configures it as WeChat Pay's public key. */
  readonly platformPublicKey: string;
  /** How long before a final state is called back (ms). */
  callbackDelayMs = 0;
  /** How many times each callback is sent (WeChat Pay may send one more than once). */
  callbackRepeat = 1;
  /** Sign answers with a key the merchant does not know (a man in the middle). */
  forgeResponses = false;
  #refusals: Array<{ status: number; code: string; message: string }> = [];
  #signingKey: KeyObject;
  #forgeKey: KeyObject;
  #merchantKey: KeyObject;
  #pending = new Set<Promise<unknown>>();
  #seq = 0;

  constructor(private readonly options: FakeWechatPayOptions) {
    if (options.apiV3Key.length !== 32) throw new Error('the APIv3 key is 32 characters');
    this.#signingKey = options.platformPrivateKey ? createPrivateKey(options.platformPrivateKey) : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    this.#forgeKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    this.#merchantKey = createPublicKey(options.merchantPublicKey);
    this.platformPublicKey = createPublicKey(this.#signingKey).export({ type: 'spki', format: 'pem' }).toString();
    this.platformPublicKeyId = options.platformPublicKeyId ?? `PUB_KEY_ID_0${options.mchid}${randomBytes(6).toString('hex').toUpperCase()}`;
  }

  /** A fresh RSA key pair in PEM (merchants' keys in tests and the sandbox). */
  static keyPair(): { privateKey: string; publicKey: string } {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  }

  /** The next transfer request is refused with this answer (e.g. 403 NOT_ENOUGH 资金不足). */
  refuseNext(status: number, code: string, message: string): void {
    this.#refusals.push({ status, code, message });
  }

  /** The resident confirmed receipt in WeChat (wx.requestMerchantTransfer): the money moves and the merchant is told. */
  confirm(outBillNo: string): FakeBill {
    return this.#finish(outBillNo, 'SUCCESS');
  }

  /** The transfer failed on WeChat Pay's side (e.g. the payee's account is restricted). */
  fail(outBillNo: string, reason = 'PAYEE_ACCOUNT_ABNORMAL'): FakeBill {
    return this.#finish(outBillNo, 'FAIL', reason);
  }

  /** The callback for a bill, signed (or forged with another key) as WeChat Pay sends it. */
  notification(outBillNo: string, opts: { forge?: boolean; apiV3Key?: string; at?: Date } = {}): SignedNotification {
    const bill = this.#bill(outBillNo);
    const plain = JSON.stringify({
      out_bill_no: bill.out_bill_no,
      transfer_bill_no: bill.transfer_bill_no,
      state: bill.state,
      mch_id: this.options.mchid,
      transfer_amount: bill.transfer_amount,
      openid: bill.openid,
      ...(bill.fail_reason ? { fail_reason: bill.fail_reason } : {}),
      create_time: bill.create_time,
      update_time: bill.update_time,
    });
    const nonce = randomBytes(6).toString('hex');
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(opts.apiV3Key ?? this.options.apiV3Key), Buffer.from(nonce));
    cipher.setAAD(Buffer.from('mch_payment'));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
    const body = JSON.stringify({
      id: randomUUID(),
      create_time: beijing(opts.at),
      resource_type: 'encrypt-resource',
      event_type: 'MCHTRANSFER.BILL.FINISHED',
      summary: '商家转账单据终态通知',
      resource: { original_type: 'mch_payment', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: 'mch_payment', nonce },
    });
    return { headers: { 'content-type': 'application/json', 'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048', ...this.#signatureHeaders(body, opts.forge ?? false, opts.at) }, body };
  }

  /** Posts a callback to the bill's notify_url; resolves with the merchant's HTTP status. */
  async deliver(outBillNo: string, notification = this.notification(outBillNo)): Promise<number> {
    const url = this.#bill(outBillNo).notify_url;
    if (!url) throw new Error(`bill ${outBillNo} has no notify_url`);
    const res = await fetch(url, { method: 'POST', headers: notification.headers, body: notification.body });
    this.callbacks.push({ outBillNo, status: res.status, body: notification.body });
    return res.status;
  }

  /** Waits for callbacks under way (delayed or repeated). */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<{ baseUrl: string; close(): Promise<void> }> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.#serve(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const { port: bound } = server.address() as { port: number };
    return {
      baseUrl: `http://${host}:${bound}`,
      close: async () => {
        await this.settled();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }

  #bill(outBillNo: string): FakeBill {
    const bill = this.bills.get(outBillNo);
    if (!bill) throw new Error(`no bill ${outBillNo}`);
    return bill;
  }

  #finish(outBillNo: string, state: 'SUCCESS' | 'FAIL', reason?: string): FakeBill {
    const bill = this.#bill(outBillNo);
    if (bill.state !== 'WAIT_USER_CONFIRM' && bill.state !== 'TRANSFERING') throw new Error(`bill ${outBillNo} is ${bill.state}`);
    bill.state = state;
    bill.fail_reason = reason;
    bill.update_time = beijing();
    this.#schedule(outBillNo);
    return bill;
  }

  #schedule(outBillNo: string): void {
    if (!this.#bill(outBillNo).notify_url) return;
    const run = (async () => {
      if (this.callbackDelayMs > 0) await new Promise((r) => setTimeout(r, this.callbackDelayMs));
      const once = this.notification(outBillNo);
      // A repeat is the very same notification (same id), as WeChat Pay resends it.
      for (let i = 0; i < this.callbackRepeat; i++) await this.deliver(outBillNo, once).catch(() => undefined);
    })();
    this.#pending.add(run);
    void run.finally(() => this.#pending.delete(run));
  }

  #signatureHeaders(body: string, forge: boolean, at = new Date()): Record<string, string> {
    const timestamp = String(Math.floor(at.getTime() / 1000));
    const nonce = randomBytes(16).toString('hex');
    const signature = createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`).sign(forge ? this.#forgeKey : this.#signingKey, 'base64');
    return { 'wechatpay-timestamp': timestamp, 'wechatpay-nonce': nonce, 'wechatpay-signature': signature, 'wechatpay-serial': this.platformPublicKeyId };
  }

  #answer(res: http.ServerResponse, req: FakePayRequest, status: number, payload: object | null): void {
    const body = payload === null ? '' : JSON.stringify(payload);
    req.status = status;
    if (payload && 'code' in payload) req.code = String((payload as { code: unknown }).code);
    this.requests.push(req);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'request-id': randomUUID(),
      ...this.#signatureHeaders(body, this.forgeResponses),
    });
    res.end(body);
  }

  /** Checks the merchant's signature: METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n with its private key. */
  #verify(req: http.IncomingMessage, body: string): string | null {
    const auth = parseAuthorization(req.headers.authorization);
    if (!auth) return '请求头Authorization缺失或格式错误';
    if (auth.mchid !== this.options.mchid) return '商户号与签名不匹配';
    if (auth.serial_no !== this.options.merchantSerial) return '商户证书序列号有误';
    const skew = Math.abs(Date.now() / 1000 - Number(auth.timestamp));
    if (!Number.isFinite(skew) || skew > MAX_SKEW_S) return '请求时间戳与当前时间相差过大';
    const message = `${req.method}\n${req.url}\n${auth.timestamp}\n${auth.nonce_str}\n${body}\n`;
    const ok = createVerify('RSA-SHA256').update(message).verify(this.#merchantKey, auth.signature ?? '', 'base64');
    return ok ? null : '签名错误';
  }

  #serve(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const log: FakePayRequest = { method: req.method ?? 'GET', path: url.pathname, status: 0 };
    const signError = this.#verify(req, body);
    if (signError) return this.#answer(res, log, 401, { code: 'SIGN_ERROR', message: signError });

    if (req.method === 'POST' && url.pathname === BASE) return this.#create(res, log, body);
    const query = url.pathname.match(/^\/v3\/fund-app\/mch-transfer\/transfer-bills\/out-bill-no\/([^/]+)(\/cancel)?$/);
    if (query) {
      const bill = this.bills.get(decodeURIComponent(query[1]));
      if (!bill) return this.#answer(res, log, 404, { code: 'NOT_FOUND', message: '记录不存在' });
      if (query[2] && req.method === 'POST') {
        if (bill.state !== 'WAIT_USER_CONFIRM' && bill.state !== 'ACCEPTED') return this.#answer(res, log, 400, { code: 'INVALID_REQUEST', message: '当前单据状态不支持撤销' });
        bill.state = 'CANCELLED';
        bill.update_time = beijing();
        this.#schedule(bill.out_bill_no);
        return this.#answer(res, log, 200, { out_bill_no: bill.out_bill_no, transfer_bill_no: bill.transfer_bill_no, state: 'CANCELING', update_time: bill.update_time });
      }
      if (!query[2] && req.method === 'GET') {
        const { notify_url: _n, package_info: _p, ...view } = bill;
        return this.#answer(res, log, 200, { mch_id: this.options.mchid, ...view });
      }
    }
    return this.#answer(res, log, 404, { code: 'NOT_FOUND', message: '请求的资源不存在' });
  }

  #create(res: http.ServerResponse, log: FakePayRequest, raw: string): void {
    const refusal = this.#refusals.shift();
    if (refusal) return this.#answer(res, log, refusal.status, { code: refusal.code, message: refusal.message });
    let b: Record<string, unknown>;
    try {
      b = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return this.#answer(res, log, 400, { code: 'PARAM_ERROR', message: '请求体不是合法的JSON' });
    }
    const bad = (field: string, rule: string) => this.#answer(res, log, 400, { code: 'PARAM_ERROR', detail: { location: 'body', value: b[field] ?? '' }, message: `输入源“/body/${field}”映射到字段“${field}”${rule}` });
    if (b.appid !== this.options.appid) return this.#answer(res, log, 400, { code: 'INVALID_REQUEST', message: 'appid和mch_id不匹配' });
    if (typeof b.out_bill_no !== 'string' || !OUT_BILL.test(b.out_bill_no)) return bad('out_bill_no', '格式校验失败');
    if (typeof b.transfer_scene_id !== 'string' || b.transfer_scene_id === '') return bad('transfer_scene_id', '必填性规则校验失败，此字段为必填项');
    if (typeof b.openid !== 'string' || b.openid === '') return bad('openid', '必填性规则校验失败，此字段为必填项');
    if (typeof b.transfer_amount !== 'number' || !Number.isInteger(b.transfer_amount) || b.transfer_amount < 10) return bad('transfer_amount', '取值范围校验失败');
    if (typeof b.transfer_remark !== 'string' || b.transfer_remark.length === 0 || b.transfer_remark.length > 32) return bad('transfer_remark', '长度校验失败');
    if (!Array.isArray(b.transfer_scene_report_infos) || b.transfer_scene_report_infos.length === 0) return bad('transfer_scene_report_infos', '必填性规则校验失败，此字段为必填项');

    const existing = this.bills.get(b.out_bill_no);
    if (existing) {
      // The same out_bill_no again is a retry: the same bill, unless the retry changed what it pays.
      if (existing.openid !== b.openid || existing.transfer_amount !== b.transfer_amount) return this.#answer(res, log, 400, { code: 'INVALID_REQUEST', message: '商户单号重复，且请求参数与原单不一致' });
      return this.#answer(res, log, 200, this.#created(existing));
    }
    const now = beijing();
    const bill: FakeBill = {
      out_bill_no: b.out_bill_no,
      transfer_bill_no: `1330000${Date.now()}${String(++this.#seq).padStart(6, '0')}`,
      appid: b.appid,
      openid: b.openid,
      transfer_amount: b.transfer_amount,
      transfer_remark: b.transfer_remark,
      notify_url: typeof b.notify_url === 'string' ? b.notify_url : undefined,
      state: 'WAIT_USER_CONFIRM',
      package_info: randomBytes(48).toString('base64'),
      create_time: now,
      update_time: now,
    };
    this.bills.set(bill.out_bill_no, bill);
    return this.#answer(res, log, 200, this.#created(bill));
  }

  #created(bill: FakeBill): object {
    return {
      out_bill_no: bill.out_bill_no,
      transfer_bill_no: bill.transfer_bill_no,
      create_time: bill.create_time,
      state: bill.state,
      ...(bill.state === 'WAIT_USER_CONFIRM' ? { package_info: bill.package_info } : {}),
      ...(bill.fail_reason ? { fail_reason: bill.fail_reason } : {}),
    };
  }
}
