import { Inject, Injectable } from '@nestjs/common';
import { IsNull, Not, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { CaseEntity } from '../cases/case.entity';
import { IdentityService } from '../identity/identity.service';
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
  caseEmergency,
  caseEscalated,
  caseReopened,
  caseReopenedForResident,
  ideaProgress,
  phoneMoved,
  unitDigest,
  type NotificationKind,
  type TemplateBody,
} from './templates';

/** Decides who hears of a case event and queues their message in the event's own transaction. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly identities: IdentityService,
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

  /**
   * 金点子: the resident whose suggestion it was hears each step, where they filed it; `stepKey`
   * names the step once (a retried transaction queues nothing twice). A chat resident also gets
   * the whole sentence as a customer-service message when it is longer than the template shows.
   */
  async ideaProgress(manager: EntityManager, c: CaseEntity, stepKey: string, input: { title: string; status: string; note: string; sentence: string; at: Date }): Promise<void> {
    await this.toResident(manager, c, 'idea_progress', 'idea', ideaProgress(this.config.wechat, c, input), stepKey);
    if (c.channel === 'wechat_oa' && c.residentOpenid && input.sentence.length > 20) {
      await this.outbox.enqueue(manager, { kind: 'idea_progress', caseId: c.id, touser: c.residentOpenid, channels: [{ via: 'custom', content: input.sentence }], idempotencyKey: `idea_progress_text:${stepKey}`, optional: true });
    }
  }

  /** Filed outside the chat (the chat filer already had the passive reply). */
  async caseAccepted(manager: EntityManager, c: CaseEntity, stepId: string): Promise<void> {
    if (c.channel === 'wechat_oa') return;
    await this.toResident(manager, c, 'case_accepted', 'accepted', caseAccepted(this.config.wechat, c), stepId);
  }

  /**
   * A phone number moved to another resident account: the account that held it is told, since
   * the cases staff filed for that number no longer show there.
   */
  async phoneMoved(manager: EntityManager, fromOpenid: string, maskedPhone: string, at: Date): Promise<void> {
    const id = this.config.wechat.subscribeTemplates.miniprogram.phoneMoved;
    const channels: Channel[] = id ? [{ via: 'subscribe', body: { ...phoneMoved(id, maskedPhone, at), miniprogram: { appid: this.config.wechat.miniprogramAppid ?? '', pagepath: 'pages/settings/index' } } }] : [];
    // The same person in the chat, if WeChat links them and they wrote in the last 48 h.
    const oa = (await this.identities.personOf(manager, fromOpenid, 'mini')).oa[0];
    if (oa) channels.push({ via: 'custom', touser: oa, content: `您的手机号${maskedPhone}已绑定到另一个微信，这里不再显示这个号码的诉求。如果不是您本人操作，请联系民声直达办公室。` });
    // A notice, not a case step: nobody has a case to phone the resident about if WeChat will not deliver it.
    await this.outbox.enqueue(manager, { kind: 'phone_moved', caseId: null, touser: fromOpenid, channels, idempotencyKey: `phone_moved:${fromOpenid}:${at.getTime()}`, optional: true });
  }

  /**
   * A resident is reached where they filed first: mini-program residents by its subscription
   * message; Official Account residents by template message, then by a subscription notification
   * if they unfollowed. A person WeChat's unionid links across both apps is then tried in the
   * other app, so a refused subscription or an unfollow does not lose them. Staff-filed cases
   * without a WeChat user are called back by phone instead.
   */
  private async toResident(manager: EntityManager, c: CaseEntity, kind: NotificationKind, notice: ResidentNotice, body: TemplateBody, stepId: string): Promise<void> {
    if (!c.residentOpenid) return;
    const { subscribeTemplates, miniprogramAppid } = this.config.wechat;
    const filedInMini = c.channel === 'miniprogram';
    const person = await this.identities.personOf(manager, c.residentOpenid, filedInMini ? 'mini' : 'oa');
    const casePage = { appid: miniprogramAppid ?? '', pagepath: `pages/case/detail?id=${c.id}` };
    const inMini: Channel[] = [];
    const miniTemplate = subscribeTemplates.miniprogram[notice];
    if (person.mini[0] && miniTemplate) inMini.push({ via: 'subscribe', touser: person.mini[0], body: { ...body, template_id: miniTemplate, miniprogram: casePage } });
    const inOa: Channel[] = [];
    if (person.oa[0]) {
      // A mini-program case told in the chat opens its page in the mini program.
      inOa.push({ via: 'template', touser: person.oa[0], body: filedInMini && miniprogramAppid ? { ...body, miniprogram: casePage } : body });
      const oaTemplate = subscribeTemplates.oa[notice];
      if (oaTemplate) inOa.push({ via: 'bizsend', touser: person.oa[0], body: { ...body, template_id: oaTemplate } });
    }
    const channels = filedInMini ? [...inMini, ...inOa] : [...inOa, ...inMini];
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

  /**
   * 紧急诉求: an urgent template message to each member of staff named (the dispatchers on duty, the
   * town's leaders), claimed before any backlog, and a task to phone the resident back at once.
   * Called once per case (the alert's own record keys it); the keys make a replay harmless anyway.
   */
  async caseEmergency(manager: EntityManager, c: CaseEntity, recipients: readonly StaffUserEntity[], place: string): Promise<void> {
    const body = caseEmergency(this.config.wechat, c, place);
    // Independent inserts, issued together in this order (one round trip where the connection pipelines).
    await Promise.all([
      ...recipients.map((staff) =>
        staff.openid
          ? this.outbox.enqueue(manager, { kind: 'case_emergency', caseId: c.id, touser: staff.openid, channels: [{ via: 'template', body }], idempotencyKey: `case_emergency:${c.id}:${staff.id}`, urgent: true })
          : undefined,
      ),
      manager.query(
        `INSERT INTO contact_task (case_id, outbox_id, touser, kind, reason)
         SELECT $1, NULL, $2, 'case_emergency', $3 WHERE NOT EXISTS (SELECT 1 FROM contact_task WHERE case_id = $1 AND kind = 'case_emergency')`,
        [c.id, c.residentOpenid ?? '', `紧急诉求：请立即电话联系群众，问清是否有生命危险（${place}）`.slice(0, 500)],
      ),
    ]);
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
