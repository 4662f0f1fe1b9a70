import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * 每日锚定: one Beijing day's chain heads sealed into one hash, linked to the day before. The same
 * line is appended to a file outside the database, so a rewritten chain cannot be re-sealed unseen.
 */
@Entity('timeline_anchor')
export class TimelineAnchorEntity {
  /** The Beijing date, YYYY-MM-DD. */
  @PrimaryColumn({ type: 'varchar', length: 10 }) day!: string;
  @Column({ type: 'varchar', length: 64 }) anchor!: string;
  @Column({ name: 'prev_anchor', type: 'varchar', length: 64, nullable: true }) prevAnchor!: string | null;
  /** Each case's head that day, by case id: lets the verifier name the case whose chain changed. */
  @Column({ type: 'jsonb' }) heads!: Record<string, string>;
  @CreateDateColumn({ name: 'sealed_at', type: 'timestamptz' }) sealedAt!: Date;
}
