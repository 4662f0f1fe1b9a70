import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CASE_KINDS, REVISIT_RATINGS, URGENCIES, type CaseKind, type RevisitRating, type Urgency } from '@msz/domain';
import { VersionedActionDto } from '../../cases/dto/case-requests.dto';

export class ClassifyDto extends VersionedActionDto {
  @ApiProperty({ enum: CASE_KINDS }) @IsIn(CASE_KINDS) kind!: CaseKind;
  @ApiProperty({ description: 'a sub-item code of the taxonomy' }) @IsString() @IsNotEmpty() @MaxLength(64) subItem!: string;
  @ApiProperty({ enum: URGENCIES }) @IsIn(URGENCIES) urgency!: Urgency;
}

export class PhoneRevisitDto {
  @ApiProperty({ enum: REVISIT_RATINGS }) @IsIn(REVISIT_RATINGS) rating!: RevisitRating;
  @ApiProperty({ description: 'did the resident say the problem is solved' }) @IsBoolean() solved!: boolean;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class MergeDto {
  @ApiProperty({ format: 'uuid', description: 'the case that stays' }) @IsUUID() intoCaseId!: string;
}

export class RevisitTaskDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() number!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ nullable: true }) answer!: string | null;
}

export class TraceItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiPropertyOptional({ nullable: true, format: 'uuid' }) unitId!: string | null;
  @ApiProperty({ enum: ['unsatisfied', 'not_solved'] }) reason!: string;
  @ApiPropertyOptional({ nullable: true }) note!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty() createdAt!: string;
}

export class GovernanceItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiPropertyOptional({ nullable: true }) subItem!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty({ type: [String] }) caseIds!: string[];
  @ApiProperty() createdAt!: string;
}

export class RoutingSuggestionDto {
  @ApiPropertyOptional({ nullable: true, format: 'uuid' }) unitId!: string | null;
  @ApiPropertyOptional({ nullable: true }) unitName!: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ['village', 'town', 'city'] }) tier!: string | null;
  @ApiProperty() reason!: string;
}
