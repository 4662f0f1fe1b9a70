import { Inject, Injectable } from '@nestjs/common';
import { IsNull, Not, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { CaseEntity } from '../cases/case.entity';
import { StaffUserEntity } from '../units/staff-user.entity';
import { OutboxService } from './outbox.service';
import { UnitEntity } from '../units/unit.entity';
import type { ResidentNotice } from '../../config/app-config';
import type { Channel } from './outbox.service';
import {
  caseAccepted,
  caseAnswered,
  caseAssigned,
  caseCoAssigned,
  caseEscalated,
  caseReopened,
  caseReopenedForResident,
  unitDigest,
  type NotificationKind,
  type TemplateBody,
} from './templates';

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

  /** 协办: the handlers of each co-handling unit just added. */
  async caseCoAssigned(manager: EntityManager, c: CaseEntity, stepId: string, unitIds: readonly string[]): Promise<void> {
    const body = caseCoAssigned(this.config.wechat, c);
    for (const unitId of unitIds) await this.toHandlersOf(manager, unitId, c, 'case_co_assigned', stepId, body);
  }

  /** Reopened: the handlers must act again, and the resident hears that they will. */
  async caseReopened(manager: EntityManager, c: CaseEntity, stepId: string): Promise<void> {
    await this.toUnitHandlers(manager, c, 'case_reopened', stepId, caseReopened(this.config.wechat, c));
    await this.toResident(manager, c, 'case_reopened_resident', 'reopened', caseReopenedForResident(this.config.wechat, c), stepId);
  }

  /** The answer and the revisit question. */
  async caseAnswered(manager: EntityManager, c: CaseEntity, stepId: string): Promise<void> {
    await this.toResident(manager, c, 'case_answered', 'answered', caseAnswered(this.config.wechat, c), stepId);
    // A template shows 20 characters of the answer. A resident who chatted in the last 48 h also
    // gets the whole text as a customer-service message; outside that window WeChat refuses it (45015).
    const answer = c.answer ?? '';
    if (c.channel === 'wechat_oa' && c.residentOpenid && answer.length > 20) {
      await this.outbox.enqueue(manager, {
        kind: 'case_answer_text',
        caseId: c.id,
        touser: c.residentOpenid,
        channels: [{ via: 'custom', content: `编号${c.number}的答复：\n${answer}` }],
        idempotencyKey: `case_answer_text:${stepId}`,
        optional: true,
      });
    }
  }

  /** Filed outside the chat (the chat filer already had the passive reply). */
  async caseAccepted(manager: EntityManager, c: CaseEntity, stepId: string): Promise<void> {
    if (c.channel === 'wechat_oa') return;
    await this.toResident(manager, c, 'case_accepted', 'accepted', caseAccepted(this.config.wechat, c), stepId);
  }

  /**
   * A resident is reached where they filed: mini-program residents by its subscription message;
   * Official Account residents by template message, then by a subscription notification if they
   * unfollowed. Staff-filed cases without a WeChat user are called back by phone instead.
   */
  private async toResident(manager: EntityManager, c: CaseEntity, kind: NotificationKind, notice: ResidentNotice, body: TemplateBody, stepId: string): Promise<void> {
    if (!c.residentOpenid) return;
    const { subscribeTemplates } = this.config.wechat;
    const channels: Channel[] = [];
    if (c.channel === 'miniprogram') {
      const id = subscribeTemplates.miniprogram[notice];
      if (id) channels.push({ via: 'subscribe', body: { ...body, template_id: id, miniprogram: { appid: this.config.wechat.miniprogramAppid ?? '', pagepath: `pages/case/detail?id=${c.id}` } } });
    } else {
      channels.push({ via: 'template', body });
      const id = subscribeTemplates.oa[notice];
      if (id) channels.push({ via: 'bizsend', body: { ...body, template_id: id } });
    }
    await this.outbox.enqueue(manager, { kind, caseId: c.id, touser: c.residentOpenid, channels, idempotencyKey: `${kind}:${stepId}` });
  }

  /** Overdue work climbs: handler, then unit leader, then the city leader in charge; late assignment goes to dispatchers. */
  async caseEscalated(manager: EntityManager, c: CaseEntity, level: string, workdaysOverdue: number): Promise<void> {
    const recipients = await this.escalationRecipients(manager, c, level);
    const body = caseEscalated(this.config.wechat, c, level, workdaysOverdue);
    for (const staff of recipients) {
      await this.outbox.enqueue(manager, { kind: 'case_escalated', caseId: c.id, touser: staff.openid as string, channels: [{ via: 'template', body }], idempotencyKey: `case_escalated:${c.id}:${level}:${staff.id}` });
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
      await this.outbox.enqueue(manager, { kind: 'unit_digest', caseId: null, touser: r.openid as string, channels: [{ via: 'template', body }], idempotencyKey: `unit_digest:${kind}:${period}:${unitId}:${r.id}` });
    }
  }

  private async escalationRecipients(manager: EntityManager, c: CaseEntity, level: string): Promise<StaffUserEntity[]> {
    const staff = manager.getRepository(StaffUserEntity);
    const reachable = { active: true, openid: Not(IsNull()) };
    switch (level) {
      case 'dispatcher':
        return staff.findBy({ ...reachable, role: 'dispatcher' });
      case 'approaching':
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
    await this.toHandlersOf(manager, c.unitId, c, kind, stepId, body);
  }

  private async toHandlersOf(manager: EntityManager, unitId: string, c: CaseEntity, kind: NotificationKind, stepId: string, body: TemplateBody): Promise<void> {
    const handlers = await manager.getRepository(StaffUserEntity).findBy({ unitId, role: 'handler', active: true, openid: Not(IsNull()) });
    for (const handler of handlers) {
      await this.outbox.enqueue(manager, {
        kind,
        caseId: c.id,
        touser: handler.openid as string,
        channels: [{ via: 'template', body }],
        idempotencyKey: `${kind}:${stepId}:${handler.id}`,
      });
    }
  }
}
