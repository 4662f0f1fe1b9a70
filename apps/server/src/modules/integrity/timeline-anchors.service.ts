import { mkdir, appendFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { addCalendarDays, chinaDate, dailyAnchorHash } from '@msz/domain';
import { Between, DataSource, LessThan } from 'typeorm';
import { PollingWorker } from '../../common/jobs/polling-worker';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { TimelineAnchorEntity } from './timeline-anchor.entity';
import { auditTimeline, readAnchorFile, type AuditReport } from './timeline-audit';

/** A sealed day as the weekly list publishes it. */
export interface DailyAnchor {
  readonly day: string;
  readonly anchor: string;
  readonly prevAnchor: string | null;
  readonly heads: number;
}

/** A sealed day with when it was sealed, as the anchors list shows it. */
export interface SealedAnchor extends DailyAnchor {
  readonly sealedAt: Date;
}

/**
 * 公开核验: one day's anchor and what anyone can check of it without the database's word alone —
 * that its heads still give its hash, that it links to the day before, and that the file kept
 * outside the database holds the same anchor.
 */
export interface AnchorCheck extends SealedAnchor {
  readonly sealIntact: boolean;
  readonly linked: boolean;
  readonly inFile: boolean;
  readonly verified: boolean;
}

/**
 * 每日锚定: after each Beijing day ends, its chain heads are sealed into one hash, kept in the
 * database and appended to a file outside it. Days are sealed in order, each linked to the one
 * before; a day with no entries is sealed too, so the links never skip.
 */
@Injectable()
export class TimelineAnchorsService extends PollingWorker {
  protected readonly logger = new Logger('TimelineAnchors');

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // A day is sealed once it is over: a look every ten minutes is plenty.
    super(config.workerPollMs > 0 ? 600_000 : 0);
  }

  protected runDue(): Promise<number> {
    return this.sealDue(new Date());
  }

  /** Seals every day not sealed yet that ended before `now`; returns how many. */
  async sealDue(now: Date): Promise<number> {
    const lastDay = addCalendarDays(chinaDate(now), -1);
    let sealed = 0;
    for (;;) {
      const done = await this.ds.transaction(async (m) => {
        // One sealer at a time, however many instances run.
        await m.query(`SELECT pg_advisory_xact_lock(hashtext('timeline_anchor'))`);
        const [last] = (await m.query(`SELECT day, anchor FROM timeline_anchor ORDER BY day DESC LIMIT 1`)) as Array<{ day: string; anchor: string }>;
        let day: string;
        if (last) day = addCalendarDays(last.day, 1);
        else {
          const [first] = (await m.query(`SELECT min(at) AS at FROM case_timeline`)) as Array<{ at: Date | null }>;
          if (!first.at) return false;
          day = chinaDate(first.at);
        }
        if (day > lastDay) return false;
        const heads = (await m.query(
          `SELECT DISTINCT ON (case_id) case_id, hash FROM case_timeline
            WHERE at >= $1::timestamptz AND at < $2::timestamptz AND hash IS NOT NULL ORDER BY case_id, id DESC`,
          [`${day}T00:00:00+08:00`, `${addCalendarDays(day, 1)}T00:00:00+08:00`],
        )) as Array<{ case_id: string; hash: string }>;
        const prevAnchor = last?.anchor ?? null;
        const anchor = dailyAnchorHash(day, prevAnchor, heads.map((h) => ({ caseId: h.case_id, hash: h.hash })));
        await m.insert(TimelineAnchorEntity, { day, anchor, prevAnchor, heads: Object.fromEntries(heads.map((h) => [h.case_id, h.hash])) });
        // Appended before the commit: a failed write leaves the day unsealed, to be tried again.
        await mkdir(dirname(this.config.anchorFile), { recursive: true });
        await appendFile(this.config.anchorFile, `${JSON.stringify({ day, anchor, prev: prevAnchor, heads: heads.length })}\n`, { flag: 'a' });
        return true;
      });
      if (!done) return sealed;
      sealed++;
    }
  }

  /** The sealed anchor of a Beijing day (YYYY-MM-DD), for the weekly list to publish; null until sealed. */
  async anchorFor(day: string): Promise<DailyAnchor | null> {
    const row = await this.ds.getRepository(TimelineAnchorEntity).findOneBy({ day });
    return row ? { day: row.day, anchor: row.anchor, prevAnchor: row.prevAnchor, heads: Object.keys(row.heads).length } : null;
  }

  /** The sealed days from `from` to `to` (YYYY-MM-DD, Beijing), oldest first. */
  async anchorsBetween(from: string, to: string): Promise<SealedAnchor[]> {
    const rows = await this.ds.getRepository(TimelineAnchorEntity).find({ where: { day: Between(from, to) }, order: { day: 'ASC' } });
    return rows.map((row) => ({ day: row.day, anchor: row.anchor, prevAnchor: row.prevAnchor, heads: Object.keys(row.heads).length, sealedAt: row.sealedAt }));
  }

  /** One day's anchor with its checks; null until the day is sealed. */
  async check(day: string): Promise<AnchorCheck | null> {
    const repo = this.ds.getRepository(TimelineAnchorEntity);
    const row = await repo.findOneBy({ day });
    if (!row) return null;
    const before = await repo.findOne({ where: { day: LessThan(day) }, order: { day: 'DESC' } });
    const kept = (await readAnchorFile(this.config.anchorFile)).find((l) => l.day === day);
    const heads = Object.entries(row.heads).map(([caseId, hash]) => ({ caseId, hash }));
    const sealIntact = dailyAnchorHash(row.day, row.prevAnchor, heads) === row.anchor;
    const linked = row.prevAnchor === (before?.anchor ?? null);
    const inFile = kept?.anchor === row.anchor;
    return { day, anchor: row.anchor, prevAnchor: row.prevAnchor, heads: heads.length, sealedAt: row.sealedAt, sealIntact, linked, inFile, verified: sealIntact && linked && inFile };
  }

  /** Everything `pnpm audit:verify` checks. */
  verify(): Promise<AuditReport> {
    return auditTimeline(this.ds, this.config.anchorFile);
  }
}
