import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ANOMALY_KINDS, REVISIT_RATINGS, type AnomalyKind, type RevisitRating } from '@msz/domain';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { FLAG_STATUSES, type AnomalyFlagEntity, type FlagStatus } from '../anomaly-flag.entity';

export class FlagQueryDto {
  @ApiPropertyOptional({ enum: FLAG_STATUSES }) @IsOptional() @IsIn(FLAG_STATUSES) status?: FlagStatus;
  @ApiPropertyOptional({ enum: ANOMALY_KINDS }) @IsOptional() @IsIn(ANOMALY_KINDS) kind?: AnomalyKind;
}

export class FlagReviewDto {
  @ApiProperty({ maxLength: 500, description: "the inspector's note on what they found" }) @IsString() @IsNotEmpty() @MaxLength(500) note!: string;
}

export class AnomalyFlagDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ANOMALY_KINDS }) kind!: AnomalyKind;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) unitId!: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) caseId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'what the rule saw: cases, texts, times, the threshold' }) evidence!: Record<string, unknown>;
  @ApiProperty({ enum: FLAG_STATUSES }) status!: FlagStatus;
  @ApiPropertyOptional({ nullable: true }) reviewNote!: string | null;
  @ApiPropertyOptional({ nullable: true }) reviewedAt!: string | null;
  @ApiProperty() createdAt!: string;

  static from(f: AnomalyFlagEntity): AnomalyFlagDto {
    return {
      id: f.id,
      kind: f.kind,
      unitId: f.unitId,
      caseId: f.caseId,
      evidence: f.evidence,
      status: f.status,
      reviewNote: f.reviewNote,
      reviewedAt: f.reviewedAt?.toISOString() ?? null,
      createdAt: f.createdAt.toISOString(),
    };
  }
}

export class SampleQueryDto {
  @ApiPropertyOptional({ description: 'the Monday (YYYY-MM-DD) of the week sampled' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) week?: string;
}

export class SampleAnswerDto {
  @ApiProperty({ enum: REVISIT_RATINGS }) @IsIn(REVISIT_RATINGS) rating!: RevisitRating;
  @ApiProperty({ description: 'did the resident say the problem is solved' }) @IsBoolean() solved!: boolean;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class SampleTaskDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() week!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() number!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) unitId!: string | null;
  @ApiPropertyOptional({ enum: REVISIT_RATINGS, nullable: true }) officeRating!: RevisitRating | null;
  @ApiPropertyOptional({ nullable: true }) officeSolved!: boolean | null;
  @ApiPropertyOptional({ nullable: true }) officeNote!: string | null;
  @ApiPropertyOptional({ nullable: true }) recordedAt!: string | null;
}
