import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { isWeek, LEAGUE_GROUPS, type LeagueGroup } from '@msz/domain';
import { IsIn, IsOptional, Matches, ValidateBy } from 'class-validator';

/** A real calendar day (2026-02-30 is refused): the day's own fields survive a round trip through Date. */
function isCalendarDay(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

export class DayParamDto {
  @ApiProperty({ example: '2026-12-07', description: 'the Beijing day of the dispatch sheet' })
  @ValidateBy({ name: 'isCalendarDay', validator: { validate: isCalendarDay, defaultMessage: () => 'date must be a day like 2026-12-07' } })
  date!: string;
}

export class ReportWeekParamDto {
  @ApiProperty({ example: '2026-W49', description: 'ISO week (Monday first, Beijing time)' })
  @ValidateBy({ name: 'isIsoWeek', validator: { validate: (v: unknown) => typeof v === 'string' && isWeek(v), defaultMessage: () => 'week must be an ISO week like 2026-W49' } })
  week!: string;
}

export class MonthParamDto {
  @ApiProperty({ example: '2026-11', description: 'calendar month' }) @Matches(/^\d{4}-(0[1-9]|1[0-2])$/) month!: string;
}

export class MonthPictureQueryDto {
  @ApiPropertyOptional({ enum: LEAGUE_GROUPS, default: 'town', description: 'which table: towns or departments' })
  @IsOptional()
  @IsIn(LEAGUE_GROUPS)
  group?: LeagueGroup;
}
