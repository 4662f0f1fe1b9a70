import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Staff roles; a unit leader and a city leader receive escalations, an inspector reads supervision lists. */
export type StaffRole = 'dispatcher' | 'handler' | 'unit_leader' | 'city_leader' | 'inspector' | 'admin';
export const STAFF_ROLES: readonly StaffRole[] = ['dispatcher', 'handler', 'unit_leader', 'city_leader', 'inspector', 'admin'];
/** The role as people say it, for the timeline and the sandbox. */
export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  dispatcher: '调度员',
  handler: '承办人',
  unit_leader: '单位负责人',
  city_leader: '分管领导',
  inspector: '督查员',
  admin: '管理员',
};

/** A member of staff bound to one unit; handlers receive WeChat notifications at their openid. */
@Entity('staff_user')
export class StaffUserEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 64 }) username!: string;
  @Column({ name: 'display_name', type: 'varchar', length: 64 }) displayName!: string;
  @Column({ type: 'varchar', length: 16 }) role!: StaffRole;
  @Index() @Column({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) openid!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) phone!: string | null;
  /** scrypt$salt$hash */
  @Column({ name: 'password_hash', type: 'varchar', length: 200 }) passwordHash!: string;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  /** Tokens carry it; disabling, a new role or unit, a new password or signing out raise it, which ends every token issued before. */
  @Column({ name: 'token_version', type: 'integer', default: 0 }) tokenVersion!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
