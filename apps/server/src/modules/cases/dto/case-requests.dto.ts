import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { CASE_STATUSES, type CaseStatus } from '@msz/domain';

export class ListCasesQuery {
  @ApiPropertyOptional({ enum: CASE_STATUSES, isArray: true, description: 'comma-separated' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(CASE_STATUSES, { each: true })
  status?: CaseStatus[];

  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit = 50;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset = 0;
}

/** Optimistic concurrency: the version the caller saw; a case changed since answers 409. */
export class VersionedActionDto {
  @ApiPropertyOptional({ description: 'the case version the caller acted on' }) @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
}

export class AssignCaseDto extends VersionedActionDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() unitId!: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class ReasonDto extends VersionedActionDto {
  @ApiProperty({ maxLength: 500 }) @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
}

export class AnswerCaseDto extends VersionedActionDto {
  @ApiProperty({ maxLength: 2000 }) @IsString() @IsNotEmpty() @MaxLength(2000) text!: string;
}
