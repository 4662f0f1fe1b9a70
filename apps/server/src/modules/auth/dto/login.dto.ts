import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'dispatcher' }) @IsString() @IsNotEmpty() @MaxLength(64) username!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(128) password!: string;
}

export class StaffSessionDto {
  @ApiProperty() token!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['dispatcher', 'handler', 'admin'] }) role!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ example: 'village', description: 'the level of the staff member’s unit (city, town, village, department…)' }) unitLevel!: string;
}
