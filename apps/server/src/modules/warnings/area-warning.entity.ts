import type { AreaWarningEvidence, AreaWarningScope, WarningLevel, WarningStatus } from '@msz/domain';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** 红橙黄三色预警 for an area: a surge in one town, or a sub-item rising in several towns at once. */
@Entity('area_warning')
// One live warning per surge: the same surge found again by any instance updates it, never doubles it.
@Index('uq_area_warning_live_scope', ['scopeKey'], { unique: true, where: `status <> 'closed'` })
@Index('idx_area_warning_raised', ['raisedAt'])
// The acknowledgment deadline's pass reads only the warnings still waiting for someone to sign.
@Index('idx_area_warning_ack_due', ['ackBy'], { where: `status = 'open' AND escalated_at IS NULL` })
export class AreaWarningEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 8 }) scope!: AreaWarningScope;
  /** `town:<unit id>:<sub-item>` or `city:<sub-item>` (the domain's key for the same surge). */
  @Column({ name: 'scope_key', type: 'varchar', length: 160 }) scopeKey!: string;
  @Column({ type: 'varchar', length: 8 }) level!: WarningLevel;
  @Column({ name: 'town_id', type: 'uuid', nullable: true }) townId!: string | null;
  /** The taxonomy sub-item. */
  @Column({ type: 'varchar', length: 64 }) category!: string;
  @Column({ type: 'varchar', length: 200 }) summary!: string;
  @Column({ type: 'jsonb' }) evidence!: AreaWarningEvidence;
  /** The units whose leaders were told (the towns, and for a city warning the sub-item's department): a unit leader sees these. */
  @Column({ name: 'unit_ids', type: 'uuid', array: true }) unitIds!: string[];
  @Column({ type: 'varchar', length: 16 }) status!: WarningStatus;
  @Column({ name: 'raised_at', type: 'timestamptz' }) raisedAt!: Date;
  @Column({ name: 'upgraded_at', type: 'timestamptz', nullable: true }) upgradedAt!: Date | null;
  /** Acknowledge by then, or the city leader hears of it. */
  @Column({ name: 'ack_by', type: 'timestamptz' }) ackBy!: Date;
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true }) acknowledgedAt!: Date | null;
  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true }) escalatedAt!: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

export type WarningStepAction = 'raised' | 'upgraded' | 'acknowledged' | 'follow_up' | 'closed' | 'escalated';

/** A warning's own timeline: who did what and when, with their note (insert-only). */
@Entity('area_warning_step')
@Index('idx_area_warning_step_warning', ['warningId', 'at'])
export class AreaWarningStepEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'warning_id', type: 'uuid' }) warningId!: string;
  @Column({ type: 'varchar', length: 16 }) action!: WarningStepAction;
  /** The level after the step (an upgrade names the new one). */
  @Column({ type: 'varchar', length: 8 }) level!: WarningLevel;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'staff_id', type: 'uuid', nullable: true }) staffId!: string | null;
  @Column({ name: 'staff_name', type: 'varchar', length: 64, nullable: true }) staffName!: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at!: Date;
}

/**
 * What the surge pass remembers between runs: the baseline counts of the day (they do not change
 * within it) and a fingerprint of the recent window, so a pass with nothing new reads no cases.
 */
@Entity('area_warning_scan')
export class AreaWarningScanEntity {
  @PrimaryColumn({ type: 'smallint' }) id!: number;
  @Column({ name: 'baseline_day', type: 'varchar', length: 10 }) baselineDay!: string;
  /** `<town id>|<sub-item>` → demands over the baseline days. */
  @Column({ type: 'jsonb' }) baseline!: Record<string, number>;
  @Column({ name: 'recent_fingerprint', type: 'varchar', length: 100 }) recentFingerprint!: string;
  @Column({ name: 'evaluated_at', type: 'timestamptz' }) evaluatedAt!: Date;
}
