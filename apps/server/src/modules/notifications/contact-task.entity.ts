import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Someone must be phoned: every WeChat channel refused a message they must get, or their demand is an emergency (no outbox message then). */
@Entity('contact_task')
export class ContactTaskEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ name: 'case_id', type: 'uuid', nullable: true }) caseId!: string | null;
  @Column({ name: 'outbox_id', type: 'bigint', unique: true, nullable: true }) outboxId!: string | null;
  @Column({ type: 'varchar', length: 64 }) touser!: string;
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column({ type: 'text' }) reason!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'done_at', type: 'timestamptz', nullable: true }) doneAt!: Date | null;
}
