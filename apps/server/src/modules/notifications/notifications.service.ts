import { Inject, Injectable } from '@nestjs/common';
import { IsNull, Not, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { CaseEntity } from '../cases/case.entity';
import { StaffUserEntity } from '../units/staff-user.entity';
import { OutboxService } from './outbox.service';
import { caseAnswered, caseAssigned, caseReopened, type NotificationKind, type TemplateBody } from './templates';

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
