import { Injectable, type OnModuleInit } from '@nestjs/common';
import { formatPlace, isEmergency, townOf, type PlaceNode } from '@msz/domain';
import { In, type EntityManager } from 'typeorm';
import { CaseEvents, type CaseEventReactor, type PublishedCaseEvent } from '../cases/case-events';
import { CaseListPins, type CaseListPin } from '../cases/case-list-pins';
import type { CaseEntity } from '../cases/case.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { PlacesService } from '../units/places.service';
import { StaffUserEntity } from '../units/staff-user.entity';
import { UnitEntity } from '../units/unit.entity';
import { DutyService } from './duty.service';

export const UNKNOWN_PLACE = '地点不明';

/**
 * 紧急诉求 do not wait for the dispatcher: a case filed red, or marked red when classified, raises
 * one alert in the case's own transaction — urgent template messages to the dispatchers on duty
 * and the leaders of the town it comes from, a task to phone the resident, and a pin at the top of
 * every staff list until someone acknowledges it. Nothing here runs for a case that is not red.
 */
@Injectable()
export class EmergencyAlerts implements CaseEventReactor, CaseListPin, OnModuleInit {
  constructor(
    private readonly events: CaseEvents,
    private readonly pins: CaseListPins,
    private readonly duty: DutyService,
    private readonly notifications: NotificationsService,
    private readonly places: PlacesService,
  ) {}

  onModuleInit(): void {
    this.events.register(this);
    this.pins.register(this);
  }

  pinnedIdsSql(atSql: string): string {
    return `SELECT a.case_id FROM case_alert a WHERE a.raised_at <= ${atSql} AND (a.acknowledged_at IS NULL OR a.acknowledged_at > ${atSql})`;
  }

  async react(m: EntityManager, c: CaseEntity, events: readonly PublishedCaseEvent[]): Promise<void> {
    if (!isEmergency(c.urgency)) return;
    if (events.some(({ event }) => event.type === 'located')) return this.placeLearned(m, c);
    if (!events.some(({ event }) => event.type === 'filed' || event.type === 'classified')) return;
    // Once per case: a second red reading (a dispatcher confirming it) tells nobody again. The reads
    // go together (one round trip where the connection pipelines): a red message filed in a batch of
    // chat messages would otherwise hold the whole batch for each of them in turn.
    const [[raised], { townId, place }, onDuty] = await Promise.all([
      m.query(`SELECT 1 FROM case_alert WHERE case_id = $1`, [c.id]) as Promise<unknown[]>,
      this.placeOf(m, c),
      this.duty.onDuty(m, new Date()),
    ]);
    if (raised) return;
    const recipients = await this.recipients(m, townId, onDuty);
    // TypeORM answers an INSERT … RETURNING with its rows: none when another transaction raised it first.
    const inserted = (await m.query(
      `INSERT INTO case_alert (case_id, town_unit_id, place, notified_staff_ids, raised_at) VALUES ($1, $2, $3, $4::uuid[], clock_timestamp())
       ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
      [c.id, townId, place.slice(0, 200), recipients.map((s) => s.id)],
    )) as unknown[];
    if (inserted.length === 0) return;
    await this.notifications.caseEmergency(m, c, recipients, place);
  }

  /**
   * The resident sent where it is after the alert went out 「地点不明」: while nobody has acknowledged
   * it, the alert takes the place and the town's leaders are told too (those told already are not told again).
   */
  private async placeLearned(m: EntityManager, c: CaseEntity): Promise<void> {
    if (!c.placeUnitId) return;
    const [alert] = (await m.query(
      `SELECT notified_staff_ids FROM case_alert WHERE case_id = $1 AND town_unit_id IS NULL AND acknowledged_at IS NULL FOR UPDATE`,
      [c.id],
    )) as Array<{ notified_staff_ids: string[] }>;
    if (!alert) return;
    const { townId, place } = await this.placeOf(m, c);
    if (!townId) return;
    const told = new Set(alert.notified_staff_ids);
    const more = (await this.recipients(m, townId, await this.duty.onDuty(m, new Date()))).filter((s) => !told.has(s.id));
    await m.query(`UPDATE case_alert SET town_unit_id = $2, place = $3, notified_staff_ids = notified_staff_ids || $4::uuid[] WHERE case_id = $1`, [
      c.id,
      townId,
      place.slice(0, 200),
      more.map((s) => s.id),
    ]);
    await this.notifications.caseEmergency(m, c, more, place);
  }

  /** The town the case comes from and what staff read of its place (「地点不明」 when none is known). */
  private async placeOf(m: EntityManager, c: CaseEntity): Promise<{ townId: string | null; place: string }> {
    if (!c.placeUnitId) return { townId: null, place: c.locationLabel ? `${UNKNOWN_PLACE}（群众说：${c.locationLabel}）` : UNKNOWN_PLACE };
    // The place and the units above it, in one query (a village → its town → its region …).
    const chain: Array<PlaceNode & { name: string }> = await m.query(
      `WITH RECURSIVE up AS (
         SELECT id, level, parent_id, name, 0 AS depth FROM unit WHERE id = $1
         UNION ALL SELECT u.id, u.level, u.parent_id, u.name, up.depth + 1 FROM unit u JOIN up ON u.id = up.parent_id WHERE up.depth < 8)
       SELECT id, level, parent_id AS "parentId", name FROM up`,
      [c.placeUnitId],
    );
    const townId = townOf(c.placeUnitId, new Map(chain.map((u) => [u.id, u])));
    const names = await this.places.names(c.placeUnitId, m);
    const label = formatPlace({ names, spot: c.locationLabel, point: null }).label;
    return { townId, place: label || UNKNOWN_PLACE };
  }

  /**
   * The dispatchers on duty, and the town's leaders; when the town has none (or the place is
   * unknown), the city leader in charge of the town, or else every city leader.
   */
  private async recipients(m: EntityManager, townId: string | null, onDuty: readonly StaffUserEntity[]): Promise<StaffUserEntity[]> {
    const staff = m.getRepository(StaffUserEntity);
    let leaders = townId ? await staff.findBy({ unitId: townId, role: 'unit_leader', active: true }) : [];
    if (leaders.length === 0) {
      const town = townId ? await m.getRepository(UnitEntity).findOneBy({ id: townId }) : null;
      leaders = town?.supervisorId ? await staff.findBy({ id: In([town.supervisorId]), active: true }) : [];
      if (leaders.length === 0) leaders = await staff.findBy({ role: 'city_leader', active: true });
    }
    const byId = new Map([...onDuty, ...leaders].map((s) => [s.id, s]));
    return [...byId.values()];
  }
}
