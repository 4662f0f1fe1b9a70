import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseEvents, type CaseEventReactor, type PublishedCaseEvent } from '../cases/case-events';
import type { CaseEntity } from '../cases/case.entity';
import { NotificationsService } from './notifications.service';

/** Who hears what a case raised: queued in the outbox inside the case's own transaction. */
@Injectable()
export class CaseNotifications implements CaseEventReactor, OnModuleInit {
  constructor(
    private readonly events: CaseEvents,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.events.register(this);
  }

  async react(m: EntityManager, c: CaseEntity, events: readonly PublishedCaseEvent[]): Promise<void> {
    for (const { event, stepId } of events) {
      switch (event.type) {
        case 'filed':
          await this.notifications.caseAccepted(m, c, stepId);
          break;
        case 'assigned':
          await this.notifications.caseAssigned(m, c, stepId);
          // Co-handling units added by this assignment are told too (units kept from before already were).
          if (event.addedCoUnitIds.length) await this.notifications.caseCoAssigned(m, c, stepId, event.addedCoUnitIds);
          break;
        case 'answered':
          // For a merged case this is the main case's answer: its own resident hears it and is asked the revisit.
          await this.notifications.caseAnswered(m, c, stepId);
          break;
        case 'reopened':
          await this.notifications.caseReopened(m, c, stepId);
          break;
        case 'escalated':
          await this.notifications.caseEscalated(m, c, event.level, event.workdaysOverdue);
          break;
        case 'returned':
        case 'revisited':
        case 'traced':
        case 'closed':
        case 'classified':
        case 'merged':
        case 'located':
          break;
      }
    }
  }
}
