import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBase64, IsBoolean, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IDEA_DECISIONS, IDEA_STATUSES, MEETING_STATUSES, type IdeaDecision, type IdeaStatus, type MeetingAction, type MeetingStatus } from '@msz/domain';

// ——— requests ———

export class PlanMeetingDto {
  @ApiProperty({ description: 'a kind code from GET /api/bench/kinds', example: 'night_talk' }) @IsString() @IsNotEmpty() @MaxLength(32) kind!: string;
  @ApiProperty({ format: 'uuid', description: 'the village it is held in' }) @IsUUID() villageUnitId!: string;
  @ApiProperty({ maxLength: 100, example: '村委会院坝' }) @IsString() @IsNotEmpty() @MaxLength(100) place!: string;
  @ApiProperty({ example: '2026-12-08T19:00:00+08:00' }) @IsISO8601({ strict: true }) plannedAt!: string;
  @ApiPropertyOptional({ type: [String], maxItems: 10 }) @IsOptional() @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) @MaxLength(50, { each: true }) topics?: string[];
  @ApiPropertyOptional({ format: 'uuid', description: 'the host (主持), staff of the village or its town; the caller when left out' }) @IsOptional() @IsUUID() hostStaffId?: string;
}

export class HoldMeetingDto {
  @ApiProperty({ example: '2026-12-08T19:00:00+08:00' }) @IsISO8601({ strict: true }) heldAt!: string;
  @ApiProperty({ minimum: 1, maximum: 10000, description: 'how many people came' }) @IsInt() @Min(1) @Max(10_000) attendance!: number;
  @ApiPropertyOptional({ type: [String], maxItems: 10 }) @IsOptional() @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) @MaxLength(50, { each: true }) topics?: string[];
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) outcomes?: string;
  @ApiPropertyOptional({ description: 'the meeting version the caller saw' }) @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
}

export class CloseMeetingDto {
  @ApiProperty({ maxLength: 4000, description: '会议小结' }) @IsString() @IsNotEmpty() @MaxLength(4000) report!: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) outcomes?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
}

export class CancelMeetingDto {
  @ApiProperty({ maxLength: 500 }) @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
}

/** A demand a resident raised at the meeting, written down by the cadre (perhaps offline, sent later). */
export class BenchDemandDto {
  @ApiProperty({ format: 'uuid', description: 'made by the phone when the demand was written down; a repeated send with the same key files nothing new' })
  @IsUUID()
  clientKey!: string;
  @ApiProperty({ maxLength: 2000 }) @IsString() @IsNotEmpty() @MaxLength(2000) text!: string;
  @ApiProperty({ maxLength: 32 }) @IsString() @IsNotEmpty() @MaxLength(32) residentName!: string;
  @ApiProperty({ example: '13800000001' }) @Matches(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, { message: 'residentPhone must be a mobile or landline number' }) residentPhone!: string;
  @ApiPropertyOptional({ maxLength: 2000, description: '当场解决: what was done there and then; the case is answered at once and goes to revisit' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  onTheSpotAnswer?: string;
}

export class PhotoUploadDto {
  @ApiProperty({ description: 'the photo, base64 (JPEG or PNG, at most 4 MB); its type is read from the bytes' }) @IsBase64() @MaxLength(5_600_000) base64!: string;
}

export class ListMeetingsQuery {
  @ApiPropertyOptional({ enum: MEETING_STATUSES }) @IsOptional() @IsIn(MEETING_STATUSES) status?: MeetingStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() villageUnitId?: string;
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit = 50;
}

export const TOTALS_GROUPS = ['kind', 'town', 'month'] as const;
export type TotalsGroup = (typeof TOTALS_GROUPS)[number];

export class BenchTotalsQuery {
  @ApiPropertyOptional({ enum: TOTALS_GROUPS, default: 'kind' }) @IsOptional() @IsIn(TOTALS_GROUPS) groupBy: TotalsGroup = 'kind';
  @ApiPropertyOptional({ example: '2026-01-01', description: 'first Beijing day held (inclusive)' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) from?: string;
  @ApiPropertyOptional({ example: '2026-12-31', description: 'last Beijing day held (inclusive)' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) to?: string;
}

export class TakeUpIdeaDto {
  @ApiProperty({ format: 'uuid', description: 'the suggestion (a case of kind suggestion)' }) @IsUUID() caseId!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the unit that owns its subject; the case’s unit when left out' }) @IsOptional() @IsUUID() unitId?: string;
  @ApiProperty({ maxLength: 60, example: '建高山蔬菜基地' }) @IsString() @IsNotEmpty() @MaxLength(60) title!: string;
}

export class EvaluateIdeaDto {
  @ApiProperty({ enum: IDEA_DECISIONS }) @IsIn(IDEA_DECISIONS) decision!: IdeaDecision;
  @ApiPropertyOptional({ maxLength: 500, description: 'required to decline (why) or to adopt in part (which part)' }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
}

export class IdeaMilestoneDto {
  @ApiProperty({ maxLength: 1000 }) @IsString() @IsNotEmpty() @MaxLength(1000) note!: string;
  @ApiPropertyOptional({ default: false, description: 'this milestone delivers the idea (落地)' }) @IsOptional() @IsBoolean() delivered?: boolean;
}

export class ListIdeasQuery {
  @ApiPropertyOptional({ enum: IDEA_STATUSES }) @IsOptional() @IsIn(IDEA_STATUSES) status?: IdeaStatus;
  @ApiPropertyOptional({ description: 'true: only ideas not evaluated by their deadline' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit = 50;
}

// ——— responses ———

export class BenchKindDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ nullable: true }) description!: string | null;
  @ApiProperty() themed!: boolean;
}

export class PhotoDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty() createdAt!: string;
}

export class MeetingDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ example: '板凳夜谈' }) kindName!: string;
  @ApiProperty({ enum: MEETING_STATUSES }) status!: MeetingStatus;
  @ApiProperty({ example: '已开' }) statusLabel!: string;
  @ApiProperty({ format: 'uuid' }) villageUnitId!: string;
  @ApiProperty() villageName!: string;
  @ApiProperty({ format: 'uuid' }) townUnitId!: string;
  @ApiProperty() townName!: string;
  @ApiProperty() place!: string;
  @ApiProperty({ format: 'uuid' }) hostStaffId!: string;
  @ApiProperty() hostName!: string;
  @ApiProperty() plannedAt!: string;
  @ApiPropertyOptional({ nullable: true }) heldAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) attendance!: number | null;
  @ApiProperty({ type: [String] }) topics!: string[];
  @ApiPropertyOptional({ nullable: true }) outcomes!: string | null;
  @ApiPropertyOptional({ nullable: true }) report!: string | null;
  @ApiPropertyOptional({ nullable: true }) cancelReason!: string | null;
  @ApiProperty() demandCount!: number;
  @ApiProperty({ description: 'send back as expectedVersion' }) version!: number;
  @ApiProperty({ type: [String], enum: ['hold', 'close', 'cancel', 'add_demand'], description: 'what the caller may do now (empty for readers)' }) allowedActions!: MeetingAction[];
}

export class MeetingDemandDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'MS20261208-0001' }) number!: string;
  @ApiProperty() text!: string;
  @ApiPropertyOptional({ nullable: true }) residentName!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'masked: 138****0001' }) residentPhone!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty({ example: '正在办理', description: 'in plain words' }) statusLabel!: string;
  @ApiPropertyOptional({ nullable: true }) unitName!: string | null;
  @ApiProperty({ description: '当场解决' }) solvedOnTheSpot!: boolean;
  @ApiProperty({ description: 'answered (at revisit) or closed' }) settled!: boolean;
  @ApiProperty() enteredAt!: string;
}

export class MeetingDetailDto extends MeetingDto {
  @ApiProperty({ type: [MeetingDemandDto] }) demands!: MeetingDemandDto[];
  @ApiProperty({ type: [PhotoDto] }) photos!: PhotoDto[];
}

export class DemandFiledDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'MS20261208-0001' }) number!: string;
  @ApiProperty() status!: string;
  @ApiProperty() statusLabel!: string;
  @ApiProperty() solvedOnTheSpot!: boolean;
  @ApiProperty({ description: 'true when this key was sent before: the earlier filing is returned, nothing new is filed' }) repeated!: boolean;
}

export class BenchTotalsRowDto {
  @ApiProperty({ description: 'the kind code, town id or month (YYYY-MM)' }) key!: string;
  @ApiProperty({ example: '板凳夜谈' }) label!: string;
  @ApiProperty() meetingsHeld!: number;
  @ApiProperty() attendance!: number;
  @ApiProperty() demandsRaised!: number;
  @ApiProperty({ description: 'answered (at revisit) or closed' }) demandsSettled!: number;
  @ApiProperty() solvedOnTheSpot!: number;
  @ApiPropertyOptional({ nullable: true, description: 'settled ÷ raised, 0–1' }) completionRate!: number | null;
}

export class BenchTotalsDto {
  @ApiProperty({ enum: TOTALS_GROUPS }) groupBy!: TotalsGroup;
  @ApiPropertyOptional({ nullable: true }) from!: string | null;
  @ApiPropertyOptional({ nullable: true }) to!: string | null;
  @ApiProperty({ type: [BenchTotalsRowDto] }) rows!: BenchTotalsRowDto[];
  @ApiProperty({ type: BenchTotalsRowDto }) total!: BenchTotalsRowDto;
}

export class IdeaMilestoneViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() note!: string;
  @ApiProperty() delivered!: boolean;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ type: [PhotoDto] }) photos!: PhotoDto[];
}

export class IdeaRewardViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'in fen (分)' }) amountFen!: number;
  @ApiProperty() remark!: string;
  @ApiProperty({ enum: ['proposed', 'approved', 'rejected', 'transferring', 'wait_user_confirm', 'succeeded', 'failed', 'cancelled'] }) state!: string;
  @ApiProperty({ example: '已到账' }) stateLabel!: string;
  @ApiProperty() payeeName!: string;
}

export class IdeaDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() caseNumber!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'the suggestion as the resident put it' }) text!: string;
  @ApiProperty() channel!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: IDEA_STATUSES }) status!: IdeaStatus;
  @ApiProperty({ example: '正在评估' }) statusLabel!: string;
  @ApiProperty() takenUpAt!: string;
  @ApiProperty({ description: 'evaluate by (working days on the official calendar)' }) evaluateBy!: string;
  @ApiProperty({ description: 'still evaluating after evaluateBy' }) overdue!: boolean;
  @ApiPropertyOptional({ nullable: true, enum: IDEA_DECISIONS }) decision!: IdeaDecision | null;
  @ApiPropertyOptional({ nullable: true }) decisionReason!: string | null;
  @ApiPropertyOptional({ nullable: true }) evaluatedAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) deliveredAt!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [String], enum: ['evaluate', 'add_milestone'], description: 'what the caller may do now' }) allowedActions!: string[];
  @ApiPropertyOptional({ nullable: true, type: IdeaRewardViewDto, description: 'the latest cash reward for this idea' }) reward!: IdeaRewardViewDto | null;
  @ApiProperty({ description: 'the caller may propose a cash reward for it now' }) canReward!: boolean;
}

export class ProposeIdeaRewardDto {
  @ApiProperty({ example: 20000, description: 'in fen (分): 30 to 200000' }) @IsInt() @Min(1) @Max(10_000_000) amountFen!: number;
  @ApiProperty({ example: '金点子“高山蔬菜基地”落地', description: 'what the proposer reads in WeChat (≤ 32)' }) @IsString() @IsNotEmpty() @MaxLength(32) remark!: string;
}

export class IdeaDetailDto extends IdeaDto {
  @ApiProperty({ type: [IdeaMilestoneViewDto] }) milestones!: IdeaMilestoneViewDto[];
}

export class IdeaTotalsDto {
  @ApiProperty({ description: 'suggestions residents made (cases of kind suggestion)' }) suggestions!: number;
  @ApiProperty({ description: 'taken up as golden ideas' }) proposed!: number;
  @ApiProperty({ description: 'adopted, in whole or in part (delivered ones included)' }) adopted!: number;
  @ApiProperty() declined!: number;
  @ApiProperty() delivered!: number;
  @ApiProperty({ description: 'still evaluating after their deadline' }) overdue!: number;
}
