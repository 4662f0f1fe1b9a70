import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { COVERAGE_LOOKAHEAD_DAYS, DomainError, OfficialCalendar, uncoveredDays, type CalendarOverride, type WorkCalendar } from '@msz/domain';
import { Between, DataSource } from 'typeorm';
import { CalendarOverrideEntity, CalendarYearEntity } from './calendar-day.entity';

/** Other instances' edits are picked up within this time. */
const RELOAD_MS = 60_000;

export interface CalendarCoverageReport {
  coveredYears: number[];
  /** Days in the next 90 whose year has no official schedule: deadlines there count bare weekdays. */
  uncoveredDays: string[];
  warning: string | null;
}

/**
 * The working-day calendar every deadline uses: the published package under the city's own
 * table (calendar_override, calendar_year). Held in memory, so deadlines compute without I/O.
 */
@Injectable()
export class CalendarService implements WorkCalendar, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Calendar');
  private current = new OfficialCalendar();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly ds: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
    const { warning } = this.coverage(new Date());
    if (warning) this.logger.warn(warning);
    this.timer = setInterval(() => void this.reload().catch((e: Error) => this.logger.error(`reload failed: ${e.message}`)), RELOAD_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
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
