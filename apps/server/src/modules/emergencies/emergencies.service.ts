import { Injectable } from '@nestjs/common';
import { ALERT_ACKNOWLEDGEMENT_LABELS, type AlertAcknowledgement } from '@msz/domain';
import { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { AppError, notFound } from '../../common/errors/app-error';
import { UNKNOWN_PLACE } from './emergency-alerts';
import { DutyService } from './duty.service';
import type { EmergencyDto } from './dto/emergency.dto';

interface AlertRow {
  case_id: string;
  number: string;
  text: string;
  place: string;
  town_unit_id: string | null;
  raised_at: Date;
  accepted_at: Date;
  notified_staff_ids: string[];
  acknowledged_at: Date | null;
  acknowledged_by_name: string | null;
  acknowledgement: AlertAcknowledgement | null;
  acknowledgement_note: string | null;
  case_unit_id: string | null;
}

const toDto = (r: AlertRow): EmergencyDto => ({
  caseId: r.case_id,
  number: r.number,
  text: r.text,
  place: r.place,
  placeUnknown: r.place.startsWith(UNKNOWN_PLACE),
  townUnitId: r.town_unit_id,
  raisedAt: new Date(r.raised_at).toISOString(),
  secondsAfterFiling: Math.max(0, Math.round((new Date(r.raised_at).getTime() - new Date(r.accepted_at).getTime()) / 1000)),
  notified: r.notified_staff_ids.length,
  acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at).toISOString() : null,
  acknowledgedBy: r.acknowledged_by_name,
  acknowledgement: r.acknowledgement,
  acknowledgementLabel: r.acknowledgement ? ALERT_ACKNOWLEDGEMENT_LABELS[r.acknowledgement] : null,
  acknowledgementNote: r.acknowledgement_note,
});

/** The alerts staff were sent, and their acknowledgement (已知悉 / 已处置), which takes the case off the top of the lists. */
@Injectable()
export class EmergenciesService {
  constructor(
    private readonly ds: DataSource,
    private readonly duty: DutyService,
  ) {}

  /**
   * The office and city leaders see every alert; a town's leaders those of their town (they were
   * told, before any assignment); a unit's staff those of the cases in their unit's hands.
   */
  async list(staff: StaffPrincipal, open: boolean): Promise<EmergencyDto[]> {
    const unitScoped = staff.role === 'handler' || staff.role === 'unit_leader';
    const rows: AlertRow[] = await this.ds.query(
      `${this.selectSql()}
        WHERE ($1::boolean IS FALSE OR a.acknowledged_at IS NULL)
          AND ($2::uuid IS NULL OR c.unit_id = $2 OR ($3::boolean AND a.town_unit_id = $2))
        ORDER BY a.acknowledged_at IS NULL DESC, a.raised_at DESC LIMIT 200`,
      [open, unitScoped ? staff.unitId : null, staff.role === 'unit_leader'],
    );
    return rows.map(toDto);
  }

  /**
   * 已知悉 / 已处置, by the dispatcher on duty, a leader of the case's town, or anyone the alert was
   * sent to; recorded once with who, when and what.
   */
  async acknowledge(staff: StaffPrincipal, caseId: string, outcome: AlertAcknowledgement, note?: string): Promise<EmergencyDto> {
    return this.ds.transaction(async (m) => {
      const [alert]: Array<{ town_unit_id: string | null; notified_staff_ids: string[]; acknowledged_at: Date | null }> = await m.query(
        `SELECT town_unit_id, notified_staff_ids, acknowledged_at FROM case_alert WHERE case_id = $1 FOR UPDATE`,
        [caseId],
      );
      if (!alert) throw notFound('emergency alert');
      const onDuty = staff.role === 'dispatcher' && (await this.duty.onDuty(m, new Date())).some((d) => d.id === staff.id);
      const townLeader = staff.role === 'unit_leader' && alert.town_unit_id === staff.unitId;
      if (!onDuty && !townLeader && !alert.notified_staff_ids.includes(staff.id)) {
        throw new AppError('FORBIDDEN', 'only the dispatcher on duty, a leader of the town or someone the alert was sent to may acknowledge it');
      }
      if (alert.acknowledged_at) throw new AppError('CONFLICT', 'the alert was already acknowledged');
      await m.query(
        `UPDATE case_alert SET acknowledged_at = clock_timestamp(), acknowledged_by = $2, acknowledgement = $3, acknowledgement_note = $4 WHERE case_id = $1`,
        [caseId, staff.id, outcome, note ?? null],
      );
      const [row]: AlertRow[] = await m.query(`${this.selectSql()} WHERE a.case_id = $1`, [caseId]);
      return toDto(row);
    });
  }

  private selectSql(): string {
    return `SELECT a.case_id, c.number, c.text, a.place, a.town_unit_id, a.raised_at, c.accepted_at, a.notified_staff_ids,
                   a.acknowledged_at, s.display_name AS acknowledged_by_name, a.acknowledgement, a.acknowledgement_note, c.unit_id AS case_unit_id
              FROM case_alert a JOIN case_file c ON c.id = a.case_id LEFT JOIN staff_user s ON s.id = a.acknowledged_by`;
  }
}
