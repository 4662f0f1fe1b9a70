import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  addCalendarDays,
  chinaDate,
  defaultWarningThresholds,
  detectAreaWarnings,
  surgeDecision,
  WARNING_LEVEL_LABELS,
  workdayDeadline,
  type AreaCount,
  type AreaWarning,
  type WarningThresholds,
} from '@msz/domain';
import { DataSource, In, IsNull, Not, type EntityManager } from 'typeorm';
import { PollingWorker } from '../../common/jobs/polling-worker';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { CalendarService } from '../calendar/calendar.service';
import { OutboxService } from '../notifications/outbox.service';
import { areaWarning, type AreaWarningNotice } from '../notifications/templates';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { StaffUserEntity } from '../units/staff-user.entity';
import { UnitEntity } from '../units/unit.entity';
import { AreaWarningEntity, AreaWarningScanEntity, AreaWarningStepEntity } from './area-warning.entity';

/** The scan's single state row. */
const SCAN_ID = 1;

/**
 * A case's town and sub-item as the surge test counts them: the place the resident named (a village
 * counts for its town), the dispatcher's sub-item or else the classifier's; invalid demands do not count.
 */
const COUNTED_CASES = `
  SELECT CASE WHEN p.level = 'town' THEN p.id ELSE p.parent_id END AS town_id,
         coalesce(c.sub_item, c.suggestion->>'subItem') AS category, c.number, c.accepted_at
  FROM case_file c JOIN unit p ON p.id = c.place_unit_id AND p.level IN ('town', 'village')
  WHERE c.accepted_at >= $1 AND c.accepted_at < $2 AND c.status <> 'invalid'`;

const beijingMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);

/**
 * 红橙黄三色预警 for areas. A pass compares each town's demands per sub-item over the recent window
 * with the town's own baseline (aggregated in SQL over the window only), raises each warning once,
 * upgrades one that grew graver, tells the leaders in charge through the outbox, and sends a
 * warning nobody acknowledged in time to the city leader. The baseline is counted once a day; a
 * pass that finds no new demand in the recent window reads no cases beyond one index-only count.
 */
@Injectable()
export class WarningScanService extends PollingWorker {
  protected readonly logger = new Logger('Warnings');
  private readonly thresholds: WarningThresholds = defaultWarningThresholds();
  /** The stored baseline is trusted only once this process has counted it (new thresholds come with a restart). */
  private baselineCounted = false;

  constructor(
    private readonly ds: DataSource,
    private readonly calendar: CalendarService,
    private readonly taxonomy: TaxonomyService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Surges build over days: every five minutes is soon enough.
    super(config.workerPollMs > 0 ? 300_000 : 0);
  }

  /** One pass at `now` (tests pass the instant they need); returns how many warnings were raised, upgraded or escalated. */
  async runAt(now: Date): Promise<number> {
    return (await this.scan(now)) + (await this.escalateUnacknowledged(now));
  }

  protected runDue(): Promise<number> {
    return this.runAt(new Date());
  }

  private async scan(now: Date): Promise<number> {
    const t = this.thresholds;
    const today = chinaDate(now);
    const recentStart = beijingMidnight(addCalendarDays(today, 1 - t.recentDays));
    const baselineStart = beijingMidnight(addCalendarDays(today, 1 - t.recentDays - t.baselineDays));
    const [{ n, last }]: Array<{ n: number; last: Date | null }> = await this.ds.query(
      `SELECT count(*)::int AS n, max(accepted_at) AS last FROM case_file WHERE accepted_at >= $1 AND accepted_at <= $2`,
      [recentStart, now],
    );
    const fingerprint = `${today}:${n}:${last ? new Date(last).getTime() : 0}`;
    const state = await this.ds.getRepository(AreaWarningScanEntity).findOneBy({ id: SCAN_ID });
    if (state?.recentFingerprint === fingerprint) return 0;

    const baseline = this.baselineCounted && state?.baselineDay === today ? state.baseline : await this.baselineCounts(baselineStart, recentStart);
    this.baselineCounted = true;
    const counts = await this.recentCounts(recentStart, now, baseline);
    let done = 0;
    for (const w of detectAreaWarnings(counts, t)) if (await this.apply(w, now)) done += 1;
    // An upsert: two instances finishing a pass together both land, the later one wins.
    await this.ds.query(
      `INSERT INTO area_warning_scan (id, baseline_day, baseline, recent_fingerprint, evaluated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET baseline_day = EXCLUDED.baseline_day, baseline = EXCLUDED.baseline, recent_fingerprint = EXCLUDED.recent_fingerprint, evaluated_at = EXCLUDED.evaluated_at`,
      [SCAN_ID, today, JSON.stringify(baseline), fingerprint, now],
    );
    return done;
  }

  /** Demands per town and sub-item over the baseline days: fixed for the day, so counted once a day. */
  private async baselineCounts(from: Date, to: Date): Promise<Record<string, number>> {
    const rows: Array<{ town_id: string; category: string; n: number }> = await this.ds.query(
      `SELECT town_id, category, count(*)::int AS n FROM (${COUNTED_CASES}) x WHERE category IS NOT NULL GROUP BY town_id, category`,
      [from, to],
    );
    return Object.fromEntries(rows.map((r) => [`${r.town_id}|${r.category}`, r.n]));
  }

  private async recentCounts(from: Date, now: Date, baseline: Record<string, number>): Promise<AreaCount[]> {
    const rows: Array<{ town_id: string; town_name: string; category: string; n: number; examples: string[] }> = await this.ds.query(
      `SELECT x.town_id, t.name AS town_name, x.category, count(*)::int AS n, (array_agg(x.number ORDER BY x.accepted_at DESC, x.number DESC))[1:$3] AS examples
       FROM (${COUNTED_CASES}) x JOIN unit t ON t.id = x.town_id
       WHERE x.category IS NOT NULL GROUP BY x.town_id, t.name, x.category`,
      [from, new Date(now.getTime() + 1), this.thresholds.exampleCases],
    );
    const names = new Map(this.taxonomy.current().subItems.map((s) => [s.code, s.name]));
    return rows.map((r) => ({
      townId: r.town_id,
      townName: r.town_name,
      category: r.category,
      categoryName: names.get(r.category) ?? r.category,
      recent: r.n,
      baselineTotal: baseline[`${r.town_id}|${r.category}`] ?? 0,
      exampleCases: r.examples,
    }));
  }

  /** Raises, upgrades or leaves a warning, in one transaction with its step and its messages. */
  private apply(w: AreaWarning, now: Date): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const repo = m.getRepository(AreaWarningEntity);
      const latest = await repo.findOne({ where: { scopeKey: w.key }, order: { raisedAt: 'DESC' }, lock: { mode: 'pessimistic_write' } });
      const windowStart = now.getTime() - this.thresholds.recentDays * 86_400_000;
      const decision = surgeDecision(
        w.level,
        latest ? { level: latest.level, status: latest.status, withinWindow: (latest.closedAt ?? latest.upgradedAt ?? latest.raisedAt).getTime() > windowStart } : null,
      );
      if (decision === 'none') return false;
      const ackBy = workdayDeadline(now, this.thresholds.ackWorkdays, this.calendar);
      let warning: AreaWarningEntity;
      if (decision === 'upgrade' && latest) {
        // Still waiting to be signed for: the clock restarts for the graver level.
        const waiting = latest.status === 'open';
        await repo.update({ id: latest.id }, { level: w.level, summary: w.summary, evidence: w.evidence, upgradedAt: now, ...(waiting ? { ackBy, escalatedAt: null } : {}) });
        warning = { ...latest, level: w.level, summary: w.summary, evidence: w.evidence, upgradedAt: now };
      } else {
        const unitIds = await this.unitsInCharge(m, w);
        // Another instance may have raised the same surge a moment ago: the live-scope index keeps one.
        const inserted: Array<{ id: string }> = await m.query(
          `INSERT INTO area_warning (scope, scope_key, level, town_id, category, summary, evidence, unit_ids, status, raised_at, ack_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10) ON CONFLICT (scope_key) WHERE status <> 'closed' DO NOTHING RETURNING id`,
          [w.scope, w.key, w.level, w.townId, w.category, w.summary, JSON.stringify(w.evidence), unitIds, now, ackBy],
        );
        if (inserted.length === 0) return false;
        warning = await repo.findOneByOrFail({ id: inserted[0].id });
      }
      const action = decision === 'upgrade' ? 'upgraded' : 'raised';
      await m.getRepository(AreaWarningStepEntity).insert({ warningId: warning.id, action, level: w.level, note: w.summary, at: now });
      await this.notify(m, warning, action === 'upgraded' ? 'upgraded' : 'raised', await this.leadersInCharge(m, warning));
      return true;
    });
  }

  /** The town for a town warning; the towns named and the sub-item's own department for a city warning. */
  private async unitsInCharge(m: EntityManager, w: AreaWarning): Promise<string[]> {
    if (w.scope === 'town' && w.townId) return [w.townId];
    const ids = w.evidence.towns.map((x) => x.townId);
    const departmentCode = this.taxonomy.current().subItems.find((s) => s.code === w.category)?.departmentCode;
    const department = departmentCode ? await m.getRepository(UnitEntity).findOneBy({ code: departmentCode }) : null;
    return department ? [...ids, department.id] : ids;
  }

  /** The leaders of the units in charge, and the city leader(s): the town's supervisor if it has one, otherwise every city leader. */
  private async leadersInCharge(m: EntityManager, w: AreaWarningEntity): Promise<StaffUserEntity[]> {
    const staff = m.getRepository(StaffUserEntity);
    const reachable = { active: true, openid: Not(IsNull()) };
    const unitLeaders = w.unitIds.length > 0 ? await staff.findBy({ ...reachable, role: 'unit_leader', unitId: In(w.unitIds) }) : [];
    return [...unitLeaders, ...(await this.cityLeaders(m, w))];
  }

  private async cityLeaders(m: EntityManager, w: AreaWarningEntity): Promise<StaffUserEntity[]> {
    const staff = m.getRepository(StaffUserEntity);
    const reachable = { active: true, openid: Not(IsNull()) };
    const town = w.scope === 'town' && w.townId ? await m.getRepository(UnitEntity).findOneBy({ id: w.townId }) : null;
    if (town?.supervisorId) {
      const supervisor = await staff.findBy({ ...reachable, id: town.supervisorId });
      if (supervisor.length > 0) return supervisor;
    }
    return staff.findBy({ ...reachable, role: 'city_leader' });
  }

  private async notify(m: EntityManager, w: AreaWarningEntity, notice: AreaWarningNotice, recipients: StaffUserEntity[]): Promise<void> {
    const body = areaWarning(this.config.wechat, { id: w.id, levelLabel: WARNING_LEVEL_LABELS[w.level], summary: w.summary, raisedAt: w.raisedAt }, notice);
    for (const r of recipients) {
      await this.outbox.enqueue(m, {
        kind: 'area_warning',
        caseId: null,
        touser: r.openid as string,
        channels: [{ via: 'template', body }],
        idempotencyKey: `area_warning:${w.id}:${notice}:${w.level}:${r.id}`,
      });
    }
  }

  /** Warnings nobody signed for by their deadline go to the city leader, once. */
  private async escalateUnacknowledged(now: Date): Promise<number> {
    const due: Array<{ id: string }> = await this.ds.query(`SELECT id FROM area_warning WHERE status = 'open' AND escalated_at IS NULL AND ack_by < $1 ORDER BY ack_by LIMIT 100`, [now]);
    let done = 0;
    for (const { id } of due) {
      const escalated = await this.ds.transaction(async (m) => {
        const [rows]: [AreaWarningEntity[], number] = await m.query(
          `UPDATE area_warning SET escalated_at = $2 WHERE id = $1 AND status = 'open' AND escalated_at IS NULL RETURNING id`,
          [id, now],
        );
        if (rows.length === 0) return false;
        const w = await m.getRepository(AreaWarningEntity).findOneByOrFail({ id });
        await m.getRepository(AreaWarningStepEntity).insert({ warningId: id, action: 'escalated', level: w.level, note: '超过签收时限无人签收，已报分管领导', at: now });
        await this.notify(m, w, 'unacknowledged', await this.cityLeaders(m, w));
        return true;
      });
      if (escalated) done += 1;
    }
    return done;
  }
}
