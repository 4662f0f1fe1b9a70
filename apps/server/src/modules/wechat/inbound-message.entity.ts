import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Every message WeChat delivered, keyed so that WeChat's retries find the first answer instead of filing twice.
 * MsgIds are only unique per sender within one account, so the key is (appid, openid, dedupKey).
 */
@Entity('wechat_inbound')
export class InboundMessageEntity {
  /** The account (Official Account or mini-program) the message reached. */
  @PrimaryColumn({ type: 'varchar', length: 64 }) appid!: string;
  @PrimaryColumn({ type: 'varchar', length: 64 }) openid!: string;
  /** msg:MsgId for messages; evt:CreateTime:Event for events; mini:clientKey for the mini-program. */
  @PrimaryColumn({ name: 'dedup_key', type: 'varchar', length: 128 }) dedupKey!: string;
  @Column({ name: 'msg_type', type: 'varchar', length: 32 }) msgType!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) event!: string | null;
  @Column({ name: 'case_id', type: 'uuid', nullable: true }) caseId!: string | null;
  @Column({ type: 'text', nullable: true }) reply!: string | null;
  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
}
