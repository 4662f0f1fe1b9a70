import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SUPERVISION_SOURCES, SUPERVISION_STATUSES, type SupervisionSource, type SupervisionStatus } from '@msz/domain';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBase64, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = '日期要写成 2026-12-31 这样';

// ---- requests ----

export class CreateSupervisionItemDto {
  @ApiProperty({ enum: SUPERVISION_SOURCES, description: "where the item comes from: one case, a group of cases, an area warning, a confirmed anomaly flag, or a field visit (四不两直)" })
  @IsIn(SUPERVISION_SOURCES)
  source!: SupervisionSource;
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: "one case for 'case', two or more for 'cases'; none for a field visit" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  caseIds?: string[];
  @ApiPropertyOptional({ format: 'uuid', description: "the area warning, for source 'warning'" }) @IsOptional() @IsUUID() warningId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "the confirmed anomaly flag, for source 'flag'" }) @IsOptional() @IsUUID() flagId?: string;
  @ApiProperty({ format: 'uuid', description: 'the unit the item is assigned to' }) @IsUUID() unitId!: string;
  @ApiProperty({ maxLength: 100 }) @IsString() @MaxLength(100) @IsNotEmpty() title!: string;
  @ApiProperty({ maxLength: 2000, description: 'the rectification required (整改要求)' }) @IsString() @MaxLength(2000) @IsNotEmpty() requirement!: string;
  @ApiProperty({ example: '2026-12-31', description: 'the deadline (Beijing date); overdue from the next day' }) @IsString() @Matches(DATE, { message: DATE_MESSAGE }) dueDate!: string;
  @ApiPropertyOptional({ maxLength: 2000, description: "what the inspector found on the ground, for source 'field_visit'" }) @IsOptional() @IsString() @MaxLength(2000) fieldNote?: string;
}

export class ListSupervisionItemsQuery {
  @ApiPropertyOptional({ enum: SUPERVISION_STATUSES }) @IsOptional() @IsIn(SUPERVISION_STATUSES) status?: SupervisionStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ description: 'true: only overdue items' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}

export class SupervisionReportDto {
  @ApiProperty({ maxLength: 2000, description: 'what the unit rectified' }) @IsString() @MaxLength(2000) @IsNotEmpty() text!: string;
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'photos uploaded for this item (POST /api/supervision/items/:id/media)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9)
  @IsUUID('all', { each: true })
  mediaIds?: string[];
}

export const VERIFY_OUTCOMES = ['closed', 'sent_back'] as const;
export type VerifyOutcome = (typeof VERIFY_OUTCOMES)[number];

export class SupervisionVerifyDto {
  @ApiProperty({ enum: VERIFY_OUTCOMES }) @IsIn(VERIFY_OUTCOMES) outcome!: VerifyOutcome;
  @ApiProperty({ maxLength: 1000, description: "the inspector's finding" }) @IsString() @MaxLength(1000) @IsNotEmpty() note!: string;
  @ApiPropertyOptional({ example: '2026-12-31', description: "sent_back only: a new deadline (otherwise the old one stands)" })
  @IsOptional()
  @IsString()
  @Matches(DATE, { message: DATE_MESSAGE })
  dueDate?: string;
}

export class SupervisionPhotoUploadDto {
  @ApiProperty({ description: 'the photo, base64 (JPEG or PNG, at most 4 MB); its type is read from the bytes' }) @IsBase64() @MaxLength(5_600_000) base64!: string;
}

export class AccountabilityInputDto {
  @ApiProperty({ maxLength: 50, description: 'who was held accountable' }) @IsString() @MaxLength(50) @IsNotEmpty() person!: string;
  @ApiProperty({ maxLength: 100, description: 'their post (职务)' }) @IsString() @MaxLength(100) @IsNotEmpty() role!: string;
  @ApiProperty({ maxLength: 200, description: 'the measure taken (诫勉谈话, 通报批评 …)' }) @IsString() @MaxLength(200) @IsNotEmpty() measure!: string;
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

export class ExposureInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'the case exposed, if one' }) @IsOptional() @IsUUID() caseId?: string;
  @ApiProperty({ maxLength: 100, description: 'where it was exposed' }) @IsString() @MaxLength(100) @IsNotEmpty() outlet!: string;
  @ApiProperty({ maxLength: 1000, description: "the unit head's public commitment" }) @IsString() @MaxLength(1000) @IsNotEmpty() commitment!: string;
  @ApiProperty({ example: '2026-12-31', description: 'the commitment’s deadline (Beijing date)' }) @IsString() @Matches(DATE, { message: DATE_MESSAGE }) commitmentDue!: string;
}

export class FollowUpInputDto {
  @ApiProperty({ maxLength: 1000 }) @IsString() @MaxLength(1000) @IsNotEmpty() text!: string;
}

// ---- responses ----

export class SupervisionRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class SupervisionHistoryDto {
  @ApiProperty() at!: string;
  @ApiProperty({ enum: ['assign', 'report', 'close', 'send_back', 'escalate', 'accountability', 'exposure'] }) action!: string;
  @ApiProperty() actorName!: string;
  @ApiProperty() text!: string;
}

export class SupervisionMediaDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'where a signed-in member of staff who sees the item downloads it' }) url!: string;
}

export class SupervisionReportViewDto {
  @ApiProperty() at!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ type: [SupervisionMediaDto] }) media!: SupervisionMediaDto[];
}

export class AccountabilityDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty() person!: string;
  @ApiProperty() role!: string;
  @ApiProperty() measure!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) note!: string | null;
  @ApiProperty() createdAt!: string;
}

export class FollowUpDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() at!: string;
  @ApiProperty() text!: string;
  @ApiProperty() actorName!: string;
}

export class ExposureDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ description: 'the item’s number, 督-2026-0001' }) itemNumber!: string;
  @ApiProperty({ type: SupervisionRefDto }) unit!: SupervisionRefDto;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) caseId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) caseNumber!: string | null;
  @ApiProperty() outlet!: string;
  @ApiProperty({ description: "the unit head's public commitment" }) commitment!: string;
  @ApiProperty({ example: '2026-12-31' }) commitmentDue!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: [FollowUpDto] }) followUps!: FollowUpDto[];
}

export class SupervisionItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '督-2026-0001' }) number!: string;
  @ApiProperty({ enum: SUPERVISION_SOURCES }) source!: SupervisionSource;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'the rectification required' }) requirement!: string;
  @ApiProperty({ type: SupervisionRefDto }) unit!: SupervisionRefDto;
  @ApiProperty({ example: '2026-12-31' }) dueDate!: string;
  @ApiProperty({ enum: SUPERVISION_STATUSES }) status!: SupervisionStatus;
  @ApiProperty({ description: 'the unit still owes its report and the deadline has passed' }) overdue!: boolean;
  @ApiPropertyOptional() escalatedAt?: string;
  @ApiProperty({ type: [String], format: 'uuid' }) caseIds!: string[];
  @ApiPropertyOptional({ format: 'uuid' }) flagId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) warningId?: string;
  @ApiPropertyOptional({ description: 'what the inspector found on a field visit' }) fieldNote?: string;
  @ApiProperty({ type: SupervisionRefDto }) createdBy!: SupervisionRefDto;
  @ApiProperty({ type: [SupervisionHistoryDto] }) history!: SupervisionHistoryDto[];
  @ApiProperty({ type: [SupervisionReportViewDto] }) reports!: SupervisionReportViewDto[];
  @ApiProperty({ type: [AccountabilityDto] }) accountability!: AccountabilityDto[];
  @ApiProperty({ type: [ExposureDto] }) exposures!: ExposureDto[];
}

export class SupervisionCountsDto {
  @ApiProperty({ description: 'not yet closed' }) open!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty() closed!: number;
  @ApiProperty({ description: 'closed on a report made by the deadline' }) closedOnTime!: number;
}

export class SupervisionUnitCountsDto extends SupervisionCountsDto {
  @ApiProperty({ type: SupervisionRefDto }) unit!: SupervisionRefDto;
}

export class SupervisionSummaryDto {
  @ApiProperty({ type: SupervisionCountsDto }) total!: SupervisionCountsDto;
  @ApiProperty({ type: [SupervisionUnitCountsDto] }) byUnit!: SupervisionUnitCountsDto[];
}
