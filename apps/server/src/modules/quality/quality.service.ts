import { Injectable } from '@nestjs/common';
import { DomainError, isOpen, repeatedProblem, type CaseKind, type ProblemReport, type Urgency } from '@msz/domain';
import { DataSource, In, IsNull, MoreThan, Not, type EntityManager } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { staffActor } from '../cases/actor';
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
export class QualityService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesService,
    private readonly taxonomy: TaxonomyService,
  ) {}

  /** Classify, then see whether the same problem has now been reported often enough for 专项治理. */
  async classify(staff: StaffPrincipal, id: string, input: { kind: CaseKind; subItem: string; urgency: Urgency }, expectedVersion?: number): Promise<CaseEntity> {
    const saved = await this.cases.classify(staff, id, input, expectedVersion);
    await this.ds.transaction((m) => this.governRepeats(m, saved));
    return saved;
  }

  /** Links the case and its earlier reports to one open governance item, creating it at the third report. */
  private async governRepeats(m: EntityManager, c: CaseEntity): Promise<void> {
    if (!c.subItem) return;
    const since = new Date(c.acceptedAt.getTime() - 30 * 86_400_000);
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

  /** 合并: a duplicate is closed into the case that stays; both timelines say so. */
  async merge(staff: StaffPrincipal, id: string, intoId: string): Promise<CaseEntity> {
    if (id === intoId) throw new DomainError('MERGE_INVALID', 'a case cannot be merged into itself');
    return this.ds.transaction(async (m) => {
      const target = await this.cases.lockForChange(m, staff, intoId);
      if (!isOpen(target.status)) throw new DomainError('MERGE_INVALID', `the case to keep is ${target.status}`, { status: target.status });
      const merged = await this.cases.mergeInto(m, staff, id, target);
      await this.cases.recordStep(m, target, 'note', staffActor(staff), `合并重复诉求${merged.number}`);
      return merged;
    });
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
    const tasks = await this.ds.getRepository(RevisitTaskEntity).find({ where: { doneAt: IsNull() }, order: { createdAt: 'ASC' } });
    const cases = await this.ds.getRepository(CaseEntity).findBy({ id: In(tasks.map((t) => t.caseId)) });
    const byId = new Map(cases.map((c) => [c.id, c]));
    return tasks.filter((t) => byId.has(t.caseId)).map((t) => ({ task: t, case: byId.get(t.caseId) as CaseEntity }));
  }

  traceItems(unitId?: string): Promise<TraceItemEntity[]> {
    return this.ds.getRepository(TraceItemEntity).find({ where: unitId ? { unitId } : {}, order: { createdAt: 'DESC' }, take: 500 });
  }

  async governanceItems(): Promise<Array<{ item: GovernanceItemEntity; caseIds: string[] }>> {
    const items = await this.ds.getRepository(GovernanceItemEntity).find({ order: { createdAt: 'DESC' } });
    const links = await this.ds.getRepository(GovernanceCaseEntity).findBy({ governanceId: In(items.map((i) => i.id)) });
    return items.map((item) => ({ item, caseIds: links.filter((l) => l.governanceId === item.id).map((l) => l.caseId) }));
  }

}
