import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { problemSignature, repeatedProblem, SAME_PROBLEM_DAYS, type CaseKind, type ProblemReport, type Urgency } from '@msz/domain';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, DataSource, In, IsNull, Not, Repository, type EntityManager } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { CaseEvents, type CaseEventReactor, type PublishedCaseEvent } from '../cases/case-events';
import { CaseEntity } from '../cases/case.entity';
import { CasesService } from '../cases/cases.service';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { UnitEntity } from '../units/unit.entity';
import { GovernanceCaseEntity, GovernanceItemEntity, ProblemSignatureEntity, RevisitTaskEntity, TraceItemEntity } from './quality.entities';

const report = (s: ProblemSignatureEntity): ProblemReport => ({
  id: s.caseId,
  subItem: s.subItem,
  placeUnitId: s.villageUnitId,
  location: s.locationLat !== null && s.locationLng !== null ? { lat: s.locationLat, lng: s.locationLng } : null,
  signature: s.signature,
  acceptedAt: s.acceptedAt,
});

/** Cases signed a batch at a time when a start finds classified cases without a signature. */
const SIGN_BATCH = 500;

/** What the same-problem rule compares of a case; the place's and its town's names are left out of the text. */
function signatureRow(c: CaseEntity, subItem: string, place: UnitEntity | null, parent: UnitEntity | null): ProblemSignatureEntity {
  return {
    caseId: c.id,
    subItem,
    villageUnitId: place?.level === 'village' ? place.id : null,
    locationLat: c.locationLat,
    locationLng: c.locationLng,
    acceptedAt: c.acceptedAt,
    signature: problemSignature(c.text, [place?.name, parent?.name].filter((n): n is string => !!n)),
  };
}

/** 群众评价—问题溯源—责任倒查: revisit tasks, trace items, merged duplicates and special governance. */
@Injectable()
export class QualityService implements CaseEventReactor, OnModuleInit, OnApplicationBootstrap {
  private readonly log = new Logger(QualityService.name);
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesService,
    private readonly events: CaseEvents,
    private readonly taxonomy: TaxonomyService,
    @InjectRepository(RevisitTaskEntity) private readonly revisitTasks: Repository<RevisitTaskEntity>,
    @InjectRepository(TraceItemEntity) private readonly traces: Repository<TraceItemEntity>,
    @InjectRepository(GovernanceItemEntity) private readonly governance: Repository<GovernanceItemEntity>,
    @InjectRepository(GovernanceCaseEntity) private readonly governanceCases: Repository<GovernanceCaseEntity>,
  ) {}

  onModuleInit(): void {
    this.events.register(this);
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      const signed = await this.signUnsigned();
      if (signed > 0) this.log.log(`signed ${signed} case(s) classified before same-problem signatures were kept`);
    } catch (e) {
      // Linking repeats is not worth failing a start over; the next start tries again.
      this.log.error(`could not sign earlier cases: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * Signs the classified cases of the last 30 days that have no signature yet (classified before it was kept, or
   * imported), SIGN_BATCH at a time: one read and one upsert a batch. It had read them all at once and committed each
   * alone: the first start after loading a year of 1 M cases spent two minutes on it, one WAL flush a case.
   */
  async signUnsigned(now = new Date(), batchSize = SIGN_BATCH): Promise<number> {
    const since = new Date(now.getTime() - SAME_PROBLEM_DAYS * 86_400_000);
    // The organisation is small (hundreds of units): read whole, once.
    const units = new Map((await this.ds.getRepository(UnitEntity).find()).map((u) => [u.id, u]));
    let signed = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await this.ds
        .getRepository(CaseEntity)
        .createQueryBuilder('c')
        .leftJoin(ProblemSignatureEntity, 's', 's.case_id = c.id')
        .where('s.case_id IS NULL AND c.sub_item IS NOT NULL AND c.accepted_at >= :since AND c.id > :after', { since, after })
        .orderBy('c.id')
        .limit(batchSize)
        .getMany();
      if (batch.length === 0) return signed;
      const rows = batch.map((c) => {
        const place = c.placeUnitId ? (units.get(c.placeUnitId) ?? null) : null;
        return signatureRow(c, c.subItem as string, place, place?.parentId ? (units.get(place.parentId) ?? null) : null);
      });
      await this.ds.getRepository(ProblemSignatureEntity).upsert(rows, ['caseId']);
      signed += batch.length;
      after = batch[batch.length - 1].id;
    }
  }

  /** Quality's side of what happened to a case, in the case's transaction: revisit tasks, trace items, 专项治理. */
  async react(m: EntityManager, c: CaseEntity, events: readonly PublishedCaseEvent[]): Promise<void> {
    for (const { event, actor } of events) {
      switch (event.type) {
        case 'revisited':
          // However the answer came, a phone-revisit task for it is done.
          await m.update(RevisitTaskEntity, { caseId: c.id, doneAt: IsNull() }, { doneAt: new Date(), doneBy: actor.kind === 'staff' ? actor.id : null });
          break;
        case 'traced':
          // 问题溯源、责任倒查: held against the unit that answered (a possible 虚假办结).
          await m.insert(TraceItemEntity, { caseId: c.id, unitId: event.unitId, reason: event.reason, note: event.note });
          break;
        case 'classified':
          await this.governRepeats(m, c);
          break;
        case 'filed':
        case 'assigned':
        case 'returned':
        case 'answered':
        case 'closed':
        case 'merged':
        case 'escalated':
        case 'reopened':
        case 'located':
          break;
      }
    }
  }

  /** Classify; the same-problem check runs on the case's 'classified' event, in the same transaction. */
  classify(staff: StaffPrincipal, id: string, input: { kind: CaseKind; subItem: string; urgency: Urgency }, expectedVersion?: number): Promise<CaseEntity> {
    return this.cases.classify(staff, id, input, expectedVersion);
  }

  /**
   * Signs the case, then links it and its other reports of the same problem (same sub-item and place, within 30 days,
   * alike once dialect is set aside) to one open governance item, creating it at the third report.
   */
  private async governRepeats(m: EntityManager, c: CaseEntity): Promise<void> {
    if (!c.subItem) return;
    const mine = await this.sign(m, c, c.subItem);
    const window = SAME_PROBLEM_DAYS * 86_400_000;
    const acceptedAt = Between(new Date(c.acceptedAt.getTime() - window), new Date(c.acceptedAt.getTime() + window));
    const signed = await m.getRepository(ProblemSignatureEntity).find({ where: { subItem: c.subItem, acceptedAt, caseId: Not(c.id) }, take: 500 });
    // A merged or rejected case is not a report of its own.
    const live = await m.getRepository(CaseEntity).find({ select: { id: true }, where: { id: In(signed.map((s) => s.caseId)), status: Not(In(['invalid', 'merged'])) } });
    const liveIds = new Set(live.map((l) => l.id));
    const same = repeatedProblem(report(mine), signed.filter((s) => liveIds.has(s.caseId)).map(report));
    if (same.length === 0) return;
    const ids = [c.id, ...same.map((s) => s.id)];
    const linked = await m.getRepository(GovernanceCaseEntity).findOne({ where: { caseId: In(ids) } });
    let governanceId = linked?.governanceId;
    if (!governanceId) {
      const place = c.placeUnitId ? await m.getRepository(UnitEntity).findOneBy({ id: c.placeUnitId }) : null;
      const name = this.taxonomy.current().subItems.find((s) => s.code === c.subItem)?.name ?? c.subItem;
      const item = await m.getRepository(GovernanceItemEntity).save({ subItem: c.subItem, placeUnitId: c.placeUnitId, title: `专项治理：${place?.name ?? ''}${name}`, status: 'open' });
      governanceId = item.id;
    }
    await m
      .createQueryBuilder()
      .insert()
      .into(GovernanceCaseEntity)
      .values(ids.map((caseId) => ({ governanceId: governanceId as string, caseId })))
      .orIgnore()
      .execute();
  }

  /** Quality's copy of what the same-problem rule compares, kept in the case's transaction. */
  private async sign(m: EntityManager, c: CaseEntity, subItem: string): Promise<ProblemSignatureEntity> {
    const units = m.getRepository(UnitEntity);
    const place = c.placeUnitId ? await units.findOneBy({ id: c.placeUnitId }) : null;
    const parent = place?.parentId ? await units.findOneBy({ id: place.parentId }) : null;
    const row = signatureRow(c, subItem, place, parent);
    await m.upsert(ProblemSignatureEntity, row, ['caseId']);
    return row;
  }

  merge(staff: StaffPrincipal, id: string, intoId: string): Promise<CaseEntity> {
    return this.cases.merge(staff, id, intoId);
  }

  /** A phone-revisit task for each case whose revisit went unanswered (the escalation pass finds them), once. */
  async createRevisitTasks(caseIds: readonly string[]): Promise<number> {
    if (caseIds.length === 0) return 0;
    const result = await this.ds
      .createQueryBuilder()
      .insert()
      .into(RevisitTaskEntity)
      .values(caseIds.map((caseId) => ({ caseId })))
      .orIgnore()
      .returning(['case_id'])
      .execute();
    return (result.raw as unknown[]).length;
  }

  async openRevisitTasks(): Promise<Array<{ task: RevisitTaskEntity; case: CaseEntity }>> {
    const tasks = await this.revisitTasks.find({ where: { doneAt: IsNull() }, order: { createdAt: 'ASC' } });
    const cases = await this.ds.getRepository(CaseEntity).findBy({ id: In(tasks.map((t) => t.caseId)) });
    const byId = new Map(cases.map((c) => [c.id, c]));
    return tasks.filter((t) => byId.has(t.caseId)).map((t) => ({ task: t, case: byId.get(t.caseId) as CaseEntity }));
  }

  traceItems(unitId?: string): Promise<TraceItemEntity[]> {
    return this.traces.find({ where: unitId ? { unitId } : {}, order: { createdAt: 'DESC' }, take: 500 });
  }

  async governanceItems(): Promise<Array<{ item: GovernanceItemEntity; caseIds: string[] }>> {
    const items = await this.governance.find({ order: { createdAt: 'DESC' } });
    const links = await this.governanceCases.findBy({ governanceId: In(items.map((i) => i.id)) });
    return items.map((item) => ({ item, caseIds: links.filter((l) => l.governanceId === item.id).map((l) => l.caseId) }));
  }
}
