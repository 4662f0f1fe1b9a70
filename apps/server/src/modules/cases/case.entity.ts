import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OPEN_STATUSES, type CaseKind, type CaseStatus, type RevisitRating } from '@msz/domain';

/** The open-case indexes' predicate: the statuses isOpen() calls open, listed, so any subset a query names implies it (lists.e2e checks the migrated indexes). */
export const OPEN_CASE_SQL = `status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;

export type CaseChannel = 'wechat_oa' | 'miniprogram' | 'phone' | 'walk_in' | 'bench_meeting';

/** 诉求: one resident's demand and where it stands. Its history lives in case_timeline. */
@Entity('case_file')
@Index('idx_case_status_accepted', ['status', 'acceptedAt'])
@Index('idx_case_resident', ['residentOpenid', 'acceptedAt'])
// Lists and counts (migration ListIndexes): a unit's cases by status and deadline; every open case by
// deadline (the queue, most overdue first); all cases by acceptance; staff-filed cases by the resident's phone.
@Index('idx_case_unit_status_deadline', ['unitId', 'status', 'closeBy', 'id'])
@Index('idx_case_open_deadline', ['closeBy', 'id'], { where: OPEN_CASE_SQL })
@Index('idx_case_unit_open_deadline', ['unitId', 'closeBy', 'id'], { where: OPEN_CASE_SQL }) // a handler's queue, read in order (UnitQueueIndex)
@Index('idx_case_open_status_deadline', ['status', 'closeBy'], { where: OPEN_CASE_SQL }) // the office dashboard's count, from the index alone (OpenCountIndex)
@Index('idx_case_accepted', ['acceptedAt', 'id'])
@Index('idx_case_resident_phone', ['residentPhone', 'acceptedAt'], { where: 'resident_openid IS NULL' })
// The periodic jobs read only cases whose moment has come (see NextDue1795686300000).
@Index('idx_case_next_due', ['nextDueAt'], { where: 'next_due_at IS NOT NULL' })
// The same-problem rule looks for a sub-item's reports within 30 days (quality, indicators' repeat rate).
@Index('idx_case_sub_item_accepted', ['subItem', 'acceptedAt'])
// The weekly pack's late cases: a period's deadlines, whatever the case's status now (ReportIndexes migration).
@Index('idx_case_deadline', ['closeBy', 'id'])
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 32 }) number!: string;
  @Column({ type: 'varchar', length: 16 }) channel!: CaseChannel;
  @Column({ name: 'resident_openid', type: 'varchar', length: 64, nullable: true }) residentOpenid!: string | null;
  /** For cases staff file on a resident's behalf (phone, walk-in, bench meeting): who and how to call back. */
  @Column({ name: 'resident_name', type: 'varchar', length: 32, nullable: true }) residentName!: string | null;
  @Column({ name: 'resident_phone', type: 'varchar', length: 20, nullable: true }) residentPhone!: string | null;
  @Column({ name: 'filed_by', type: 'uuid', nullable: true }) filedBy!: string | null;
  @Column({ type: 'text' }) text!: string;
  @Column({ type: 'varchar', length: 16 }) kind!: CaseKind;
  @Column({ type: 'varchar', length: 16 }) status!: CaseStatus;
  /** 分类: the taxonomy sub-item, confirmed by the dispatcher (null until classified). */
  @Column({ name: 'sub_item', type: 'varchar', length: 64, nullable: true }) subItem!: string | null;
  @Column({ type: 'varchar', length: 16, default: 'normal' }) urgency!: 'normal' | 'urgent' | 'critical';
  /** What the classifier suggested at filing, kept to measure it against the dispatcher's choice. */
  @Column({ type: 'jsonb', nullable: true }) suggestion!: Record<string, unknown> | null;
  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true }) assignedAt!: Date | null;
  /** Set when this case was merged into another (the duplicate points at the one kept). */
  @Column({ name: 'merged_into', type: 'uuid', nullable: true }) mergedInto!: string | null;
  /** When the revisit question went out: no answer in 3 working days makes a phone-revisit task. */
  @Column({ name: 'revisit_started_at', type: 'timestamptz', nullable: true }) revisitStartedAt!: Date | null;
  /** The resident's word on whether the problem is solved (a phone revisit asks it separately). */
  @Column({ name: 'revisit_solved', type: 'boolean', nullable: true }) revisitSolved!: boolean | null;
  /** Working days granted by approved extensions, at most 10 in all. */
  @Column({ name: 'extended_workdays', type: 'integer', default: 0 }) extendedWorkdays!: number;
  /** An extension request waits for the dispatcher (the request itself is the workflow's record). */
  @Column({ name: 'extension_pending', type: 'boolean', default: false }) extensionPending!: boolean;
  @Column({ name: 'unit_id', type: 'uuid', nullable: true }) unitId!: string | null;
  @Column({ type: 'text', nullable: true }) answer!: string | null;
  @Column({ name: 'revisit_rating', type: 'varchar', length: 24, nullable: true }) revisitRating!: RevisitRating | null;
  @Column({ name: 'invalid_reason', type: 'text', nullable: true }) invalidReason!: string | null;
  /** Where the resident said it is (a WeChat location message), and the place it maps to. */
  @Column({ name: 'location_lat', type: 'double precision', nullable: true }) locationLat!: number | null;
  @Column({ name: 'location_lng', type: 'double precision', nullable: true }) locationLng!: number | null;
  @Column({ name: 'location_label', type: 'varchar', length: 200, nullable: true }) locationLabel!: string | null;
  @Column({ name: 'place_unit_id', type: 'uuid', nullable: true }) placeUnitId!: string | null;
  @Column({ name: 'accepted_at', type: 'timestamptz' }) acceptedAt!: Date;
  /** Given to the resident with the number: the public lookup needs both (or the phone's last 4 digits). */
  @Column({ name: 'query_code', type: 'varchar', length: 8, nullable: true }) queryCode!: string | null;
  @Column({ name: 'assign_by', type: 'timestamptz' }) assignBy!: Date;
  @Column({ name: 'close_by', type: 'timestamptz' }) closeBy!: Date;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  /** When a periodic job next has something to do for this case (nextDueAt in the domain); null: nothing ever, as it stands. */
  @Column({ name: 'next_due_at', type: 'timestamptz', nullable: true }) nextDueAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @VersionColumn() version!: number;
}
