import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { FakeWechatPay } from '@msz/wechat';
import { createTestApp, TEST_WECHAT, type TestApp } from '@msz/server/testing/test-app';
import { callApi, residentToken } from './support/api';
import { Staff } from './support/staff';

const MCHID = '1900000002';
const SERIAL = '6157F09EFDC096DE15EBE81A47057A7232F1B8E2';
const API_V3_KEY = 'abcdefghijklmnopqrstuvwxyz543210';

/** A resident's suggestion becomes a golden idea, is delivered, and its proposer is paid through (fake) WeChat Pay. */
describe('a golden idea rewarded through WeChat Pay', () => {
  let sut: TestApp;
  let pay: FakeWechatPay;
  let payServer: { baseUrl: string; close(): Promise<void> };
  let office: Staff;
  let townHandler: Staff; // 井溪镇, the unit that owns the idea
  let otherCadre: Staff; // 香炉村, another town

  beforeAll(async () => {
    const merchant = FakeWechatPay.keyPair();
    pay = new FakeWechatPay({ mchid: MCHID, appid: TEST_WECHAT.miniprogram.appid, merchantSerial: SERIAL, merchantPublicKey: merchant.publicKey, apiV3Key: API_V3_KEY });
    payServer = await pay.listen();
    const dir = mkdtempSync(join(tmpdir(), 'msz-idea-pay-'));
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
    if (sut.config.wechatpay) sut.config.wechatpay.notifyUrl = `${sut.baseUrl}/api/wechatpay/notify`;
    [office, townHandler, otherCadre] = await Promise.all(['dispatcher', 'jingxi', 'cadre-batai-1'].map((u) => Staff.login(sut.baseUrl, u)));
  });
  afterAll(async () => {
    await sut?.close();
    await payServer?.close();
  });

  it('goes from suggestion to delivery, then pays its proposer once they confirm; forged and repeated callbacks change nothing', async () => {
    const units: Array<{ id: string; code: string }> = (await office.call('GET', '/api/units')).body;
    const town = units.find((u) => u.code === 'town-jingxi')!.id;

    // The resident suggests in the mini-program.
    const openid = `o_idea_pay_${randomUUID().slice(0, 8)}`;
    const resident = await residentToken(sut.baseUrl, openid);
    const filed = await callApi(sut.baseUrl, resident, 'POST', '/api/my/cases', { text: '建议在村里建一个高山蔬菜基地，带动大家增收', clientKey: randomUUID() });
    expect(filed.status).toBe(200);
    const caseId: string = filed.body.id;
    expect((await office.call('POST', `/api/cases/${caseId}/classify`, { kind: 'suggestion', subItem: 'industry-development', urgency: 'normal' })).status).toBe(200);

    // The office takes it up; the town adopts it and follows it to delivery.
    const taken = await office.call('POST', '/api/ideas', { caseId, unitId: town, title: '建高山蔬菜基地' });
    expect(taken.status).toBe(201);
    const id: string = taken.body.id;
    expect(taken.body).toMatchObject({ reward: null, canReward: false });
    // Not yet adopted: nothing to reward, nothing stored.
    const early = await townHandler.call('POST', `/api/ideas/${id}/reward`, { amountFen: 20000, remark: '金点子奖励' });
    expect(early).toMatchObject({ status: 409, body: { code: 'REWARD_IDEA_NOT_ADOPTED' } });
    expect((await townHandler.call('POST', `/api/ideas/${id}/evaluate`, { decision: 'adopt' })).body.status).toBe('adopted');
    expect((await townHandler.call('POST', `/api/ideas/${id}/milestones`, { note: '选好了200亩地块' })).status).toBe(201);
    const delivered = await townHandler.call('POST', `/api/ideas/${id}/milestones`, { note: '基地建成，第一批蔬菜上市', delivered: true });
    expect(delivered.body).toMatchObject({ status: 'delivered', canReward: true, reward: null });

    // Another town's cadre cannot reward it; bad amounts are refused; nothing is stored.
    expect((await otherCadre.call('POST', `/api/ideas/${id}/reward`, { amountFen: 20000, remark: '金点子奖励' })).status).toBe(404);
    expect((await townHandler.call('POST', `/api/ideas/${id}/reward`, { amountFen: 10, remark: '金点子奖励' })).status).toBe(422);
    expect((await townHandler.call('POST', `/api/ideas/${id}/reward`, { amountFen: 20000, remark: '' })).status).toBe(400);
    expect(Number((await sut.ds.query(`SELECT count(*)::int AS n FROM reward WHERE idea_id = $1`, [id]))[0].n)).toBe(0);

    // A cadre of the town proposes; the idea shows it, and a second proposal is refused.
    const proposed = await townHandler.call('POST', `/api/ideas/${id}/reward`, { amountFen: 20000, remark: '金点子“高山蔬菜基地”落地' });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ canReward: false, reward: { amountFen: 20000, state: 'proposed', stateLabel: '等待审批' } });
    const rewardId: string = proposed.body.reward.id;
    expect((await townHandler.call('POST', `/api/ideas/${id}/reward`, { amountFen: 5000, remark: '再发一笔' })).body.code).toBe('REWARD_IDEA_NOT_ADOPTED');
    const listed = (await office.call('GET', '/api/rewards')).body.find((r: { id: string }) => r.id === rewardId);
    expect(listed).toMatchObject({ ideaId: id, reason: 'golden_idea', state: 'proposed' });

    // A second person approves: the transfer is made to the proposer's mini-program openid.
    const approved = await office.call('POST', `/api/rewards/${rewardId}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('wait_user_confirm');
    const bill = pay.bills.get(approved.body.outBillNo)!;
    expect(bill).toMatchObject({ openid, transfer_amount: 20000, state: 'WAIT_USER_CONFIRM' });
    expect((await office.call('GET', `/api/ideas/${id}`)).body.reward).toMatchObject({ state: 'wait_user_confirm', stateLabel: '等待本人确认收款' });

    // The resident's app has what wx.requestMerchantTransfer needs.
    const mine = (await callApi(sut.baseUrl, resident, 'GET', '/api/my/rewards')).body;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id: rewardId, state: 'wait_user_confirm', packageInfo: bill.package_info, mchId: MCHID, appId: TEST_WECHAT.miniprogram.appid });

    // The resident confirms in WeChat: WeChat Pay settles the bill; its callback is held back so the test sends them.
    pay.callbackRepeat = 0;
    pay.confirm(bill.out_bill_no);
    pay.callbackRepeat = 1;
    const forged = pay.notification(bill.out_bill_no, { forge: true });
    expect(await pay.deliver(bill.out_bill_no, forged)).toBe(401);
    expect((await office.call('GET', `/api/ideas/${id}`)).body.reward.state).toBe('wait_user_confirm');

    const genuine = pay.notification(bill.out_bill_no);
    expect(await pay.deliver(bill.out_bill_no, genuine)).toBe(204);
    expect((await office.call('GET', `/api/ideas/${id}`)).body.reward).toMatchObject({ state: 'succeeded', stateLabel: '已到账' });
    // WeChat Pay repeats itself: the second delivery changes nothing.
    expect(await pay.deliver(bill.out_bill_no, genuine)).toBe(204);
    const detail = (await office.call('GET', `/api/rewards/${rewardId}`)).body;
    expect(detail.events.map((e: { source: string; toState: string }) => `${e.source}:${e.toState}`)).toEqual(['staff:proposed', 'staff:approved', 'transfer:wait_user_confirm', 'callback:succeeded']);
    expect((await callApi(sut.baseUrl, resident, 'GET', '/api/my/rewards')).body[0]).toMatchObject({ state: 'succeeded', packageInfo: null });
    expect([...pay.bills.values()].filter((b) => b.openid === openid)).toHaveLength(1);
  });
});
