import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * 紧急提醒: raised once per case, when it is filed red or a dispatcher marks it red. Until someone
 * acknowledges it, the case heads every staff list. Rows are never deleted and each moment is set
 * once, so a list can page through the pins as they stood at its first page.
 */
@Entity('case_alert')
// What lists read: the alerts still open, and those closed after a list's first page.
@Index('idx_case_alert_open', ['caseId'], { where: 'acknowledged_at IS NULL' })
@Index('idx_case_alert_acknowledged', ['acknowledgedAt'])
export class CaseAlertEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId!: string;
  /** The town the case comes from (its leaders were told); null when the place is unknown. */
  @Index() @Column({ name: 'town_unit_id', type: 'uuid', nullable: true }) townUnitId!: string | null;
  /** What the staff were told of the place (「地点不明」 when unknown). */
  @Column({ type: 'varchar', length: 200 }) place!: string;
  /** The staff told (ids), for the record. */
  @Column({ name: 'notified_staff_ids', type: 'uuid', array: true }) notifiedStaffIds!: string[];
  @Column({ name: 'raised_at', type: 'timestamptz', default: () => 'now()' }) raisedAt!: Date;
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true }) acknowledgedAt!: Date | null;
  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true }) acknowledgedBy!: string | null;
  /** noted (已知悉) or handled (已处置). */
  @Column({ type: 'varchar', length: 16, nullable: true }) acknowledgement!: string | null;
  @Column({ name: 'acknowledgement_note', type: 'text', nullable: true }) acknowledgementNote!: string | null;
}
