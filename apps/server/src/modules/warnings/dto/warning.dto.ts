import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_STATUS_LABELS, WARNING_LEVEL_LABELS, WARNING_LEVELS, WARNING_STATUS_LABELS, WARNING_STATUSES, type CaseStatus, type WarningLevel, type WarningStatus } from '@msz/domain';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { AreaWarningEntity, AreaWarningStepEntity } from '../area-warning.entity';
import type { WarningCase, WarningDetail } from '../warnings.service';

const SCOPES = ['town', 'city'] as const;
const STEP_ACTIONS = ['raised', 'upgraded', 'acknowledged', 'follow_up', 'closed', 'escalated'] as const;
const STEP_LABELS: Record<(typeof STEP_ACTIONS)[number], string> = {
  raised: '发出预警',
  upgraded: '预警升级',
  acknowledged: '签收',
  follow_up: '跟进',
  closed: '办结',
  escalated: '超时未签收，报分管领导',
};

export class WarningListQueryDto {
  @ApiPropertyOptional({ enum: WARNING_STATUSES }) @IsOptional() @IsIn(WARNING_STATUSES) status?: WarningStatus;
  @ApiPropertyOptional({ description: 'true: not closed yet; false: closed' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  open?: boolean;
  @ApiPropertyOptional({ enum: WARNING_LEVELS }) @IsOptional() @IsIn(WARNING_LEVELS) level?: WarningLevel;
  @ApiPropertyOptional({ enum: SCOPES }) @IsOptional() @IsIn(SCOPES) scope?: 'town' | 'city';
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit = 50;
  @ApiPropertyOptional({ default: 0, maximum: 10000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10_000) offset = 0;
}

export class WarningNoteDto {
  @ApiProperty({ maxLength: 1000, description: 'what was done or found (跟进情况 / 办结情况)' }) @IsString() @IsNotEmpty() @MaxLength(1000) note!: string;
}

export class WarningAcknowledgeDto {
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

export class TownEvidenceDto {
  @ApiProperty({ format: 'uuid' }) townId!: string;
  @ApiProperty() townName!: string;
  @ApiProperty({ description: 'demands in the recent window' }) recent!: number;
  @ApiProperty({ description: 'demands over the baseline days before it' }) baselineTotal!: number;
  @ApiProperty({ description: "a normal window's count (the town's mean × recentDays, at least the floor)" }) expected!: number;
  @ApiProperty() ratio!: number;
  @ApiProperty({ description: 'how unlikely the count is if nothing had changed' }) pValue!: number;
  @ApiProperty({ type: [String] }) exampleCases!: string[];
}

export class WarningEvidenceDto {
  @ApiProperty({ description: 'the taxonomy sub-item' }) category!: string;
  @ApiProperty() categoryName!: string;
  @ApiProperty() recentDays!: number;
  @ApiProperty() baselineDays!: number;
  @ApiProperty({ type: [TownEvidenceDto] }) towns!: TownEvidenceDto[];
  @ApiProperty() recentTotal!: number;
  @ApiProperty() expectedTotal!: number;
}

export class WarningSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: SCOPES }) scope!: 'town' | 'city';
  @ApiProperty({ enum: WARNING_LEVELS }) level!: WarningLevel;
  @ApiProperty({ description: '红色预警 / 橙色预警 / 黄色预警' }) levelLabel!: string;
  @ApiProperty({ enum: WARNING_STATUSES }) status!: WarningStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty() summary!: string;
  @ApiProperty() category!: string;
  @ApiProperty() categoryName!: string;
  @ApiProperty({ type: [String], description: 'the towns named' }) towns!: string[];
  @ApiProperty() raisedAt!: string;
  @ApiPropertyOptional({ nullable: true }) upgradedAt!: string | null;
  @ApiProperty({ description: 'acknowledge by then, or the city leader hears of it' }) ackBy!: string;
  @ApiPropertyOptional({ nullable: true }) acknowledgedAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) escalatedAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) closedAt!: string | null;

  static from(w: AreaWarningEntity): WarningSummaryDto {
    return {
      id: w.id,
      scope: w.scope,
      level: w.level,
      levelLabel: WARNING_LEVEL_LABELS[w.level],
      status: w.status,
      statusLabel: WARNING_STATUS_LABELS[w.status],
      summary: w.summary,
      category: w.category,
      categoryName: w.evidence.categoryName,
      towns: w.evidence.towns.map((t) => t.townName),
      raisedAt: w.raisedAt.toISOString(),
      upgradedAt: w.upgradedAt?.toISOString() ?? null,
      ackBy: w.ackBy.toISOString(),
      acknowledgedAt: w.acknowledgedAt?.toISOString() ?? null,
      escalatedAt: w.escalatedAt?.toISOString() ?? null,
      closedAt: w.closedAt?.toISOString() ?? null,
    };
  }
}

export class WarningListDto {
  @ApiProperty({ type: [WarningSummaryDto] }) items!: WarningSummaryDto[];
  @ApiProperty() total!: number;
}

export class WarningStepDto {
  @ApiProperty({ enum: STEP_ACTIONS }) action!: (typeof STEP_ACTIONS)[number];
  @ApiProperty() actionLabel!: string;
  @ApiProperty({ enum: WARNING_LEVELS }) level!: WarningLevel;
  @ApiPropertyOptional({ nullable: true }) note!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'who; null for the system' }) staffName!: string | null;
  @ApiProperty() at!: string;

  static from(s: AreaWarningStepEntity): WarningStepDto {
    return { action: s.action, actionLabel: STEP_LABELS[s.action], level: s.level, note: s.note, staffName: s.staffName, at: new Date(s.at).toISOString() };
  }
}

export class WarningCaseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: string;
  @ApiProperty() summary!: string;
  @ApiProperty() status!: string;
  @ApiProperty() statusLabel!: string;
  @ApiProperty() acceptedAt!: string;

  static from(c: WarningCase): WarningCaseDto {
    return { id: c.id, number: c.number, summary: c.summary, status: c.status, statusLabel: CASE_STATUS_LABELS[c.status as CaseStatus] ?? c.status, acceptedAt: c.acceptedAt.toISOString() };
  }
}

export class WarningDto extends WarningSummaryDto {
  @ApiProperty({ type: WarningEvidenceDto }) evidence!: WarningEvidenceDto;
  @ApiProperty({ type: [WarningStepDto], description: 'the warning\'s own timeline, oldest first' }) steps!: WarningStepDto[];
  @ApiProperty({ type: [WarningCaseDto], description: 'the cases the evidence names' }) cases!: WarningCaseDto[];

  static fromDetail(d: WarningDetail): WarningDto {
    return { ...WarningSummaryDto.from(d.warning), evidence: d.warning.evidence, steps: d.steps.map(WarningStepDto.from), cases: d.cases.map(WarningCaseDto.from) };
  }
}
