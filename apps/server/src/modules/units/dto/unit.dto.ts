import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { UnitEntity } from '../unit.entity';

export class UnitDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['city', 'region', 'town', 'village', 'department'] }) level!: string;
  @ApiPropertyOptional({ nullable: true, format: 'uuid' }) parentId!: string | null;

  static from(u: UnitEntity): UnitDto {
    return { id: u.id, code: u.code, name: u.name, level: u.level, parentId: u.parentId };
  }
}
