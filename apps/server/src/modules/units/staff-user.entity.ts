import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type StaffRole = 'dispatcher' | 'handler' | 'admin';

/** A member of staff bound to one unit; handlers receive WeChat notifications at their openid. */
@Entity('staff_user')
export class StaffUserEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 64 }) username!: string;
  @Column({ name: 'display_name', type: 'varchar', length: 64 }) displayName!: string;
  @Column({ type: 'varchar', length: 16 }) role!: StaffRole;
  @Index() @Column({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) openid!: string | null;
  /** scrypt$salt$hash */
  @Column({ name: 'password_hash', type: 'varchar', length: 200 }) passwordHash!: string;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
