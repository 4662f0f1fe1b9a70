import { ApiProperty } from '@nestjs/swagger';
import type { PublicationEntity, PublicationStatus, PublicationStep } from '../publication.entity';

/** A publication as the office reads it: what, when, who approved, where it stands, and WeChat's ids. */
export class PublicationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'heatmap' }) kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['publishing', 'submitted', 'published', 'failed'] }) status!: PublicationStatus;
  @ApiProperty({ enum: ['picture', 'cover', 'draft', 'submit', 'outcome'], nullable: true, type: String }) failedStep!: PublicationStep | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ type: String, nullable: true }) approvedByName!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the draft in the account's draft box" }) draftMediaId!: string | null;
  @ApiProperty({ type: String, nullable: true }) publishId!: string | null;
  @ApiProperty({ type: String, nullable: true }) articleUrl!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) publishedAt!: string | null;

  static from(p: PublicationEntity): PublicationDto {
    return {
      id: p.id,
      kind: p.kind,
      title: p.title,
      status: p.status,
      failedStep: p.failedStep,
      error: p.error,
      approvedByName: p.approvedByName,
      draftMediaId: p.draftMediaId,
      publishId: p.publishId,
      articleUrl: p.articleUrl,
      createdAt: p.createdAt.toISOString(),
      publishedAt: p.publishedAt ? p.publishedAt.toISOString() : null,
    };
  }
}
