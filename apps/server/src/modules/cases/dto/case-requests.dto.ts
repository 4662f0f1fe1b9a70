import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBase64, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { CASE_STATUSES, type CaseStatus } from '@msz/domain';
import { CASE_ORDERS, type CaseOrder } from '../case-queries.service';

export class ListCasesQuery {
  @ApiPropertyOptional({ enum: CASE_STATUSES, isArray: true, description: 'comma-separated' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(CASE_STATUSES, { each: true })
  status?: CaseStatus[];

  @ApiPropertyOptional({ type: Boolean, description: 'true: open cases only; false: finished ones (closed, invalid, merged) only; with status, both apply' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  open?: boolean;

  @ApiPropertyOptional({
    enum: CASE_ORDERS,
    default: 'newest',
    description: 'newest / oldest: by acceptance; deadline: earliest deadline (most overdue) first; deadline_desc: latest deadline first. Ties by id.',
  })
  @IsOptional()
  @IsIn(CASE_ORDERS)
  order?: CaseOrder;

  @ApiPropertyOptional({ description: "the previous page's nextCursor, with the same order and status" })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  cursor?: string;

  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit = 50;
  @ApiPropertyOptional({ default: 0, maximum: 10000, deprecated: true, description: 'page with cursor instead; ignored when a cursor is given' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000)
  offset = 0;
}

/** Optimistic concurrency: the version the caller saw; a case changed since answers 409. */
export class VersionedActionDto {
  @ApiPropertyOptional({ description: 'the case version the caller acted on' }) @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
}

export class AssignCaseDto extends VersionedActionDto {
  @ApiProperty({ format: 'uuid', description: 'the lead unit (主办)' }) @IsUUID() unitId!: string;
  @ApiPropertyOptional({ type: [String], description: 'co-handling units (协办) for hard, cross-department cases' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsUUID(undefined, { each: true })
  coUnitIds?: string[];
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class ReasonDto extends VersionedActionDto {
  @ApiProperty({ maxLength: 500 }) @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
}

export class AnswerCaseDto extends VersionedActionDto {
  @ApiProperty({ maxLength: 2000 }) @IsString() @IsNotEmpty() @MaxLength(2000) text!: string;
}

/** A case a member of staff files for a resident: a hotline call, a walk-in at a grid station, a bench meeting. */
export class StaffFileCaseDto {
  @ApiProperty({ enum: ['phone', 'walk_in', 'bench_meeting'] }) @IsIn(['phone', 'walk_in', 'bench_meeting']) channel!: 'phone' | 'walk_in' | 'bench_meeting';
  @ApiProperty({ maxLength: 2000 }) @IsString() @IsNotEmpty() @MaxLength(2000) text!: string;
  @ApiProperty({ maxLength: 32 }) @IsString() @IsNotEmpty() @MaxLength(32) residentName!: string;
  @ApiProperty({ example: '13800000001' }) @Matches(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, { message: 'residentPhone must be a mobile or landline number' }) residentPhone!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the village or town it happened in' }) @IsOptional() @IsUUID() placeUnitId?: string;
  @ApiPropertyOptional({ maxLength: 2000, description: '当场承诺解决: a village cadre who solved it there and then records the answer; the case goes straight to revisit' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  onTheSpotAnswer?: string;
}

export class EvidenceDto {
  @ApiPropertyOptional({ enum: ['image/jpeg', 'image/png'], description: 'what the client thinks it is; the stored type is read from the bytes' })
  @IsOptional()
  @IsIn(['image/jpeg', 'image/png'])
  contentType?: 'image/jpeg' | 'image/png';
  @ApiProperty({ description: 'the photo, base64; at most 4 MB' }) @IsBase64() @MaxLength(5_600_000) base64!: string;
}
