import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** A WeChat message to send, written in the same transaction as the change that causes it. */
@Entity('outbox_message')
@Index('idx_outbox_due', ['status', 'nextAttemptAt'])
// Claims read only pending rows in id order: a partial index keeps that cheap under a large backlog.
@Index('idx_outbox_pending', ['id'], { where: "status = 'pending'" })
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' }) id!: string;
  /** Also sent to WeChat as client_msg_id, so a retried send is not delivered twice. */
  @Index({ unique: true }) @Column({ name: 'idempotency_key', type: 'varchar', length: 128 }) idempotencyKey!: string;
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column({ name: 'case_id', type: 'uuid', nullable: true }) caseId!: string | null;
  @Column({ type: 'varchar', length: 64 }) touser!: string;
  @Column({ type: 'jsonb' }) payload!: Record<string, unknown>;
  @Column({ type: 'varchar', length: 16, default: 'pending' }) status!: OutboxStatus;
  @Column({ type: 'integer', default: 0 }) attempts!: number;
  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' }) nextAttemptAt!: Date;
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true }) lockedUntil!: Date | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt!: Date | null;
  /** Which of the payload's channels is being tried (a refused one moves on to the next). */
  @Column({ name: 'channel_index', type: 'integer', default: 0 }) channelIndex!: number;
  /** The channel that delivered it: template, subscribe, bizsend, custom. */
  @Column({ name: 'sent_via', type: 'varchar', length: 16, nullable: true }) sentVia!: string | null;
  /** WeChat's msgid, and what its TEMPLATESENDJOBFINISH event later said of the delivery. */
  @Column({ name: 'wechat_msgid', type: 'varchar', length: 32, nullable: true }) wechatMsgid!: string | null;
  @Column({ name: 'delivery_report', type: 'varchar', length: 64, nullable: true }) deliveryReport!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
