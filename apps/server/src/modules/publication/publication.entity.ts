import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Where a publication stands: being sent, submitted to WeChat (its job still running), published, or failed. */
export type PublicationStatus = 'publishing' | 'submitted' | 'published' | 'failed';
/** The step of publishing that failed: an article picture, the cover, the draft, the submission, the job's outcome. */
export type PublicationStep = 'picture' | 'cover' | 'draft' | 'submit' | 'outcome';

/** An article the server published on the city's Official Account (a heat map, a weekly red and black list). */
@Entity('publication')
@Index('idx_publication_created', ['createdAt'])
export class PublicationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** What was published, e.g. `heatmap`, `weekly_list`. */
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column({ type: 'varchar', length: 64 }) title!: string;
  /** The member of staff who approved it (the office, on Mondays). */
  @Column({ name: 'approved_by', type: 'uuid', nullable: true }) approvedBy!: string | null;
  @Column({ name: 'approved_by_name', type: 'varchar', length: 64, nullable: true }) approvedByName!: string | null;
  @Column({ type: 'varchar', length: 16 }) status!: PublicationStatus;
  @Column({ name: 'failed_step', type: 'varchar', length: 16, nullable: true }) failedStep!: PublicationStep | null;
  /** WeChat's errcode and errmsg, or the transport failure, in English for the admin. */
  @Column({ type: 'text', nullable: true }) error!: string | null;
  @Column({ name: 'image_urls', type: 'jsonb', default: () => "'[]'" }) imageUrls!: string[];
  @Column({ name: 'thumb_media_id', type: 'varchar', length: 128, nullable: true }) thumbMediaId!: string | null;
  /** The draft in the account's draft box: kept even when the submission failed, so the office can publish it by hand. */
  @Column({ name: 'draft_media_id', type: 'varchar', length: 128, nullable: true }) draftMediaId!: string | null;
  @Column({ name: 'publish_id', type: 'varchar', length: 64, nullable: true }) publishId!: string | null;
  /** freepublish/get's publish_status, as last read. */
  @Column({ name: 'publish_status', type: 'integer', nullable: true }) publishStatus!: number | null;
  @Column({ name: 'article_url', type: 'text', nullable: true }) articleUrl!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt!: Date | null;
}
