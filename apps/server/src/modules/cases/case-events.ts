import { Injectable } from '@nestjs/common';
import type { CaseActor, CaseEvent } from '@msz/domain';
import type { EntityManager } from 'typeorm';
import type { CaseEntity } from './case.entity';

/** An event the case raised, with the id of its timeline entry (which keys any reaction) and who acted. */
export interface PublishedCaseEvent {
  readonly event: CaseEvent;
  readonly stepId: string;
  readonly actor: CaseActor;
}

/** A module that reacts to what happened to a case: inside the case's own transaction, writing only its own tables. */
export interface CaseEventReactor {
  react(m: EntityManager, c: CaseEntity, events: readonly PublishedCaseEvent[]): Promise<void>;
}

/**
 * Features register here (notifications, quality …) so the case module need not know them: the
 * dependency points from the feature to cases, never back.
 */
@Injectable()
export class CaseEvents {
  private readonly reactors: CaseEventReactor[] = [];

  register(reactor: CaseEventReactor): void {
    this.reactors.push(reactor);
  }

  async publish(m: EntityManager, c: CaseEntity, events: readonly PublishedCaseEvent[]): Promise<void> {
    if (events.length === 0) return;
    for (const reactor of this.reactors) await reactor.react(m, c, events);
  }
}
