import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The city's classification (分类处置规范) as one validated document; editing it is rare and whole. */
@Entity('taxonomy_document')
export class TaxonomyDocumentEntity {
  @PrimaryColumn({ type: 'integer', default: 1 }) id!: number;
  @Column({ type: 'jsonb' }) document!: Record<string, unknown>;
  @Column({ name: 'updated_by', type: 'varchar', length: 64, nullable: true }) updatedBy!: string | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
