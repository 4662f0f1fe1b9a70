import { Entity, Index, PrimaryColumn } from 'typeorm';

/** 协办: units that help the lead unit (主办) on a hard, cross-department case. */
@Entity('case_co_unit')
@Index('idx_co_unit_unit', ['unitId']) // a unit's co-handled cases (the key starts with case_id)
export class CaseCoUnitEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId!: string;
}
