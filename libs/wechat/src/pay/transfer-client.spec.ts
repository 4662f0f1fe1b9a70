import { FakeWechatPay } from '../fake/fake-wechatpay';
import { WechatPayError, WechatPayTransfers, type WechatPayClientOptions } from './transfer-client';

const APPID = 'wxminiapp0000001';
const API_V3_KEY = 'abcdefghijklmnopqrstuvwxyz012345';

describe(WechatPayTransfers.name, () => {
  const merchant = FakeWechatPay.keyPair();
  let fake: FakeWechatPay;
  let server: { baseUrl: string; close(): Promise<void> };
  let options: WechatPayClientOptions;
  let sut: WechatPayTransfers;
  let n = 0;
  const transfer = (outBillNo = `T${Date.now()}${++n}`) => ({
    outBillNo,
    openid: 'o_resident_1',
    amountFen: 5000,
    remark: '金点子奖励',
    notifyUrl: 'http://127.0.0.1:9/unused',
    sceneId: '1000',
    reportInfos: [{ infoType: '活动名称', infoContent: '金点子' }],
  });

  beforeAll(async () => {
    fake = new FakeWechatPay({ mchid: '1900000001', appid: APPID, merchantSerial: 'MERCHANTSERIAL01', merchantPublicKey: merchant.publicKey, apiV3Key: API_V3_KEY });
    server = await fake.listen();
    options = { mchid: '1900000001', serial: 'MERCHANTSERIAL01', privateKey: merchant.privateKey, publicKeyId: fake.platformPublicKeyId, publicKey: fake.platformPublicKey, apiV3Key: API_V3_KEY, baseURL: server.baseUrl, appid: APPID };
    sut = new WechatPayTransfers(options);
  });
  afterAll(() => server.close());
  afterEach(() => (fake.forgeResponses = false));

  it('creates a bill awaiting the payee, and the same out_bill_no gives the same bill', async () => {
    const req = transfer();
    const bill = await sut.create(req);
    expect(bill).toMatchObject({ outBillNo: req.outBillNo, state: 'WAIT_USER_CONFIRM' });
    expect(bill.packageInfo).toEqual(expect.any(String));
    expect(await sut.create(req)).toEqual(bill);
    expect(fake.bills.size).toBeGreaterThanOrEqual(1);
    expect((await sut.query(req.outBillNo)).state).toBe('WAIT_USER_CONFIRM');
    fake.confirm(req.outBillNo);
    expect((await sut.query(req.outBillNo)).state).toBe('SUCCESS');
  });

  it('is refused by the fake when signed with another merchant key', async () => {
    const stranger = new WechatPayTransfers({ ...options, privateKey: FakeWechatPay.keyPair().privateKey });
    const err = await stranger.create(transfer()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatPayError);
    expect(err).toMatchObject({ kind: 'refused', code: 'SIGN_ERROR', status: 401 });
  });

  it('does not believe an answer signed with a key other than WeChat Pay’s', async () => {
    fake.forgeResponses = true;
    const err = await sut.create(transfer()).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'signature', code: 'EV3_RES_HEADER_SIGNATURE_DIGEST' });
  });

  it('passes on WeChat Pay’s refusals with their codes', async () => {
    fake.refuseNext(403, 'NOT_ENOUGH', '资金不足');
    await expect(sut.create(transfer())).rejects.toMatchObject({ kind: 'refused', code: 'NOT_ENOUGH', status: 403, message: '资金不足' });
    await expect(sut.create({ ...transfer(), remark: '' })).rejects.toMatchObject({ kind: 'refused', code: 'PARAM_ERROR', status: 400 });
    fake.refuseNext(500, 'SYSTEM_ERROR', '系统错误');
    await expect(sut.create(transfer())).rejects.toMatchObject({ kind: 'unreachable', code: 'SYSTEM_ERROR' });
  });

  it('verifies and decrypts a callback, and refuses forged, stale or undecryptable ones', async () => {
    const req = transfer();
    await sut.create(req);
    fake.confirm(req.outBillNo);
    const genuine = fake.notification(req.outBillNo);
    const note = sut.verifyNotification(genuine.headers, genuine.body);
    expect(note).toMatchObject({ eventType: 'MCHTRANSFER.BILL.FINISHED', bill: { outBillNo: req.outBillNo, state: 'SUCCESS', amountFen: 5000, openid: 'o_resident_1', mchid: '1900000001' } });

    const forged = fake.notification(req.outBillNo, { forge: true });
    expect(() => sut.verifyNotification(forged.headers, forged.body)).toThrow(expect.objectContaining({ code: 'SIGNATURE_DIGEST' }));
    expect(() => sut.verifyNotification(genuine.headers, genuine.body.replace('商家转账单据终态通知', '改过的摘要'))).toThrow(expect.objectContaining({ code: 'SIGNATURE_DIGEST' }));
    const stale = fake.notification(req.outBillNo, { at: new Date(Date.now() - 10 * 60_000) });
    expect(() => sut.verifyNotification(stale.headers, stale.body)).toThrow(expect.objectContaining({ code: 'TIMESTAMP_OFFSET' }));
    const wrongKey = fake.notification(req.outBillNo, { apiV3Key: 'zyxwvutsrqponmlkjihgfedcba543210' });
    expect(() => sut.verifyNotification(wrongKey.headers, wrongKey.body)).toThrow(expect.objectContaining({ code: 'RESOURCE_UNREADABLE' }));
    expect(() => sut.verifyNotification({}, genuine.body)).toThrow(expect.objectContaining({ code: 'HEADERS_INCOMPLETE' }));
  });
});
