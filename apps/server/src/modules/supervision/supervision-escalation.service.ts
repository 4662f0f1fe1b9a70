import { Inject, Injectable, Logger } from '@nestjs/common';
import { chinaDate, escalationDue } from '@msz/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { PollingWorker } from '../../common/jobs/polling-worker';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { OutboxService } from '../notifications/outbox.service';
import { supervisionOverdue } from '../notifications/templates';
import { SupervisionItemEntity, SupervisionStepEntity } from './supervision.entities';

const BATCH = 100;

/**
 * 逾期督办: a pass finds the items whose deadline's day is over while the unit still owes its
 * report and that were not escalated yet (a partial index holds exactly those), marks each one
 * (escalatedAt) under its row lock, and tells the unit's leader and the city leader in charge
 * through the outbox, in the same transaction. Each item escalates once per deadline.
 */
@Injectable()
export class SupervisionEscalationService extends PollingWorker {
  protected readonly logger = new Logger('Supervision');

  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Deadlines are whole days: every five minutes is soon enough.
    super(config.workerPollMs > 0 ? 300_000 : 0);
  }

  protected runDue(): Promise<number> {
    return this.runAt(new Date());
  }

  /** One pass at `now` (tests pass the instant they need); returns how many items were escalated. */
  async runAt(now: Date): Promise<number> {
    let done = 0;
    for (;;) {
      const due = (await this.ds.query(
        `SELECT id FROM supervision_item WHERE escalated_at IS NULL AND status IN ('assigned', 'sent_back') AND due_date < $1::date ORDER BY due_date LIMIT ${BATCH}`,
        [chinaDate(now)],
      )) as Array<{ id: string }>;
      let escalated = 0;
      for (const { id } of due) if (await this.escalate(id, now)) escalated += 1;
      done += escalated;
      // A short batch was all that was due; a batch with nothing escalated is all held by others.
      if (due.length < BATCH || escalated === 0) return done;
    }
  }

  private escalate(id: string, now: Date): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      // SKIP LOCKED: an item another instance (or a report) holds right now is left to it.
      const item = await m.getRepository(SupervisionItemEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' } });
      if (!item || !escalationDue(item, now)) return false;
      await m.getRepository(SupervisionItemEntity).update({ id }, { escalatedAt: now });
      const days = Math.round((Date.parse(chinaDate(now)) - Date.parse(item.dueDate)) / 86_400_000);
      const step = await m.getRepository(SupervisionStepEntity).save(
        m.create(SupervisionStepEntity, { itemId: id, action: 'escalate', actorId: null, actorName: '系统', text: `逾期${days}天未整改，已报单位负责人和分管领导` }),
      );
      const body = supervisionOverdue(this.config.wechat, item, days);
      for (const r of await this.leaders(m, item.unitId)) {
        await this.outbox.enqueue(m, { kind: 'supervision_overdue', caseId: null, touser: r.openid, channels: [{ via: 'template', body }], idempotencyKey: `supervision_overdue:${step.id}:${r.id}` });
      }
      return true;
    });
  }

  /** The unit's leaders, and the city leader in charge of the unit (its supervisor), or every city leader when it has none. */
  private async leaders(m: EntityManager, unitId: string): Promise<Array<{ id: string; openid: string }>> {
    type Reachable = Array<{ id: string; openid: string }>;
    const unitLeaders = (await m.query(`SELECT id, openid FROM staff_user WHERE unit_id = $1 AND role = 'unit_leader' AND active AND openid IS NOT NULL`, [unitId])) as Reachable;
    const supervisor = (await m.query(
      `SELECT s.id, s.openid FROM unit u JOIN staff_user s ON s.id = u.supervisor_id WHERE u.id = $1 AND s.active AND s.openid IS NOT NULL`,
      [unitId],
    )) as Reachable;
    const city = supervisor.length > 0 ? supervisor : ((await m.query(`SELECT id, openid FROM staff_user WHERE role = 'city_leader' AND active AND openid IS NOT NULL`)) as Reachable);
    return [...unitLeaders, ...city];
  }
}
