import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { maskPhone } from '../hierarchy';
import { PHONE, USERNAME } from '../organisation-files';
import { STAFF_ROLES, type StaffRole, type StaffUserEntity } from '../staff-user.entity';

export class StaffDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'jingxi' }) username!: string;
  @ApiProperty({ example: '李承办（井溪镇）' }) displayName!: string;
  @ApiProperty({ enum: STAFF_ROLES }) role!: StaffRole;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '138****0001', description: 'masked unless the caller is an admin' }) phone!: string | null;
  @ApiProperty({ description: 'has a WeChat openid, so receives notifications' }) wechatBound!: boolean;
  @ApiProperty() active!: boolean;

  static from(s: StaffUserEntity, opts: { maskPhone: boolean }): StaffDto {
    return {
      id: s.id,
      username: s.username,
      displayName: s.displayName,
      role: s.role,
      unitId: s.unitId,
      phone: opts.maskPhone ? maskPhone(s.phone) : s.phone,
      wechatBound: Boolean(s.openid),
      active: s.active,
    };
  }
}

export class StaffPageDto {
  @ApiProperty({ type: [StaffDto] }) items!: StaffDto[];
  @ApiProperty() total!: number;
}

export class ListStaffQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ enum: STAFF_ROLES }) @IsOptional() @IsIn(STAFF_ROLES) role?: StaffRole;
  @ApiPropertyOptional({ default: 100, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit = 100;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset = 0;
}

export class CreateStaffDto {
  @ApiProperty({ example: 'cadre-jingxi-2' })
  @IsString()
  @Matches(USERNAME, { message: 'username must be 2 to 64 letters, digits, ".", "_" or "-"' })
  username!: string;

  @ApiProperty({ example: '王主任（井溪镇和平村）', maxLength: 64 }) @IsString() @IsNotEmpty() @MaxLength(64) displayName!: string;
  @ApiProperty({ enum: STAFF_ROLES }) @IsIn(STAFF_ROLES) role!: StaffRole;
  @ApiProperty({ format: 'uuid' }) @IsUUID() unitId!: string;
  @ApiProperty({ minLength: 8, maxLength: 128, description: 'the initial password; stored only as a hash' }) @IsString() @MinLength(8) @MaxLength(128) password!: string;
  @ApiPropertyOptional({ example: '13800000001' }) @IsOptional() @IsString() @Matches(PHONE, { message: 'phone must be digits, optionally with "+" and "-"' }) @MaxLength(20) phone?: string;
  @ApiPropertyOptional({ description: 'WeChat openid, for notifications' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(64) openid?: string;
}

/** What an admin changes of an account; a change of state, role or unit ends the account's current sessions. */
export class UpdateStaffDto {
  @ApiPropertyOptional({ description: 'false disables the account: it cannot sign in and its tokens stop working' }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ enum: STAFF_ROLES }) @IsOptional() @IsIn(STAFF_ROLES) role?: StaffRole;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ maxLength: 64 }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(64) displayName?: string;
}

export class ResetPasswordDto {
  @ApiProperty({ minLength: 8, maxLength: 128, description: 'the new password; stored only as a hash; every session of the account ends' })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password!: string;
}
