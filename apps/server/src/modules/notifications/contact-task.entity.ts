import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every WeChat channel refused a message a person must get: staff phone them instead. */
@Entity('contact_task')
export class ContactTaskEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ name: 'case_id', type: 'uuid', nullable: true }) caseId!: string | null;
  @Column({ name: 'outbox_id', type: 'bigint', unique: true }) outboxId!: string;
  @Column({ type: 'varchar', length: 64 }) touser!: string;
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column({ type: 'text' }) reason!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'done_at', type: 'timestamptz', nullable: true }) doneAt!: Date | null;
}
