import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One access token per app, shared by every server instance. */
@Entity('wechat_access_token')
export class AccessTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) appid!: string;
  @Column({ name: 'access_token', type: 'varchar', length: 512 }) accessToken!: string;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
