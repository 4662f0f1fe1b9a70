import { Injectable } from '@nestjs/common';
import { applyExtension, DomainError, isOpen } from '@msz/domain';
import { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { notFound } from '../../common/errors/app-error';
import { CalendarService } from '../calendar/calendar.service';
import { staffActor } from '../cases/actor';
import { CaseEntity } from '../cases/case.entity';
import { CasesService } from '../cases/cases.service';
import { ExtensionRequestEntity } from './extension-request.entity';

/** Handling steps that leave the lifecycle where it is: progress notes and extensions (延期). */
@Injectable()
export class WorkflowService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesService,
    private readonly calendar: CalendarService,
  ) {}

  async addNote(staff: StaffPrincipal, caseId: string, text: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      const c = await this.cases.lockForChange(m, staff, caseId, undefined, true);
      if (!isOpen(c.status)) throw new DomainError('CASE_ILLEGAL_TRANSITION', `cannot add a note to a case that is ${c.status}`, { status: c.status });
      await this.cases.recordStep(m, c, 'note', staffActor(staff), text);
    });
  }

  /** A handler asks for more working days; one request waits at a time. */
  async requestExtension(staff: StaffPrincipal, caseId: string, workdays: number, reason: string): Promise<ExtensionRequestEntity> {
    return this.ds.transaction(async (m) => {
      const c = await this.cases.lockForChange(m, staff, caseId);
      if (!['assigned', 'in_progress', 'reopened'].includes(c.status)) {
        throw new DomainError('CASE_ILLEGAL_TRANSITION', `cannot extend a case that is ${c.status}`, { status: c.status });
      }
      if (await m.getRepository(ExtensionRequestEntity).existsBy({ caseId, status: 'pending' })) {
        throw new DomainError('EXTENSION_ALREADY_PENDING', 'an extension request for this case is already waiting for the dispatcher');
      }
      // Checked now as well as at approval, so the handler hears at once that the 10 days are spent.
      applyExtension(c.closeBy, c.acceptedAt, workdays, c.extendedWorkdays, this.calendar);
      const repo = m.getRepository(ExtensionRequestEntity);
      const saved = await repo.save(repo.create({ caseId, workdays, reason, status: 'pending', requestedBy: staff.id }));
      await this.cases.recordStep(m, c, 'request_extension', staffActor(staff), `申请延期${workdays}个工作日：${reason}`);
      return saved;
    });
  }

  /** The dispatcher approves (the deadline moves) or refuses; both are in the timeline. */
  async decideExtension(staff: StaffPrincipal, caseId: string, requestId: string, approve: boolean, note?: string): Promise<CaseEntity> {
    return this.ds.transaction(async (m) => {
      const c = await this.cases.lockForChange(m, staff, caseId);
      const request = await m.getRepository(ExtensionRequestEntity).findOneBy({ id: requestId, caseId, status: 'pending' });
      if (!request) throw notFound('pending extension request');
      let updated = c;
      if (approve) {
        const closeBy = applyExtension(c.closeBy, c.acceptedAt, request.workdays, c.extendedWorkdays, this.calendar);
        updated = await m.getRepository(CaseEntity).save({ ...c, closeBy, extendedWorkdays: c.extendedWorkdays + request.workdays });
      }
      await m.update(ExtensionRequestEntity, { id: request.id }, { status: approve ? 'approved' : 'rejected', decidedBy: staff.id, decisionNote: note ?? null, decidedAt: new Date() });
      await this.cases.recordStep(
        m,
        updated,
        approve ? 'extend' : 'refuse_extension',
        staffActor(staff),
        approve ? `延期${request.workdays}个工作日${note ? `：${note}` : ''}` : (note ?? '不予延期'),
      );
      return updated;
    });
  }

  async assertVisible(staff: StaffPrincipal, caseId: string): Promise<void> {
    await this.cases.get(staff, caseId);
  }

  listExtensions(caseId: string): Promise<ExtensionRequestEntity[]> {
    return this.ds.getRepository(ExtensionRequestEntity).find({ where: { caseId }, order: { createdAt: 'ASC' } });
  }

  pendingExtensions(): Promise<ExtensionRequestEntity[]> {
    return this.ds.getRepository(ExtensionRequestEntity).find({ where: { status: 'pending' }, order: { createdAt: 'ASC' } });
  }
}
