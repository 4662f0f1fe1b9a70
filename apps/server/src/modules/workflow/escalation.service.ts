import { Inject, Injectable, Logger } from '@nestjs/common';
import { chinaDate, dailyDigestDay, dueSteps, HANDLING_STATUSES, weekDays, weekOf, workdaysOverdue, type DueStep, type EscalationTarget } from '@msz/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { PollingWorker } from '../../common/jobs/polling-worker';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { CalendarService } from '../calendar/calendar.service';
import { CaseEntity } from '../cases/case.entity';
import { CaseSchedule } from '../cases/case-schedule';
import { CasesService } from '../cases/cases.service';
import { NotificationsService } from '../notifications/notifications.service';
import { QualityService } from '../quality/quality.service';
import { UnitReportEntity } from './unit-report.entity';

/** Units that get the daily reminder and the weekly reconciliation. */
const REPORTED_LEVELS = ['town', 'village', 'department', 'region'];
/** Reports go out once the working day has begun. */
const REPORT_HOUR_BEIJING = 8;
/** Cases claimed at once; each claim is one indexed statement. */
export const CASE_BATCH = 500;
/** A claimed case is hidden from other instances this long; if this one dies, it is due again after. */
const LEASE_SECONDS = 300;
const OVERDUE_STEPS: readonly DueStep[] = ['handler', 'unit_leader', 'city_leader'];

/**
 * 日提醒、周对账 and the climb of overdue work. A pass reads only the cases whose next_due_at has
 * come (claimed in batches, FOR UPDATE SKIP LOCKED, so instances share the work), does their due
 * steps and stores each case's next moment. Every effect is keyed (case and level; unit and period)
 * and inserted ON CONFLICT DO NOTHING in the transaction that notifies, so it happens once however
 * many instances run this and however often they restart. With nothing due a pass is one query
 * (two once the day's reports are due to be checked).
 */
@Injectable()
export class EscalationService extends PollingWorker {
  protected readonly logger = new Logger('Escalation');

  constructor(
    private readonly ds: DataSource,
    private readonly calendar: CalendarService,
    private readonly cases: CasesService,
    private readonly caseSchedule: CaseSchedule,
    private readonly notifications: NotificationsService,
    private readonly quality: QualityService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // Deadlines are days long: a look every minute is plenty.
    super(config.workerPollMs > 0 ? 60_000 : 0);
  }

  /** One pass at `now` (tests pass a later instant instead of waiting for the calendar). */
  async runAt(now: Date): Promise<number> {
    return (await this.dueCases(now)) + (await this.reports(now));
  }

  protected runDue(): Promise<number> {
    return this.runAt(new Date());
  }

  private async dueCases(now: Date): Promise<number> {
    let done = 0;
    for (;;) {
      const cases = await this.caseSchedule.claimDue(now, CASE_BATCH, LEASE_SECONDS);
      if (cases.length === 0) return done;
      const revisits: string[] = [];
      for (const c of cases) {
        for (const step of dueSteps(c, now, this.calendar)) {
          if (step === 'revisit') revisits.push(c.id);
          else if (await this.once(c, step, OVERDUE_STEPS.includes(step) ? workdaysOverdue(c.closeBy, now, this.calendar) : 0)) done += 1;
        }
      }
      done += await this.quality.createRevisitTasks(revisits);
      await this.caseSchedule.reschedule(cases, now);
      if (cases.length < CASE_BATCH) return done;
    }
  }

  private once(c: CaseEntity, level: EscalationTarget, overdue: number): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const claimed: unknown[] = await m.query(
        `INSERT INTO case_escalation (case_id, level, workdays_overdue) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING case_id`,
        [c.id, level, overdue],
      );
      if (claimed.length === 0) return false;
      // The case writes its own timeline; its 'escalated' event tells the recipients.
      await this.cases.escalate(m, c, level, overdue);
      return true;
    });
  }

  private async reports(now: Date): Promise<number> {
    const beijingHour = (now.getUTCHours() + 8) % 24;
    if (beijingHour < REPORT_HOUR_BEIJING || !this.calendar.isWorkday(chinaDate(now))) return 0;
    const today = dailyDigestDay(now);
    // The week before this one is reconciled on the first working day that sees it unreported.
    const lastWeek = weekOf(new Date(now.getTime() - 7 * 86_400_000));
    // One statement finds what is missing; once every unit has its reports, that is all a pass does.
    const missing: Array<{ unit_id: string; kind: 'daily' | 'weekly'; period: string }> = await this.ds.query(
      `SELECT u.id AS unit_id, k.kind, k.period FROM unit u CROSS JOIN (VALUES ('daily', $1::varchar), ('weekly', $2::varchar)) AS k(kind, period)
       WHERE u.level = ANY($3) AND NOT EXISTS (SELECT 1 FROM unit_report r WHERE r.kind = k.kind AND r.period = k.period AND r.unit_id = u.id)
       ORDER BY u.id, k.kind`,
      [today, lastWeek, REPORTED_LEVELS],
    );
    let done = 0;
    for (const { unit_id: unitId, kind, period } of missing) {
      const figures = kind === 'daily' ? (m: EntityManager) => this.dailyFigures(m, unitId, now) : (m: EntityManager) => this.weeklyFigures(m, unitId, period);
      if (await this.report(unitId, kind, period, figures)) done += 1;
    }
    return done;
  }

  private report(unitId: string, kind: 'daily' | 'weekly', period: string, figures: (m: EntityManager) => Promise<Record<string, number>>): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const exists = await m.getRepository(UnitReportEntity).existsBy({ unitId, kind, period });
      if (exists) return false;
      const values = await figures(m);
      const claimed: unknown[] = await m.query(
        `INSERT INTO unit_report (kind, period, unit_id, figures) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING unit_id`,
        [kind, period, unitId, JSON.stringify(values)],
      );
      if (claimed.length === 0) return false;
      // Nothing to say about a unit with no work: the report is kept, no one is woken.
      if (values.open > 0 || values.received > 0 || (values.closed ?? 0) > 0) await this.notifications.unitDigest(m, unitId, kind, period, values);
      return true;
    });
  }

  private async dailyFigures(m: EntityManager, unitId: string, now: Date): Promise<Record<string, number>> {
    const [row] = await m.query(
      `SELECT count(*) FILTER (WHERE status = ANY($4))::int AS open,
              count(*) FILTER (WHERE status = ANY($4) AND close_by < $2)::int AS overdue,
              count(*) FILTER (WHERE status = ANY($4) AND close_by >= $2
                               AND to_char((close_by AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD') = $3)::int AS "dueToday",
              count(*) FILTER (WHERE assigned_at >= $2::timestamptz - interval '1 day')::int AS received
       FROM case_file WHERE unit_id = $1`,
      [unitId, now, chinaDate(now), HANDLING_STATUSES],
    );
    return row;
  }

  private async weeklyFigures(m: EntityManager, unitId: string, week: string): Promise<Record<string, number>> {
    const { first, last } = weekDays(week);
    const from = new Date(`${first}T00:00:00+08:00`);
    const to = new Date(`${last}T23:59:59.999+08:00`);
    const [row] = await m.query(
      `SELECT count(*) FILTER (WHERE assigned_at BETWEEN $2 AND $3)::int AS received,
              count(*) FILTER (WHERE closed_at BETWEEN $2 AND $3)::int AS closed,
              count(*) FILTER (WHERE closed_at BETWEEN $2 AND $3 AND closed_at > close_by)::int AS "closedLate",
              count(*) FILTER (WHERE status = ANY($4))::int AS open,
              count(*) FILTER (WHERE status = ANY($4) AND close_by < $3)::int AS overdue,
              coalesce(round(100.0 * count(*) FILTER (WHERE closed_at BETWEEN $2 AND $3 AND revisit_rating IN ('satisfied','basically_satisfied'))
                / nullif(count(*) FILTER (WHERE closed_at BETWEEN $2 AND $3), 0)), 0)::int AS "satisfactionPercent",
              (SELECT count(*) FROM trace_item t WHERE t.unit_id = $1 AND t.created_at BETWEEN $2 AND $3)::int AS "traceItems"
       FROM case_file WHERE unit_id = $1`,
      [unitId, from, to, HANDLING_STATUSES],
    );
    return row;
  }
}
