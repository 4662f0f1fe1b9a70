import { Injectable } from '@nestjs/common';
import {
  canReturn,
  computeDeadlines,
  returnBy,
  DomainError,
  guessKind,
  nextStatus,
  normaliseCaseText,
  revisitCloses,
  type CaseAction,
  type CaseStatus,
  type RevisitRating,
} from '@msz/domain';
import { DataSource, In, type EntityManager, type FindOptionsWhere } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { AppError, notFound } from '../../common/errors/app-error';
import { NotificationsService } from '../notifications/notifications.service';
import { UnitEntity } from '../units/unit.entity';
import { residentActor, staffActor, SYSTEM, type Actor } from './actor';
import { CalendarService } from '../calendar/calendar.service';
import { CaseNumbersService } from './case-numbers.service';
import { CaseEntity, type CaseChannel } from './case.entity';
import { TimelineEntryEntity, type TimelineAction } from './timeline-entry.entity';

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
  text: string;
  acceptedAt?: Date;
  location?: CaseLocation | null;
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
  ) {}

  /** Files a demand inside the caller's transaction (the webhook commits it with its dedup record). */
  async file(manager: EntityManager, input: FileCaseInput): Promise<CaseEntity> {
    const text = normaliseCaseText(input.text);
    const acceptedAt = input.acceptedAt ?? new Date();
    const kind = guessKind(text);
    const { assignBy, closeBy } = computeDeadlines(acceptedAt, kind, this.calendar);
    const number = await this.numbers.next(manager, acceptedAt);
    const saved = await manager.getRepository(CaseEntity).save(
      manager.getRepository(CaseEntity).create({
        number,
        channel: input.channel,
        residentOpenid: input.residentOpenid,
        text,
        kind,
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
    const actor = input.residentOpenid ? residentActor(input.residentOpenid) : SYSTEM;
    await this.record(manager, saved, 'file', null, actor, null);
    return saved;
  }

  /** More from the resident for a case already filed: no change of state, but a step in the timeline. */
  async addInfo(manager: EntityManager, c: CaseEntity, actor: Actor, note: string, location?: CaseLocation): Promise<void> {
    if (location) await manager.update(CaseEntity, { id: c.id }, locationColumns(location));
    await this.record(manager, c, 'add_info', c.status, actor, note);
  }

  list(staff: StaffPrincipal, filter: { status?: CaseStatus[]; limit: number; offset: number }): Promise<[CaseEntity[], number]> {
    const where: FindOptionsWhere<CaseEntity> = { ...this.scope(staff), ...(filter.status?.length ? { status: In(filter.status) } : {}) };
    return this.ds.getRepository(CaseEntity).findAndCount({ where, order: { acceptedAt: 'DESC' }, take: filter.limit, skip: filter.offset });
  }

  async get(staff: StaffPrincipal, id: string, manager: EntityManager = this.ds.manager): Promise<CaseEntity> {
    const found = await manager.getRepository(CaseEntity).findOneBy({ id, ...this.scope(staff) });
    if (!found) throw notFound('case');
    return found;
  }

  async timeline(staff: StaffPrincipal, id: string): Promise<TimelineEntryEntity[]> {
    await this.get(staff, id);
    return this.ds.getRepository(TimelineEntryEntity).find({ where: { caseId: id }, order: { id: 'ASC' } });
  }

  findByNumber(number: string): Promise<CaseEntity | null> {
    return this.ds.getRepository(CaseEntity).findOneBy({ number });
  }

  recentForResident(manager: EntityManager, openid: string, limit: number): Promise<CaseEntity[]> {
    return manager.getRepository(CaseEntity).find({ where: { residentOpenid: openid }, order: { acceptedAt: 'DESC' }, take: limit });
  }

  /** The case whose revisit the resident has not answered yet, newest first. */
  pendingRevisit(manager: EntityManager, openid: string): Promise<CaseEntity | null> {
    return manager.getRepository(CaseEntity).findOne({ where: { residentOpenid: openid, status: 'revisiting' }, order: { updatedAt: 'DESC' } });
  }

  async assign(staff: StaffPrincipal, id: string, unitId: string, note?: string, expectedVersion?: number): Promise<CaseEntity> {
    return this.ds.transaction(async (m) => {
      const unit = await m.getRepository(UnitEntity).findOneBy({ id: unitId });
      if (!unit) throw new DomainError('UNIT_REQUIRED', 'the unit to assign to does not exist', { unitId });
      const { saved, stepId } = await this.transition(m, staff, id, 'assign', { unitId, assignedAt: new Date() }, note ?? `转办至${unit.name}`, expectedVersion);
      await this.notifications.caseAssigned(m, saved, stepId);
      return saved;
    });
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
      const revisiting = await this.apply(m, answered.saved, 'start_revisit', {}, SYSTEM, '已发送回访');
      await this.notifications.caseAnswered(m, revisiting.saved, revisiting.stepId);
      return revisiting.saved;
    });
  }

  /** The resident's revisit answer: satisfied closes the case (销号), unsatisfied reopens it for the handler. */
  async recordRevisit(manager: EntityManager, c: CaseEntity, rating: RevisitRating, openid: string): Promise<CaseEntity> {
    const closes = revisitCloses(rating);
    const step = await this.apply(
      manager,
      c,
      closes ? 'close' : 'reopen',
      { revisitRating: rating, closedAt: closes ? new Date() : null },
      residentActor(openid),
      `回访：${{ satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' }[rating]}`,
    );
    if (!closes) await this.notifications.caseReopened(manager, step.saved, step.stepId);
    return step.saved;
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

  /** Lock a case for a change by this member of staff, checking scope and the version they saw. */
  async lockForChange(m: EntityManager, staff: StaffPrincipal, id: string, expectedVersion?: number): Promise<CaseEntity> {
    const current = await m.getRepository(CaseEntity).findOne({ where: { id, ...this.scope(staff) }, lock: { mode: 'pessimistic_write' } });
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
