import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { LedgerEntryKind, ReviewCriterion, RewardState } from '@msz/domain';

/** A household (户) of a village: the unit points belong to. The balance is the ledger's sum, kept for the guarded update. */
@Entity('household')
@Check('household_balance_never_negative', 'balance >= 0')
export class HouseholdEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ name: 'village_id', type: 'uuid' }) villageId!: string;
  /** How the village calls it: the head's name and where (张明家·三组). */
  @Column({ type: 'varchar', length: 60 }) name!: string;
  @Column({ type: 'varchar', length: 100, default: '' }) address!: string;
  @Column({ type: 'integer', default: 0 }) balance!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A member of a household; one whose phone or openid matches a resident's account sees the household's points. */
@Entity('household_member')
export class HouseholdMemberEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ name: 'household_id', type: 'uuid' }) householdId!: string;
  @Column({ type: 'varchar', length: 40 }) name!: string;
  @Index() @Column({ type: 'varchar', length: 20, nullable: true }) phone!: string | null;
  @Index() @Column({ name: 'resident_openid', type: 'varchar', length: 64, nullable: true }) residentOpenid!: string | null;
  @Column({ name: 'is_head', type: 'boolean', default: false }) isHead!: boolean;
}

/** What a village reviews households on (门前五包 by default) and what each item is worth. */
@Entity('village_review_criteria')
export class VillageCriteriaEntity {
  @PrimaryColumn({ name: 'village_id', type: 'uuid' }) villageId!: string;
  @Column({ type: 'jsonb' }) criteria!: ReviewCriterion[];
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

/** A village review held on a day: which households met which criteria (as the criteria stood then). */
@Entity('village_review')
export class VillageReviewEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ name: 'village_id', type: 'uuid' }) villageId!: string;
  @Column({ type: 'varchar', length: 60 }) title!: string;
  @Column({ name: 'held_on', type: 'date' }) heldOn!: string;
  @Column({ type: 'jsonb' }) criteria!: ReviewCriterion[];
  @Column({ type: 'jsonb' }) results!: Array<{ householdId: string; met: string[] }>;
  @Column({ name: 'recorded_by', type: 'uuid' }) recordedBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** One movement of a household's points. Append-only: a trigger refuses UPDATE and DELETE. */
@Entity('points_entry')
@Index('idx_points_entry_household', ['householdId', 'createdAt'])
export class PointsEntryEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'household_id', type: 'uuid' }) householdId!: string;
  @Column({ type: 'varchar', length: 16 }) kind!: LedgerEntryKind;
  @Column({ type: 'integer' }) delta!: number;
  @Column({ name: 'balance_after', type: 'integer' }) balanceAfter!: number;
  /** What the resident reads: the criteria met, the goods taken, the reason for a correction. */
  @Column({ type: 'varchar', length: 200 }) note!: string;
  @Column({ name: 'review_id', type: 'uuid', nullable: true }) reviewId!: string | null;
  @Column({ name: 'redemption_id', type: 'uuid', nullable: true }) redemptionId!: string | null;
  @Index() @Column({ name: 'corrects_entry_id', type: 'uuid', nullable: true }) correctsEntryId!: string | null;
  @Column({ name: 'recorded_by', type: 'uuid' }) recordedBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** An operation's idempotency key and what it produced: a retry gets the same answer, never a second entry. */
@Entity('points_operation')
export class PointsOperationEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) key!: string;
  @Column({ type: 'varchar', length: 64 }) fingerprint!: string;
  @Column({ type: 'jsonb' }) result!: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** Goods on a village station's shelf, priced in points. */
@Entity('catalogue_item')
@Check('catalogue_item_stock_never_negative', 'stock >= 0')
export class CatalogueItemEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ name: 'village_id', type: 'uuid' }) villageId!: string;
  @Column({ type: 'varchar', length: 40 }) name!: string;
  @Column({ type: 'varchar', length: 8 }) unit!: string;
  @Column({ name: 'points_price', type: 'integer' }) pointsPrice!: number;
  @Column({ type: 'integer' }) stock!: number;
  @Column({ type: 'boolean', default: true }) active!: boolean;
}

/** Goods handed over at the station for points (the ledger entry holds the points). */
@Entity('redemption')
export class RedemptionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ name: 'household_id', type: 'uuid' }) householdId!: string;
  @Column({ name: 'item_id', type: 'uuid' }) itemId!: string;
  @Column({ type: 'integer' }) quantity!: number;
  @Column({ type: 'integer' }) points!: number;
  @Column({ name: 'recorded_by', type: 'uuid' }) recordedBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A cash reward paid to a resident's WeChat wallet (商家转账), proposed by one person, approved by another. */
@Entity('reward')
@Unique('uq_reward_out_bill_no', ['outBillNo'])
export class RewardEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'household_id', type: 'uuid', nullable: true }) householdId!: string | null;
  /** The payee: a mini-program resident (their openid is what WeChat Pay pays). */
  @Index() @Column({ name: 'payee_openid', type: 'varchar', length: 64 }) payeeOpenid!: string;
  @Column({ name: 'payee_name', type: 'varchar', length: 40 }) payeeName!: string;
  @Column({ name: 'amount_fen', type: 'integer' }) amountFen!: number;
  /** Why: an adopted golden idea, a model household… */
  @Column({ type: 'varchar', length: 16 }) reason!: 'golden_idea' | 'model_household' | 'other';
  @Column({ type: 'varchar', length: 32 }) remark!: string;
  /** What it rewards elsewhere (an idea's id, a review's id), as text: this module writes no other module's tables. */
  @Column({ name: 'source_ref', type: 'varchar', length: 64, nullable: true }) sourceRef!: string | null;
  /** The golden idea it rewards: one live reward per idea (a rejected or failed one may be proposed again). */
  @Index('uq_reward_idea_live', { unique: true, where: `idea_id IS NOT NULL AND state NOT IN ('rejected', 'failed', 'cancelled')` })
  @Column({ name: 'idea_id', type: 'uuid', nullable: true })
  ideaId!: string | null;
  @Column({ type: 'varchar', length: 20 }) state!: RewardState;
  @Column({ type: 'varchar', length: 7 }) period!: string;
  @Column({ name: 'proposed_by', type: 'uuid' }) proposedBy!: string;
  @Column({ name: 'approved_by', type: 'uuid', nullable: true }) approvedBy!: string | null;
  /** Our idempotent bill number: the same reward is never paid twice, however often the call is retried. */
  @Column({ name: 'out_bill_no', type: 'varchar', length: 32 }) outBillNo!: string;
  @Column({ name: 'transfer_bill_no', type: 'varchar', length: 64, nullable: true }) transferBillNo!: string | null;
  @Column({ name: 'package_info', type: 'text', nullable: true }) packageInfo!: string | null;
  /** WeChat Pay's refusal or failure code, shown as is (NOT_ENOUGH, PAYEE_ACCOUNT_ABNORMAL…). */
  @Column({ name: 'fail_code', type: 'varchar', length: 64, nullable: true }) failCode!: string | null;
  @Column({ name: 'fail_message', type: 'varchar', length: 200, nullable: true }) failMessage!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

/** Every state change of a reward: who or what changed it (staff, callback, query) and from what. Append-only. */
@Entity('reward_event')
export class RewardEventEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ name: 'reward_id', type: 'uuid' }) rewardId!: string;
  @Column({ name: 'from_state', type: 'varchar', length: 20, nullable: true }) fromState!: string | null;
  @Column({ name: 'to_state', type: 'varchar', length: 20 }) toState!: string;
  @Column({ type: 'varchar', length: 16 }) source!: 'staff' | 'callback' | 'query' | 'transfer';
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId!: string | null;
  @Column({ type: 'varchar', length: 200, default: '' }) detail!: string;
  @CreateDateColumn({ name: 'at', type: 'timestamptz' }) at!: Date;
}

/** WeChat Pay callbacks already handled, by their notification id: a replay changes nothing. */
@Entity('wechatpay_notification')
export class WechatPayNotificationEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @Column({ name: 'out_bill_no', type: 'varchar', length: 32 }) outBillNo!: string;
  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
}

export const POINTS_ENTITIES = [
  HouseholdEntity,
  HouseholdMemberEntity,
  VillageCriteriaEntity,
  VillageReviewEntity,
  PointsEntryEntity,
  PointsOperationEntity,
  CatalogueItemEntity,
  RedemptionEntity,
  RewardEntity,
  RewardEventEntity,
  WechatPayNotificationEntity,
];
