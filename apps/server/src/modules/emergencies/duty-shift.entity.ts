import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** 值班: a dispatcher the office put on duty for a Beijing calendar day; emergencies go to them first. */
@Entity('dispatcher_duty')
export class DutyShiftEntity {
  @PrimaryColumn({ type: 'date' }) day!: string;
  @PrimaryColumn({ name: 'staff_id', type: 'uuid' }) staffId!: string;
  @Column({ name: 'set_by', type: 'uuid' }) setBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
