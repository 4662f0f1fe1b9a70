import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AttachmentKind = 'image' | 'voice' | 'video';
export type AttachmentStatus = 'pending' | 'stored' | 'failed';

/**
 * A photo, voice or video a resident sent. WeChat keeps temporary media for 3 days only,
 * so each is downloaded in the background and stored durably; failures stay visible to staff.
 * Uploads through the API (the mini-program, staff evidence) are stored at once.
 */
@Entity('case_attachment')
@Index('idx_attachment_due', ['status', 'nextAttemptAt'])
export class AttachmentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ type: 'varchar', length: 8 }) kind!: AttachmentKind;
  /** 'resident' (sent in chat, downloaded from WeChat) or 'staff' (evidence a handler uploaded). */
  @Column({ type: 'varchar', length: 8, default: 'resident' }) source!: 'resident' | 'staff';
  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true }) uploadedBy!: string | null;
  /** WeChat's media id; null for staff uploads. */
  @Column({ name: 'media_id', type: 'varchar', length: 128, nullable: true }) mediaId!: string | null;
  /** WeChat's speech recognition of a voice message, when it had one. */
  @Column({ type: 'text', nullable: true }) recognition!: string | null;
  @Column({ type: 'varchar', length: 8, default: 'pending' }) status!: AttachmentStatus;
  @Column({ name: 'storage_key', type: 'varchar', length: 200, nullable: true }) storageKey!: string | null;
  @Column({ name: 'content_type', type: 'varchar', length: 100, nullable: true }) contentType!: string | null;
  @Column({ name: 'size_bytes', type: 'integer', nullable: true }) sizeBytes!: number | null;
  /** A voice or video's length as the mini-program reported it (not checked against the bytes). */
  @Column({ name: 'duration_ms', type: 'integer', nullable: true }) durationMs!: number | null;
  @Column({ type: 'integer', default: 0 }) attempts!: number;
  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' }) nextAttemptAt!: Date;
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true }) lockedUntil!: Date | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'stored_at', type: 'timestamptz', nullable: true }) storedAt!: Date | null;
}
