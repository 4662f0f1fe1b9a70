import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { IdeaDecision, IdeaStatus, MeetingStatus } from '@msz/domain';

/** 板凳会: a meeting a village cadre plans, holds and closes with a report. */
@Entity('bench_meeting')
@Index('idx_bench_meeting_village', ['villageUnitId', 'plannedAt'])
@Index('idx_bench_meeting_town_held', ['townUnitId', 'heldAt'])
@Index('idx_bench_meeting_held', ['heldAt'], { where: `status IN ('held', 'closed')` })
export class BenchMeetingEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** A code of the city's kinds document (libs/domain/data/bench-kinds.json). */
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column({ type: 'varchar', length: 16 }) status!: MeetingStatus;
  @Column({ name: 'village_unit_id', type: 'uuid' }) villageUnitId!: string;
  /** The village's town when the meeting was planned: totals by town without walking the tree. */
  @Column({ name: 'town_unit_id', type: 'uuid' }) townUnitId!: string;
  @Column({ type: 'varchar', length: 100 }) place!: string;
  @Column({ name: 'host_staff_id', type: 'uuid' }) hostStaffId!: string;
  @Column({ name: 'planned_at', type: 'timestamptz' }) plannedAt!: Date;
  @Column({ name: 'held_at', type: 'timestamptz', nullable: true }) heldAt!: Date | null;
  @Column({ type: 'integer', nullable: true }) attendance!: number | null;
  @Column({ type: 'jsonb' }) topics!: string[];
  @Column({ type: 'text', nullable: true }) outcomes!: string | null;
  /** 会议小结: written when the meeting is closed. */
  @Column({ type: 'text', nullable: true }) report!: string | null;
  @Column({ name: 'cancel_reason', type: 'text', nullable: true }) cancelReason!: string | null;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @VersionColumn() version!: number;
}

/**
 * A demand raised at a meeting: the link from the meeting to the case the pipeline made of it.
 * `client_key` is made by the cadre's phone, so a send retried after a lost answer files nothing new.
 */
@Entity('bench_demand')
export class BenchDemandEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ name: 'meeting_id', type: 'uuid' }) meetingId!: string;
  @Index({ unique: true }) @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Index({ unique: true }) @Column({ name: 'client_key', type: 'varchar', length: 64 }) clientKey!: string;
  /** 当场解决: answered at the meeting, so the case went straight to revisit. */
  @Column({ name: 'solved_on_the_spot', type: 'boolean', default: false }) solvedOnTheSpot!: boolean;
  @Column({ name: 'entered_by', type: 'uuid' }) enteredBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A photo of a meeting or of an idea's milestone, kept in the media store. */
@Entity('bench_photo')
@Index('idx_bench_photo_owner', ['ownerKind', 'ownerId'])
export class BenchPhotoEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'owner_kind', type: 'varchar', length: 16 }) ownerKind!: 'meeting' | 'milestone';
  @Column({ name: 'owner_id', type: 'uuid' }) ownerId!: string;
  @Column({ name: 'storage_key', type: 'varchar', length: 200 }) storageKey!: string;
  @Column({ name: 'content_type', type: 'varchar', length: 100 }) contentType!: string;
  @Column({ name: 'size_bytes', type: 'integer' }) sizeBytes!: number;
  @Column({ name: 'uploaded_by', type: 'uuid' }) uploadedBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** 金点子: a resident's suggestion (a case of kind suggestion) the office took up. */
@Entity('golden_idea')
@Index('idx_golden_idea_unit_status', ['unitId', 'status'])
@Index('idx_golden_idea_evaluate_by', ['evaluateBy'], { where: `status = 'evaluating'` })
export class GoldenIdeaEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index({ unique: true }) @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  /** The unit that owns its subject and evaluates it. */
  @Column({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @Column({ type: 'varchar', length: 60 }) title!: string;
  @Column({ type: 'varchar', length: 16 }) status!: IdeaStatus;
  @Column({ name: 'taken_up_by', type: 'uuid' }) takenUpBy!: string;
  @Column({ name: 'taken_up_at', type: 'timestamptz' }) takenUpAt!: Date;
  @Column({ name: 'evaluate_by', type: 'timestamptz' }) evaluateBy!: Date;
  @Column({ name: 'evaluated_at', type: 'timestamptz', nullable: true }) evaluatedAt!: Date | null;
  @Column({ name: 'evaluated_by', type: 'uuid', nullable: true }) evaluatedBy!: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) decision!: IdeaDecision | null;
  @Column({ name: 'decision_reason', type: 'text', nullable: true }) decisionReason!: string | null;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @VersionColumn() version!: number;
}

/** 进展: a step on an adopted idea's way to delivery; insert-only. */
@Entity('golden_idea_milestone')
export class IdeaMilestoneEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ name: 'idea_id', type: 'uuid' }) ideaId!: string;
  @Column({ type: 'text' }) note!: string;
  /** The last milestone: the idea is delivered (落地). */
  @Column({ type: 'boolean', default: false }) delivered!: boolean;
  @Column({ name: 'recorded_by', type: 'uuid' }) recordedBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
