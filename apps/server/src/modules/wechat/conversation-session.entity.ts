import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A resident's chat state: for a while after filing, further messages add to that case;
 * a location sent before any description waits here for the case it belongs to.
 */
@Entity('wechat_session')
export class ConversationSessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) openid!: string;
  @Column({ name: 'open_case_id', type: 'uuid', nullable: true }) openCaseId!: string | null;
  @Column({ name: 'window_until', type: 'timestamptz', nullable: true }) windowUntil!: Date | null;
  @Column({ name: 'pending_location', type: 'jsonb', nullable: true }) pendingLocation!: { lat: number; lng: number; label: string | null; at: string } | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
