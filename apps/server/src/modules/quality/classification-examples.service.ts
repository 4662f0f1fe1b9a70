import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseEvents, type CaseEventReactor, type PublishedCaseEvent } from '../cases/case-events';
import type { CaseEntity } from '../cases/case.entity';
import { ClassificationExampleEntity, LATEST_CLASSIFICATION_EXAMPLES_SQL } from './classification-example.entity';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Learning from the office: every dispatcher's classification (a confirmation or an override of the suggestion)
 * becomes a labelled example in the case's own transaction. `pnpm classify:train` reads them back.
 */
@Injectable()
export class ClassificationExamplesService implements CaseEventReactor, OnModuleInit {
  constructor(private readonly events: CaseEvents) {}

  onModuleInit(): void {
    this.events.register(this);
  }

  async react(m: EntityManager, c: CaseEntity, events: readonly PublishedCaseEvent[]): Promise<void> {
    for (const { event, stepId, actor } of events) {
      if (event.type !== 'classified' || actor.kind !== 'staff' || !c.subItem) continue;
      const suggested = c.suggestion ?? {};
      const suggestedKind = str(suggested.kind);
      const suggestedSubItem = str(suggested.subItem);
      const suggestedUrgency = str(suggested.urgency);
      await m
        .createQueryBuilder()
        .insert()
        .into(ClassificationExampleEntity)
        .values({
          stepId,
          caseId: c.id,
          text: c.text,
          kind: c.kind,
          subItem: c.subItem,
          urgency: c.urgency,
          suggestedKind,
          suggestedSubItem,
          suggestedUrgency,
          agreed: suggestedKind === c.kind && suggestedSubItem === c.subItem && suggestedUrgency === c.urgency,
          classifiedBy: actor.id,
        })
        .orIgnore()
        .execute();
    }
  }

  /** The latest classification of each case, oldest first, as `pnpm classify:train` reads them (JSON Lines). */
  async exportJsonl(m: EntityManager): Promise<string> {
    const rows: Array<{ text: string; kind: string; sub_item: string; urgency: string }> = await m.query(LATEST_CLASSIFICATION_EXAMPLES_SQL);
    return rows.map((r) => JSON.stringify({ text: r.text, kind: r.kind, subItem: r.sub_item, urgency: r.urgency })).join('\n');
  }
}
