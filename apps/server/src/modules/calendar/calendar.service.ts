import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { COVERAGE_LOOKAHEAD_DAYS, DomainError, OfficialCalendar, uncoveredDays, type CalendarOverride, type WorkCalendar } from '@msz/domain';
import { Between, DataSource, type EntityManager } from 'typeorm';
import { SettingsChanges } from '../settings/settings-changes.service';
import { CalendarOverrideEntity, CalendarYearEntity } from './calendar-day.entity';

/**
 * A step's moment depends on the working days from a little before it (the reminder looks ahead
 * over a holiday, 9 days at most) to the moment itself: cases due from this long before a changed
 * year are looked at again on the new calendar.
 */
const RECOMPUTE_MARGIN_DAYS = 30;

export interface CalendarCoverageReport {
  coveredYears: number[];
  /** Days in the next 90 whose year has no official schedule: deadlines there count bare weekdays. */
  uncoveredDays: string[];
  warning: string | null;
}

/** Told, inside the transaction that changes a year, from when deadlines may have moved. */
export type YearChangedListener = (m: EntityManager, from: Date) => Promise<void>;

/**
 * The working-day calendar every deadline uses: the published package under the city's own
 * table (calendar_override, calendar_year). Held in memory, so deadlines compute without I/O;
 * an admin's change reaches every instance through SettingsChanges.
 */
@Injectable()
export class CalendarService implements WorkCalendar, OnModuleInit {
  private readonly logger = new Logger('Calendar');
  private current = new OfficialCalendar();
  private readonly yearListeners: YearChangedListener[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly changes: SettingsChanges,
  ) {
    changes.on('calendar', () => this.reload());
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
    const { warning } = this.coverage(new Date());
    if (warning) this.logger.warn(warning);
  }

  /** The cases module reschedules its cases here (the calendar writes no one else's table). */
  onYearChanged(listener: YearChangedListener): void {
    this.yearListeners.push(listener);
  }

  isWorkday(day: string): boolean {
    return this.current.isWorkday(day);
  }

  coverage(now: Date): CalendarCoverageReport {
    const days = uncoveredDays(now, COVERAGE_LOOKAHEAD_DAYS, this.current);
    const warning = days.length
      ? `工作日历未覆盖未来${COVERAGE_LOOKAHEAD_DAYS}天中的${days.length}天（${days[0]}起）：请录入该年度的法定节假日和调休安排，否则期限只按周末计算。`
      : null;
    return { coveredYears: this.current.coveredYears(), uncoveredDays: days, warning };
  }

  /** A year's official arrangement, entered whole: replaces that year's overrides and marks it covered. */
  async setYear(year: number, days: CalendarOverride[], by: string): Promise<void> {
    const outside = days.find((d) => !d.day.startsWith(`${year}-`));
    if (outside) throw new DomainError('CALENDAR_OVERRIDE_INVALID', `${outside.day} is not in ${year}`, { day: outside.day, year });
    new OfficialCalendar(days); // validates: real dates, no day both on and off
    await this.ds.transaction(async (m) => {
      await m.delete(CalendarOverrideEntity, { day: Between(`${year}-01-01`, `${year}-12-31`) });
      if (days.length) await m.insert(CalendarOverrideEntity, days.map((d) => ({ day: d.day, workday: d.workday, note: d.note ?? null })));
      await m.upsert(CalendarYearEntity, { year, enteredBy: by, enteredAt: new Date() }, ['year']);
      const from = new Date(Date.parse(`${year}-01-01T00:00:00+08:00`) - RECOMPUTE_MARGIN_DAYS * 86_400_000);
      for (const listener of this.yearListeners) await listener(m, from);
      await this.changes.announce(m, 'calendar');
    });
    await this.reload();
  }

  private async reload(): Promise<void> {
    const [overrides, years] = await Promise.all([this.ds.getRepository(CalendarOverrideEntity).find(), this.ds.getRepository(CalendarYearEntity).find()]);
    this.current = new OfficialCalendar(
      overrides.map((o) => ({ day: o.day, workday: o.workday })),
      years.map((y) => y.year),
    );
  }
}
