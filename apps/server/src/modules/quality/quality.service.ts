import { Injectable, type OnModuleInit } from '@nestjs/common';
import { repeatedProblem, SAME_PROBLEM_DAYS, type CaseKind, type ProblemReport, type Urgency } from '@msz/domain';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, IsNull, MoreThan, Not, Repository, type EntityManager } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { CaseEvents, type CaseEventReactor, type PublishedCaseEvent } from '../cases/case-events';
import { CaseEntity } from '../cases/case.entity';
import { CasesService } from '../cases/cases.service';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { UnitEntity } from '../units/unit.entity';
import { GovernanceCaseEntity, GovernanceItemEntity, RevisitTaskEntity, TraceItemEntity } from './quality.entities';

const report = (c: CaseEntity): ProblemReport => ({
  id: c.id,
  subItem: c.subItem,
  placeUnitId: c.placeUnitId,
  location: c.locationLat !== null && c.locationLng !== null ? { lat: c.locationLat, lng: c.locationLng } : null,
  text: c.text,
  acceptedAt: c.acceptedAt,
});

/** 群众评价—问题溯源—责任倒查: revisit tasks, trace items, merged duplicates and special governance. */
@Injectable()
export class QualityService implements CaseEventReactor, OnModuleInit {
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
          break;
      }
    }
  }

  /** Classify; the same-problem check runs on the case's 'classified' event, in the same transaction. */
  classify(staff: StaffPrincipal, id: string, input: { kind: CaseKind; subItem: string; urgency: Urgency }, expectedVersion?: number): Promise<CaseEntity> {
    return this.cases.classify(staff, id, input, expectedVersion);
  }

  /** Links the case and its earlier reports to one open governance item, creating it at the third report. */
  private async governRepeats(m: EntityManager, c: CaseEntity): Promise<void> {
    if (!c.subItem) return;
    const since = new Date(c.acceptedAt.getTime() - SAME_PROBLEM_DAYS * 86_400_000);
    const candidates = await m.getRepository(CaseEntity).find({
      where: { subItem: c.subItem, acceptedAt: MoreThan(since), id: Not(c.id), status: Not(In(['invalid', 'merged'])) },
      take: 200,
    });
    const same = repeatedProblem(report(c), candidates.map(report));
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
