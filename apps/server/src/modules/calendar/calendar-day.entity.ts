import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A day the city's official schedule sets apart from the published package (a holiday, a make-up day). */
@Entity('calendar_override')
export class CalendarOverrideEntity {
  @PrimaryColumn({ type: 'date' }) day!: string;
  @Column({ type: 'boolean' }) workday!: boolean;
  @Column({ type: 'varchar', length: 100, nullable: true }) note!: string | null;
}

/** A year whose whole official schedule the city has entered, so it counts as covered. */
@Entity('calendar_year')
export class CalendarYearEntity {
  @PrimaryColumn({ type: 'integer' }) year!: number;
  @Column({ name: 'entered_by', type: 'varchar', length: 64, nullable: true }) enteredBy!: string | null;
  @Column({ name: 'entered_at', type: 'timestamptz', default: () => 'now()' }) enteredAt!: Date;
}
