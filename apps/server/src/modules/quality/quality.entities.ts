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

/** 协办: units that help the lead unit (主办) on a hard, cross-department case. */
@Entity('case_co_unit')
@Index('idx_co_unit_unit', ['unitId']) // a unit's co-handled cases (the key starts with case_id)
export class CaseCoUnitEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId!: string;
}
