import type { RevisitRating } from '@msz/domain';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 办公室抽样回访: a closed case drawn for the office to phone, the resident's own answer beside what they tell the office. */
@Entity('office_sample')
@Index('uq_office_sample_week_case', ['week', 'caseId'], { unique: true })
export class OfficeSampleEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** The Monday (Beijing date) of the week whose closed cases were drawn. */
  @Column({ type: 'varchar', length: 10 }) week!: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ name: 'unit_id', type: 'uuid', nullable: true }) unitId!: string | null;
  @Column({ name: 'resident_rating', type: 'varchar', length: 24 }) residentRating!: RevisitRating;
  @Column({ name: 'resident_solved', type: 'boolean', nullable: true }) residentSolved!: boolean | null;
  @Column({ name: 'office_rating', type: 'varchar', length: 24, nullable: true }) officeRating!: RevisitRating | null;
  @Column({ name: 'office_solved', type: 'boolean', nullable: true }) officeSolved!: boolean | null;
  @Column({ name: 'office_note', type: 'text', nullable: true }) officeNote!: string | null;
  @Column({ name: 'recorded_by', type: 'uuid', nullable: true }) recordedBy!: string | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
