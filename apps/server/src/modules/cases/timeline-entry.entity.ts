import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CaseActor, CaseStatus, CaseStep } from '@msz/domain';

export type ActorKind = CaseActor['kind'];
/** Lifecycle actions change the status; the other steps leave it (the domain's CaseStep). */
export type TimelineAction = CaseStep;

/** One step in a case's life. Insert-only: a database trigger refuses updates and deletes, and the hash chain shows any that got past it. */
@Entity('case_timeline')
@Index('idx_timeline_case_at', ['caseId', 'at'])
// The weekly pack's returns of a period (ReportIndexes migration).
@Index('idx_timeline_return_at', ['at'], { where: `action = 'return'` })
export class TimelineEntryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' }) id!: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ type: 'varchar', length: 24 }) action!: TimelineAction;
  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true }) fromStatus!: CaseStatus | null;
  @Column({ name: 'to_status', type: 'varchar', length: 16 }) toStatus!: CaseStatus;
  @Column({ name: 'actor_kind', type: 'varchar', length: 16 }) actorKind!: ActorKind;
  @Column({ name: 'actor_id', type: 'varchar', length: 64, nullable: true }) actorId!: string | null;
  @Column({ name: 'actor_name', type: 'varchar', length: 64, nullable: true }) actorName!: string | null;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at!: Date;
  /** 防篡改: the hash of this entry's canonical content, and its link in the case's chain (see the domain's timeline-chain). */
  @Column({ name: 'content_hash', type: 'varchar', length: 64, nullable: true }) contentHash!: string | null;
  @Column({ name: 'prev_hash', type: 'varchar', length: 64, nullable: true }) prevHash!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) hash!: string | null;
}
