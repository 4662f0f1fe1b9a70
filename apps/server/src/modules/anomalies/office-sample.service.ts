import { Inject, Injectable, Logger } from '@nestjs/common';
import { addCalendarDays, DEFAULT_ANOMALY_THRESHOLDS, drawSample, sampleDisagreementAnomaly, satisfactionGapAnomaly, mondayOf, type RevisitRating } from '@msz/domain';
import { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { AppError, notFound } from '../../common/errors/app-error';
import { PollingWorker } from '../../common/jobs/polling-worker';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AnomaliesService } from './anomalies.service';
import { OfficeSampleEntity } from './office-sample.entity';

/**
 * 办公室抽样回访: each week a seeded draw (the week is the seed, the size is data) of the cases closed
 * the week before becomes phone tasks for the office; what the resident tells the office is set
 * beside their own answer, and a disagreement, or a unit's satisfaction far above the office's
 * finding, becomes a flag.
 */
@Injectable()
export class OfficeSampleService extends PollingWorker {
  protected readonly logger = new Logger('OfficeSample');
  private readonly thresholds = DEFAULT_ANOMALY_THRESHOLDS;

  constructor(
    private readonly ds: DataSource,
    private readonly anomalies: AnomaliesService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // A weekly draw: a look every hour is plenty (drawing again adds nothing).
    super(config.workerPollMs > 0 ? 3_600_000 : 0);
  }

  protected async runDue(): Promise<number> {
    return (await this.drawWeekly(new Date())).drawn;
  }

  /** Draws last week's sample (relative to `now`), once: drawing again adds nothing. Returns the week and how many were drawn. */
  async drawWeekly(now: Date): Promise<{ week: string; drawn: number }> {
    const week = addCalendarDays(mondayOf(now), -7);
    const closed = (await this.ds.query(
      `SELECT id FROM case_file WHERE status = 'closed' AND revisit_rating IS NOT NULL AND closed_at >= $1::timestamptz AND closed_at < $2::timestamptz`,
      [`${week}T00:00:00+08:00`, `${addCalendarDays(week, 7)}T00:00:00+08:00`],
    )) as Array<{ id: string }>;
    const ids = drawSample(
      closed.map((c) => c.id),
      week,
      this.thresholds.officeSample.size,
    );
    if (ids.length === 0) return { week, drawn: 0 };
    const inserted = (await this.ds.query(
      `INSERT INTO office_sample (week, case_id, unit_id, resident_rating, resident_solved)
       SELECT $1, id, unit_id, revisit_rating, revisit_solved FROM case_file WHERE id = ANY($2::uuid[])
       ON CONFLICT (week, case_id) DO NOTHING RETURNING id`,
      [week, ids],
    )) as unknown[];
    return { week, drawn: inserted.length };
  }

  /** The office's phone tasks: open ones first, then the recorded. */
  tasks(week?: string): Promise<Array<OfficeSampleEntity & { number: string }>> {
    return this.ds.query(
      `SELECT s.id, s.week, s.case_id AS "caseId", c.number, s.unit_id AS "unitId", s.office_rating AS "officeRating", s.office_solved AS "officeSolved",
              s.office_note AS "officeNote", s.recorded_at AS "recordedAt"
         FROM office_sample s JOIN case_file c ON c.id = s.case_id
        WHERE ($1::text IS NULL OR s.week = $1) ORDER BY s.recorded_at NULLS FIRST, s.week DESC, c.number LIMIT 500`,
      [week ?? null],
    );
  }

  /** What the resident told the office, once; compared with their own answer. */
  async record(staff: StaffPrincipal, id: string, answer: { rating: RevisitRating; solved: boolean; note?: string }): Promise<OfficeSampleEntity> {
    return this.ds.transaction(async (m) => {
      const s = await m.getRepository(OfficeSampleEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!s) throw notFound('sample');
      if (s.recordedAt) throw new AppError('CONFLICT', 'the sample call was already recorded');
      Object.assign(s, { officeRating: answer.rating, officeSolved: answer.solved, officeNote: answer.note?.trim() || null, recordedBy: staff.id, recordedAt: new Date() });
      await m.getRepository(OfficeSampleEntity).save(s);
      const [{ number }] = (await m.query(`SELECT number FROM case_file WHERE id = $1`, [s.caseId])) as Array<{ number: string }>;
      const drafts = [
        sampleDisagreementAnomaly({
          sampleId: s.id,
          caseId: s.caseId,
          number,
          unitId: s.unitId,
          resident: { rating: s.residentRating, solved: s.residentSolved },
          office: { rating: answer.rating, solved: answer.solved },
          note: s.officeNote,
        }),
      ];
      if (s.unitId) {
        // The unit's residents that week against the office's calls to the same unit's cases.
        const residents = (await m.query(
          `SELECT revisit_rating AS rating, revisit_solved AS solved FROM case_file
            WHERE unit_id = $1 AND status = 'closed' AND revisit_rating IS NOT NULL AND closed_at >= $2::timestamptz AND closed_at < $3::timestamptz`,
          [s.unitId, `${s.week}T00:00:00+08:00`, `${addCalendarDays(s.week, 7)}T00:00:00+08:00`],
        )) as Array<{ rating: RevisitRating; solved: boolean | null }>;
        const office = (await m.query(`SELECT office_rating AS rating, office_solved AS solved FROM office_sample WHERE unit_id = $1 AND week = $2 AND recorded_at IS NOT NULL`, [s.unitId, s.week])) as Array<{
          rating: RevisitRating;
          solved: boolean | null;
        }>;
        drafts.push(satisfactionGapAnomaly(s.unitId, s.week, residents, office, this.thresholds));
      }
      await this.anomalies.raise(m, drafts.filter((d) => d !== null));
      return s;
    });
  }
}
