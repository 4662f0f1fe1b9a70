import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { Case, caseWarningLevel, WARNING_LEVEL_LABELS, WARNING_LEVELS, type WarningLevel, CASE_KIND_LABELS, CASE_STATUS_LABELS, CASE_STATUSES, CASE_KINDS, isOnTheClock, isOpen, slaColour, STAFF_ACTIONS, type CaseKind, type CaseStatus, type SlaColour, type StaffAction, type WorkCalendar } from '@msz/domain';
import type { StaffPrincipal } from '../../../common/auth/principal';
import { STAFF_ROLE_LABELS, STAFF_ROLES, type StaffRole } from '../../units/staff-user.entity';
import type { AttachmentEntity } from '../../media/attachment.entity';
import { staffActor } from '../actor';
import type { CaseEntity } from '../case.entity';
import { caseState } from '../case.mapper';
import type { TimelineEntryEntity } from '../timeline-entry.entity';

/** An openid identifies a person; staff need only to tell residents apart. */
export function maskOpenid(openid: string | null): string | null {
  return openid ? `${openid.slice(0, 3)}***${openid.slice(-3)}` : null;
}

/** Personal data is shown only where it is needed: 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export class CaseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'MS20261126-0001' }) number!: string;
  @ApiProperty() channel!: string;
  @ApiPropertyOptional({ nullable: true, description: 'masked' }) resident!: string | null;
  @ApiPropertyOptional({ nullable: true }) residentName!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'in full only for the owning unit and whoever filed it; masked (138****0001) for everyone else' })
  residentPhone!: string | null;
  @ApiProperty() text!: string;
  @ApiProperty({ enum: CASE_KINDS }) kind!: CaseKind;
  @ApiProperty() kindLabel!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @ApiProperty() statusLabel!: string;
  @ApiPropertyOptional({ nullable: true, format: 'uuid' }) unitId!: string | null;
  @ApiPropertyOptional({ nullable: true }) answer!: string | null;
  @ApiPropertyOptional({ nullable: true }) revisitRating!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'where the resident said it is' }) location!: { lat: number; lng: number; label: string | null } | null;
  @ApiPropertyOptional({ nullable: true, format: 'uuid', description: 'the town or village the location maps to' }) placeUnitId!: string | null;
  @ApiProperty() acceptedAt!: string;
  @ApiProperty() assignBy!: string;
  @ApiProperty() closeBy!: string;
  @ApiPropertyOptional({ nullable: true }) closedAt!: string | null;
  @ApiProperty({ description: 'send back as expectedVersion to act only on what you saw' }) version!: number;
  @ApiPropertyOptional({ nullable: true, enum: ['green', 'yellow', 'orange', 'red'], description: 'open cases only: yellow ≤ 1 working day left, orange due today, red overdue' })
  slaColour!: SlaColour | null;
  @ApiPropertyOptional({ nullable: true }) subItem!: string | null;
  @ApiProperty({ enum: ['normal', 'urgent', 'critical'] }) urgency!: string;
  @ApiPropertyOptional({ nullable: true, enum: WARNING_LEVELS, description: '三色预警 of the case: red critical, orange urgent, yellow an ordinary case near or past its deadline' })
  warningLevel!: WarningLevel | null;
  @ApiPropertyOptional({ nullable: true, description: '红色预警 / 橙色预警 / 黄色预警, said in words beside the colour' }) warningLabel!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    description:
      'what the classifier suggested at filing: kind, subItem, subItemScore, urgency, alternatives, needsReview; and how sure it was: outcome (a kind or not_a_demand), confidence {kind, subItem, urgency} 0..1, kindAlternatives, uncertain with reasons (kind-close, kind-low, sub-item-close, sub-item-low, sub-item-none, urgency-close, red-not-now)',
    type: 'object',
    additionalProperties: true,
  })
  suggestion!: Record<string, unknown> | null;
  @ApiProperty() extendedWorkdays!: number;
  @ApiProperty({ description: 'not closed, invalid or merged' }) open!: boolean;
  @ApiProperty({
    enum: STAFF_ACTIONS,
    isArray: true,
    description: 'the buttons the caller may press on this case now, in order (the server decides; the app only shows them)',
  })
  allowedActions!: StaffAction[];
  @ApiPropertyOptional({ description: 'in lists and on a case\'s page: an emergency (特急) nobody has acknowledged yet; such cases are listed first' })
  emergency?: boolean;

  /** `coUnitIds` matter to a unit's staff: a co-handling unit may add notes. */
  static from(c: CaseEntity, calendar: WorkCalendar, viewer?: StaffPrincipal, now = new Date(), coUnitIds: readonly string[] = []): CaseDto {
    const sla = isOnTheClock(c.status) ? slaColour(c.closeBy, now, calendar) : null;
    // Escalation only follows an overdue deadline, which the SLA colour already shows.
    const warningLevel = caseWarningLevel({ urgency: c.urgency, slaColour: sla, escalated: false });
    const ownsCase = viewer !== undefined && (viewer.unitId === c.unitId || viewer.id === c.filedBy);
    return {
      id: c.id,
      number: c.number,
      channel: c.channel,
      resident: maskOpenid(c.residentOpenid),
      residentName: c.residentName,
      residentPhone: c.residentPhone && !ownsCase ? maskPhone(c.residentPhone) : c.residentPhone,
      text: c.text,
      kind: c.kind,
      kindLabel: CASE_KIND_LABELS[c.kind],
      status: c.status,
      statusLabel: CASE_STATUS_LABELS[c.status],
      unitId: c.unitId,
      answer: c.answer,
      revisitRating: c.revisitRating,
      location: c.locationLat !== null && c.locationLng !== null ? { lat: c.locationLat, lng: c.locationLng, label: c.locationLabel } : null,
      placeUnitId: c.placeUnitId,
      acceptedAt: c.acceptedAt.toISOString(),
      assignBy: c.assignBy.toISOString(),
      closeBy: c.closeBy.toISOString(),
      closedAt: c.closedAt ? c.closedAt.toISOString() : null,
      version: c.version,
      slaColour: sla,
      subItem: c.subItem,
      urgency: c.urgency,
      warningLevel,
      warningLabel: warningLevel ? WARNING_LEVEL_LABELS[warningLevel] : null,
      suggestion: c.suggestion,
      extendedWorkdays: c.extendedWorkdays,
      open: isOpen(c.status),
      allowedActions: viewer ? Case.from(caseState(c, coUnitIds), { calendar }).allowedActions(staffActor(viewer), now) : [],
    };
  }
}

const ACTION_LABELS: Record<TimelineEntryEntity['action'], string> = {
  file: '受理',
  assign: '转办',
  reject: '认定无效',
  sign_for: '签收',
  return: '退回',
  answer: '答复',
  start_revisit: '回访',
  close: '销号',
  reopen: '重新办理',
  main_answered: '主诉求已答复',
  revisit: '回访',
  merge: '合并',
  add_info: '群众补充',
  classify: '分类',
  note: '办理进展',
  request_extension: '申请延期',
  extend: '批准延期',
  refuse_extension: '不予延期',
  escalate: '超期预警',
};

/** The member of staff behind a timeline step, as their account says now. */
export interface TimelineActor {
  role: StaffRole;
  unitName: string;
}

export class TimelineEntryDto {
  @ApiProperty() action!: string;
  @ApiProperty() actionLabel!: string;
  @ApiPropertyOptional({ nullable: true, enum: CASE_STATUSES }) fromStatus!: CaseStatus | null;
  @ApiProperty({ enum: CASE_STATUSES }) toStatus!: CaseStatus;
  @ApiProperty() toStatusLabel!: string;
  @ApiProperty({ enum: ['resident', 'staff', 'system'] }) actorKind!: string;
  @ApiPropertyOptional({ nullable: true }) actorName!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, enum: STAFF_ROLES, description: 'staff steps: the role of whoever took it' }) actorRole!: StaffRole | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '承办人' }) actorRoleLabel!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '八台镇', description: 'staff steps: the unit of whoever took it' }) actorUnitName!: string | null;
  @ApiPropertyOptional({ nullable: true }) note!: string | null;
  @ApiProperty() at!: string;

  static from(e: TimelineEntryEntity, actor?: TimelineActor): TimelineEntryDto {
    return {
      action: e.action,
      actionLabel: ACTION_LABELS[e.action],
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      toStatusLabel: CASE_STATUS_LABELS[e.toStatus],
      actorKind: e.actorKind,
      actorName: e.actorName,
      actorRole: actor?.role ?? null,
      actorRoleLabel: actor ? STAFF_ROLE_LABELS[actor.role] : null,
      actorUnitName: actor?.unitName ?? null,
      note: e.note,
      at: e.at.toISOString(),
    };
  }
}

export class AttachmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['image', 'voice', 'video'] }) kind!: string;
  @ApiProperty({ enum: ['pending', 'stored', 'failed'], description: 'failed: WeChat no longer has it; see lastError' }) status!: string;
  @ApiProperty({ enum: ['resident', 'staff'], description: 'resident: sent in chat; staff: evidence uploaded with an answer' }) source!: string;
  @ApiPropertyOptional({ nullable: true }) recognition!: string | null;
  @ApiPropertyOptional({ nullable: true }) contentType!: string | null;
  @ApiPropertyOptional({ nullable: true }) sizeBytes!: number | null;
  @ApiPropertyOptional({ nullable: true }) lastError!: string | null;
  @ApiProperty() attempts!: number;

  static from(a: AttachmentEntity): AttachmentDto {
    return {
      id: a.id,
      kind: a.kind,
      status: a.status,
      source: a.source,
      recognition: a.recognition,
      contentType: a.contentType,
      sizeBytes: a.sizeBytes,
      lastError: a.lastError,
      attempts: a.attempts,
    };
  }
}

export class CaseDetailDto extends CaseDto {
  @ApiProperty({ type: String, nullable: true, example: '八台镇 香炉村', description: 'the place in words (town, village, what the resident called it); never coordinates' })
  placeLabel!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the point on a map (a web link); null when no point was given' }) mapUrl!: string | null;
  @ApiProperty({ type: [String], description: 'co-handling units (协办)' }) coUnitIds!: string[];
  @ApiProperty({ type: [TimelineEntryDto] }) timeline!: TimelineEntryDto[];
  @ApiProperty({ type: [AttachmentDto] }) attachments!: AttachmentDto[];
}

export class CasePageDto {
  @ApiProperty({ type: [CaseDto] }) items!: CaseDto[];
  @ApiProperty({ type: Number, nullable: true, description: 'how many cases the filter matches; on the first page only (null when a cursor is given)' })
  total!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'pass as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}

/** The second thing the public lookup needs besides the number. */
export class PublicCaseQuery {
  @ApiProperty({ example: '048213', description: "the case's 6-digit query code (查询码), or the last 4 digits of the resident's phone" })
  @Matches(/^(\d{4}|\d{6})$/, { message: '请输入6位查询码或手机号后4位' })
  code!: string;
}

/** What anyone holding a case number and its query code may see: no text, no person. */
export class PublicCaseStatusDto {
  @ApiProperty({ example: 'MS20261126-0001' }) number!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty() deadline!: string;
}
