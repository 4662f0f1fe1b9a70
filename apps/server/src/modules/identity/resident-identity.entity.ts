import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An openid of one of our apps (the Official Account's or the mini program's) and the unionid
 * WeChat gave for it: openids with one unionid are one person. unionid is null when WeChat gave
 * none (the apps are not bound to one open-platform account); checkedAt says when we last asked.
 */
@Entity('resident_identity')
export class ResidentIdentityEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) appid!: string;
  @PrimaryColumn({ type: 'varchar', length: 64 }) openid!: string;
  @Index('idx_resident_identity_unionid') @Column({ type: 'varchar', length: 64, nullable: true }) unionid!: string | null;
  @Column({ name: 'checked_at', type: 'timestamptz', default: () => 'now()' }) checkedAt!: Date;
}
