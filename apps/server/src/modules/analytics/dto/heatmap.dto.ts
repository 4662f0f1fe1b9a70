import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_KINDS, type CaseKind } from '@msz/domain';
import { IsIn, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { AppError } from '../../../common/errors/app-error';
import type { CaseChannel } from '../../cases/case.entity';
import type { HeatmapQuery } from '../heatmap';

export const CASE_CHANNELS: readonly CaseChannel[] = ['wechat_oa', 'miniprogram', 'phone', 'walk_in', 'bench_meeting'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class HeatmapQueryDto {
  @ApiPropertyOptional({ example: '2026-11-01', description: 'first Beijing date, inclusive; default 29 days before `to`' })
  @IsOptional()
  @Matches(DATE, { message: 'from 要写成 2026-11-01 这样的日期' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'last Beijing date, inclusive; default today' })
  @IsOptional()
  @Matches(DATE, { message: 'to 要写成 2026-11-30 这样的日期' })
  to?: string;

  @ApiPropertyOptional({ example: 'infrastructure', description: "a category code of the city's taxonomy" })
  @IsOptional()
  @MaxLength(64)
  category?: string;

  @ApiPropertyOptional({ enum: CASE_KINDS })
  @IsOptional()
  @IsIn(CASE_KINDS)
  kind?: CaseKind;

  @ApiPropertyOptional({ enum: CASE_CHANNELS })
  @IsOptional()
  @IsIn(CASE_CHANNELS)
  channel?: CaseChannel;

  @ApiPropertyOptional({ format: 'uuid', description: 'a town: that town and its villages only' })
  @IsOptional()
  @IsUUID()
  townId?: string;

  @ApiPropertyOptional({ enum: ['category', 'subItem'], default: 'category', description: 'columns: the categories of the taxonomy, or its sub-items' })
  @IsOptional()
  @IsIn(['category', 'subItem'])
  groupBy?: 'category' | 'subItem';
}

export class HeatmapPictureQueryDto extends HeatmapQueryDto {
  @ApiPropertyOptional({ enum: ['grid', 'map'], default: 'grid', description: 'grid: towns × categories; map: places on their coordinates' })
  @IsOptional()
  @IsIn(['grid', 'map'])
  view?: 'grid' | 'map';
}

class HeatmapColumnDto {
  @ApiProperty() code!: string;
  @ApiProperty({ example: '基础设施' }) name!: string;
}

class HeatmapColumnCountDto extends HeatmapColumnDto {
  @ApiProperty() count!: number;
}

class HeatmapTownDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '井溪镇' }) name!: string;
  @ApiProperty() total!: number;
  @ApiProperty({ type: [Number], description: 'one count per column, in columns order' }) cells!: number[];
}

class HeatmapPlaceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '胜利村' }) name!: string;
  @ApiProperty({ example: '井溪镇' }) town!: string;
  @ApiProperty({ enum: ['town', 'village'] }) level!: 'town' | 'village';
  @ApiProperty({ type: Number, nullable: true }) lat!: number | null;
  @ApiProperty({ type: Number, nullable: true }) lng!: number | null;
  @ApiProperty() count!: number;
  @ApiProperty({ type: String, nullable: true, description: 'the column with most demands here' }) topColumn!: string | null;
  @ApiProperty() topCount!: number;
}

class HeatmapPeriodDto {
  @ApiProperty({ example: '2026-11-01' }) from!: string;
  @ApiProperty({ example: '2026-11-30' }) to!: string;
  @ApiProperty({ enum: ['category', 'subItem'] }) groupBy!: 'category' | 'subItem';
  @ApiPropertyOptional() category?: string;
  @ApiPropertyOptional({ enum: CASE_KINDS }) kind?: CaseKind;
  @ApiPropertyOptional({ enum: CASE_CHANNELS }) channel?: CaseChannel;
  @ApiPropertyOptional({ format: 'uuid' }) townId?: string;
}

/** 民生诉求热力图 as data, for the mini-program's own list and for anyone who would draw it themselves. */
export class HeatmapDto {
  @ApiProperty({ type: HeatmapPeriodDto }) query!: HeatmapPeriodDto;
  @ApiProperty({ type: [HeatmapColumnDto] }) columns!: HeatmapColumnDto[];
  @ApiProperty({ type: [HeatmapTownDto], description: 'towns with demands, most first' }) towns!: HeatmapTownDto[];
  @ApiProperty({ type: [HeatmapPlaceDto], description: 'towns and villages with demands, most first' }) places!: HeatmapPlaceDto[];
  @ApiProperty({ type: [HeatmapColumnCountDto], description: 'categories (or sub-items) with demands, most first' }) topColumns!: HeatmapColumnCountDto[];
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'demands with no known town or village' }) unplaced!: number;
}

/** The longest period one heat map covers: a year (and a day, for leap years). */
export const HEATMAP_MAX_DAYS = 366;
const beijingToday = (now: Date) => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** The query with its defaults (the last 30 days, by category), or a 400 naming what is wrong with the period. */
export function resolveHeatmapQuery(dto: HeatmapQueryDto, now = new Date()): HeatmapQuery {
  const to = dto.to ?? beijingToday(now);
  const from = dto.from ?? new Date((dayNumber(to) - 29) * 86_400_000).toISOString().slice(0, 10);
  if (Number.isNaN(dayNumber(from)) || Number.isNaN(dayNumber(to)) || new Date(`${from}T00:00:00Z`).toISOString().slice(0, 10) !== from || new Date(`${to}T00:00:00Z`).toISOString().slice(0, 10) !== to) {
    throw new AppError('INVALID_INPUT', '日期不对，请写成 2026-11-01 这样的日期');
  }
  if (dayNumber(from) > dayNumber(to)) throw new AppError('INVALID_INPUT', '开始日期不能晚于结束日期');
  if (dayNumber(to) - dayNumber(from) + 1 > HEATMAP_MAX_DAYS) throw new AppError('INVALID_INPUT', `一次最多看 ${HEATMAP_MAX_DAYS} 天`);
  const q: HeatmapQuery = { from, to, groupBy: dto.groupBy ?? 'category' };
  if (dto.category) q.category = dto.category;
  if (dto.kind) q.kind = dto.kind;
  if (dto.channel) q.channel = dto.channel;
  if (dto.townId) q.townId = dto.townId;
  return q;
}
