import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CaseStatus } from '@msz/domain';

export type ActorKind = 'resident' | 'staff' | 'system';
/**
 * Lifecycle actions change the status; the others record a step that leaves it: 'file' starts a
 * case, 'add_info' adds the resident's follow-ups, and the rest are staff's and the system's steps.
 */
export type TimelineAction =
  | 'file'
  | import('@msz/domain').CaseAction
  | 'add_info'
  | 'classify'
  | 'note'
  | 'request_extension'
  | 'extend'
  | 'refuse_extension'
  | 'escalate';

/** One step in a case's life. Insert-only: a database trigger refuses updates and deletes. */
@Entity('case_timeline')
@Index('idx_timeline_case_at', ['caseId', 'at'])
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
}
