import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ANOMALY_KINDS, type AnomalyKind } from '@msz/domain';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
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
