import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One counter of a rate limit (login failures per account or address, public lookups per address…),
 * in PostgreSQL so that every server process shares it.
 */
@Entity('rate_limit')
export class RateLimitEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 }) key!: string;
  @Column({ type: 'integer' }) hits!: number;
  @Column({ name: 'window_ends_at', type: 'timestamptz' }) windowEndsAt!: Date;
  @Column({ name: 'blocked_until', type: 'timestamptz', nullable: true }) blockedUntil!: Date | null;
  /** Blocks so far: each lasts twice as long as the one before (a growing lockout). */
  @Column({ type: 'integer', default: 0 }) strikes!: number;
  /** After this the row is forgotten, strikes and all. */
  @Index('idx_rate_limit_expires') @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
}
