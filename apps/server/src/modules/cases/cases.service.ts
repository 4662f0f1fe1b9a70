import { Injectable } from '@nestjs/common';
import {
  canReturn,
  computeDeadlines,
  returnBy,
  DomainError,
  nextStatus,
  normaliseCaseText,
  revisitCloses,
  isOpen,
  type CaseAction,
  type CaseKind,
  type CaseStatus,
  type Urgency,
  type RevisitRating,
} from '@msz/domain';
import { And, DataSource, Equal, In, IsNull, MoreThan, Raw, type EntityManager, type FindOperator, type FindOptionsWhere } from 'typeorm';
import { CaseCoUnitEntity, RevisitTaskEntity, TraceItemEntity } from '../quality/quality.entities';
import type { StaffPrincipal } from '../../common/auth/principal';
import { AppError, notFound } from '../../common/errors/app-error';
import { NotificationsService } from '../notifications/notifications.service';
import { StaffUserEntity } from '../units/staff-user.entity';
import { UnitEntity } from '../units/unit.entity';
import type { TimelineActor } from './dto/case.dto';
import { residentActor, staffActor, SYSTEM, type Actor } from './actor';
import { CalendarService } from '../calendar/calendar.service';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import type { AttachmentEntity } from '../media/attachment.entity';
import { MediaService } from '../media/media.service';
import { acceptedFormats, UPLOAD_LIMITS, uploadContentType } from '../media/upload-type';
import { CaseNumbersService } from './case-numbers.service';
import { CaseEntity, type CaseChannel } from './case.entity';
import { TimelineEntryEntity, type TimelineAction } from './timeline-entry.entity';
import { newQueryCode } from './query-code';

export interface CaseLocation {
  lat: number;
  lng: number;
  label: string | null;
  /** The configured town or village it maps to, if any. */
  placeUnitId: string | null;
}

export interface FileCaseInput {
  channel: CaseChannel;
  residentOpenid: string | null;
  resident?: { name: string; phone: string };
  filedBy?: StaffPrincipal;
  text: string;
  acceptedAt?: Date;
  location?: CaseLocation | null;
  /** The sub-item the resident chose in the mini-program: kept with the suggestion for the dispatcher. */
  residentSubItem?: string;
}

function locationColumns(location: CaseLocation | null): Pick<CaseEntity, 'locationLat' | 'locationLng' | 'locationLabel' | 'placeUnitId'> {
  return {
    locationLat: location?.lat ?? null,
    locationLng: location?.lng ?? null,
    locationLabel: location?.label?.slice(0, 200) ?? null,
    placeUnitId: location?.placeUnitId ?? null,
  };
}

/** The case workflow: every change goes through transition(), which checks the lifecycle and writes the timeline. */
@Injectable()
export class CasesService {
  constructor(
    private readonly ds: DataSource,
    private readonly numbers: CaseNumbersService,
    private readonly notifications: NotificationsService,
    private readonly calendar: CalendarService,
    private readonly taxonomy: TaxonomyService,
    private readonly media: MediaService,
  ) {}

  /** Files a demand inside the caller's transaction (the webhook commits it with its dedup record). */
  async file(manager: EntityManager, input: FileCaseInput): Promise<CaseEntity> {
    const text = normaliseCaseText(input.text);
    const acceptedAt = input.acceptedAt ?? new Date();
    // The suggestion sets kind (and so the deadline) and urgency now; the dispatcher confirms the sub-item.
    const suggestion = this.taxonomy.suggest(text);
    const kind = suggestion.kind;
    const { assignBy, closeBy } = computeDeadlines(acceptedAt, kind, this.calendar);
    const number = await this.numbers.next(manager, acceptedAt);
    const saved = await manager.getRepository(CaseEntity).save(
      manager.getRepository(CaseEntity).create({
        number,
        queryCode: newQueryCode(),
        channel: input.channel,
        residentOpenid: input.residentOpenid,
        residentName: input.resident?.name ?? null,
        residentPhone: input.resident?.phone ?? null,
        filedBy: input.filedBy?.id ?? null,
        text,
        kind,
        urgency: suggestion.urgency,
        suggestion: {
          kind: suggestion.kind,
          subItem: suggestion.subItem,
          subItemScore: suggestion.subItemScore,
          urgency: suggestion.urgency,
          alternatives: suggestion.alternatives.map((a) => ({ subItem: a.subItem, score: a.score })),
          needsReview: suggestion.needsReview,
          ...(input.residentSubItem ? { residentSubItem: input.residentSubItem } : {}),
        },
        status: 'accepted',
        unitId: null,
        answer: null,
        revisitRating: null,
        invalidReason: null,
        acceptedAt,
        assignBy,
        closeBy,
        closedAt: null,
        ...locationColumns(input.location ?? null),
      }),
    );
    const actor = input.filedBy ? staffActor(input.filedBy) : input.residentOpenid ? residentActor(input.residentOpenid) : SYSTEM;
    const stepId = await this.record(manager, saved, 'file', null, actor, null);
    await this.notifications.caseAccepted(manager, saved, stepId);
    return saved;
  }

  /** More from the resident for a case already filed: no change of state, but a step in the timeline. */
  async addInfo(manager: EntityManager, c: CaseEntity, actor: Actor, note: string, location?: CaseLocation): Promise<void> {
    if (location) await manager.update(CaseEntity, { id: c.id }, locationColumns(location));
    await this.record(manager, c, 'add_info', c.status, actor, note);
  }

  /**
   * Staff file for a resident (hotline, walk-in, bench meeting). A village cadre who solved it on the
   * spot (当场承诺解决) records the answer at once: the case is assigned to their unit, signed for and
   * answered in the same transaction, and goes to revisit like any other.
   */
  async fileForResident(
    staff: StaffPrincipal,
    input: { channel: 'phone' | 'walk_in' | 'bench_meeting'; text: string; residentName: string; residentPhone: string; placeUnitId?: string; onTheSpotAnswer?: string },
  ): Promise<CaseEntity> {
    return this.ds.transaction(async (m) => {
      const place = input.placeUnitId ? await m.getRepository(UnitEntity).findOneBy({ id: input.placeUnitId }) : null;
      if (input.placeUnitId && !place) throw new DomainError('UNIT_REQUIRED', 'the place does not exist', { placeUnitId: input.placeUnitId });
      const filed = await this.file(m, {
        channel: input.channel,
        residentOpenid: null,
        text: input.text,
        resident: { name: input.residentName, phone: input.residentPhone },
        filedBy: staff,
        location: place?.centerLat != null && place.centerLng != null ? { lat: place.centerLat, lng: place.centerLng, label: place.name, placeUnitId: place.id } : null,
      });
      if (place && filed.placeUnitId !== place.id) {
        await m.update(CaseEntity, { id: filed.id }, { placeUnitId: place.id });
        filed.placeUnitId = place.id;
      }
      if (!input.onTheSpotAnswer) return filed;
      const actor = staffActor(staff);
      const assigned = await this.apply(m, filed, 'assign', { unitId: staff.unitId, assignedAt: new Date() }, actor, '当场受理');
      const signed = await this.apply(m, assigned.saved, 'sign_for', {}, actor, null);
      const answered = await this.apply(m, signed.saved, 'answer', { answer: input.onTheSpotAnswer }, actor, `当场解决：${input.onTheSpotAnswer}`);
      return (await this.apply(m, answered.saved, 'start_revisit', { revisitStartedAt: new Date() }, SYSTEM, '待电话回访')).saved;
    });
  }

  /** 现场照片: evidence a handler attaches, usually with the answer. */
  async addEvidence(staff: StaffPrincipal, id: string, data: Buffer): Promise<AttachmentEntity> {
    // Typed from its bytes, like residents' photos: a page that calls itself image/png is refused.
    const { maxBytes } = UPLOAD_LIMITS.image;
    if (data.length > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `a photo may be at most ${maxBytes / 1024 / 1024} MB`);
    const contentType = await uploadContentType('image', data);
    if (!contentType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `evidence must be a photo (${acceptedFormats('image').join(', ')})`);
    return this.ds.transaction(async (m) => {
      const c = await this.lockForChange(m, staff, id);
      if (!isOpen(c.status)) throw new DomainError('CASE_ILLEGAL_TRANSITION', `cannot add evidence to a case that is ${c.status}`, { status: c.status });
      const stored = await this.media.storeUpload(m, c.id, data, contentType, { source: 'staff', staffId: staff.id });
      await this.record(m, c, 'note', c.status, staffActor(staff), '上传现场照片');
      return stored;
    });
  }

  async get(staff: StaffPrincipal, id: string, manager: EntityManager = this.ds.manager): Promise<CaseEntity> {
    const found = await manager.getRepository(CaseEntity).findOne({ where: this.visibleTo(staff, { id }) });
    if (!found) throw notFound('case');
    return found;
  }

  /** A case's steps, oldest first; the caller has already checked the case is visible to whoever asks. */
  timelineOf(caseId: string): Promise<TimelineEntryEntity[]> {
    return this.ds.getRepository(TimelineEntryEntity).find({ where: { caseId }, order: { id: 'ASC' } });
  }

  /**
   * The role and unit of each member of staff in these steps, so the timeline can say 「八台镇 承办人」.
   * Read from the accounts as they are now: staff seldom change unit, and old steps need no backfill.
   */
  async timelineActors(entries: readonly TimelineEntryEntity[]): Promise<Map<string, TimelineActor>> {
    const ids = [...new Set(entries.filter((e) => e.actorKind === 'staff' && e.actorId).map((e) => e.actorId as string))];
    if (!ids.length) return new Map();
    const staff = await this.ds.getRepository(StaffUserEntity).findBy({ id: In(ids) });
    const units = await this.ds.getRepository(UnitEntity).findBy({ id: In([...new Set(staff.map((s) => s.unitId))]) });
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    return new Map(staff.map((s) => [s.id, { role: s.role, unitName: unitName.get(s.unitId) ?? '' }]));
  }

  findByNumber(number: string): Promise<CaseEntity | null> {
    return this.ds.getRepository(CaseEntity).findOneBy({ number });
  }

  /** The resident's cases by any of their openids (a person linked across the account and the mini program has two). */
  recentForResident(manager: EntityManager, openids: string[], limit: number): Promise<CaseEntity[]> {
    return manager.getRepository(CaseEntity).find({ where: { residentOpenid: In(openids) }, order: { acceptedAt: 'DESC' }, take: limit });
  }

  /** The resident's case closed in the last 30 days, for a revisit answer that came late. */
  recentlyClosed(manager: EntityManager, openids: string[]): Promise<CaseEntity | null> {
    return manager.getRepository(CaseEntity).findOne({
      where: { residentOpenid: In(openids), status: 'closed', closedAt: MoreThan(new Date(Date.now() - 30 * 86_400_000)) },
      order: { closedAt: 'DESC' },
    });
  }

  /** The case whose revisit the resident has not answered yet, newest first. */
  pendingRevisit(manager: EntityManager, openids: string[]): Promise<CaseEntity | null> {
    return manager.getRepository(CaseEntity).findOne({ where: { residentOpenid: In(openids), status: 'revisiting' }, order: { updatedAt: 'DESC' } });
  }

  /**
   * 转办 to a lead unit (主办), with co-handling units (协办) for hard, cross-department cases:
   * they see the case and add notes; the lead unit signs for it and answers.
   */
  async assign(staff: StaffPrincipal, id: string, unitId: string, note?: string, expectedVersion?: number, coUnitIds: string[] = []): Promise<CaseEntity> {
    return this.ds.transaction(async (m) => {
      const wanted = [...new Set([unitId, ...coUnitIds])];
      const units = await m.getRepository(UnitEntity).findBy({ id: In(wanted) });
      const missing = wanted.filter((u) => !units.some((x) => x.id === u));
      if (missing.length) throw new DomainError('UNIT_REQUIRED', 'a unit to assign to does not exist', { unitIds: missing });
      const lead = units.find((u) => u.id === unitId) as UnitEntity;
      const helpers = units.filter((u) => u.id !== unitId);
      const text = note ?? `转办至${lead.name}${helpers.length ? `，协办：${helpers.map((h) => h.name).join('、')}` : ''}`;
      const { saved, stepId } = await this.transition(m, staff, id, 'assign', { unitId, assignedAt: new Date() }, text, expectedVersion);
      await m.delete(CaseCoUnitEntity, { caseId: id });
      if (helpers.length) await m.insert(CaseCoUnitEntity, helpers.map((h) => ({ caseId: id, unitId: h.id })));
      await this.notifications.caseAssigned(m, saved, stepId);
      return saved;
    });
  }

  coUnits(caseId: string): Promise<CaseCoUnitEntity[]> {
    return this.ds.getRepository(CaseCoUnitEntity).findBy({ caseId });
  }

  async reject(staff: StaffPrincipal, id: string, reason: string, expectedVersion?: number): Promise<CaseEntity> {
    return this.ds.transaction(async (m) => (await this.transition(m, staff, id, 'reject', { invalidReason: reason }, reason, expectedVersion)).saved);
  }

  async signFor(staff: StaffPrincipal, id: string, expectedVersion?: number): Promise<CaseEntity> {
    return this.ds.transaction(async (m) => (await this.transition(m, staff, id, 'sign_for', {}, null, expectedVersion)).saved);
  }

  /** 退回: a misrouted case goes back to the dispatcher, but only within the unit's sign-for time. */
  async returnToDispatcher(staff: StaffPrincipal, id: string, reason: string, expectedVersion?: number): Promise<CaseEntity> {
    return this.ds.transaction(async (m) => {
      const current = await this.get(staff, id, m);
      if (current.assignedAt && !canReturn(current.assignedAt, new Date(), this.calendar)) {
        throw new DomainError('RETURN_WINDOW_PASSED', 'a case can be returned only within 1 working day of assignment; ask the dispatcher instead', {
          returnBy: returnBy(current.assignedAt, this.calendar).toISOString(),
        });
      }
      // The returning unit lets go of the case, so the dispatcher can route it again.
      return (await this.transition(m, staff, id, 'return', { unitId: null }, reason, expectedVersion)).saved;
    });
  }

  /**
   * 分类: the dispatcher confirms or overrides the suggestion. A changed kind moves the deadline
   * (consultations 3 working days, others 5), keeping any extension granted.
   */
  async classify(staff: StaffPrincipal, id: string, input: { kind: CaseKind; subItem: string; urgency: Urgency }, expectedVersion?: number): Promise<CaseEntity> {
    this.taxonomy.assertSubItem(input.subItem);
    return this.ds.transaction(async (m) => {
      const c = await this.lockForChange(m, staff, id, expectedVersion);
      if (!isOpen(c.status)) throw new DomainError('CASE_ILLEGAL_TRANSITION', `cannot classify a case that is ${c.status}`, { status: c.status });
      const deadlines = computeDeadlines(c.acceptedAt, input.kind, this.calendar);
      const closeBy = c.extendedWorkdays > 0 && input.kind === c.kind ? c.closeBy : deadlines.closeBy;
      const saved = await m.getRepository(CaseEntity).save({ ...c, kind: input.kind, subItem: input.subItem, urgency: input.urgency, closeBy });
      const suggested = c.suggestion as { subItem?: string | null; kind?: string } | null;
      const agreed = suggested?.subItem === input.subItem && suggested?.kind === input.kind;
      const name = this.taxonomy.current().subItems.find((x) => x.code === input.subItem)?.name ?? input.subItem;
      await this.record(m, saved, 'classify', c.status, staffActor(staff), agreed ? `确认分类：${name}` : `分类：${name}（系统建议：${suggested?.subItem ?? '无'}）`);
      return saved;
    });
  }

  /** Closes a duplicate into the case that stays (the caller holds the target's lock). */
  async mergeInto(m: EntityManager, staff: StaffPrincipal, id: string, target: CaseEntity): Promise<CaseEntity> {
    return (await this.transition(m, staff, id, 'merge', { mergedInto: target.id }, `合并到${target.number}`)).saved;
  }

  /** A step that leaves the status as it is (a progress note, an extension decision), in the timeline. */
  async recordStep(m: EntityManager, c: CaseEntity, action: TimelineAction, actor: Actor, note: string | null): Promise<string> {
    return this.record(m, c, action, c.status, actor, note);
  }

  /** The handler's answer goes to the resident together with the revisit question. */
  async answer(staff: StaffPrincipal, id: string, text: string, expectedVersion?: number): Promise<CaseEntity> {
    const answer = text.trim();
    if (!answer) throw new DomainError('ANSWER_EMPTY', 'the answer has no text');
    return this.ds.transaction(async (m) => {
      const answered = await this.transition(m, staff, id, 'answer', { answer }, answer, expectedVersion);
      const revisiting = await this.apply(m, answered.saved, 'start_revisit', { revisitStartedAt: new Date() }, SYSTEM, '已发送回访');
      await this.notifications.caseAnswered(m, revisiting.saved, revisiting.stepId);
      return revisiting.saved;
    });
  }

  /**
   * The revisit answer, from the resident in chat or from staff who phoned them. Satisfied (and
   * solved) closes the case (销号); unsatisfied or unsolved reopens it for the handler and records a
   * trace item against the unit that answered (问题溯源、责任倒查: a possible 虚假办结).
   */
  async recordRevisit(manager: EntityManager, c: CaseEntity, rating: RevisitRating, actor: Actor, solved: boolean | null = null, note?: string): Promise<CaseEntity> {
    const closes = revisitCloses(rating) && solved !== false;
    const label = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' }[rating];
    const step = await this.apply(
      manager,
      c,
      closes ? 'close' : 'reopen',
      { revisitRating: rating, revisitSolved: solved, closedAt: closes ? new Date() : null },
      actor,
      `回访：${label}${solved === false ? '，问题未解决' : ''}${note ? `（${note}）` : ''}`,
    );
    await manager.update(RevisitTaskEntity, { caseId: c.id, doneAt: IsNull() }, { doneAt: new Date(), doneBy: actor.kind === 'staff' ? actor.id : null });
    if (!closes) {
      await manager.insert(TraceItemEntity, { caseId: c.id, unitId: c.unitId, reason: solved === false ? 'not_solved' : 'unsatisfied', note: note ?? null });
      await this.notifications.caseReopened(manager, step.saved, step.stepId);
    }
    return step.saved;
  }

  /** 电话回访: staff record what the resident said on the phone. */
  async phoneRevisit(staff: StaffPrincipal, id: string, rating: RevisitRating, solved: boolean, note?: string): Promise<CaseEntity> {
    return this.ds.transaction(async (m) => {
      const c = await this.lockForChange(m, staff, id);
      return this.recordRevisit(m, c, rating, staffActor(staff), solved, note);
    });
  }

  /**
   * Who sees which cases: the dispatching office, city leaders, inspectors and admins see every
   * case; a unit's handlers and leader see their own unit's. Anything else is "not found".
   */
  scope(staff: StaffPrincipal): FindOptionsWhere<CaseEntity> {
    switch (staff.role) {
      case 'dispatcher':
      case 'city_leader':
      case 'inspector':
      case 'admin':
        return {};
      case 'handler':
      case 'unit_leader':
        return { unitId: staff.unitId };
    }
  }

  /** The cases this member of staff may read: their scope, plus (for a unit's staff) cases their unit co-handles. */
  visibleTo(staff: StaffPrincipal, extra: FindOptionsWhere<CaseEntity> = {}): FindOptionsWhere<CaseEntity>[] {
    const own = { ...this.scope(staff), ...extra };
    if (!('unitId' in own)) return [own];
    const coHandled = Raw((alias) => `${alias} IN (SELECT case_id FROM case_co_unit WHERE unit_id = :coUnit)`, { coUnit: staff.unitId });
    const id = typeof extra.id === 'string' ? Equal(extra.id) : (extra.id as FindOperator<string> | undefined);
    return [own, { ...extra, id: id ? And(id, coHandled) : coHandled }];
  }

  /**
   * Lock a case for a change by this member of staff, checking scope and the version they saw.
   * Co-handling units may add notes (coHandlersToo); lifecycle changes are the lead unit's.
   */
  async lockForChange(m: EntityManager, staff: StaffPrincipal, id: string, expectedVersion?: number, coHandlersToo = false): Promise<CaseEntity> {
    const where = coHandlersToo ? this.visibleTo(staff, { id }) : { id, ...this.scope(staff) };
    const current = await m.getRepository(CaseEntity).findOne({ where, lock: { mode: 'pessimistic_write' } });
    if (!current) throw notFound('case');
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new AppError('CONFLICT', `the case changed since you saw it (version ${expectedVersion}, now ${current.version}); reload it`);
    }
    return current;
  }

  private async transition(
    m: EntityManager,
    staff: StaffPrincipal,
    id: string,
    action: CaseAction,
    patch: Partial<CaseEntity>,
    note: string | null,
    expectedVersion?: number,
  ): Promise<{ saved: CaseEntity; stepId: string }> {
    // Lock the row: two staff acting at once are serialised, and the second sees the first's result.
    const current = await this.lockForChange(m, staff, id, expectedVersion);
    return this.apply(m, current, action, patch, staffActor(staff), note);
  }

  private async apply(
    m: EntityManager,
    current: CaseEntity,
    action: CaseAction,
    patch: Partial<CaseEntity>,
    actor: Actor,
    note: string | null,
  ): Promise<{ saved: CaseEntity; stepId: string }> {
    const from = current.status;
    const to = nextStatus(from, action);
    const saved = await m.getRepository(CaseEntity).save({ ...current, ...patch, status: to });
    const stepId = await this.record(m, saved, action, from, actor, note);
    return { saved, stepId };
  }

  private async record(m: EntityManager, c: CaseEntity, action: TimelineAction, from: CaseStatus | null, actor: Actor, note: string | null): Promise<string> {
    const entry = await m.getRepository(TimelineEntryEntity).save(
      m.getRepository(TimelineEntryEntity).create({
        caseId: c.id,
        action,
        fromStatus: from,
        toStatus: c.status,
        actorKind: actor.kind,
        actorId: actor.id,
        actorName: actor.name,
        note,
      }),
    );
    return entry.id;
  }
}
