import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_KIND_LABELS, CASE_STATUS_LABELS, CASE_STATUSES, CASE_KINDS, type CaseKind, type CaseStatus } from '@msz/domain';
import type { CaseEntity } from '../case.entity';
import type { TimelineEntryEntity } from '../timeline-entry.entity';

/** An openid identifies a person; staff need only to tell residents apart. */
export function maskOpenid(openid: string | null): string | null {
  return openid ? `${openid.slice(0, 3)}***${openid.slice(-3)}` : null;
}

export class CaseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'MS20261126-0001' }) number!: string;
  @ApiProperty() channel!: string;
  @ApiPropertyOptional({ nullable: true, description: 'masked' }) resident!: string | null;
  @ApiProperty() text!: string;
  @ApiProperty({ enum: CASE_KINDS }) kind!: CaseKind;
  @ApiProperty() kindLabel!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @ApiProperty() statusLabel!: string;
  @ApiPropertyOptional({ nullable: true, format: 'uuid' }) unitId!: string | null;
  @ApiPropertyOptional({ nullable: true }) answer!: string | null;
  @ApiPropertyOptional({ nullable: true }) revisitRating!: string | null;
  @ApiProperty() acceptedAt!: string;
  @ApiProperty() assignBy!: string;
  @ApiProperty() closeBy!: string;
  @ApiPropertyOptional({ nullable: true }) closedAt!: string | null;

  static from(c: CaseEntity): CaseDto {
    return {
      id: c.id,
      number: c.number,
      channel: c.channel,
      resident: maskOpenid(c.residentOpenid),
      text: c.text,
      kind: c.kind,
      kindLabel: CASE_KIND_LABELS[c.kind],
      status: c.status,
      statusLabel: CASE_STATUS_LABELS[c.status],
      unitId: c.unitId,
      answer: c.answer,
      revisitRating: c.revisitRating,
      acceptedAt: c.acceptedAt.toISOString(),
      assignBy: c.assignBy.toISOString(),
      closeBy: c.closeBy.toISOString(),
      closedAt: c.closedAt ? c.closedAt.toISOString() : null,
    };
  }
}

export class TimelineEntryDto {
  @ApiProperty() action!: string;
  @ApiPropertyOptional({ nullable: true, enum: CASE_STATUSES }) fromStatus!: CaseStatus | null;
  @ApiProperty({ enum: CASE_STATUSES }) toStatus!: CaseStatus;
  @ApiProperty({ enum: ['resident', 'staff', 'system'] }) actorKind!: string;
  @ApiPropertyOptional({ nullable: true }) actorName!: string | null;
  @ApiPropertyOptional({ nullable: true }) note!: string | null;
  @ApiProperty() at!: string;

  static from(e: TimelineEntryEntity): TimelineEntryDto {
    return {
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorKind: e.actorKind,
      actorName: e.actorName,
      note: e.note,
      at: e.at.toISOString(),
    };
  }
}

export class CaseDetailDto extends CaseDto {
  @ApiProperty({ type: [TimelineEntryDto] }) timeline!: TimelineEntryDto[];
}

export class CasePageDto {
  @ApiProperty({ type: [CaseDto] }) items!: CaseDto[];
  @ApiProperty() total!: number;
}

/** What anyone holding a case number may see: no text, no person. */
export class PublicCaseStatusDto {
  @ApiProperty({ example: 'MS20261126-0001' }) number!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty() deadline!: string;
}
