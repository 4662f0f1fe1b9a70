import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import {
  checkDeadline,
  checkNewItem,
  chinaDate,
  DomainError,
  isCalendarDay,
  isItemOverdue,
  maySeeItem,
  requiredText,
  supervisionCounts,
  supervisionNumber,
  supervisionStep,
  type SupervisionActor,
} from '@msz/domain';
import { DataSource, In, QueryFailedError, type EntityManager } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { AppError, notFound } from '../../common/errors/app-error';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { MediaService } from '../media/media.service';
import { acceptedFormats, UPLOAD_LIMITS, uploadContentType } from '../media/upload-type';
import { OutboxService } from '../notifications/outbox.service';
import { supervisionAssigned, type SupervisionNotice } from '../notifications/templates';
import type {
  AccountabilityDto,
  AccountabilityInputDto,
  CreateSupervisionItemDto,
  ExposureDto,
  ExposureInputDto,
  ListSupervisionItemsQuery,
  SupervisionItemDto,
  SupervisionMediaDto,
  SupervisionReportDto,
  SupervisionSummaryDto,
  SupervisionVerifyDto,
} from './dto/supervision.dto';
import {
  SupervisionAccountabilityEntity,
  SupervisionExposureEntity,
  SupervisionFollowUpEntity,
  SupervisionItemEntity,
  SupervisionMediaEntity,
  SupervisionStepEntity,
  type SupervisionStepAction,
} from './supervision.entities';

/** Evidence photos one item keeps at most, over all its reports. */
const PHOTOS_PER_ITEM = 30;
/** How many items a list answers at most (the most urgent deadlines first). */
const LIST_LIMIT = 500;

const invalid = (message: string, field: string) => new DomainError('SUPERVISION_INVALID', message, { field });
const isUniqueViolation = (e: unknown): boolean => e instanceof QueryFailedError && (e.driverError as { code?: string })?.code === '23505';
const actorOf = (staff: StaffPrincipal): SupervisionActor => ({ role: staff.role, unitId: staff.unitId });

/**
 * 督办清单: items opened by inspectors, answered by the units they are assigned to, verified and
 * closed or sent back. The rules (who may do what, what follows) are the domain's; this keeps
 * the records, reads what other modules own (cases, warnings, flags, units, staff) without
 * writing it, and tells the unit through the outbox.
 */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly ds: DataSource,
    private readonly media: MediaService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(staff: StaffPrincipal, body: CreateSupervisionItemDto, now = new Date()): Promise<SupervisionItemDto> {
    const checked = checkNewItem(body, chinaDate(now));
    const flagCase = await this.checkReferences(checked.caseIds ?? [], body.unitId, checked.warningId, checked.flagId);
    // An item from a flag on a case is about that case, unless the inspector named the cases.
    const input = flagCase && checked.caseIds?.length === 0 ? { ...checked, caseIds: [flagCase] } : checked;
    const id = await this.ds
      .transaction(async (m) => {
        const year = Number(chinaDate(now).slice(0, 4));
        const [{ last }] = (await m.query(
          `INSERT INTO supervision_counter (year, last) VALUES ($1, 1) ON CONFLICT (year) DO UPDATE SET last = supervision_counter.last + 1 RETURNING last`,
          [year],
        )) as Array<{ last: number }>;
        const item = await m.getRepository(SupervisionItemEntity).save(
          m.create(SupervisionItemEntity, {
            number: supervisionNumber(year, last),
            source: input.source,
            title: input.title,
            requirement: input.requirement,
            unitId: body.unitId,
            dueDate: input.dueDate,
            status: 'assigned',
            caseIds: [...(input.caseIds ?? [])],
            warningId: input.warningId ?? null,
            flagId: input.flagId ?? null,
            fieldNote: input.fieldNote ?? null,
            createdBy: staff.id,
          }),
        );
        const step = await this.step(m, item.id, 'assign', staff, input.requirement);
        await this.tellUnit(m, item, 'assigned', step.id);
        return item.id;
      })
      .catch((e: unknown) => {
        if (isUniqueViolation(e)) throw new AppError('CONFLICT', 'an item was already opened from this flag');
        throw e;
      });
    return this.view(staff, id);
  }

  /** Every reference must name something that exists: the cases, the unit, the warning, a confirmed flag (whose case it returns). */
  private async checkReferences(caseIds: readonly string[], unitId: string, warningId?: string, flagId?: string): Promise<string | null> {
    const [{ n: units }] = (await this.ds.query(`SELECT count(*)::int AS n FROM unit WHERE id = $1`, [unitId])) as Array<{ n: number }>;
    if (units === 0) throw invalid(`no unit ${unitId}`, 'unitId');
    if (caseIds.length > 0) {
      const [{ n }] = (await this.ds.query(`SELECT count(*)::int AS n FROM case_file WHERE id = ANY($1::uuid[])`, [caseIds])) as Array<{ n: number }>;
      if (n !== caseIds.length) throw invalid('a case named is not on record', 'caseIds');
    }
    if (warningId) {
      const [{ n }] = (await this.ds.query(`SELECT count(*)::int AS n FROM area_warning WHERE id = $1`, [warningId])) as Array<{ n: number }>;
      if (n === 0) throw invalid(`no warning ${warningId}`, 'warningId');
    }
    if (flagId) {
      const [flag] = (await this.ds.query(`SELECT status, case_id FROM anomaly_flag WHERE id = $1`, [flagId])) as Array<{ status: string; case_id: string | null }>;
      if (!flag) throw invalid(`no flag ${flagId}`, 'flagId');
      if (flag.status !== 'confirmed') throw invalid(`the flag is ${flag.status}, not confirmed`, 'flagId');
      return flag.case_id;
    }
    return null;
  }

  async list(staff: StaffPrincipal, q: ListSupervisionItemsQuery, now = new Date()): Promise<SupervisionItemDto[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (staff.role === 'handler' || staff.role === 'unit_leader') where.push(`unit_id = $${params.push(staff.unitId)}`);
    if (q.unitId) where.push(`unit_id = $${params.push(q.unitId)}`);
    if (q.status) where.push(`status = $${params.push(q.status)}`);
    // Overdue as the domain says: the unit owes its report and the deadline's day is over (Beijing).
    if (q.overdue !== undefined) {
      const overdue = `(status IN ('assigned', 'sent_back') AND due_date < $${params.push(chinaDate(now))}::date)`;
      where.push(q.overdue ? overdue : `NOT ${overdue}`);
    }
    const rows = (await this.ds.query(
      `SELECT id FROM supervision_item ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY (status = 'closed'), due_date, number LIMIT ${LIST_LIMIT}`,
      params,
    )) as Array<{ id: string }>;
    return this.views(rows.map((r) => r.id), now);
  }

  /** One item, or 404 when the caller may not see it (another unit's item reads as not found). */
  async view(staff: StaffPrincipal, id: string, now = new Date()): Promise<SupervisionItemDto> {
    await this.visible(staff, id);
    return (await this.views([id], now))[0];
  }

  private async visible(staff: StaffPrincipal, id: string, m: EntityManager = this.ds.manager, lock = false): Promise<SupervisionItemEntity> {
    const item = await m.getRepository(SupervisionItemEntity).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!item || !maySeeItem(actorOf(staff), item)) throw notFound('supervision item');
    return item;
  }

  async report(staff: StaffPrincipal, id: string, body: SupervisionReportDto, now = new Date()): Promise<SupervisionItemDto> {
    const text = requiredText(body.text, 'text');
    const mediaIds = [...new Set(body.mediaIds ?? [])];
    await this.ds.transaction(async (m) => {
      const item = await this.visible(staff, id, m, true);
      const status = supervisionStep(item, 'report', actorOf(staff));
      if (mediaIds.length > 0) {
        const found = await m.getRepository(SupervisionMediaEntity).countBy({ id: In(mediaIds), itemId: item.id });
        if (found !== mediaIds.length) throw invalid('a photo named was not uploaded for this item', 'mediaIds');
      }
      await m.getRepository(SupervisionItemEntity).update({ id: item.id }, { status, reportedAt: now });
      await this.step(m, item.id, 'report', staff, text, mediaIds);
    });
    return this.view(staff, id, now);
  }

  async verify(staff: StaffPrincipal, id: string, body: SupervisionVerifyDto, now = new Date()): Promise<SupervisionItemDto> {
    const note = requiredText(body.note, 'note');
    if (body.dueDate !== undefined && body.outcome !== 'sent_back') throw invalid('a new deadline goes only with sending back', 'dueDate');
    const dueDate = body.dueDate === undefined ? undefined : checkDeadline(body.dueDate, chinaDate(now));
    await this.ds.transaction(async (m) => {
      const item = await this.visible(staff, id, m, true);
      const action = body.outcome === 'closed' ? 'close' : 'send_back';
      const status = supervisionStep(item, action, actorOf(staff));
      // A new deadline starts the clock again: the item may be escalated again if that one passes too.
      const patch = status === 'closed' ? { status, closedAt: now } : { status, ...(dueDate ? { dueDate, escalatedAt: null } : {}) };
      await m.getRepository(SupervisionItemEntity).update({ id: item.id }, patch);
      const step = await this.step(m, item.id, action, staff, dueDate ? `${note}（新的整改期限：${dueDate}）` : note);
      if (status === 'sent_back') await this.tellUnit(m, { ...item, dueDate: dueDate ?? item.dueDate }, 'sent_back', step.id);
    });
    return this.view(staff, id, now);
  }

  /** An evidence photo, typed from its bytes, stored with the item: only the unit that owes a report uploads. */
  async addPhoto(staff: StaffPrincipal, id: string, base64: string): Promise<SupervisionMediaDto> {
    const item = await this.visible(staff, id);
    supervisionStep(item, 'report', actorOf(staff));
    const data = Buffer.from(base64, 'base64');
    const { maxBytes } = UPLOAD_LIMITS.image;
    if (data.length > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `a photo may be at most ${maxBytes / 1024 / 1024} MB`);
    const contentType = await uploadContentType('image', data);
    if (!contentType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `a photo must be ${acceptedFormats('image').join(', ')}`);
    return this.ds.transaction(async (m) => {
      // Counted under the item's lock, so two uploads at once cannot pass the limit together.
      const locked = await this.visible(staff, id, m, true);
      supervisionStep(locked, 'report', actorOf(staff));
      if ((await m.countBy(SupervisionMediaEntity, { itemId: item.id })) >= PHOTOS_PER_ITEM) throw new AppError('PAYLOAD_TOO_LARGE', `an item keeps at most ${PHOTOS_PER_ITEM} photos`);
      const [{ id: mediaId }] = (await m.query(`SELECT gen_random_uuid() AS id`)) as Array<{ id: string }>;
      const storageKey = await this.media.storeFile(`supervision/${item.id}`, mediaId, data, contentType);
      const row = await m.getRepository(SupervisionMediaEntity).save({ id: mediaId, itemId: item.id, storageKey, contentType, sizeBytes: data.length, uploadedBy: staff.id });
      return { id: row.id, url: mediaUrl(item.id, row.id) };
    });
  }

  async photo(staff: StaffPrincipal, id: string, mediaId: string): Promise<StreamableFile> {
    await this.visible(staff, id);
    const p = await this.ds.getRepository(SupervisionMediaEntity).findOneBy({ id: mediaId, itemId: id });
    if (!p) throw notFound('photo');
    return this.media.openFile(p.storageKey, p.contentType, p.sizeBytes, p.id);
  }

  async addAccountability(staff: StaffPrincipal, id: string, body: AccountabilityInputDto): Promise<SupervisionItemDto> {
    const person = requiredText(body.person, 'person');
    const role = requiredText(body.role, 'role');
    const measure = requiredText(body.measure, 'measure');
    await this.ds.transaction(async (m) => {
      const item = await this.visible(staff, id, m, true);
      supervisionStep(item, 'accountability', actorOf(staff));
      await m.getRepository(SupervisionAccountabilityEntity).insert({ itemId: item.id, person, role, measure, note: body.note?.trim() || null, recordedBy: staff.id });
      await this.step(m, item.id, 'accountability', staff, `问责：${person}（${role}），${measure}`);
    });
    return this.view(staff, id);
  }

  async addExposure(staff: StaffPrincipal, id: string, body: ExposureInputDto): Promise<SupervisionItemDto> {
    const outlet = requiredText(body.outlet, 'outlet');
    const commitment = requiredText(body.commitment, 'commitment');
    if (!isCalendarDay(body.commitmentDue)) throw invalid(`the commitment's deadline is not a date: ${body.commitmentDue}`, 'commitmentDue');
    if (body.caseId) {
      const [{ n }] = (await this.ds.query(`SELECT count(*)::int AS n FROM case_file WHERE id = $1`, [body.caseId])) as Array<{ n: number }>;
      if (n === 0) throw invalid('the case named is not on record', 'caseId');
    }
    await this.ds.transaction(async (m) => {
      const item = await this.visible(staff, id, m, true);
      supervisionStep(item, 'exposure', actorOf(staff));
      await m.getRepository(SupervisionExposureEntity).insert({ itemId: item.id, caseId: body.caseId ?? null, outlet, commitment, commitmentDue: body.commitmentDue, recordedBy: staff.id });
      await this.step(m, item.id, 'exposure', staff, `媒体曝光（${outlet}）：${commitment}，承诺${body.commitmentDue}前完成`);
    });
    return this.view(staff, id);
  }

  /** A follow-up on an exposure: inspectors and the office, or the exposed unit's own staff (another unit's reads as not found). */
  async addFollowUp(staff: StaffPrincipal, exposureId: string, text: string): Promise<ExposureDto> {
    const t = requiredText(text, 'text');
    const exposure = await this.ds.getRepository(SupervisionExposureEntity).findOneBy({ id: exposureId });
    if (!exposure) throw notFound('exposure');
    await this.visible(staff, exposure.itemId);
    await this.ds.getRepository(SupervisionFollowUpEntity).insert({ exposureId, text: t, actorId: staff.id, actorName: staff.name });
    return (await this.exposureViews({ ids: [exposureId] }))[0];
  }

  /** 媒体曝光: public-facing, so every member of staff reads every exposure. */
  exposures(): Promise<ExposureDto[]> {
    return this.exposureViews({});
  }

  async summary(now = new Date()): Promise<SupervisionSummaryDto> {
    const rows = (await this.ds.query(`SELECT unit_id, status, to_char(due_date, 'YYYY-MM-DD') AS due_date, reported_at FROM supervision_item`)) as Array<{
      unit_id: string;
      status: SupervisionItemEntity['status'];
      due_date: string;
      reported_at: Date | null;
    }>;
    const { total, byUnit } = supervisionCounts(
      rows.map((r) => ({ unitId: r.unit_id, status: r.status, dueDate: r.due_date, reportedAt: r.reported_at })),
      now,
    );
    const names = await this.names('unit', [...byUnit.keys()]);
    return {
      total,
      byUnit: [...byUnit.entries()]
        .map(([unitId, c]) => ({ unit: { id: unitId, name: names.get(unitId) ?? '' }, ...c }))
        .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.unit.name.localeCompare(b.unit.name, 'zh')),
    };
  }

  private async step(m: EntityManager, itemId: string, action: SupervisionStepAction, staff: StaffPrincipal | null, text: string, mediaIds: string[] = []): Promise<SupervisionStepEntity> {
    return m.getRepository(SupervisionStepEntity).save(m.create(SupervisionStepEntity, { itemId, action, actorId: staff?.id ?? null, actorName: staff?.name ?? '系统', text, mediaIds }));
  }

  /** The unit's reachable staff (its handlers and leader) hear of an item assigned or sent back. */
  private async tellUnit(m: EntityManager, item: Pick<SupervisionItemEntity, 'id' | 'number' | 'title' | 'dueDate' | 'unitId'>, notice: SupervisionNotice, stepId: string): Promise<void> {
    const staff = (await m.query(
      `SELECT id, openid FROM staff_user WHERE unit_id = $1 AND role IN ('handler', 'unit_leader') AND active AND openid IS NOT NULL`,
      [item.unitId],
    )) as Array<{ id: string; openid: string }>;
    const body = supervisionAssigned(this.config.wechat, item, notice);
    for (const s of staff) {
      await this.outbox.enqueue(m, { kind: 'supervision_assigned', caseId: null, touser: s.openid, channels: [{ via: 'template', body }], idempotencyKey: `supervision_${notice}:${stepId}:${s.id}` });
    }
  }

  private async names(table: 'unit' | 'staff_user', ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const column = table === 'unit' ? 'name' : 'display_name';
    const rows = (await this.ds.query(`SELECT id, ${column} AS name FROM ${table} WHERE id = ANY($1::uuid[])`, [[...new Set(ids)]])) as Array<{ id: string; name: string }>;
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Items as the contract answers them, in the order of `ids`, with their history, reports, accountability and exposures. */
  private async views(ids: readonly string[], now: Date): Promise<SupervisionItemDto[]> {
    if (ids.length === 0) return [];
    const items = await this.ds.getRepository(SupervisionItemEntity).findBy({ id: In([...ids]) });
    const [steps, accountability, exposures] = await Promise.all([
      this.ds.getRepository(SupervisionStepEntity).find({ where: { itemId: In([...ids]) }, order: { at: 'ASC', id: 'ASC' } }),
      this.ds.getRepository(SupervisionAccountabilityEntity).find({ where: { itemId: In([...ids]) }, order: { createdAt: 'ASC' } }),
      this.exposureViews({ itemIds: ids }),
    ]);
    const [units, creators] = await Promise.all([this.names('unit', items.map((i) => i.unitId)), this.names('staff_user', items.map((i) => i.createdBy))]);
    const byId = new Map(items.map((i) => [i.id, i]));
    return ids.flatMap((id) => {
      const i = byId.get(id);
      if (!i) return [];
      const own = steps.filter((s) => s.itemId === id);
      return [
        {
          id: i.id,
          number: i.number,
          source: i.source,
          title: i.title,
          requirement: i.requirement,
          unit: { id: i.unitId, name: units.get(i.unitId) ?? '' },
          dueDate: i.dueDate,
          status: i.status,
          overdue: isItemOverdue(i, now),
          ...(i.escalatedAt ? { escalatedAt: i.escalatedAt.toISOString() } : {}),
          caseIds: i.caseIds,
          ...(i.flagId ? { flagId: i.flagId } : {}),
          ...(i.warningId ? { warningId: i.warningId } : {}),
          ...(i.fieldNote ? { fieldNote: i.fieldNote } : {}),
          createdBy: { id: i.createdBy, name: creators.get(i.createdBy) ?? '' },
          history: own.map((s) => ({ at: s.at.toISOString(), action: s.action, actorName: s.actorName, text: s.text })),
          reports: own
            .filter((s) => s.action === 'report')
            .map((s) => ({ at: s.at.toISOString(), text: s.text, media: s.mediaIds.map((m) => ({ id: m, url: mediaUrl(id, m) })) })),
          accountability: accountability.filter((a) => a.itemId === id).map(accountabilityDto),
          exposures: exposures.filter((e) => e.itemId === id),
        },
      ];
    });
  }

  private async exposureViews(by: { ids?: readonly string[]; itemIds?: readonly string[] }): Promise<ExposureDto[]> {
    const where = by.ids ? { id: In([...by.ids]) } : by.itemIds ? { itemId: In([...by.itemIds]) } : {};
    const rows = await this.ds.getRepository(SupervisionExposureEntity).find({ where, order: { createdAt: 'DESC' }, take: LIST_LIMIT });
    if (rows.length === 0) return [];
    const [items, followUps] = await Promise.all([
      this.ds.getRepository(SupervisionItemEntity).findBy({ id: In(rows.map((r) => r.itemId)) }),
      this.ds.getRepository(SupervisionFollowUpEntity).find({ where: { exposureId: In(rows.map((r) => r.id)) }, order: { at: 'ASC', id: 'ASC' } }),
    ]);
    const item = new Map(items.map((i) => [i.id, i]));
    const caseIds = rows.map((r) => r.caseId).filter((c): c is string => c !== null);
    const [units, cases] = await Promise.all([
      this.names('unit', items.map((i) => i.unitId)),
      caseIds.length
        ? (this.ds.query(`SELECT id, number FROM case_file WHERE id = ANY($1::uuid[])`, [caseIds]) as Promise<Array<{ id: string; number: string }>>).then((r) => new Map(r.map((c) => [c.id, c.number])))
        : Promise.resolve(new Map<string, string>()),
    ]);
    return rows.map((e) => {
      const i = item.get(e.itemId);
      return {
        id: e.id,
        itemId: e.itemId,
        itemNumber: i?.number ?? '',
        unit: { id: i?.unitId ?? '', name: (i && units.get(i.unitId)) ?? '' },
        caseId: e.caseId,
        caseNumber: e.caseId ? (cases.get(e.caseId) ?? null) : null,
        outlet: e.outlet,
        commitment: e.commitment,
        commitmentDue: e.commitmentDue,
        createdAt: e.createdAt.toISOString(),
        followUps: followUps.filter((f) => f.exposureId === e.id).map((f) => ({ id: f.id, at: f.at.toISOString(), text: f.text, actorName: f.actorName })),
      };
    });
  }
}

const mediaUrl = (itemId: string, mediaId: string) => `/api/supervision/items/${itemId}/media/${mediaId}`;

const accountabilityDto = (a: SupervisionAccountabilityEntity): AccountabilityDto => ({
  id: a.id,
  itemId: a.itemId,
  person: a.person,
  role: a.role,
  measure: a.measure,
  note: a.note,
  createdAt: a.createdAt.toISOString(),
});
