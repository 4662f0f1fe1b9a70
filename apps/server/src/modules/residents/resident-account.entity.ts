import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A mini-program resident's own details. The phone number is the one WeChat verified
 * (getPhoneNumber): cases staff filed for that number become the resident's too. One account
 * holds a number at a time: binding it elsewhere moves it.
 */
@Entity('resident_account')
export class ResidentAccountEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) openid!: string;
  @Index('idx_resident_account_phone', { unique: true }) @Column({ type: 'varchar', length: 20 }) phone!: string;
  @Column({ name: 'phone_bound_at', type: 'timestamptz', default: () => 'now()' }) phoneBoundAt!: Date;
}
