import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { notFound } from '../../common/errors/app-error';
import { CalendarService } from '../calendar/calendar.service';
import { CaseEntity } from '../cases/case.entity';
import { CasesService } from '../cases/cases.service';
import { UnitEntity } from '../units/unit.entity';
import { ExtensionRequestEntity } from './extension-request.entity';

export interface PendingExtension {
  request: ExtensionRequestEntity;
  caseNumber: string;
  unitName: string | null;
}

/** Handling steps that leave the lifecycle where it is: progress notes and extensions (延期). */
@Injectable()
export class WorkflowService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesService,
    private readonly calendar: CalendarService,
    @InjectRepository(ExtensionRequestEntity) private readonly extensions: Repository<ExtensionRequestEntity>,
  ) {}

  addNote(staff: StaffPrincipal, caseId: string, text: string): Promise<void> {
    return this.cases.addNote(staff, caseId, text);
  }

  /** A handler asks for more working days; the case says whether it may (one request waits at a time). */
  async requestExtension(staff: StaffPrincipal, caseId: string, workdays: number, reason: string): Promise<ExtensionRequestEntity> {
    return this.ds.transaction(async (m) => {
      await this.cases.requestExtension(m, staff, caseId, workdays, reason);
      const repo = m.getRepository(ExtensionRequestEntity);
      return repo.save(repo.create({ caseId, workdays, reason, status: 'pending', requestedBy: staff.id }));
    });
  }

  /** The dispatcher approves (the deadline moves) or refuses; both are in the timeline. */
  async decideExtension(staff: StaffPrincipal, caseId: string, requestId: string, approve: boolean, note?: string): Promise<CaseEntity> {
    return this.ds.transaction(async (m) => {
      const c = await this.cases.lockForChange(m, staff, caseId);
      const request = await m.getRepository(ExtensionRequestEntity).findOneBy({ id: requestId, caseId, status: 'pending' });
      if (!request) throw notFound('pending extension request');
      const updated = await this.cases.decideExtension(m, c, staff, { approve, workdays: request.workdays, note });
      await m.update(ExtensionRequestEntity, { id: request.id }, { status: approve ? 'approved' : 'rejected', decidedBy: staff.id, decisionNote: note ?? null, decidedAt: new Date() });
      return updated;
    });
  }

  async assertVisible(staff: StaffPrincipal, caseId: string): Promise<void> {
    await this.cases.get(staff, caseId);
  }

  listExtensions(caseId: string): Promise<ExtensionRequestEntity[]> {
    return this.extensions.find({ where: { caseId }, order: { createdAt: 'ASC' } });
  }

  /** The dispatcher's waiting list, oldest first, with each case's number and unit in the same query. */
  async pendingExtensions(): Promise<PendingExtension[]> {
    const { entities, raw } = await this.extensions
      .createQueryBuilder('e')
      .innerJoin(CaseEntity, 'c', 'c.id = e.caseId')
      .leftJoin(UnitEntity, 'u', 'u.id = c.unitId')
      .addSelect('c.number', 'case_number')
      .addSelect('u.name', 'unit_name')
      .where("e.status = 'pending'")
      .orderBy('e.createdAt', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getRawAndEntities<{ case_number: string; unit_name: string | null }>();
    return entities.map((request, i) => ({ request, caseNumber: raw[i].case_number, unitName: raw[i].unit_name }));
  }
}
