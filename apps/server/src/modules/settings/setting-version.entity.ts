import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How many times an admin has changed each group of settings: a process that may have missed a notice compares. */
@Entity('setting_version')
export class SettingVersionEntity {
  /** 'calendar' | 'taxonomy' */
  @PrimaryColumn({ type: 'varchar', length: 32 }) topic!: string;
  @Column({ type: 'bigint', default: 0 }) version!: string;
  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' }) changedAt!: Date;
}
