import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type UnitLevel = 'city' | 'region' | 'town' | 'village' | 'department';

/** An organisation that owns cases: the command centre, a town, a village, a department. */
@Entity('unit')
export class UnitEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 64 }) code!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ type: 'varchar', length: 16 }) level!: UnitLevel;
  @Column({ name: 'parent_id', type: 'uuid', nullable: true }) parentId!: string | null;
  /** The city leader in charge of this unit (分管领导), who receives its escalations. */
  @Column({ name: 'supervisor_id', type: 'uuid', nullable: true }) supervisorId!: string | null;
  /** Sample data shipped for demonstration, not a real place or body. */
  @Column({ type: 'boolean', default: false }) sample!: boolean;
  /** The place's centre, to map a resident's location to the nearest town or village. */
  @Column({ name: 'center_lat', type: 'double precision', nullable: true }) centerLat!: number | null;
  @Column({ name: 'center_lng', type: 'double precision', nullable: true }) centerLng!: number | null;
  /** Residents aged 60 and over (villages only, when the city gives it): who the platform may not hear. */
  @Column({ type: 'integer', nullable: true }) elderly!: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
