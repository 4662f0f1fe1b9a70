import type { AnomalyKind } from '@msz/domain';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const FLAG_STATUSES = ['open', 'confirmed', 'dismissed'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

/** 异常线索: one pattern found in handling, with its evidence, until an inspector confirms or dismisses it. */
@Entity('anomaly_flag')
@Index('uq_anomaly_flag_kind_key', ['kind', 'key'], { unique: true })
@Index('idx_anomaly_flag_status_created', ['status', 'createdAt'])
export class AnomalyFlagEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 32 }) kind!: AnomalyKind;
  /** What makes the flag raised once (the case, the pair of cases, the unit and day …). */
  @Column({ type: 'varchar', length: 200 }) key!: string;
  @Index() @Column({ name: 'unit_id', type: 'uuid', nullable: true }) unitId!: string | null;
  @Column({ name: 'case_id', type: 'uuid', nullable: true }) caseId!: string | null;
  @Column({ type: 'jsonb' }) evidence!: Record<string, unknown>;
  @Column({ type: 'varchar', length: 16, default: 'open' }) status!: FlagStatus;
  @Column({ name: 'review_note', type: 'text', nullable: true }) reviewNote!: string | null;
  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true }) reviewedBy!: string | null;
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true }) reviewedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** How far the scan has read the timeline: it reads only entries written since. */
@Entity('anomaly_scan')
export class AnomalyScanEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 }) name!: string;
  @Column({ name: 'last_entry_id', type: 'bigint' }) lastEntryId!: string;
}
