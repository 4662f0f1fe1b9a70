import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * 从办公室学习: a dispatcher's classification of a case, kept as a labelled example for `pnpm classify:train`
 * (the latest per case counts), with what the classifier had suggested so agreement can be measured.
 */
@Entity('classification_example')
export class ClassificationExampleEntity {
  /** The timeline entry of the classification: one example per classification, written once. */
  @PrimaryColumn({ name: 'step_id', type: 'bigint' }) stepId!: string;
  @Index() @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ type: 'text' }) text!: string;
  @Column({ type: 'varchar', length: 16 }) kind!: string;
  @Column({ name: 'sub_item', type: 'varchar', length: 64 }) subItem!: string;
  @Column({ type: 'varchar', length: 16 }) urgency!: string;
  @Column({ name: 'suggested_kind', type: 'varchar', length: 16, nullable: true }) suggestedKind!: string | null;
  @Column({ name: 'suggested_sub_item', type: 'varchar', length: 64, nullable: true }) suggestedSubItem!: string | null;
  @Column({ name: 'suggested_urgency', type: 'varchar', length: 16, nullable: true }) suggestedUrgency!: string | null;
  /** The dispatcher kept the suggestion's kind, sub-item and urgency (a confirmation, not an override). */
  @Column({ type: 'boolean' }) agreed!: boolean;
  @Column({ name: 'classified_by', type: 'uuid', nullable: true }) classifiedBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** Each case's latest classification, oldest first: what `pnpm classify:train` learns from (the service's export uses it too). */
export const LATEST_CLASSIFICATION_EXAMPLES_SQL = `SELECT text, kind, sub_item, urgency FROM (
  SELECT DISTINCT ON (case_id) text, kind, sub_item, urgency, created_at, step_id FROM classification_example ORDER BY case_id, created_at DESC, step_id DESC
) latest ORDER BY created_at, step_id`;
