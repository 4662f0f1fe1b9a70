import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ExtensionStatus = 'pending' | 'approved' | 'rejected';

/** 延期: a handler asks for more working days with a reason; the dispatcher decides. */
@Entity('extension_request')
@Index('idx_extension_pending', ['createdAt'], { where: "status = 'pending'" }) // the dispatcher's waiting list and its count
export class ExtensionRequestEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ type: 'integer' }) workdays!: number;
  @Column({ type: 'text' }) reason!: string;
  @Column({ type: 'varchar', length: 16, default: 'pending' }) status!: ExtensionStatus;
  @Column({ name: 'requested_by', type: 'uuid' }) requestedBy!: string;
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy!: string | null;
  @Column({ name: 'decision_note', type: 'text', nullable: true }) decisionNote!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
}
