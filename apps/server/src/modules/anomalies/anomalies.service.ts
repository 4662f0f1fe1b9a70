import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  addCalendarDays,
  answerAnomalies,
  closeReopenAnomaly,
  DEFAULT_ANOMALY_THRESHOLDS,
  deadlineBurstAnomaly,
  linkedRevisitAnomaly,
  type AnomalyDraft,
  type AnomalyKind,
  type AnsweredCase,
  type CaseKind,
} from '@msz/domain';
import { DataSource, MoreThan, Repository, type EntityManager, type FindOptionsWhere } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { AppError, notFound } from '../../common/errors/app-error';
import { PollingWorker } from '../../common/jobs/polling-worker';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { AnomalyFlagEntity, type FlagStatus } from './anomaly-flag.entity';

/** The timeline steps the rules look at; the scan skips the rest. */
const WATCHED = ['answer', 'reopen', 'close', 'revisit'];
const BATCH = 500;
const SETTLE_MS = 30_000;
const ON_THE_SPOT = '当场解决：';

interface Step {
  id: string;
  case_id: string;
  action: string;
  actor_kind: string;
  actor_id: string | null;
  note: string | null;
  at: Date;
}

interface CaseFacts {
  id: string;
  number: string;
  unit_id: string | null;
  kind: CaseKind;
  sub_item: string | null;
  text: string;
}

/**
 * 异常线索: a job reads the timeline entries written since its last pass (a watermark on the entry
 * id), runs the domain's rules on what they touch, and stores each flag once (kind + key unique).
 * Inspectors and the office review them; a unit sees nothing of a flag until it is confirmed.
 */
@Injectable()
export class AnomaliesService extends PollingWorker {
  protected readonly logger = new Logger('Anomalies');
  private readonly thresholds = DEFAULT_ANOMALY_THRESHOLDS;

  constructor(
    private readonly ds: DataSource,
    private readonly taxonomy: TaxonomyService,
    @InjectRepository(AnomalyFlagEntity) private readonly flags: Repository<AnomalyFlagEntity>,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(config.workerPollMs > 0 ? 60_000 : 0);
  }

  protected runDue(): Promise<number> {
    return this.scan(new Date());
  }

  /**
   * Reads what changed since the last pass; returns how many flags it raised. Only entries older
   * than SETTLE_MS at `now` are read: an entry's id is taken before its transaction commits, so a
   * younger entry with a higher id may be visible while a lower one is not yet (tests pass a later `now`).
   */
  async scan(now: Date = new Date()): Promise<number> {
    const settled = new Date(now.getTime() - SETTLE_MS);
    let raised = 0;
    for (;;) {
      const { raised: r, more } = await this.ds.transaction(async (m) => {
        // One scanner at a time; the watermark row is the lock.
        await m.query(`INSERT INTO anomaly_scan (name, last_entry_id) VALUES ('timeline', 0) ON CONFLICT (name) DO NOTHING`);
        const [state] = (await m.query(`SELECT last_entry_id::text AS last FROM anomaly_scan WHERE name = 'timeline' FOR UPDATE`)) as Array<{ last: string }>;
        const rows = (await m.query(
          `SELECT id::text AS id, case_id, action, actor_kind, actor_id, note, at FROM case_timeline WHERE id > $1 AND at <= $2 ORDER BY case_timeline.id LIMIT ${BATCH}`,
          [state.last, settled],
        )) as Step[];
        if (rows.length === 0) return { raised: 0, more: false };
        const drafts = await this.evaluate(m, rows.filter((r) => WATCHED.includes(r.action)));
        const n = await this.raise(m, drafts);
        await m.query(`UPDATE anomaly_scan SET last_entry_id = $1 WHERE name = 'timeline'`, [rows[rows.length - 1].id]);
        return { raised: n, more: rows.length === BATCH };
      });
      raised += r;
      if (!more) return raised;
    }
  }

  private async evaluate(m: EntityManager, steps: Step[]): Promise<AnomalyDraft[]> {
    if (steps.length === 0) return [];
    const caseIds = [...new Set(steps.map((s) => s.case_id))];
    const cases = new Map(
      ((await m.query(`SELECT id, number, unit_id, kind, sub_item, text FROM case_file WHERE id = ANY($1::uuid[])`, [caseIds])) as CaseFacts[]).map((c) => [c.id, c]),
    );
    const drafts: AnomalyDraft[] = [];
    const unitsAnswered = new Map<string, Date>();
    for (const s of steps) {
      const c = cases.get(s.case_id);
      if (!c) continue;
      if (s.action === 'answer') {
        if (c.unit_id) unitsAnswered.set(c.unit_id, unitsAnswered.has(c.unit_id) && unitsAnswered.get(c.unit_id)! < s.at ? unitsAnswered.get(c.unit_id)! : s.at);
        drafts.push(...(await this.answerFlags(m, c, s)));
      } else if (s.action === 'reopen') {
        const reopens = (await m.query(`SELECT at FROM case_timeline WHERE case_id = $1 AND action = 'reopen' ORDER BY case_timeline.id`, [c.id])) as Array<{ at: Date }>;
        const d = closeReopenAnomaly({ caseId: c.id, number: c.number, unitId: c.unit_id, reopens: reopens.map((r) => r.at) }, this.thresholds);
        if (d) drafts.push(d);
      }
      if (s.actor_kind === 'resident' && (s.action === 'close' || s.action === 'reopen' || s.action === 'revisit') && c.unit_id) {
        const staff = (await m.query(`SELECT id, display_name AS name, openid, phone FROM staff_user WHERE unit_id = $1`, [c.unit_id])) as Array<{ id: string; name: string; openid: string | null; phone: string | null }>;
        const [account] = (await m.query(`SELECT phone FROM resident_account WHERE openid = $1`, [s.actor_id])) as Array<{ phone: string }>;
        const d = linkedRevisitAnomaly({ caseId: c.id, number: c.number, unitId: c.unit_id, entryId: s.id, openid: s.actor_id, phone: account?.phone ?? null }, staff);
        if (d) drafts.push(d);
      }
    }
    for (const [unitId, since] of unitsAnswered) {
      const from = new Date(since.getTime() - this.thresholds.deadlineBurst.windowHours * 3_600_000);
      const rows = (await m.query(
        `SELECT c.id, c.number, t.at, c.close_by FROM case_timeline t JOIN case_file c ON c.id = t.case_id
          WHERE t.action = 'answer' AND c.unit_id = $1 AND t.at >= $2 AND c.close_by IS NOT NULL ORDER BY t.at`,
        [unitId, from],
      )) as Array<{ id: string; number: string; at: Date; close_by: Date }>;
      const d = deadlineBurstAnomaly(unitId, rows.map((r) => ({ caseId: r.id, number: r.number, answeredAt: r.at, closeBy: r.close_by })), this.thresholds);
      if (d) drafts.push(d);
    }
    return drafts;
  }

  private async answerFlags(m: EntityManager, c: CaseFacts, s: Step): Promise<AnomalyDraft[]> {
    const note = s.note ?? '';
    const onTheSpot = note.startsWith(ON_THE_SPOT);
    const [signed] = (await m.query(`SELECT max(at) AS at FROM case_timeline WHERE case_id = $1 AND action = 'sign_for' AND id < $2`, [c.id, s.id])) as Array<{ at: Date | null }>;
    const category = c.sub_item ? (this.taxonomy.current().subItems.find((i) => i.code === c.sub_item)?.category ?? null) : null;
    const answered: AnsweredCase = {
      caseId: c.id,
      number: c.number,
      unitId: c.unit_id,
      kind: c.kind,
      category,
      demand: c.text,
      answer: onTheSpot ? note.slice(ON_THE_SPOT.length) : note,
      signedForAt: signed?.at ?? null,
      answeredAt: s.at,
      onTheSpot,
    };
    const since = new Date(s.at.getTime() - this.thresholds.copiedAnswer.lookbackDays * 86_400_000);
    const others = (await m.query(
      `SELECT t.case_id, c.number, c.unit_id, t.note, t.at FROM case_timeline t JOIN case_file c ON c.id = t.case_id
        WHERE t.action = 'answer' AND t.at >= $1 AND t.case_id <> $2 AND t.id < $3 ORDER BY t.id DESC LIMIT 2000`,
      [since, c.id, s.id],
    )) as Array<{ case_id: string; number: string; unit_id: string | null; note: string | null; at: Date }>;
    return answerAnomalies(
      answered,
      others.map((o) => ({ caseId: o.case_id, number: o.number, unitId: o.unit_id, answer: (o.note ?? '').replace(ON_THE_SPOT, ''), answeredAt: o.at })),
      this.thresholds,
    );
  }

  /** Stores the drafts not raised before; returns how many were new. */
  async raise(m: EntityManager, drafts: readonly AnomalyDraft[]): Promise<number> {
    let n = 0;
    for (const d of drafts) {
      const inserted = (await m.query(
        `INSERT INTO anomaly_flag (kind, key, unit_id, case_id, evidence) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (kind, key) DO NOTHING RETURNING id`,
        [d.kind, d.key, d.unitId, d.caseId, JSON.stringify(d.evidence)],
      )) as unknown[];
      n += inserted.length;
    }
    return n;
  }

  list(q: { status?: FlagStatus; kind?: AnomalyKind }): Promise<AnomalyFlagEntity[]> {
    const where: FindOptionsWhere<AnomalyFlagEntity> = { ...(q.status ? { status: q.status } : {}), ...(q.kind ? { kind: q.kind } : {}) };
    return this.flags.find({ where, order: { createdAt: 'DESC' }, take: 200 });
  }

  async get(id: string): Promise<AnomalyFlagEntity> {
    return (await this.flags.findOneBy({ id })) ?? Promise.reject(notFound('flag'));
  }

  /** The inspector's verdict, once: an open flag becomes confirmed or dismissed, with their note. */
  async review(staff: StaffPrincipal, id: string, status: Exclude<FlagStatus, 'open'>, note: string): Promise<AnomalyFlagEntity> {
    return this.ds.transaction(async (m) => {
      const flag = await m.getRepository(AnomalyFlagEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!flag) throw notFound('flag');
      if (flag.status !== 'open') throw new AppError('CONFLICT', `the flag was already ${flag.status}`);
      Object.assign(flag, { status, reviewNote: note.trim(), reviewedBy: staff.id, reviewedAt: new Date() });
      return m.getRepository(AnomalyFlagEntity).save(flag);
    });
  }

  /**
   * 核实问题 per unit: the flags inspectors confirmed between two Beijing dates (both inclusive), for
   * the red and black list's quality standard. Flags with no unit (none today) count for nobody.
   */
  async confirmedCountsByUnit(from: string, to: string): Promise<Map<string, number>> {
    const rows = (await this.flags.query(
      `SELECT unit_id, count(*)::int AS n FROM anomaly_flag
        WHERE status = 'confirmed' AND unit_id IS NOT NULL AND reviewed_at >= $1::timestamptz AND reviewed_at < $2::timestamptz
        GROUP BY unit_id`,
      [`${from}T00:00:00+08:00`, `${addCalendarDays(to, 1)}T00:00:00+08:00`],
    )) as Array<{ unit_id: string; n: number }>;
    return new Map(rows.map((r) => [r.unit_id, r.n]));
  }

  /** Confirmed flags reviewed after `since`, oldest first: what the supervision list takes in as items. */
  confirmedFlagsSince(since: Date): Promise<AnomalyFlagEntity[]> {
    return this.flags.find({ where: { status: 'confirmed', reviewedAt: MoreThan(since) }, order: { reviewedAt: 'ASC' } });
  }
}
