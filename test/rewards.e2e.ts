import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { FakeWechatPay } from '@msz/wechat';
import { createSandboxApp, createTestApp, TEST_WECHAT, type SandboxApp, type TestApp } from '@msz/server/testing/test-app';
import { WechatPayProvider } from '@msz/server/modules/points/wechatpay.provider';
import { callApi, residentToken } from './support/api';
import { Staff } from './support/staff';

const MCHID = '1900000001';
const SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const API_V3_KEY = 'abcdefghijklmnopqrstuvwxyz012345';

/** Cash rewards through the fake WeChat Pay: two people, one budget, a signed transfer, callbacks forged and repeated. */
describe('rewards through WeChat Pay', () => {
  let sut: TestApp;
  let pay: FakeWechatPay;
  let payServer: { baseUrl: string; close(): Promise<void> };
  let cadre: Staff;
  let office: Staff;
  let leader: Staff;
  let resident: string;
  let memberId: string;

  beforeAll(async () => {
    const merchant = FakeWechatPay.keyPair();
    pay = new FakeWechatPay({ mchid: MCHID, appid: TEST_WECHAT.miniprogram.appid, merchantSerial: SERIAL, merchantPublicKey: merchant.publicKey, apiV3Key: API_V3_KEY });
    payServer = await pay.listen();
    const dir = mkdtempSync(join(tmpdir(), 'msz-pay-'));
    writeFileSync(join(dir, 'apiclient_key.pem'), merchant.privateKey);
    writeFileSync(join(dir, 'pub_key.pem'), pay.platformPublicKey);
    sut = await createTestApp({
      WECHATPAY_MCHID: MCHID,
      WECHATPAY_SERIAL: SERIAL,
      WECHATPAY_PRIVATE_KEY_PATH: join(dir, 'apiclient_key.pem'),
      WECHATPAY_PUBLIC_KEY_ID: pay.platformPublicKeyId,
      WECHATPAY_PUBLIC_KEY_PATH: join(dir, 'pub_key.pem'),
      WECHATPAY_APIV3_KEY: API_V3_KEY,
      WECHATPAY_API_BASE: payServer.baseUrl,
      WECHATPAY_NOTIFY_URL: 'http://127.0.0.1:9/placeholder',
      REWARD_MONTHLY_BUDGET_FEN: '100000',
    });
    // The callback address is only known once the test server listens (port 0).
    if (sut.config.wechatpay) sut.config.wechatpay.notifyUrl = `${sut.baseUrl}/api/wechatpay/notify`;
    cadre = await Staff.login(sut.baseUrl, 'cadre-jingxi-1');
    office = await Staff.login(sut.baseUrl, 'dispatcher');
    leader = await Staff.login(sut.baseUrl, 'leader-zhou');
    const units: Array<{ id: string; code: string }> = (await office.call('GET', '/api/units')).body;
    const village = units.find((u) => u.code === 'village-jingxi-1')!.id;
    const household = (await cadre.call('POST', `/api/villages/${village}/households`, { name: '刘家', members: [{ name: '刘大爷', phone: '13800003001', isHead: true }, { name: '刘小妹' }] })).body;
    memberId = household.members.find((m: { name: string }) => m.name === '刘大爷').id;
    resident = await residentToken(sut.baseUrl, 'o_reward_liu');
    expect((await callApi(sut.baseUrl, resident, 'POST', '/api/my/phone', { code: `phone-13800003001.${randomUUID()}` })).status).toBe(200);
    expect(sut.config.wechatpay?.mode).toBe('live');
  });
  afterAll(async () => {
    await sut?.close();
    await payServer?.close();
  });

  const propose = (amountFen = 5000, by = cadre) => by.call('POST', '/api/rewards', { memberId, amountFen, reason: 'model_household', remark: '门前五包示范户', sourceRef: 'review-2026-11' });
  const reward = async (id: string) => (await office.call('GET', `/api/rewards/${id}`)).body;
  const rewardRows = async () => Number((await sut.ds.query(`SELECT COUNT(*)::int AS n FROM reward`))[0].n);

  it('pays an approved reward into the resident’s wallet once they confirm, told by a signed callback', async () => {
    const proposed = await propose();
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ state: 'proposed', payeeName: '刘大爷' });
    expect((await cadre.call('POST', `/api/rewards/${proposed.body.id}/approve`)).status).toBe(403);

    const approved = await office.call('POST', `/api/rewards/${proposed.body.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('wait_user_confirm');
    const bill = pay.bills.get(approved.body.outBillNo)!;
    expect(bill).toMatchObject({ openid: 'o_reward_liu', transfer_amount: 5000, transfer_remark: '门前五包示范户', state: 'WAIT_USER_CONFIRM' });

    const mine = (await callApi(sut.baseUrl, resident, 'GET', '/api/my/rewards')).body;
    expect(mine[0]).toMatchObject({ id: proposed.body.id, state: 'wait_user_confirm', packageInfo: bill.package_info, mchId: MCHID, appId: TEST_WECHAT.miniprogram.appid });

    // WeChat Pay may send the same notification more than once: the second changes nothing.
    pay.callbackRepeat = 2;
    pay.confirm(bill.out_bill_no);
    await pay.settled();
    pay.callbackRepeat = 1;
    expect(pay.callbacks.filter((c) => c.outBillNo === bill.out_bill_no).map((c) => c.status)).toEqual([204, 204]);
    const done = await reward(proposed.body.id);
    expect(done.state).toBe('succeeded');
    expect(done.events.map((e: { toState: string; source: string }) => `${e.source}:${e.toState}`)).toEqual(['staff:proposed', 'staff:approved', 'transfer:wait_user_confirm', 'callback:succeeded']);
    expect((await callApi(sut.baseUrl, resident, 'GET', '/api/my/rewards')).body[0]).toMatchObject({ state: 'succeeded', packageInfo: null });
  });

  it('refuses a forged or tampered callback and changes nothing', async () => {
    const { body } = await propose(3000);
    const approved = (await office.call('POST', `/api/rewards/${body.id}/approve`)).body;
    pay.callbackRepeat = 0; // the fake keeps its callback: the test sends forged ones itself
    pay.confirm(approved.outBillNo);
    pay.callbackRepeat = 1;

    const forged = pay.notification(approved.outBillNo, { forge: true });
    expect(await pay.deliver(approved.outBillNo, forged)).toBe(401);
    const genuine = pay.notification(approved.outBillNo);
    expect(await pay.deliver(approved.outBillNo, { headers: genuine.headers, body: genuine.body.replace('商家转账单据终态通知', '假的') })).toBe(401);
    const wrongKey = pay.notification(approved.outBillNo, { apiV3Key: 'zyxwvutsrqponmlkjihgfedcba543210' });
    expect(await pay.deliver(approved.outBillNo, wrongKey)).toBe(401);
    const unsigned = await fetch(`${sut.baseUrl}/api/wechatpay/notify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: genuine.body });
    expect(unsigned.status).toBe(401);
    expect((await reward(body.id)).state).toBe('wait_user_confirm');

    // The resident's app asks after confirming: the query finds the bill paid.
    const refreshed = await callApi(sut.baseUrl, resident, 'POST', `/api/my/rewards/${body.id}/refresh`);
    expect(refreshed.body.state).toBe('succeeded');
    expect((await reward(body.id)).events.at(-1)).toMatchObject({ source: 'query', toState: 'succeeded' });
    // The genuine callback arriving late is accepted and changes nothing more.
    expect(await pay.deliver(approved.outBillNo, genuine)).toBe(204);
    expect(await pay.deliver(approved.outBillNo, genuine)).toBe(204);
    expect((await reward(body.id)).events).toHaveLength(4);
  });

  it('keeps WeChat Pay’s refusals plain: retries the same bill when told to, fails when final', async () => {
    const a = (await propose(2000)).body;
    pay.refuseNext(403, 'NOT_ENOUGH', '资金不足');
    const short = (await office.call('POST', `/api/rewards/${a.id}/approve`)).body;
    expect(short).toMatchObject({ state: 'approved', failCode: 'NOT_ENOUGH', failMessage: '商户余额不足，充值后会自动重试' });
    expect(pay.bills.has(a.outBillNo)).toBe(false);
    expect((await office.call('POST', '/api/rewards/reconcile')).body.changed).toBeGreaterThanOrEqual(1);
    expect((await reward(a.id)).state).toBe('wait_user_confirm');
    expect(pay.bills.get(a.outBillNo)?.state).toBe('WAIT_USER_CONFIRM');

    const b = (await propose(2000)).body;
    pay.refuseNext(400, 'INVALID_REQUEST', '用户账户不符合收款条件');
    expect((await office.call('POST', `/api/rewards/${b.id}/approve`)).body).toMatchObject({ state: 'failed', failCode: 'INVALID_REQUEST' });

    const c = (await propose(2000)).body;
    const approvedC = (await office.call('POST', `/api/rewards/${c.id}/approve`)).body;
    pay.fail(approvedC.outBillNo, 'PAYEE_ACCOUNT_ABNORMAL');
    await pay.settled();
    expect(await reward(c.id)).toMatchObject({ state: 'failed', failCode: 'PAYEE_ACCOUNT_ABNORMAL', failMessage: '收款人微信账户异常' });
  });

  it('needs a second person, stays within the month’s budget, and refuses bad input storing nothing', async () => {
    const own = (await propose(2000, office)).body;
    const self = await office.call('POST', `/api/rewards/${own.id}/approve`);
    expect(self.status).toBe(422);
    expect(self.body.message).toBe('不能审批自己提出的奖励，请另一位同事审批');
    expect((await leader.call('POST', `/api/rewards/${own.id}/approve`)).status).toBe(200);

    // 1000 yuan a month; what is approved so far plus 960 yuan does not fit.
    const big = (await propose(96_000)).body;
    const over = await leader.call('POST', `/api/rewards/${big.id}/approve`);
    expect(over.status).toBe(409);
    expect(over.body.message).toBe('本月奖励预算不够了');
    expect((await reward(big.id)).state).toBe('proposed');
    expect((await leader.call('POST', `/api/rewards/${big.id}/reject`, { reason: '超出预算' })).body.state).toBe('rejected');

    const rows = await rewardRows();
    expect((await propose(10)).status).toBe(422);
    expect((await cadre.call('POST', '/api/rewards', { memberId, amountFen: 100, reason: 'bribe', remark: 'x' })).status).toBe(400);
    // A golden idea is rewarded only through its own page, which checks it was adopted.
    const viaFreeText = await cadre.call('POST', '/api/rewards', { memberId, amountFen: 100, reason: 'golden_idea', remark: '金点子', sourceRef: 'idea-1' });
    expect(viaFreeText.status).toBe(400);
    expect(JSON.stringify(viaFreeText.body)).toContain('金点子奖励请在金点子页面发起');
    const other = (await cadre.call('GET', `/api/households/${(await reward(own.id)).householdId}`)).body.members.find((m: { name: string }) => m.name === '刘小妹');
    const noWallet = await cadre.call('POST', '/api/rewards', { memberId: other.id, amountFen: 100, reason: 'model_household', remark: '示范户' });
    expect(noWallet.status).toBe(422);
    expect(await rewardRows()).toBe(rows);
    const batai = await Staff.login(sut.baseUrl, 'cadre-batai-1');
    expect((await batai.call('POST', '/api/rewards', { memberId, amountFen: 100, reason: 'other', remark: '外村' })).status).toBe(403);
    await expect(sut.ds.query(`DELETE FROM reward_event`)).rejects.toThrow(/append-only/);
  });
});

/** A newcomer's sandbox pays rewards through the built-in fake WeChat Pay, with nothing configured. */
describe('rewards in the sandbox', () => {
  let sut: SandboxApp;
  beforeAll(async () => {
    sut = await createSandboxApp();
  });
  afterAll(() => sut?.close());

  it('pays through the fake started with keys made at boot, and hears its callback', async () => {
    expect(sut.config.wechatpay).toMatchObject({ mode: 'fake' });
    const cadre = await Staff.login(sut.baseUrl, 'cadre-jingxi-1');
    const office = await Staff.login(sut.baseUrl, 'dispatcher');
    const units: Array<{ id: string; code: string }> = (await office.call('GET', '/api/units')).body;
    const village = units.find((u) => u.code === 'village-jingxi-1')!.id;
    const household = (await cadre.call('POST', `/api/villages/${village}/households`, { name: '沙盒户', members: [{ name: '沙盒', phone: '13800004001' }] })).body;
    const token = await residentToken(sut.baseUrl, 'o_sandbox_reward');
    expect((await callApi(sut.baseUrl, token, 'POST', '/api/my/phone', { code: `phone-13800004001.${randomUUID()}` })).status).toBe(200);

    const proposed = (await cadre.call('POST', '/api/rewards', { memberId: household.members[0].id, amountFen: 1000, reason: 'model_household', remark: '示范户' })).body;
    const approved = (await office.call('POST', `/api/rewards/${proposed.id}/approve`)).body;
    expect(approved.state).toBe('wait_user_confirm');
    const fake = sut.app.get(WechatPayProvider).fake!;
    fake.confirm(approved.outBillNo);
    await fake.settled();
    expect(fake.callbacks.map((c) => c.status)).toEqual([204]);
    expect((await callApi(sut.baseUrl, token, 'GET', '/api/my/rewards')).body[0]).toMatchObject({ state: 'succeeded' });
  });
});
