import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JOINT_MEETING_LIMITS, JOINT_TASK_STATUSES, type JointTaskStatus } from '@msz/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDateString, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';

export class JointTaskInputDto {
  @ApiProperty({ format: 'uuid', description: 'an invited unit' }) @IsUUID() unitId!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: "one of the meeting's cases; omitted: all of them" })
  @IsOptional()
  @IsUUID()
  caseId?: string | null;
  @ApiProperty({ maxLength: JOINT_MEETING_LIMITS.text }) @IsString() @IsNotEmpty() @MaxLength(JOINT_MEETING_LIMITS.text) text!: string;
  @ApiProperty({ example: '2026-12-31', description: 'the last Beijing day' }) @Matches(/^\d{4}-\d{2}-\d{2}$/) dueDate!: string;
}

export class ConveneJointMeetingDto {
  @ApiProperty({ maxLength: JOINT_MEETING_LIMITS.title }) @IsString() @IsNotEmpty() @MaxLength(JOINT_MEETING_LIMITS.title) title!: string;
  @ApiProperty({ maxLength: JOINT_MEETING_LIMITS.place }) @IsString() @IsNotEmpty() @MaxLength(JOINT_MEETING_LIMITS.place) place!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) heldAt!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(JOINT_MEETING_LIMITS.cases) @IsUUID('all', { each: true }) caseIds!: string[];
  @ApiProperty({ type: [String], format: 'uuid', description: 'at least two units' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(JOINT_MEETING_LIMITS.units)
  @IsUUID('all', { each: true })
  unitIds!: string[];
  @ApiPropertyOptional({ type: [JointTaskInputDto], description: 'the decisions, if already taken' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(JOINT_MEETING_LIMITS.tasks)
  @ValidateNested({ each: true })
  @Type(() => JointTaskInputDto)
  tasks?: JointTaskInputDto[];
}

export class RecordJointTasksDto {
  @ApiProperty({ type: [JointTaskInputDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(JOINT_MEETING_LIMITS.tasks)
  @ValidateNested({ each: true })
  @Type(() => JointTaskInputDto)
  tasks!: JointTaskInputDto[];
}

export class CompleteJointTaskDto {
  @ApiProperty({ maxLength: JOINT_MEETING_LIMITS.note, description: 'what the unit did' }) @IsString() @IsNotEmpty() @MaxLength(JOINT_MEETING_LIMITS.note) note!: string;
}

export class JointTaskQueryDto {
  @ApiPropertyOptional({ enum: JOINT_TASK_STATUSES }) @IsOptional() @IsIn(JOINT_TASK_STATUSES) status?: JointTaskStatus;
}

export class JointTotalsQueryDto {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'first Beijing day of meetings counted' }) @IsOptional() @IsDateString({ strict: true }) from?: string;
  @ApiPropertyOptional({ example: '2026-12-31', description: 'last Beijing day of meetings counted' }) @IsOptional() @IsDateString({ strict: true }) to?: string;
}

export class NamedRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class JointTaskDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty() meetingTitle!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) caseId!: string | null;
  @ApiPropertyOptional({ nullable: true }) caseNumber!: string | null;
  @ApiProperty({ type: NamedRefDto }) unit!: NamedRefDto;
  @ApiProperty() text!: string;
  @ApiProperty() dueDate!: string;
  @ApiProperty({ enum: JOINT_TASK_STATUSES }) status!: JointTaskStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty() overdue!: boolean;
  @ApiPropertyOptional({ nullable: true }) doneNote!: string | null;
  @ApiPropertyOptional({ nullable: true }) doneAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) doneByName!: string | null;
  @ApiPropertyOptional({ nullable: true }) escalatedAt!: string | null;
}

export class JointMeetingCaseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ description: 'closed after the meeting with all its tasks done' }) solved!: boolean;
}

export class JointMeetingDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() place!: string;
  @ApiProperty() heldAt!: string;
  @ApiProperty({ type: NamedRefDto }) convenedBy!: NamedRefDto;
  @ApiProperty({ type: [JointMeetingCaseDto] }) cases!: JointMeetingCaseDto[];
  @ApiProperty({ type: [NamedRefDto] }) units!: NamedRefDto[];
  @ApiProperty({ type: [JointTaskDto] }) tasks!: JointTaskDto[];
}

export class JointTotalsDto {
  @ApiProperty({ description: 'meetings held in the period' }) held!: number;
  @ApiProperty({ description: 'cases solved by them' }) casesSolved!: number;
}
