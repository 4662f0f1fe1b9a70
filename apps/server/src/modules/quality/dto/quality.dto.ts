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

export class UnitChoiceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '香炉村' }) name!: string;
  @ApiProperty({ enum: ['city', 'region', 'town', 'village', 'department'] }) level!: string;
  @ApiProperty({ type: String, nullable: true, example: '八台镇', description: 'villages: the town they belong to' }) townName!: string | null;
  @ApiProperty({ example: 'xlc', description: 'pinyin initials of the name, for search (八台镇 → btz)' }) initials!: string;
  @ApiProperty({ enum: ['suggested', 'recent', 'same_town', 'other'], description: 'why it is where it is in the list' }) group!: 'suggested' | 'recent' | 'same_town' | 'other';
}

export class UnitChoicesDto {
  @ApiProperty({ type: RoutingSuggestionDto }) suggestion!: RoutingSuggestionDto;
  @ApiProperty({
    type: [UnitChoiceDto],
    description: 'every unit a case can go to, once: the suggestion, your recent units, the units of the case’s own town, then the rest (departments, each town followed by its villages)',
  })
  units!: UnitChoiceDto[];
}
