import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsLatitude, IsLongitude, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { UNIT_LEVELS } from '../hierarchy';
import { UNIT_CODE } from '../organisation-files';
import type { UnitEntity, UnitLevel } from '../unit.entity';

export class CenterDto {
  @ApiProperty({ example: 32.16, minimum: -90, maximum: 90 }) @IsLatitude() lat!: number;
  @ApiProperty({ example: 108.06, minimum: -180, maximum: 180 }) @IsLongitude() lng!: number;
}

export class UnitDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'town-jingxi' }) code!: string;
  @ApiProperty({ example: '井溪镇' }) name!: string;
  @ApiProperty({ enum: UNIT_LEVELS }) level!: UnitLevel;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) parentId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: 'the city leader in charge (分管领导), a member of staff' }) supervisorId!: string | null;
  @ApiProperty({ description: 'sample data shipped for demonstration, not a real place or body' }) sample!: boolean;
  @ApiPropertyOptional({ nullable: true, type: CenterDto, description: 'the place’s centre, for mapping a resident’s location' }) center!: CenterDto | null;

  static from(u: UnitEntity): UnitDto {
    return {
      id: u.id,
      code: u.code,
      name: u.name,
      level: u.level,
      parentId: u.parentId,
      supervisorId: u.supervisorId,
      sample: u.sample,
      center: u.centerLat !== null && u.centerLng !== null ? { lat: u.centerLat, lng: u.centerLng } : null,
    };
  }
}

export class ListUnitsQuery {
  @ApiPropertyOptional({ enum: UNIT_LEVELS }) @IsOptional() @IsIn(UNIT_LEVELS) level?: UnitLevel;
  @ApiPropertyOptional({ format: 'uuid', description: 'only the units directly under this one' }) @IsOptional() @IsUUID() parentId?: string;
}

export class CreateUnitDto {
  @ApiProperty({ example: 'village-jingxi-9', description: 'stable identifier; cannot change later' })
  @IsString()
  @MaxLength(64)
  @Matches(UNIT_CODE, { message: 'code must be lower-case letters, digits and "-", starting with a letter' })
  code!: string;

  @ApiProperty({ example: '新建村', maxLength: 100 }) @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
  @ApiProperty({ enum: UNIT_LEVELS }) @IsIn(UNIT_LEVELS) level!: UnitLevel;
  @ApiPropertyOptional({ format: 'uuid', description: 'required for every level but city' }) @IsOptional() @IsUUID() parentId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'a member of staff with the role city_leader' }) @IsOptional() @IsUUID() supervisorId?: string;
  @ApiPropertyOptional({ type: CenterDto }) @IsOptional() @ValidateNested() @Type(() => CenterDto) center?: CenterDto;
}

/** Absent: unchanged. null (parent, supervisor, centre): removed. Code and level cannot change. */
export class UpdateUnitDto {
  @ApiPropertyOptional({ maxLength: 100 }) @ValidateIf((_, v) => v !== undefined) @IsString() @IsNotEmpty() @MaxLength(100) name?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) @IsOptional() @IsUUID() parentId?: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) @IsOptional() @IsUUID() supervisorId?: string | null;
  @ApiPropertyOptional({ type: CenterDto, nullable: true }) @IsOptional() @ValidateNested() @Type(() => CenterDto) center?: CenterDto | null;
}
