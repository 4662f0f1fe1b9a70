import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ALERT_ACKNOWLEDGEMENTS, type AlertAcknowledgement } from '@msz/domain';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class DutyDayParam {
  @ApiProperty({ example: '2026-12-07', description: 'a Beijing calendar day' }) @Matches(DAY, { message: 'day must be YYYY-MM-DD' }) day!: string;
}

export class DutyDayQuery {
  @ApiPropertyOptional({ example: '2026-12-07', description: 'a Beijing calendar day; today when left out' })
  @IsOptional()
  @Matches(DAY, { message: 'day must be YYYY-MM-DD' })
  day?: string;
}

export class SetDutyDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'the dispatchers on duty that day; empty: every active dispatcher is alerted' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  staffIds!: string[];
}

export class DutyDispatcherDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ description: 'on the roster that day' }) rostered!: boolean;
  @ApiProperty({ description: 'an emergency that day goes to them (the rostered, or everyone when nobody is)' }) alerted!: boolean;
}

export class DutyDayDto {
  @ApiProperty() day!: string;
  @ApiProperty({ type: [DutyDispatcherDto] }) dispatchers!: DutyDispatcherDto[];
  @ApiProperty({ description: 'nobody who can act is on the roster: every active dispatcher is alerted' }) fallback!: boolean;
}

export class EmergencyListQuery {
  @ApiPropertyOptional({ default: true, description: 'only the alerts nobody has acknowledged yet' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  open?: boolean;
}

export class AcknowledgeEmergencyDto {
  @ApiProperty({ enum: ALERT_ACKNOWLEDGEMENTS, description: 'noted: 已知悉 (on it); handled: 已处置' }) @IsIn(ALERT_ACKNOWLEDGEMENTS) outcome!: AlertAcknowledgement;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class EmergencyDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() number!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ description: 'the place as staff were told (「地点不明」 when unknown)' }) place!: string;
  @ApiProperty({ description: 'the case has no known place' }) placeUnknown!: boolean;
  @ApiPropertyOptional({ nullable: true, format: 'uuid' }) townUnitId!: string | null;
  @ApiProperty() raisedAt!: string;
  @ApiProperty({ description: 'from filing to the alert, in seconds' }) secondsAfterFiling!: number;
  @ApiProperty({ description: 'how many members of staff were sent the template message' }) notified!: number;
  @ApiPropertyOptional({ nullable: true }) acknowledgedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'who acknowledged it' }) acknowledgedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ALERT_ACKNOWLEDGEMENTS }) acknowledgement!: AlertAcknowledgement | null;
  @ApiPropertyOptional({ nullable: true, description: '已知悉 / 已处置' }) acknowledgementLabel!: string | null;
  @ApiPropertyOptional({ nullable: true }) acknowledgementNote!: string | null;
}
