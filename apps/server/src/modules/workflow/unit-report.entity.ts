import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** 日提醒 and 周对账: one report per unit per period, produced once whatever the number of instances. */
@Entity('unit_report')
export class UnitReportEntity {
  /** 'daily' | 'weekly' */
  @PrimaryColumn({ type: 'varchar', length: 8 }) kind!: 'daily' | 'weekly';
  /** 2026-11-26 or 2026-W48 */
  @PrimaryColumn({ type: 'varchar', length: 10 }) period!: string;
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @Column({ type: 'jsonb' }) figures!: Record<string, number>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
