import { Inject, Injectable } from '@nestjs/common';
import { IsNull, Not, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { CaseEntity } from '../cases/case.entity';
import { StaffUserEntity } from '../units/staff-user.entity';
import { OutboxService } from './outbox.service';
import { UnitEntity } from '../units/unit.entity';
import { caseAnswered, caseAssigned, caseEscalated, caseReopened, unitDigest, type NotificationKind, type TemplateBody } from './templates';

/** Decides who hears of a case event and queues their message in the event's own transaction. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async caseAssigned(manager: EntityManager, c: CaseEntity, stepId: string): Promise<void> {
    await this.toUnitHandlers(manager, c, 'case_assigned', stepId, caseAssigned(this.config.wechat, c));
  }

  async caseReopened(manager: EntityManager, c: CaseEntity, stepId: string): Promise<void> {
    await this.toUnitHandlers(manager, c, 'case_reopened', stepId, caseReopened(this.config.wechat, c));
  }

  async caseAnswered(manager: EntityManager, c: CaseEntity, stepId: string): Promise<void> {
    if (!c.residentOpenid) return;
    await this.outbox.enqueue(manager, {
      kind: 'case_answered',
      caseId: c.id,
      touser: c.residentOpenid,
      body: caseAnswered(this.config.wechat, c),
      idempotencyKey: `case_answered:${stepId}`,
    });
  }

  /** Overdue work climbs: handler, then unit leader, then the city leader in charge; late assignment goes to dispatchers. */
  async caseEscalated(manager: EntityManager, c: CaseEntity, level: string, workdaysOverdue: number): Promise<void> {
    const recipients = await this.escalationRecipients(manager, c, level);
    const body = caseEscalated(this.config.wechat, c, level, workdaysOverdue);
    for (const staff of recipients) {
      await this.outbox.enqueue(manager, { kind: 'case_escalated', caseId: c.id, touser: staff.openid as string, body, idempotencyKey: `case_escalated:${c.id}:${level}:${staff.id}` });
    }
  }

  /** 日提醒 / 周对账 to the unit's leaders (its handlers when it has none). */
  async unitDigest(manager: EntityManager, unitId: string, kind: 'daily' | 'weekly', period: string, figures: Record<string, number>): Promise<void> {
    const staff = manager.getRepository(StaffUserEntity);
    const base = { unitId, active: true, openid: Not(IsNull()) };
    let recipients = await staff.findBy({ ...base, role: 'unit_leader' });
    if (recipients.length === 0) recipients = await staff.findBy({ ...base, role: 'handler' });
    const body = unitDigest(this.config.wechat, kind === 'daily' ? '日提醒' : '周对账', period, figures);
    for (const r of recipients) {
      await this.outbox.enqueue(manager, { kind: 'unit_digest', caseId: null, touser: r.openid as string, body, idempotencyKey: `unit_digest:${kind}:${period}:${unitId}:${r.id}` });
    }
  }

  private async escalationRecipients(manager: EntityManager, c: CaseEntity, level: string): Promise<StaffUserEntity[]> {
    const staff = manager.getRepository(StaffUserEntity);
    const reachable = { active: true, openid: Not(IsNull()) };
    switch (level) {
      case 'dispatcher':
        return staff.findBy({ ...reachable, role: 'dispatcher' });
      case 'handler':
        return c.unitId ? staff.findBy({ ...reachable, unitId: c.unitId, role: 'handler' }) : [];
      case 'unit_leader':
        return c.unitId ? staff.findBy({ ...reachable, unitId: c.unitId, role: 'unit_leader' }) : [];
      case 'city_leader': {
        const unit = c.unitId ? await manager.getRepository(UnitEntity).findOneBy({ id: c.unitId }) : null;
        if (unit?.supervisorId) return staff.findBy({ ...reachable, id: unit.supervisorId });
        return staff.findBy({ ...reachable, role: 'city_leader' });
      }
      default:
        return [];
    }
  }

  private async toUnitHandlers(manager: EntityManager, c: CaseEntity, kind: NotificationKind, stepId: string, body: TemplateBody): Promise<void> {
    if (!c.unitId) return;
    const handlers = await manager.getRepository(StaffUserEntity).findBy({ unitId: c.unitId, role: 'handler', active: true, openid: Not(IsNull()) });
    for (const handler of handlers) {
      await this.outbox.enqueue(manager, {
        kind,
        caseId: c.id,
        touser: handler.openid as string,
        body,
        idempotencyKey: `${kind}:${stepId}:${handler.id}`,
      });
    }
  }
}
