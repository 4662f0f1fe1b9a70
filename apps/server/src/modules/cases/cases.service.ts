import { Injectable } from '@nestjs/common';
import { chinaDate, DomainError, isCaseNumber, type Suggestion, lateRevisitSince, normaliseCaseText, type Case, type CaseChange, type CaseKind, type EscalationTarget, type RevisitRating, type Urgency } from '@msz/domain';
import { InjectRepository } from '@nestjs/typeorm';
import { And, DataSource, Repository, Equal, In, IsNull, MoreThan, Not, Raw, type EntityManager, type FindOperator, type FindOptionsWhere } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { AppError, notFound } from '../../common/errors/app-error';
import { StaffUserEntity } from '../units/staff-user.entity';
import { UnitEntity } from '../units/unit.entity';
import { CaseDto, type TimelineActor } from './dto/case.dto';
import { CalendarService } from '../calendar/calendar.service';
import { residentActor, staffActor, SYSTEM, type Actor } from './actor';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import type { AttachmentEntity } from '../media/attachment.entity';
import { MediaService } from '../media/media.service';
import { acceptedFormats, UPLOAD_LIMITS, uploadContentType } from '../media/upload-type';
import { CaseCoUnitEntity } from './case-co-unit.entity';
import type { StatementParams } from '../../common/database/one-statement';
import { CaseNumbersService } from './case-numbers.service';
import { CaseRepository, type AlongsideCase, type FiledInOneStatement } from './case.repository';
import { CaseEntity, type CaseChannel } from './case.entity';
import { TimelineEntryEntity } from './timeline-entry.entity';
import { newQueryCode, sameSecret } from './query-code';

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
  /** The village or town staff named, when it has no map point to give a location. */
  placeUnitId?: string;
  /** The classifier's reading of this very text, when the caller already asked for it (the chat does, to spot chatter). */
  suggestion?: { readonly text: string; readonly of: Suggestion };
}

function locationColumns(location: CaseLocation | null): Pick<CaseEntity, 'locationLat' | 'locationLng' | 'locationLabel' | 'placeUnitId'> {
  return {
    locationLat: location?.lat ?? null,
    locationLng: location?.lng ?? null,
    locationLabel: location?.label?.slice(0, 200) ?? null,
    placeUnitId: location?.placeUnitId ?? null,
  };
}

/**
 * The case workflow: each change loads the Case aggregate, asks it, and hands its change (state,
 * timeline, events) to the CaseRepository in one transaction. The rules live in @msz/domain.
 */
@Injectable()
export class CasesService {
  /** The Beijing day whose case-number sequences this process has made sure of. */
  private numbersPreparedFor: string | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly numbers: CaseNumbersService,
    private readonly repo: CaseRepository,
    private readonly taxonomy: TaxonomyService,
    private readonly media: MediaService,
    private readonly calendar: CalendarService,
    // Reads outside a transaction go through the module's own tables (TypeOrmModule.forFeature).
    @InjectRepository(CaseEntity) private readonly caseRows: Repository<CaseEntity>,
    @InjectRepository(TimelineEntryEntity) private readonly timeline: Repository<TimelineEntryEntity>,
    @InjectRepository(CaseCoUnitEntity) private readonly coUnitRows: Repository<CaseCoUnitEntity>,
  ) {}

  /** A case as this member of staff sees it, with the buttons the aggregate gives them. */
  async view(staff: StaffPrincipal, c: CaseEntity, coUnitIds?: readonly string[]): Promise<CaseDto> {
    return (await this.views(staff, [c], coUnitIds ? new Map([[c.id, coUnitIds]]) : undefined))[0];
  }

  /** Many cases at once: their co-units in one query, and only when they can change the buttons (a unit's staff). */
  async views(staff: StaffPrincipal, cases: readonly CaseEntity[], known?: ReadonlyMap<string, readonly string[]>): Promise<CaseDto[]> {
    const unitStaff = staff.role === 'handler' || staff.role === 'unit_leader';
    const coUnits = new Map<string, string[]>();
    const unknown = cases.filter((c) => !known?.has(c.id)).map((c) => c.id);
    if (unitStaff && unknown.length) {
      for (const row of await this.coUnitRows.findBy({ caseId: In(unknown) })) coUnits.set(row.caseId, [...(coUnits.get(row.caseId) ?? []), row.unitId]);
    }
    const now = new Date();
    return cases.map((c) => CaseDto.from(c, this.calendar, staff, now, known?.get(c.id) ?? coUnits.get(c.id) ?? []));
  }

  /** Files a demand inside the caller's transaction (the webhook commits it with its dedup record). */
  async file(manager: EntityManager, input: FileCaseInput): Promise<CaseEntity> {
    const acceptedAt = input.acceptedAt ?? new Date();
    const number = await this.numbers.next(manager, acceptedAt);
    const { change, rest } = this.filing({ ...input, acceptedAt }, number);
    const { saved } = await this.repo.insert(manager, change, { ...rest, number });
    return saved;
  }

  /**
   * The chat's filing: the case, its first step and what rides along (dedup record, session) in one
   * statement, numbered by the day's sequence inside it. The caller has checked numbers.readySql
   * (or called numbers.prepare) earlier in the transaction.
   */
  fileInOneStatement(manager: EntityManager, input: FileCaseInput & { acceptedAt: Date }, along: AlongsideCase & { before: string[]; guardSql: string; extraSql: string }): Promise<FiledInOneStatement> {
    const { change, rest } = this.filing(input, '');
    return this.repo.insertInOneStatement(manager, change, rest, { ...along, numberSql: this.numbers.nextSql(along.p, input.acceptedAt) });
  }

  /** For the statement read before fileInOneStatement: do the day's number sequences exist (SQL boolean)? */
  numbersReadySql(p: StatementParams, acceptedAt: Date): string {
    return this.numbers.readySql(p, acceptedAt);
  }

  /**
   * Outside any transaction: the sequences of that Beijing day and the next exist afterwards
   * (created once a day per process; for the chat's batches, which must not take a savepoint).
   */
  async prepareNumbersAhead(acceptedAt: Date): Promise<void> {
    const day = chinaDate(acceptedAt);
    if (this.numbersPreparedFor === day) return;
    await this.ds.transaction((m) => this.numbers.prepare(m, acceptedAt));
    this.numbersPreparedFor = day;
  }

  /** When numbersReadySql said no: creates them (the first filing of a Beijing day). */
  prepareNumbers(manager: EntityManager, acceptedAt: Date): Promise<void> {
    return this.numbers.prepare(manager, acceptedAt);
  }

  /** The aggregate's new case and the columns only the server knows. */
  private filing(input: FileCaseInput, number: string): { change: CaseChange; rest: Partial<CaseEntity> } {
    const text = normaliseCaseText(input.text);
    const acceptedAt = input.acceptedAt ?? new Date();
    // The suggestion sets kind (and so the deadline) and urgency now; the dispatcher confirms the sub-item.
    const suggestion = input.suggestion?.text === text ? input.suggestion.of : this.taxonomy.suggest(text);
    const actor = input.filedBy ? staffActor(input.filedBy) : input.residentOpenid ? residentActor(input.residentOpenid) : SYSTEM;
    const change = this.repo.file({ number, kind: suggestion.kind, urgency: suggestion.urgency, acceptedAt }, actor);
    const rest: Partial<CaseEntity> = {
      queryCode: newQueryCode(),
      channel: input.channel,
      residentOpenid: input.residentOpenid,
      residentName: input.resident?.name ?? null,
      residentPhone: input.resident?.phone ?? null,
      filedBy: input.filedBy?.id ?? null,
      text,
      suggestion: {
        kind: suggestion.kind,
        subItem: suggestion.subItem,
        subItemScore: suggestion.subItemScore,
        urgency: suggestion.urgency,
        alternatives: suggestion.alternatives.map((a) => ({ subItem: a.subItem, name: a.name, score: a.score })),
        needsReview: suggestion.needsReview,
        // How sure the classifier was, and why the dispatcher should look (系统不确定，请核对).
        outcome: suggestion.outcome,
        confidence: suggestion.confidence,
        kindAlternatives: suggestion.kindAlternatives,
        uncertain: suggestion.uncertain,
        reasons: suggestion.reasons,
        ...(input.residentSubItem ? { residentSubItem: input.residentSubItem } : {}),
      },
      ...locationColumns(input.location ?? null),
      ...(input.placeUnitId ? { placeUnitId: input.placeUnitId } : {}),
    };
    return { change, rest };
  }

  /** More from the resident for a case already filed: no change of state, but a step in the timeline. */
  async addInfo(manager: EntityManager, c: CaseEntity, actor: Actor, note: string, location?: CaseLocation): Promise<void> {
    const aggregate = this.repo.aggregateOf(c);
    await this.repo.save(manager, c, location ? aggregate.locate(actor, note) : aggregate.addInfo(actor, note), location ? locationColumns(location) : {});
  }

  /** addInfo in one statement with what rides along (the chat's dedup record). */
  async addInfoInOneStatement(manager: EntityManager, c: CaseEntity, actor: Actor, note: string, along: AlongsideCase, location?: CaseLocation): Promise<void> {
    const aggregate = this.repo.aggregateOf(c);
    const change = location ? aggregate.locate(actor, note) : aggregate.addInfo(actor, note);
    const rest = location ? locationColumns(location) : {};
    if (await this.repo.appendInOneStatement(manager, c, change, rest, along)) return;
    // Not a bare step after all (the aggregate changed the case): the general path, then what rode along.
    await this.repo.save(manager, c, change, rest);
    const ctes = [`target AS (SELECT ${along.p.of(c.id)}::uuid AS id)`, ...along.ctes('target', c)];
    await manager.query(`WITH ${ctes.join(', ')} SELECT 1`, along.p.values);
  }

  /**
   * A photo or recording from the resident's app, while the case is open: the case is asked first,
   * then `store` keeps the file (its own checks may still refuse it), then the step is recorded.
   */
  async addResidentMedia<T>(manager: EntityManager, c: CaseEntity, actor: Actor, label: string, store: () => Promise<T>): Promise<T> {
    const change = this.repo.aggregateOf(c).addResidentMedia(actor, label);
    const stored = await store();
    await this.repo.save(manager, c, change);
    return stored;
  }

  /**
   * Staff file for a resident (hotline, walk-in, bench meeting). A village cadre who solved it on the
   * spot (当场承诺解决) records the answer at once: the case is assigned to their unit, signed for and
   * answered in the same transaction, and goes to revisit like any other. `alongside` runs in that
   * transaction with the filed case, so a feature's own record of it (a bench meeting's link) commits
   * with the case or not at all.
   */
  async fileForResident(
    staff: StaffPrincipal,
    input: { channel: 'phone' | 'walk_in' | 'bench_meeting'; text: string; residentName: string; residentPhone: string; placeUnitId?: string; onTheSpotAnswer?: string },
    alongside?: (m: EntityManager, filed: CaseEntity) => Promise<void>,
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
        // A place with no map point still names the village or town.
        placeUnitId: place?.id,
      });
      const result = input.onTheSpotAnswer
        ? (await this.repo.save(m, filed, this.repo.aggregateOf(filed).solveOnTheSpot(staffActor(staff), input.onTheSpotAnswer, new Date()))).saved
        : filed;
      await alongside?.(m, result);
      return result;
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
      const change = this.repo.aggregateOf(c).addNote(staffActor(staff), '上传现场照片');
      const stored = await this.media.storeUpload(m, c.id, data, contentType, { source: 'staff', staffId: staff.id });
      await this.repo.save(m, c, change);
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
    return this.timeline.find({ where: { caseId }, order: { id: 'ASC' } });
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
    return this.caseRows.findOneBy({ number });
  }

  /**
   * A case for whoever holds its number and its query code (or the last 4 digits of the resident's
   * phone), like a parcel's tracking number and PIN: a wrong code answers as no such case.
   */
  async findByNumberAndCode(number: string, code: string): Promise<CaseEntity> {
    const c = isCaseNumber(number) ? await this.findByNumber(number) : null;
    const matches = code.length === 4 ? sameSecret(code, c?.residentPhone?.slice(-4)) : sameSecret(code, c?.queryCode);
    if (!c || !matches) throw notFound('case');
    return c;
  }

  /** The resident's cases by any of their openids (a person linked across the account and the mini program has two). */
  recentForResident(manager: EntityManager, openids: string[], limit: number): Promise<CaseEntity[]> {
    return manager.getRepository(CaseEntity).find({ where: { residentOpenid: In(openids) }, order: { acceptedAt: 'DESC' }, take: limit });
  }

  /** The resident's case closed lately (LATE_REVISIT_DAYS), for a revisit answer that came late. */
  recentlyClosed(manager: EntityManager, openids: string[], now = new Date()): Promise<CaseEntity | null> {
    return manager.getRepository(CaseEntity).findOne({
      where: { residentOpenid: In(openids), status: 'closed', closedAt: MoreThan(lateRevisitSince(now)) },
      order: { closedAt: 'DESC' },
    });
  }

  /** pendingRevisit for a statement that reads more at once: the case row as JSON or NULL, `openidsSql` a text[] expression. */
  pendingRevisitSql(openidsSql: string): string {
    return `(SELECT row_to_json(c) FROM case_file c
              WHERE c.resident_openid = ANY(${openidsSql})
                AND (c.status = 'revisiting' OR (c.status = 'merged' AND c.revisit_started_at IS NOT NULL AND c.revisit_rating IS NULL))
              ORDER BY c.updated_at DESC LIMIT 1)`;
  }

  /** The case whose revisit the resident has not answered yet (their own, or a merged case's), newest first. */
  pendingRevisit(manager: EntityManager, openids: string[]): Promise<CaseEntity | null> {
    return manager.getRepository(CaseEntity).findOne({
      where: [
        { residentOpenid: In(openids), status: 'revisiting' },
        { residentOpenid: In(openids), status: 'merged', revisitStartedAt: Not(IsNull()), revisitRating: IsNull() },
      ],
      order: { updatedAt: 'DESC' },
    });
  }

  /** The cases these were merged into, by id: a merged case's resident follows the main case's progress. */
  async mainCasesOf(manager: EntityManager, cases: readonly CaseEntity[]): Promise<Map<string, CaseEntity>> {
    const ids = [...new Set(cases.map((c) => c.mergedInto).filter((id): id is string => id !== null))];
    if (!ids.length) return new Map();
    return new Map((await manager.getRepository(CaseEntity).findBy({ id: In(ids) })).map((c) => [c.id, c]));
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
      const current = await this.lockForChange(m, staff, id, expectedVersion);
      const c = await this.repo.aggregate(m, current);
      const change = c.assign(staffActor(staff), { unitId, coUnitIds: helpers.map((h) => h.id), note: text }, new Date());
      return (await this.repo.save(m, current, change)).saved;
    });
  }

  coUnits(caseId: string): Promise<CaseCoUnitEntity[]> {
    return this.coUnitRows.findBy({ caseId });
  }

  async reject(staff: StaffPrincipal, id: string, reason: string, expectedVersion?: number): Promise<CaseEntity> {
    return this.change(staff, id, expectedVersion, (c, actor) => c.reject(actor, reason));
  }

  async signFor(staff: StaffPrincipal, id: string, expectedVersion?: number): Promise<CaseEntity> {
    return this.change(staff, id, expectedVersion, (c, actor) => c.signFor(actor));
  }

  /** 退回: a misrouted case goes back to the dispatcher, but only within the unit's sign-for time. */
  async returnToDispatcher(staff: StaffPrincipal, id: string, reason: string, expectedVersion?: number): Promise<CaseEntity> {
    return this.change(staff, id, expectedVersion, (c, actor) => c.returnToDispatcher(actor, reason, new Date()));
  }

  /** 分类: the dispatcher confirms or overrides the suggestion; the aggregate moves the deadline with the kind. */
  async classify(staff: StaffPrincipal, id: string, input: { kind: CaseKind; subItem: string; urgency: Urgency }, expectedVersion?: number): Promise<CaseEntity> {
    this.taxonomy.assertSubItem(input.subItem);
    return this.ds.transaction(async (m) => {
      const c = await this.lockForChange(m, staff, id, expectedVersion);
      const suggested = c.suggestion as { subItem?: string | null; kind?: string } | null;
      const agreed = suggested?.subItem === input.subItem && suggested?.kind === input.kind;
      const name = this.taxonomy.current().subItems.find((x) => x.code === input.subItem)?.name ?? input.subItem;
      const note = agreed ? `确认分类：${name}` : `分类：${name}（系统建议：${suggested?.subItem ?? '无'}）`;
      return (await this.repo.save(m, c, this.repo.aggregateOf(c).reclassify(staffActor(staff), { ...input, note }))).saved;
    });
  }

  /** 合并: a duplicate is closed into the case that stays; both timelines say so. */
  async merge(staff: StaffPrincipal, id: string, intoId: string): Promise<CaseEntity> {
    if (id === intoId) throw new DomainError('MERGE_INVALID', 'a case cannot be merged into itself');
    return this.ds.transaction(async (m) => {
      const target = await this.lockForChange(m, staff, intoId);
      const duplicate = await this.lockForChange(m, staff, id);
      const actor = staffActor(staff);
      const merged = await this.repo.save(m, duplicate, this.repo.aggregateOf(duplicate).mergeInto(actor, target));
      await this.repo.save(m, target, this.repo.aggregateOf(target).absorb(actor, duplicate));
      return merged.saved;
    });
  }

  /**
   * The handler's answer goes to the resident together with the revisit question, and to the
   * residents of the cases merged into this one, each with their own revisit.
   */
  async answer(staff: StaffPrincipal, id: string, text: string, expectedVersion?: number): Promise<CaseEntity> {
    return this.ds.transaction(async (m) => {
      const current = await this.lockForChange(m, staff, id, expectedVersion);
      const at = new Date();
      const { saved } = await this.repo.save(m, current, this.repo.aggregateOf(current).answer(staffActor(staff), text, at));
      const followers = await m.getRepository(CaseEntity).find({ where: { mergedInto: saved.id, status: 'merged' }, order: { acceptedAt: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      for (const f of followers) await this.repo.save(m, f, this.repo.aggregateOf(f).followMainAnswer(saved, at));
      return saved;
    });
  }

  /**
   * The revisit answer, from the resident in chat or from staff who phoned them. The aggregate says
   * whether it closes (销号) or reopens; quality traces an unhappy answer to the unit that answered.
   */
  async recordRevisit(manager: EntityManager, c: CaseEntity, rating: RevisitRating, actor: Actor, solved: boolean | null = null, note?: string): Promise<CaseEntity> {
    // A merged case was answered by the main case's lead unit: that is whom a complaint is traced to.
    const main = c.status === 'merged' && c.mergedInto ? await manager.getRepository(CaseEntity).findOne({ where: { id: c.mergedInto }, select: { id: true, unitId: true } }) : null;
    // Staff are checked against every unit that handled the case, co-handling units too (独立回访).
    const aggregate = actor.kind === 'staff' ? await this.repo.aggregate(manager, c) : this.repo.aggregateOf(c);
    const change = aggregate.revisit(actor, { rating, solved, note, answeredBy: main?.unitId ?? null }, new Date());
    return (await this.repo.save(manager, c, change)).saved;
  }

  /** 电话回访: staff record what the resident said on the phone. */
  async phoneRevisit(staff: StaffPrincipal, id: string, rating: RevisitRating, solved: boolean, note?: string): Promise<CaseEntity> {
    return this.ds.transaction(async (m) => {
      const c = await this.lockForChange(m, staff, id);
      return this.recordRevisit(m, c, rating, staffActor(staff), solved, note);
    });
  }

  /** 进展: a note by the lead unit or a co-handling unit, while the case is open. */
  async addNote(staff: StaffPrincipal, caseId: string, text: string): Promise<void> {
    await this.ds.transaction((m) => this.addNoteIn(m, staff, caseId, text));
  }

  /** A note in the caller's transaction (a joint meeting's convening is written with it, or not at all). */
  async addNoteIn(m: EntityManager, staff: StaffPrincipal, caseId: string, text: string): Promise<void> {
    const c = await this.lockForChange(m, staff, caseId, undefined, true);
    await this.repo.save(m, c, this.repo.aggregateOf(c).addNote(staffActor(staff), text));
  }

  /** 延期申请, inside the caller's transaction (the workflow keeps the request itself). */
  async requestExtension(m: EntityManager, staff: StaffPrincipal, caseId: string, workdays: number, reason: string): Promise<CaseEntity> {
    const c = await this.lockForChange(m, staff, caseId);
    return (await this.repo.save(m, c, this.repo.aggregateOf(c).requestExtension(staffActor(staff), workdays, reason))).saved;
  }

  /** The dispatcher's decision on a case they locked with lockForChange. */
  async decideExtension(m: EntityManager, c: CaseEntity, staff: StaffPrincipal, input: { approve: boolean; workdays: number; note?: string }): Promise<CaseEntity> {
    return (await this.repo.save(m, c, this.repo.aggregateOf(c).decideExtension(staffActor(staff), input))).saved;
  }

  /** 日提醒: the escalation job's step, in the transaction that claimed it. */
  async escalate(m: EntityManager, c: CaseEntity, level: EscalationTarget, workdaysOverdue: number): Promise<void> {
    await this.repo.save(m, c, this.repo.aggregateOf(c).escalate(level, workdaysOverdue));
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
    const current = await this.repo.lock(m, where);
    if (!current) throw notFound('case');
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new AppError('CONFLICT', `the case changed since you saw it (version ${expectedVersion}, now ${current.version}); reload it`);
    }
    return current;
  }

  /** One staff action on one case: lock it, ask the aggregate, write what it says. */
  private change(staff: StaffPrincipal, id: string, expectedVersion: number | undefined, act: (c: Case, actor: Actor) => CaseChange): Promise<CaseEntity> {
    return this.ds.transaction(async (m) => {
      const current = await this.lockForChange(m, staff, id, expectedVersion);
      return (await this.repo.save(m, current, act(this.repo.aggregateOf(current), staffActor(staff)))).saved;
    });
  }
}
