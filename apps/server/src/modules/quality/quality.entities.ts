import type { ProblemSignature } from '@msz/domain';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A revisit nobody answered in chat within 3 working days: staff phone the resident (电话回访). */
@Entity('revisit_task')
export class RevisitTaskEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'done_at', type: 'timestamptz', nullable: true }) doneAt!: Date | null;
  @Column({ name: 'done_by', type: 'uuid', nullable: true }) doneBy!: string | null;
}

/** 问题溯源、责任倒查: an unsatisfied or unsolved revisit, held against the unit that answered (a possible 虚假办结). */
@Entity('trace_item')
export class TraceItemEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Index() @Column({ name: 'unit_id', type: 'uuid', nullable: true }) unitId!: string | null;
  /** 'unsatisfied' | 'not_solved' */
  @Column({ type: 'varchar', length: 16 }) reason!: string;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  /** 'open' until the inspector or dispatcher concludes it. */
  @Column({ type: 'varchar', length: 16, default: 'open' }) status!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** 专项治理: the same problem reported 3 or more times, tackled as one. */
@Entity('governance_item')
export class GovernanceItemEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'sub_item', type: 'varchar', length: 64, nullable: true }) subItem!: string | null;
  @Column({ name: 'place_unit_id', type: 'uuid', nullable: true }) placeUnitId!: string | null;
  @Column({ type: 'varchar', length: 200 }) title!: string;
  @Column({ type: 'varchar', length: 16, default: 'open' }) status!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity('governance_case')
export class GovernanceCaseEntity {
  @PrimaryColumn({ name: 'governance_id', type: 'uuid' }) governanceId!: string;
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId!: string;
}

/**
 * What the same-problem rule compares, kept by quality beside each classified case: its sketch (ProblemSignature) and
 * the fields that pick candidates, copied from the case at classification so the lookup is one indexed range here.
 */
@Entity('problem_signature')
@Index('idx_problem_signature_sub_item_accepted', ['subItem', 'acceptedAt'])
export class ProblemSignatureEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ name: 'sub_item', type: 'varchar', length: 64 }) subItem!: string;
  /** The case's place when it is a village or community; a town is too wide to call two reports one place. */
  @Column({ name: 'village_unit_id', type: 'uuid', nullable: true }) villageUnitId!: string | null;
  @Column({ name: 'location_lat', type: 'double precision', nullable: true }) locationLat!: number | null;
  @Column({ name: 'location_lng', type: 'double precision', nullable: true }) locationLng!: number | null;
  @Column({ name: 'accepted_at', type: 'timestamptz' }) acceptedAt!: Date;
  /** ProblemSignature: { sketch, shingles, groups, concepts }. */
  @Column({ type: 'jsonb' }) signature!: ProblemSignature;
}
