import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One row per case and escalation level reached: the warning for a level goes out once. */
@Entity('case_escalation')
export class CaseEscalationEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId!: string;
  /** 'approaching' (due within a working day) | 'dispatcher' (not assigned in time) | 'handler' | 'unit_leader' | 'city_leader' */
  @PrimaryColumn({ type: 'varchar', length: 16 }) level!: string;
  @Column({ name: 'workdays_overdue', type: 'integer' }) workdaysOverdue!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
