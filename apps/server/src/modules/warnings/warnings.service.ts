import { Injectable } from '@nestjs/common';
import { summarise, warningTransition, type WarningAction, type WarningLevel, type WarningStatus } from '@msz/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, notFound } from '../../common/errors/app-error';
import type { StaffPrincipal } from '../../common/auth/principal';
import { AreaWarningEntity, AreaWarningStepEntity, type WarningStepAction } from './area-warning.entity';

export interface WarningFilters {
  status?: WarningStatus;
  level?: WarningLevel;
  scope?: 'town' | 'city';
  /** true: not closed yet. */
  open?: boolean;
  limit: number;
  offset: number;
}

/** A case the warning rests on, as the detail lists it (no resident's details). */
export interface WarningCase {
  id: string;
  number: string;
  summary: string;
  status: string;
  acceptedAt: Date;
}

export interface WarningDetail {
  warning: AreaWarningEntity;
  steps: AreaWarningStepEntity[];
  cases: WarningCase[];
}

const STEP_OF: Record<WarningAction, WarningStepAction> = { acknowledge: 'acknowledged', follow_up: 'follow_up', close: 'closed' };

/**
 * Warnings as leaders read and handle them. The office, city leaders and inspectors see every
 * warning; a unit leader sees those their unit was told of (404 for the rest, so ids cannot be probed).
 */
@Injectable()
export class WarningsService {
  constructor(private readonly ds: DataSource) {}

  async list(staff: StaffPrincipal, f: WarningFilters): Promise<{ items: AreaWarningEntity[]; total: number }> {
    const q = this.ds.getRepository(AreaWarningEntity).createQueryBuilder('w');
    if (staff.role === 'unit_leader') q.andWhere(':unit = ANY(w.unit_ids)', { unit: staff.unitId });
    if (f.status) q.andWhere('w.status = :status', { status: f.status });
    if (f.open !== undefined) q.andWhere(f.open ? `w.status <> 'closed'` : `w.status = 'closed'`);
    if (f.level) q.andWhere('w.level = :level', { level: f.level });
    if (f.scope) q.andWhere('w.scope = :scope', { scope: f.scope });
    const [items, total] = await q.orderBy('w.raisedAt', 'DESC').addOrderBy('w.id', 'DESC').take(f.limit).skip(f.offset).getManyAndCount();
    return { items, total };
  }

  async detail(staff: StaffPrincipal, id: string): Promise<WarningDetail> {
    const warning = await this.ds.getRepository(AreaWarningEntity).findOneBy({ id });
    if (!warning || !this.visible(staff, warning)) throw notFound('warning');
    return this.withSteps(this.ds.manager, warning);
  }

  /** 签收, 跟进 or 办结: a step with who, when and their note, in one transaction with the new status. */
  async act(staff: StaffPrincipal, id: string, action: WarningAction, note: string | null): Promise<WarningDetail> {
    return this.ds.transaction(async (m) => {
      const repo = m.getRepository(AreaWarningEntity);
      const warning = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!warning || !this.visible(staff, warning)) throw notFound('warning');
      // A town's leader closes their own town's warning; a warning across towns is the city's to close.
      if (action === 'close' && staff.role === 'unit_leader' && !(warning.scope === 'town' && warning.townId === staff.unitId)) {
        throw new AppError('FORBIDDEN', 'a warning across towns is closed by the office or a city leader');
      }
      const status = warningTransition(warning.status, action);
      const now = new Date();
      await repo.update(
        { id },
        { status, ...(action === 'acknowledge' ? { acknowledgedAt: now } : {}), ...(action === 'close' ? { closedAt: now } : {}) },
      );
      await m.getRepository(AreaWarningStepEntity).insert({ warningId: id, action: STEP_OF[action], level: warning.level, note, staffId: staff.id, staffName: staff.name, at: now });
      return this.withSteps(m, { ...warning, status, ...(action === 'acknowledge' ? { acknowledgedAt: now } : {}), ...(action === 'close' ? { closedAt: now } : {}) });
    });
  }

  private visible(staff: StaffPrincipal, w: AreaWarningEntity): boolean {
    return staff.role !== 'unit_leader' || w.unitIds.includes(staff.unitId);
  }

  private async withSteps(m: EntityManager, warning: AreaWarningEntity): Promise<WarningDetail> {
    const steps = await m.getRepository(AreaWarningStepEntity).find({ where: { warningId: warning.id }, order: { at: 'ASC', id: 'ASC' } });
    const numbers = warning.evidence.towns.flatMap((t) => t.exampleCases);
    // Read-only: the cases the evidence names, newest first.
    const rows: Array<{ id: string; number: string; text: string; status: string; accepted_at: Date }> =
      numbers.length > 0
        ? await m.query(`SELECT id, number, text, status, accepted_at FROM case_file WHERE number = ANY($1) ORDER BY accepted_at DESC, number DESC`, [numbers])
        : [];
    return { warning, steps, cases: rows.map((r) => ({ id: r.id, number: r.number, summary: summarise(r.text, 40), status: r.status, acceptedAt: new Date(r.accepted_at) })) };
  }
}
