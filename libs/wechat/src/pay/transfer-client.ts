import { Aes, Formatter, Rsa, Wechatpay } from 'wechatpay-axios-plugin';

/** A merchant's WeChat Pay APIv3 credentials and where to call (the real host, or a fake). */
export interface WechatPayClientOptions {
  mchid: string;
  /** Serial of the merchant's API certificate. */
  serial: string;
  /** PEM of the merchant's API private key: signs every request. */
  privateKey: string;
  /** WeChat Pay's public key (PEM) and its id (PUB_KEY_ID_…): verify answers and callbacks. */
  publicKeyId: string;
  publicKey: string;
  /** 32 characters: decrypts callback resources. */
  apiV3Key: string;
  /** https://api.mch.weixin.qq.com, or the fake's address. */
  baseURL: string;
  /** The appid the payees' openids belong to (the mini-program's). */
  appid: string;
}

/** A merchant transfer bill (商家转账单) as WeChat Pay reports it. */
export interface TransferBill {
  outBillNo: string;
  transferBillNo: string;
  state: string;
  /** Present while the payee must confirm (wx.requestMerchantTransfer takes it as `package`). */
  packageInfo?: string;
  failReason?: string;
}

export interface TransferRequest {
  outBillNo: string;
  openid: string;
  amountFen: number;
  /** What the payee reads in WeChat (≤ 32 characters). */
  remark: string;
  notifyUrl: string;
  /** The scene the merchant registered for this kind of payout (e.g. 1000 现金营销). */
  sceneId: string;
  reportInfos: Array<{ infoType: string; infoContent: string }>;
}

/**
 * Why a call did not give a bill: WeChat Pay refused it (its code and message, e.g. 403
 * NOT_ENOUGH 资金不足), its answer's signature failed (EV3_…: nothing it said is believed), or
 * it could not be reached. Only `refused` with a 4xx is final; the rest are retried with the same out_bill_no.
 */
export class WechatPayError extends Error {
  constructor(
    readonly kind: 'refused' | 'signature' | 'unreachable',
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'WechatPayError';
  }
}

/** A verified, decrypted callback. */
export interface TransferNotification {
  id: string;
  eventType: string;
  createTime: string;
  bill: TransferBill & { mchid: string; amountFen: number; openid: string };
}

/** Callbacks older or newer than this are refused (WeChat Pay's own tolerance for answers). */
const MAX_SKEW_S = 300;

interface AxiosLikeError {
  code?: string;
  message: string;
  response?: { status: number; data?: { code?: string; message?: string } };
}

interface RawBill {
  out_bill_no: string;
  transfer_bill_no: string;
  state: string;
  package_info?: string;
  fail_reason?: string;
}

const toBill = (b: RawBill): TransferBill => ({
  outBillNo: b.out_bill_no,
  transferBillNo: b.transfer_bill_no,
  state: b.state,
  ...(b.package_info ? { packageInfo: b.package_info } : {}),
  ...(b.fail_reason ? { failReason: b.fail_reason } : {}),
});

/** WeChat Pay's merchant transfer (POST /v3/fund-app/mch-transfer/transfer-bills) through wechatpay-axios-plugin. */
export class WechatPayTransfers {
  readonly #wxpay: Wechatpay;

  constructor(private readonly options: WechatPayClientOptions) {
    this.#wxpay = new Wechatpay({
      mchid: options.mchid,
      serial: options.serial,
      privateKey: options.privateKey,
      certs: { [options.publicKeyId]: options.publicKey },
      baseURL: options.baseURL,
    });
  }

  get mchid(): string {
    return this.options.mchid;
  }

  /** Creates the bill; the same outBillNo again returns the same bill (WeChat Pay's idempotency). */
  async create(req: TransferRequest): Promise<TransferBill> {
    const body = {
      appid: this.options.appid,
      out_bill_no: req.outBillNo,
      transfer_scene_id: req.sceneId,
      openid: req.openid,
      transfer_amount: req.amountFen,
      transfer_remark: req.remark,
      notify_url: req.notifyUrl,
      transfer_scene_report_infos: req.reportInfos.map((i) => ({ info_type: i.infoType, info_content: i.infoContent })),
    };
    const res = await this.#call(() => this.#wxpay.v3.fundApp.mchTransfer.transferBills.post(body));
    return toBill(res.data as unknown as RawBill);
  }

  /** The bill as WeChat Pay has it now (the reconciliation of pending bills). */
  async query(outBillNo: string): Promise<TransferBill> {
    const res = await this.#call(() => this.#wxpay.v3.fundApp.mchTransfer.transferBills.outBillNo._out_bill_no_.get({ out_bill_no: outBillNo }));
    return toBill(res.data as unknown as RawBill);
  }

  /**
   * Verifies a callback with WeChat Pay's public key over the exact raw body and decrypts its
   * resource with the APIv3 key. Throws WechatPayError('signature') and changes nothing otherwise.
   */
  verifyNotification(headers: Record<string, string | string[] | undefined>, rawBody: string, now = new Date()): TransferNotification {
    const h = (name: string) => {
      const v = headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const [timestamp, nonce, signature, serial] = [h('wechatpay-timestamp'), h('wechatpay-nonce'), h('wechatpay-signature'), h('wechatpay-serial')];
    if (!timestamp || !nonce || !signature || !serial) throw new WechatPayError('signature', 'HEADERS_INCOMPLETE', 'callback without Wechatpay-* signature headers');
    if (serial !== this.options.publicKeyId) throw new WechatPayError('signature', 'SERIAL_UNKNOWN', `callback signed by unknown key ${serial}`);
    if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAX_SKEW_S) throw new WechatPayError('signature', 'TIMESTAMP_OFFSET', 'callback timestamp too far from now');
    if (!Rsa.verify(Formatter.response(timestamp, nonce, rawBody), signature, this.options.publicKey)) throw new WechatPayError('signature', 'SIGNATURE_DIGEST', 'callback signature does not verify');
    let event: { id: string; event_type: string; create_time: string; resource: { ciphertext: string; nonce: string; associated_data?: string } };
    let plain: RawBill & { mch_id: string; transfer_amount: number; openid: string };
    try {
      event = JSON.parse(rawBody) as typeof event;
      plain = JSON.parse(Aes.AesGcm.decrypt(event.resource.ciphertext, this.options.apiV3Key, event.resource.nonce, event.resource.associated_data ?? '')) as typeof plain;
    } catch {
      throw new WechatPayError('signature', 'RESOURCE_UNREADABLE', 'callback resource does not decrypt');
    }
    if (plain.mch_id !== this.options.mchid) throw new WechatPayError('signature', 'MCHID_MISMATCH', 'callback for another merchant');
    return { id: event.id, eventType: event.event_type, createTime: event.create_time, bill: { ...toBill(plain), mchid: plain.mch_id, amountFen: plain.transfer_amount, openid: plain.openid } };
  }

  async #call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const e = err as AxiosLikeError;
      if (e.code?.startsWith('EV3_')) throw new WechatPayError('signature', e.code, 'WeChat Pay answer failed its signature check');
      if (e.response) {
        const status = e.response.status;
        const code = e.response.data?.code ?? `HTTP_${status}`;
        throw new WechatPayError(status >= 500 || code === 'SYSTEM_ERROR' || code === 'FREQUENCY_LIMITED' ? 'unreachable' : 'refused', code, e.response.data?.message ?? `HTTP ${status}`, status);
      }
      throw new WechatPayError('unreachable', e.code ?? 'NETWORK', e.message);
    }
  }
}
