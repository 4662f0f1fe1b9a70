import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

export class CalendarDayDto {
  @ApiProperty({ example: '2027-02-06' }) @Matches(/^\d{4}-\d{2}-\d{2}$/) day!: string;
  @ApiProperty({ description: 'true: a working day (上班), false: a day off (放假)' }) @IsBoolean() workday!: boolean;
  @ApiPropertyOptional({ example: '春节' }) @IsOptional() @IsString() @MaxLength(100) note?: string;
}

export class CalendarYearDto {
  @ApiProperty({ type: [CalendarDayDto], description: "the year's holidays and make-up working days; other days follow the week" })
  @IsArray()
  @ArrayMaxSize(366)
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  days!: CalendarDayDto[];
}

export class CalendarCoverageDto {
  @ApiProperty({ type: [Number] }) coveredYears!: number[];
  @ApiProperty({ type: [String] }) uncoveredDays!: string[];
  @ApiPropertyOptional({ nullable: true }) warning!: string | null;
}
