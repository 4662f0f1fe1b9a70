import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CASE_KINDS, INDICATOR_CODES, INDICATORS, LEAGUE_GROUPS, PERIODS, type LeagueGroup, type Period } from '@msz/domain';
import { PublicationDto } from '../../publication/dto/publication.dto';
import { GROUP_BYS, type GroupBy, type IndicatorReport } from '../indicators.service';
import type { LeagueHistory, LeagueWeek } from '../league.service';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class IndicatorQueryDto {
  @ApiProperty({ example: '2026-11-01', description: 'first Beijing day' }) @Matches(DAY) from!: string;
  @ApiProperty({ example: '2026-12-06', description: 'last Beijing day (at most 400 days after from)' }) @Matches(DAY) to!: string;
  @ApiPropertyOptional({ enum: PERIODS, default: 'week' }) @IsOptional() @IsIn(PERIODS) period?: Period;
  @ApiPropertyOptional({ enum: GROUP_BYS, default: 'none' }) @IsOptional() @IsIn(GROUP_BYS) groupBy?: GroupBy;
  @ApiPropertyOptional({ format: 'uuid', description: 'the lead unit' }) @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the town the cases are about' }) @IsOptional() @IsUUID() townId?: string;
  @ApiPropertyOptional({ description: 'a taxonomy category code' }) @IsOptional() @IsString() @MaxLength(64) category?: string;
  @ApiPropertyOptional({ enum: CASE_KINDS }) @IsOptional() @IsIn(CASE_KINDS) kind?: string;
  @ApiPropertyOptional({ enum: ['wechat_oa', 'miniprogram', 'phone', 'walk_in', 'bench_meeting'] })
  @IsOptional()
  @IsIn(['wechat_oa', 'miniprogram', 'phone', 'walk_in', 'bench_meeting'])
  channel?: string;
}

export class WeekParamDto {
  @ApiProperty({ example: '2026-W49', description: 'ISO week (Monday first, Beijing time)' }) @Matches(/^\d{4}-W\d{2}$/) week!: string;
}

export class IndicatorDefinitionDto {
  @ApiProperty({ enum: INDICATOR_CODES }) code!: string;
  @ApiProperty({ example: '按时办结率' }) name!: string;
  @ApiProperty({ enum: ['count', 'rate', 'workdays'] }) unit!: string;
  @ApiProperty({ enum: ['higher', 'lower', 'neither'] }) better!: string;
}

/** Each indicator's value: a share 0..1, working days, or a count; null when there was nothing to measure. */
const VALUES_SCHEMA = { type: 'object', additionalProperties: { type: 'number', nullable: true }, example: { volume: 12, closeOnTimeRate: 0.92 } } as const;

export class IndicatorPointDto {
  @ApiProperty({ example: '2026-W49' }) period!: string;
  @ApiProperty(VALUES_SCHEMA) values!: Record<string, number | null>;
}

export class IndicatorGroupDto {
  @ApiProperty({ type: String, nullable: true, description: 'the group’s key (a unit id, a category code …); null: not known' }) key!: string | null;
  @ApiProperty({ example: '井溪镇' }) label!: string;
  @ApiProperty(VALUES_SCHEMA) total!: Record<string, number | null>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'the counters behind the values' }) counters!: Record<string, number | number[]>;
  @ApiProperty({ type: [IndicatorPointDto] }) series!: IndicatorPointDto[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'last period minus the one before' }) trend!: Record<string, number>;
}

export class IndicatorReportDto {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ enum: PERIODS }) period!: string;
  @ApiProperty({ enum: GROUP_BYS }) groupBy!: string;
  @ApiProperty({ type: [IndicatorDefinitionDto] }) definitions!: IndicatorDefinitionDto[];
  @ApiProperty({ type: [IndicatorGroupDto] }) groups!: IndicatorGroupDto[];

  static from(r: IndicatorReport): IndicatorReportDto {
    return {
      ...r,
      definitions: INDICATORS.map(({ code, name, unit, better }) => ({ code, name, unit, better })),
      groups: r.groups.map((g) => ({ ...g, counters: { ...g.counters }, trend: g.trend as Record<string, number> })),
    };
  }
}

export class StandardScoreDto {
  @ApiProperty({ example: 'close_on_time' }) code!: string;
  @ApiProperty({ example: '按时办结率' }) name!: string;
  @ApiProperty({ example: '响应速度' }) core!: string;
  @ApiProperty({ description: 'points this standard is worth (out of 100)' }) weight!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'the unit’s own value' }) value!: number | null;
  @ApiProperty() numerator!: number;
  @ApiProperty() denominator!: number;
  @ApiProperty({ description: 'the value leaned toward the table’s mean, which is scored' }) smoothed!: number;
  @ApiProperty() points!: number;
  @ApiProperty({ description: 'points this standard cost' }) lost!: number;
}

export class LeagueRowDto {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ example: '井溪镇' }) name!: string;
  @ApiProperty() rank!: number;
  @ApiProperty({ description: 'out of 100' }) score!: number;
  @ApiProperty({ type: String, nullable: true, enum: ['red', 'black'] }) list!: string | null;
  @ApiProperty({ description: 'deadlines that fell in the week' }) due!: number;
  @ApiProperty({ type: [StandardScoreDto] }) standards!: StandardScoreDto[];
  @ApiProperty({ example: '按时办结率 扣4.2分；满意率 扣1.5分' }) explanation!: string;
}

export class LeagueUnitDto {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() name!: string;
}

export class LeagueTableDto {
  @ApiProperty({ enum: ['town', 'department'] }) group!: string;
  @ApiProperty({ type: [LeagueRowDto], description: 'best first' }) rows!: LeagueRowDto[];
  @ApiProperty({ type: [LeagueUnitDto], description: 'units with nothing due, listed apart' }) nothingDue!: LeagueUnitDto[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number', nullable: true }, description: 'the table’s mean of each standard' }) means!: Record<string, number | null>;
}

export class ExcludedCaseDto {
  @ApiProperty() number!: string;
  @ApiProperty({ type: String, nullable: true }) unitName!: string | null;
  @ApiProperty({ type: [String], description: 'what the hash-chain check found' }) reasons!: string[];
}

export class LeagueWeekDto {
  @ApiProperty({ example: '2026-W49' }) week!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ enum: ['draft', 'approved'] }) status!: string;
  @ApiProperty({ type: String, nullable: true }) approvedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) approvedAt!: string | null;
  @ApiProperty() standardsVersion!: number;
  @ApiProperty({ type: [LeagueTableDto] }) tables!: LeagueTableDto[];
  @ApiProperty({ type: () => [ExcludedCaseDto], description: 'cases left out because their timeline fails the hash chain' }) excludedCases!: ExcludedCaseDto[];

  static from(w: LeagueWeek): LeagueWeekDto {
    return {
      ...w,
      excludedCases: w.excludedCases.map((c) => ({ ...c, reasons: [...c.reasons] })),
      approvedAt: w.approvedAt ? new Date(w.approvedAt).toISOString() : null,
      tables: w.tables.map((t) => ({ ...t, rows: t.rows.map((r) => ({ ...r, standards: [...r.standards] })), nothingDue: [...t.nothingDue], means: { ...t.means } })),
    };
  }
}

export class LeagueHistoryWeekDto {
  @ApiProperty({ example: '2026-W49' }) week!: string;
  @ApiProperty({ enum: ['town', 'department'] }) group!: string;
  @ApiProperty({ type: Number, nullable: true }) rank!: number | null;
  @ApiProperty({ type: Number, nullable: true }) score!: number | null;
  @ApiProperty({ type: String, nullable: true, enum: ['red', 'black'] }) list!: string | null;
  @ApiProperty() due!: number;
  @ApiProperty() explanation!: string;
}

export class LeagueHistoryDto {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'approved weeks on the red list' }) red!: number;
  @ApiProperty({ description: 'approved weeks on the black list' }) black!: number;
  @ApiProperty({ type: [LeagueHistoryWeekDto], description: 'newest first, up to two years' }) weeks!: LeagueHistoryWeekDto[];

  static from(h: LeagueHistory): LeagueHistoryDto {
    return h;
  }
}

export class LeaguePictureQueryDto {
  @ApiPropertyOptional({ enum: LEAGUE_GROUPS, default: 'town', description: 'which table: towns or departments' })
  @IsOptional()
  @IsIn(LEAGUE_GROUPS)
  group?: LeagueGroup;
}

export class LeaguePublicationDto extends PublicationDto {
  @ApiProperty({ description: 'false when the week was already published (or being published) and nothing new was sent' }) published!: boolean;
}
