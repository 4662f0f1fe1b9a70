import type { SupervisionSource, SupervisionStatus } from '@msz/domain';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** 督办事项: one item of the inspectors' list, assigned to a unit with a deadline and the rectification required. */
@Entity('supervision_item')
@Index('idx_supervision_item_unit_status', ['unitId', 'status'])
@Index('idx_supervision_item_escalation', ['dueDate'], { where: `escalated_at IS NULL AND status IN ('assigned', 'sent_back')` })
@Index('uq_supervision_item_flag', ['flagId'], { unique: true, where: 'flag_id IS NOT NULL' })
export class SupervisionItemEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** 督-2026-0001. */
  @Index({ unique: true }) @Column({ type: 'varchar', length: 20 }) number!: string;
  @Column({ type: 'varchar', length: 16 }) source!: SupervisionSource;
  @Column({ type: 'varchar', length: 100 }) title!: string;
  /** The rectification required (整改要求). */
  @Column({ type: 'text' }) requirement!: string;
  @Column({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  /** The deadline, a Beijing date (限期). */
  @Column({ name: 'due_date', type: 'date' }) dueDate!: string;
  @Column({ type: 'varchar', length: 16, default: 'assigned' }) status!: SupervisionStatus;
  @Column({ name: 'case_ids', type: 'uuid', array: true, default: () => `'{}'` }) caseIds!: string[];
  @Column({ name: 'warning_id', type: 'uuid', nullable: true }) warningId!: string | null;
  @Column({ name: 'flag_id', type: 'uuid', nullable: true }) flagId!: string | null;
  /** 四不两直: what the inspector found on the ground. */
  @Column({ name: 'field_note', type: 'text', nullable: true }) fieldNote!: string | null;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  /** The unit's latest report. */
  @Column({ name: 'reported_at', type: 'timestamptz', nullable: true }) reportedAt!: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  /** When the overdue item went to the unit's leader and the city leader in charge. */
  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true }) escalatedAt!: Date | null;
}

export type SupervisionStepAction = 'assign' | 'report' | 'close' | 'send_back' | 'escalate' | 'accountability' | 'exposure';

/** One step of an item's history, insert-only; a report's photos are listed with it. */
@Entity('supervision_step')
export class SupervisionStepEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ name: 'item_id', type: 'uuid' }) itemId!: string;
  @Column({ type: 'varchar', length: 16 }) action!: SupervisionStepAction;
  /** null for the escalation job. */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId!: string | null;
  @Column({ name: 'actor_name', type: 'varchar', length: 100 }) actorName!: string;
  @Column({ type: 'text' }) text!: string;
  @Column({ name: 'media_ids', type: 'uuid', array: true, default: () => `'{}'` }) mediaIds!: string[];
  @CreateDateColumn({ name: 'at', type: 'timestamptz' }) at!: Date;
}

/** A photo the unit uploaded as evidence for an item, kept in the media store under supervision/<item>. */
@Entity('supervision_media')
export class SupervisionMediaEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ name: 'item_id', type: 'uuid' }) itemId!: string;
  @Column({ name: 'storage_key', type: 'varchar', length: 200 }) storageKey!: string;
  @Column({ name: 'content_type', type: 'varchar', length: 100 }) contentType!: string;
  @Column({ name: 'size_bytes', type: 'integer' }) sizeBytes!: number;
  @Column({ name: 'uploaded_by', type: 'uuid' }) uploadedBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** 问责: who was held accountable for what, with the item. */
@Entity('supervision_accountability')
export class SupervisionAccountabilityEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ name: 'item_id', type: 'uuid' }) itemId!: string;
  @Column({ type: 'varchar', length: 50 }) person!: string;
  @Column({ type: 'varchar', length: 100 }) role!: string;
  /** The measure taken (诫勉谈话, 通报批评 …). */
  @Column({ type: 'varchar', length: 200 }) measure!: string;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'recorded_by', type: 'uuid' }) recordedBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** 媒体曝光: a unit exposed in the media, with its head's public commitment and deadline. */
@Entity('supervision_exposure')
export class SupervisionExposureEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ name: 'item_id', type: 'uuid' }) itemId!: string;
  @Column({ name: 'case_id', type: 'uuid', nullable: true }) caseId!: string | null;
  /** Where it was exposed (万源电视台, the city's OA …). */
  @Column({ type: 'varchar', length: 100 }) outlet!: string;
  @Column({ type: 'text' }) commitment!: string;
  @Column({ name: 'commitment_due', type: 'date' }) commitmentDue!: string;
  @Column({ name: 'recorded_by', type: 'uuid' }) recordedBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A follow-up note on an exposure's commitment. */
@Entity('supervision_exposure_follow_up')
export class SupervisionFollowUpEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ name: 'exposure_id', type: 'uuid' }) exposureId!: string;
  @Column({ type: 'text' }) text!: string;
  @Column({ name: 'actor_id', type: 'uuid' }) actorId!: string;
  @Column({ name: 'actor_name', type: 'varchar', length: 100 }) actorName!: string;
  @CreateDateColumn({ name: 'at', type: 'timestamptz' }) at!: Date;
}

/** The last number given in a year: 督-<year>-<last>. */
@Entity('supervision_counter')
export class SupervisionCounterEntity {
  @PrimaryColumn({ type: 'integer' }) year!: number;
  @Column({ type: 'integer' }) last!: number;
}

export const SUPERVISION_ENTITIES = [
  SupervisionItemEntity,
  SupervisionStepEntity,
  SupervisionMediaEntity,
  SupervisionAccountabilityEntity,
  SupervisionExposureEntity,
  SupervisionFollowUpEntity,
  SupervisionCounterEntity,
];
