import { Inject, Injectable, Logger } from '@nestjs/common';
import { checkApproval, checkRewardAmount, DomainError, isFinalReward, nextRewardState, rewardPeriod, rewardStateFromTransfer, type RewardState } from '@msz/domain';
import { WechatPayError, type TransferBill } from '@msz/wechat';
import { randomBytes } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { ResidentPrincipal, StaffPrincipal } from '../../common/auth/principal';
import { AppError, notFound } from '../../common/errors/app-error';
import { PollingWorker } from '../../common/jobs/polling-worker';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ResidentAccountEntity } from '../residents/resident-account.entity';
import { RewardEntity, RewardEventEntity } from './points.entities';
import { assertVillageWriter } from './points-scope';
import { PointsService } from './points.service';
import { WechatPayProvider } from './wechatpay.provider';

/** WeChat Pay's refusals after which the same out_bill_no is tried again (its own advice: 原单重试). */
const RETRY_SAME_BILL = new Set(['NOT_ENOUGH', 'FREQUENCY_LIMITED', 'SYSTEM_ERROR']);

/** What staff read for WeChat Pay's codes; anything else is shown with WeChat Pay's own message. */
const REFUSALS: Record<string, string> = {
  NOT_ENOUGH: '商户余额不足，充值后会自动重试',
  FREQUENCY_LIMITED: '微信支付繁忙，稍后自动重试',
  SYSTEM_ERROR: '微信支付暂时出错，稍后自动重试',
  PARAM_ERROR: '转账参数有误',
  INVALID_REQUEST: '微信支付拒绝了这笔转账',
  NO_AUTH: '商户号没有开通商家转账',
  SIGN_ERROR: '商户签名不对，请检查证书配置',
  PAYEE_ACCOUNT_ABNORMAL: '收款人微信账户异常',
};

export type ReasonKind = RewardEntity['reason'];

@Injectable()
export class RewardsService extends PollingWorker {
  protected readonly logger = new Logger('Rewards');

  constructor(
    private readonly ds: DataSource,
    private readonly points: PointsService,
    private readonly pay: WechatPayProvider,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // The reconciliation: bills WeChat Pay has not called back about are asked after every 5 minutes.
    super(config.workerPollMs > 0 && config.wechatpay ? 300_000 : 0);
  }

  /** A cadre (for a member of their village) or the office proposes; nothing is paid yet. */
  async propose(staff: StaffPrincipal, input: { memberId: string; amountFen: number; reason: ReasonKind; remark: string; sourceRef?: string }): Promise<RewardEntity> {
    const amountFen = checkRewardAmount(input.amountFen);
    const member = await this.points.member(input.memberId);
    const household = await this.points.household(member.householdId);
    if (staff.role !== 'dispatcher') assertVillageWriter(staff, household.villageId);
    const openid = member.residentOpenid ?? (member.phone ? (await this.ds.getRepository(ResidentAccountEntity).findOneBy({ phone: member.phone }))?.openid : undefined);
    if (!openid) throw new DomainError('REWARD_NO_PAYEE', 'the member has no mini-program account to be paid into', { memberId: member.id });
    return this.create(staff, { householdId: household.id, payeeOpenid: openid, payeeName: member.name, amountFen, reason: input.reason, remark: input.remark, sourceRef: input.sourceRef ?? null, ideaId: null });
  }

  /**
   * A reward for a golden idea, paid to its proposer. The caller (the ideas module) has checked the
   * idea is adopted or delivered; one live reward per idea is kept by a unique index.
   */
  async proposeForIdea(staff: StaffPrincipal, input: { ideaId: string; payeeOpenid: string; payeeName: string; amountFen: number; remark: string }): Promise<RewardEntity> {
    const amountFen = checkRewardAmount(input.amountFen);
    try {
      return await this.create(staff, { householdId: null, payeeOpenid: input.payeeOpenid, payeeName: input.payeeName, amountFen, reason: 'golden_idea', remark: input.remark, sourceRef: input.ideaId, ideaId: input.ideaId });
    } catch (err) {
      if ((err as { driverError?: { code?: string } })?.driverError?.code === '23505') throw new DomainError('REWARD_IDEA_NOT_ADOPTED', 'the idea already has a reward', { ideaId: input.ideaId });
      throw err;
    }
  }

  /** The latest reward of each idea, for the ideas' pages. */
  async forIdeas(ideaIds: readonly string[], m: EntityManager = this.ds.manager): Promise<Map<string, RewardEntity>> {
    if (!ideaIds.length) return new Map();
    const rows = await m.getRepository(RewardEntity).find({ where: { ideaId: In([...ideaIds]) }, order: { createdAt: 'ASC' } });
    return new Map(rows.map((r) => [r.ideaId!, r]));
  }

  private create(staff: StaffPrincipal, fields: Pick<RewardEntity, 'householdId' | 'payeeOpenid' | 'payeeName' | 'amountFen' | 'reason' | 'remark' | 'sourceRef' | 'ideaId'>): Promise<RewardEntity> {
    return this.ds.transaction(async (m) => {
      const reward = await m.save(
        m.create(RewardEntity, {
          ...fields,
          remark: fields.remark.trim(),
          state: 'proposed',
          period: rewardPeriod(new Date()),
          proposedBy: staff.id,
          approvedBy: null,
          // 32 letters and digits at most: WeChat Pay's rule for out_bill_no.
          outBillNo: `MSZR${Date.now().toString(36)}${randomBytes(6).toString('hex')}`.toUpperCase(),
        }),
      );
      await this.event(m, reward.id, null, 'proposed', 'staff', staff.id, `${(fields.amountFen / 100).toFixed(2)}元 ${reward.remark}`);
      return reward;
    });
  }

  /**
   * A second person approves within the month's budget (approvals of one month are serialised by
   * an advisory lock, so two at once cannot both squeeze under it), then the transfer is made.
   */
  async approve(staff: StaffPrincipal, rewardId: string): Promise<RewardEntity> {
    if (!this.pay.settings) throw new AppError('CONFLICT', 'WeChat Pay is not configured');
    const budget = this.pay.settings.monthlyBudgetFen;
    await this.ds.transaction(async (m) => {
      const reward = await m.getRepository(RewardEntity).findOne({ where: { id: rewardId }, lock: { mode: 'pessimistic_write' } });
      if (!reward) throw notFound('reward');
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`reward-budget:${reward.period}`]);
      const [{ spent }] = (await m.query(
        `SELECT COALESCE(SUM(amount_fen), 0)::int AS spent FROM reward WHERE period = $1 AND state NOT IN ('proposed', 'rejected', 'failed', 'cancelled')`,
        [reward.period],
      )) as Array<{ spent: number }>;
      checkApproval(reward, staff.id, spent, budget);
      await m.update(RewardEntity, { id: reward.id }, { state: 'approved', approvedBy: staff.id, updatedAt: new Date() });
      await this.event(m, reward.id, 'proposed', 'approved', 'staff', staff.id, '');
    });
    return this.transfer(rewardId);
  }

  async reject(staff: StaffPrincipal, rewardId: string, reason: string): Promise<RewardEntity> {
    if (!reason.trim()) throw new DomainError('REASON_REQUIRED', 'a rejection needs a reason');
    await this.ds.transaction(async (m) => {
      const reward = await m.getRepository(RewardEntity).findOne({ where: { id: rewardId }, lock: { mode: 'pessimistic_write' } });
      if (!reward) throw notFound('reward');
      if (reward.state !== 'proposed') throw new DomainError('REWARD_ILLEGAL', 'only a proposed reward is rejected');
      await m.update(RewardEntity, { id: reward.id }, { state: 'rejected', approvedBy: staff.id, updatedAt: new Date() });
      await this.event(m, reward.id, 'proposed', 'rejected', 'staff', staff.id, reason.trim().slice(0, 200));
    });
    return this.get(rewardId);
  }

  /** Creates (or, with the same out_bill_no, finds again) the WeChat Pay bill of an approved reward. */
  async transfer(rewardId: string): Promise<RewardEntity> {
    const reward = await this.get(rewardId);
    const client = this.pay.transfers();
    if (reward.state !== 'approved' || !client || !this.pay.settings) return reward;
    let bill: TransferBill;
    try {
      bill = await (await client).create({
        outBillNo: reward.outBillNo,
        openid: reward.payeeOpenid,
        amountFen: reward.amountFen,
        remark: reward.remark,
        notifyUrl: this.pay.settings.notifyUrl,
        sceneId: this.pay.settings.transferSceneId,
        reportInfos: [
          { infoType: '活动名称', infoContent: reward.reason === 'golden_idea' ? '金点子奖励' : reward.reason === 'model_household' ? '示范户奖励' : '群众奖励' },
          { infoType: '奖励说明', infoContent: reward.remark },
        ],
      });
    } catch (err) {
      if (!(err instanceof WechatPayError)) throw err;
      const final = err.kind === 'refused' && !RETRY_SAME_BILL.has(err.code);
      await this.ds.transaction(async (m) => {
        await m.update(RewardEntity, { id: reward.id, state: 'approved' }, { ...(final ? { state: 'failed' } : {}), failCode: err.code, failMessage: (REFUSALS[err.code] ?? err.message).slice(0, 200), updatedAt: new Date() });
        await this.event(m, reward.id, 'approved', final ? 'failed' : 'approved', 'transfer', null, `${err.code} ${err.message}`.slice(0, 200));
      });
      this.logger.warn(`reward ${reward.id}: transfer ${final ? 'refused' : 'not made yet'} (${err.code})`);
      return this.get(rewardId);
    }
    await this.applyBill(bill, 'transfer');
    return this.get(rewardId);
  }

  /** A WeChat Pay callback: verified and decrypted first; a replayed notification id changes nothing. */
  async notified(headers: Record<string, string | string[] | undefined>, rawBody: string): Promise<'applied' | 'replay'> {
    const client = this.pay.transfers();
    if (!client) throw new AppError('NOT_FOUND', 'WeChat Pay is not configured');
    const note = (await client).verifyNotification(headers, rawBody);
    const fresh: Array<{ id: string }> = await this.ds.query(`INSERT INTO wechatpay_notification (id, out_bill_no) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id`, [note.id, note.bill.outBillNo]);
    if (fresh.length === 0) return 'replay';
    const reward = await this.ds.getRepository(RewardEntity).findOneBy({ outBillNo: note.bill.outBillNo });
    // A callback must match what we asked to pay; anything else is not believed.
    if (!reward || reward.amountFen !== note.bill.amountFen || reward.payeeOpenid !== note.bill.openid) throw new WechatPayError('signature', 'BILL_MISMATCH', 'callback for a bill we did not make');
    await this.applyBill(note.bill, 'callback');
    return 'applied';
  }

  /** Asks WeChat Pay about one reward's bill now (the resident's app after confirming, or the reconciliation). */
  async refresh(rewardId: string): Promise<RewardEntity> {
    const reward = await this.get(rewardId);
    if (reward.state === 'approved') return this.transfer(rewardId);
    const client = this.pay.transfers();
    if (!client || isFinalReward(reward.state) || reward.state === 'proposed') return reward;
    try {
      await this.applyBill(await (await client).query(reward.outBillNo), 'query');
    } catch (err) {
      if (!(err instanceof WechatPayError)) throw err;
      this.logger.warn(`reward ${reward.id}: query failed (${err.code})`);
    }
    return this.get(rewardId);
  }

  /** Every reward still waiting on WeChat Pay: transfers not yet made, bills not yet final. */
  protected async runDue(): Promise<number> {
    const pending = await this.ds.getRepository(RewardEntity).find({ where: { state: In(['approved', 'transferring', 'wait_user_confirm']) }, order: { updatedAt: 'ASC' }, take: 200 });
    let done = 0;
    for (const r of pending) {
      const after = await this.refresh(r.id);
      if (after.state !== r.state) done++;
    }
    return done;
  }

  async list(staff: StaffPrincipal): Promise<RewardEntity[]> {
    const repo = this.ds.getRepository(RewardEntity);
    if (['dispatcher', 'city_leader', 'admin'].includes(staff.role)) return repo.find({ order: { createdAt: 'DESC' }, take: 200 });
    return repo.find({ where: { proposedBy: staff.id }, order: { createdAt: 'DESC' }, take: 200 });
  }

  async history(rewardId: string): Promise<RewardEventEntity[]> {
    return this.ds.getRepository(RewardEventEntity).find({ where: { rewardId }, order: { at: 'ASC' } });
  }

  async mine(resident: ResidentPrincipal): Promise<RewardEntity[]> {
    return this.ds.getRepository(RewardEntity).find({ where: { payeeOpenid: resident.openid, state: In(['transferring', 'wait_user_confirm', 'succeeded', 'failed', 'cancelled']) }, order: { createdAt: 'DESC' } });
  }

  async residentRefresh(resident: ResidentPrincipal, rewardId: string): Promise<RewardEntity> {
    const reward = await this.get(rewardId);
    if (reward.payeeOpenid !== resident.openid) throw notFound('reward');
    return this.refresh(rewardId);
  }

  async get(id: string): Promise<RewardEntity> {
    const r = await this.ds.getRepository(RewardEntity).findOneBy({ id });
    if (!r) throw notFound('reward');
    return r;
  }

  /** Moves a reward by what WeChat Pay reports, under a row lock, forward only; each change is audited. */
  private async applyBill(bill: TransferBill, source: 'transfer' | 'callback' | 'query'): Promise<void> {
    const reported = rewardStateFromTransfer(bill.state);
    await this.ds.transaction(async (m) => {
      const reward = await m.getRepository(RewardEntity).findOne({ where: { outBillNo: bill.outBillNo }, lock: { mode: 'pessimistic_write' } });
      if (!reward) throw notFound('reward');
      const next: RewardState = reward.state === 'approved' ? reported : nextRewardState(reward.state, reported);
      const packageInfo = bill.packageInfo ?? reward.packageInfo;
      if (next === reward.state && packageInfo === reward.packageInfo && bill.transferBillNo === reward.transferBillNo) return;
      await m.update(
        RewardEntity,
        { id: reward.id },
        {
          state: next,
          transferBillNo: bill.transferBillNo,
          packageInfo: next === 'wait_user_confirm' ? packageInfo : null,
          ...(next === 'failed' ? { failCode: bill.failReason ?? 'FAIL', failMessage: (REFUSALS[bill.failReason ?? ''] ?? `微信支付：${bill.failReason ?? '转账失败'}`).slice(0, 200) } : {}),
          ...(next === 'succeeded' ? { failCode: null, failMessage: null } : {}),
          updatedAt: new Date(),
        },
      );
      if (next !== reward.state) await this.event(m, reward.id, reward.state, next, source, null, `${bill.state}${bill.failReason ? ` ${bill.failReason}` : ''}`);
    });
  }

  private async event(m: EntityManager, rewardId: string, from: string | null, to: string, source: RewardEventEntity['source'], actorId: string | null, detail: string): Promise<void> {
    await m.insert(RewardEventEntity, { rewardId, fromState: from, toState: to, source, actorId, detail });
  }
}
