import { Inject, Injectable, Logger } from '@nestjs/common';
import { addCounters, BASES, COUNTERS, deadlinePolicy, emptyCounters, isEmptyCounters, type Basis, type Counters } from '@msz/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { PollingWorker } from '../../common/jobs/polling-worker';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { CalendarService } from '../calendar/calendar.service';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import {
  ContributionReader,
  groupValues,
  heatKeysFromText,
  heatKeysText,
  keysFromText,
  keysText,
  storedContribution,
  type CaseContribution,
  type HeatKeys,
  type RollupGrouping,
  type RollupKeys,
  type StoredContribution,
} from './case-contributions';
import { COUNTER_COLUMNS } from './indicator.entities';

const WATERMARK = 'rollup';
/** Cases recomputed per transaction. */
const BATCH = 500;
/**
 * Timeline ids are handed out when a step is inserted but become visible when its transaction
 * commits, so a slow transaction can commit an id below one already read. Each pass looks this
 * many ids back as well; a case is recomputed only if it has a step newer than its stored one.
 */
export const LOOK_BACK_IDS = 5000;
/** How far past the watermark a pass looks, so a pass reads a bounded slice of the timeline however long it is. */
const WINDOW_IDS = 100_000;

export interface DeltaRow {
  basis: Basis;
  /** The day (or, for the monthly rows, the month's first day). */
  day: string;
  keys: RollupKeys;
  counters: Counters;
}

/** A change to a narrow row: one grouping's value on one day (month). */
export interface GroupDelta {
  basis: Basis;
  day: string;
  grouping: RollupGrouping;
  value: string;
  counters: Counters;
}

interface HeatDelta {
  day: string;
  keys: HeatKeys;
  cases: number;
}

/** The first day of a day's month: the monthly rows' key. */
export const monthOf = (day: string): string => `${day.slice(0, 7)}-01`;

/** The daily deltas summed per month: what the monthly rows change by, in the same transaction. */
function monthly(deltas: Iterable<DeltaRow>): DeltaRow[] {
  const out = new Map<string, DeltaRow>();
  for (const d of deltas) {
    const month = monthOf(d.day);
    const id = `${d.basis}#${month}#${keysText(d.keys)}`;
    const entry = out.get(id) ?? { basis: d.basis, day: month, keys: d.keys, counters: emptyCounters() };
    addCounters(entry.counters, d.counters);
    out.set(id, entry);
  }
  return [...out.values()];
}

/**
 * The wide deltas as the narrow rows change: each wide row adds to one row per grouping. By month
 * when `byMonth`: the narrow monthly rows change by the same sums.
 */
export function groupDeltas(deltas: Iterable<DeltaRow>, byMonth: boolean): GroupDelta[] {
  const out = new Map<string, GroupDelta>();
  for (const d of deltas) {
    const day = byMonth ? monthOf(d.day) : d.day;
    for (const [grouping, value] of groupValues(d.keys)) {
      const id = `${d.basis}#${grouping}#${day}#${value}`;
      const entry = out.get(id) ?? { basis: d.basis, day, grouping, value, counters: emptyCounters() };
      addCounters(entry.counters, d.counters);
      out.set(id, entry);
    }
  }
  return [...out.values()];
}

function countersFromStored(stored: Record<string, number | number[]>): Counters {
  const c = emptyCounters();
  for (const k of COUNTERS) c[k] = Number(stored[k] ?? 0);
  const hist = stored.cycleHistogram;
  if (Array.isArray(hist)) hist.forEach((n, i) => (c.cycleHistogram[i] = n));
  return c;
}

/**
 * Keeps indicator_daily (and indicator_monthly, the narrow indicator_group_daily and
 * indicator_group_monthly, heatmap_daily, heatmap_monthly with it) current: reads the timeline entries after its watermark, recomputes the
 * cases they belong to from their whole timelines (the domain's measures), takes back what each case
 * added before and adds what it adds now. Runs as a polling job; any number of instances may run it
 * (the watermark row is locked for the pass).
 */
@Injectable()
export class IndicatorRollup extends PollingWorker {
  protected readonly logger = new Logger('IndicatorRollup');

  constructor(
    private readonly ds: DataSource,
    private readonly calendar: CalendarService,
    private readonly taxonomy: TaxonomyService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // Dashboards are read in minutes, not seconds: once a minute is plenty.
    super(config.workerPollMs > 0 ? 60_000 : 0);
  }

  protected runDue(): Promise<number> {
    return this.refresh();
  }

  reader(m: EntityManager): ContributionReader {
    const taxonomy = this.taxonomy.current();
    return new ContributionReader(m, { calendar: this.calendar, deadlines: deadlinePolicy(taxonomy), taxonomy });
  }

  /** One pass: every case with a step not yet counted is recounted. Returns how many cases changed. */
  async refresh(): Promise<number> {
    let done = 0;
    for (;;) {
      const n = await this.ds.transaction(async (m) => {
        await m.query(`INSERT INTO indicator_watermark (name, last_step_id) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`, [WATERMARK]);
        const [{ last_step_id: wm }]: Array<{ last_step_id: string }> = await m.query(`SELECT last_step_id FROM indicator_watermark WHERE name = $1 FOR UPDATE`, [WATERMARK]);
        // Cases with a step newer than the one their contribution reflects, oldest first.
        const stale: Array<{ case_id: string; max_id: string }> = await m.query(
          `SELECT t.case_id, max(t.id)::text AS max_id
             FROM case_timeline t
             LEFT JOIN indicator_case ic ON ic.case_id = t.case_id
            WHERE t.id > $1::bigint - ${LOOK_BACK_IDS} AND t.id <= $1::bigint + ${WINDOW_IDS}
            GROUP BY t.case_id, ic.last_step_id
           HAVING ic.last_step_id IS NULL OR max(t.id) > ic.last_step_id
            ORDER BY max(t.id)
            LIMIT ${BATCH}`,
          [wm],
        );
        if (stale.length === 0) {
          // Nothing stale in this window: move on to the next one (a first run over an old timeline walks it window by window).
          const [{ max }]: Array<{ max: string | null }> = await m.query(`SELECT max(id)::text AS max FROM case_timeline`);
          if (!max || BigInt(max) <= BigInt(wm)) return { changed: 0, more: false };
          const next = BigInt(max) < BigInt(wm) + BigInt(WINDOW_IDS) ? BigInt(max) : BigInt(wm) + BigInt(WINDOW_IDS);
          await m.query(`UPDATE indicator_watermark SET last_step_id = $2, updated_at = now() WHERE name = $1`, [WATERMARK, next.toString()]);
          return { changed: 0, more: next < BigInt(max) };
        }
        const ids = stale.map((s) => s.case_id);
        await this.recount(m, ids);
        const newest = stale.reduce((max, s) => (BigInt(s.max_id) > BigInt(max) ? s.max_id : max), wm);
        await m.query(`UPDATE indicator_watermark SET last_step_id = GREATEST(last_step_id, $2::bigint), updated_at = now() WHERE name = $1`, [WATERMARK, newest]);
        return { changed: ids.length, more: true };
      });
      done += n.changed;
      if (!n.more) return done;
    }
  }

  /** Recounts these cases (and later reports of the same problems, whose "repeat" may count them). */
  async recount(m: EntityManager, caseIds: readonly string[]): Promise<void> {
    const reader = this.reader(m);
    const later = await reader.laterSameProblem(caseIds);
    const all = [...new Set([...caseIds, ...later])];
    const fresh = await reader.of(all);
    const old: Array<{ case_id: string; keys: string; contribution: StoredContribution; heat_keys: string | null; heat_day: string | null }> = await m.query(
      `SELECT case_id, keys, contribution, heat_keys, to_char(heat_day, 'YYYY-MM-DD') AS heat_day FROM indicator_case WHERE case_id = ANY($1::uuid[]) FOR UPDATE`,
      [all],
    );
    const delta = new Map<string, DeltaRow>();
    const add = (basis: Basis, day: string, keys: RollupKeys, c: Counters, sign: 1 | -1) => {
      const id = `${basis}#${day}#${keysText(keys)}`;
      const entry = delta.get(id) ?? { basis, day, keys, counters: emptyCounters() };
      addCounters(entry.counters, c, sign);
      delta.set(id, entry);
    };
    for (const o of old) {
      const keys = keysFromText(o.keys);
      for (const basis of BASES) for (const [day, stored] of Object.entries(o.contribution[basis] ?? {})) add(basis, day, keys, countersFromStored(stored), -1);
    }
    for (const f of fresh) for (const basis of BASES) for (const [day, c] of f.byBasis[basis]) add(basis, day, f.keys, c, 1);
    const heat = new Map<string, HeatDelta>();
    const addHeat = (day: string, keys: HeatKeys, n: number) => {
      const id = `${day}#${heatKeysText(keys)}`;
      const entry = heat.get(id) ?? { day, keys, cases: 0 };
      entry.cases += n;
      heat.set(id, entry);
    };
    for (const o of old) if (o.heat_keys && o.heat_day) addHeat(o.heat_day, heatKeysFromText(o.heat_keys), -1);
    for (const f of fresh) if (f.heat) addHeat(f.heat.day, f.heat.keys, 1);
    const heatMonths = new Map<string, HeatDelta>();
    for (const h of heat.values()) {
      const id = `${monthOf(h.day)}#${heatKeysText(h.keys)}`;
      const entry = heatMonths.get(id) ?? { day: monthOf(h.day), keys: h.keys, cases: 0 };
      entry.cases += h.cases;
      heatMonths.set(id, entry);
    }
    await this.applyDelta(m, 'indicator_daily', 'day', [...delta.values()].filter((d) => !isEmptyCounters(d.counters)));
    await this.applyDelta(m, 'indicator_monthly', 'month', monthly(delta.values()).filter((d) => !isEmptyCounters(d.counters)));
    await this.applyGroups(m, 'indicator_group_daily', 'day', groupDeltas(delta.values(), false).filter((d) => !isEmptyCounters(d.counters)));
    await this.applyGroups(m, 'indicator_group_monthly', 'month', groupDeltas(delta.values(), true).filter((d) => !isEmptyCounters(d.counters)));
    await this.applyHeat(m, 'heatmap_daily', 'day', [...heat.values()].filter((h) => h.cases !== 0));
    await this.applyHeat(m, 'heatmap_monthly', 'month', [...heatMonths.values()].filter((h) => h.cases !== 0));
    await this.storeContributions(m, fresh);
    await this.recordBroken(m, all, fresh);
  }

  /**
   * 防篡改: the recounted cases whose chain failed are listed (they added nothing: their old share
   * was taken back above); those recounted whole again leave the list.
   */
  private async recordBroken(m: EntityManager, recounted: readonly string[], fresh: readonly CaseContribution[]): Promise<void> {
    const broken = fresh.filter((f) => f.faults.length > 0);
    const whole = recounted.filter((id) => !broken.some((b) => b.caseId === id));
    if (whole.length) await m.query(`DELETE FROM indicator_broken_case WHERE case_id = ANY($1::uuid[])`, [whole]);
    if (broken.length === 0) return;
    this.logger.warn(`${broken.length} case(s) left out of the indicators: their timeline fails the hash chain`);
    await m.query(
      `INSERT INTO indicator_broken_case (case_id, number, unit_id, faults)
       SELECT c.id, c.number, c.unit_id, b.faults FROM jsonb_to_recordset($1::jsonb) AS b(case_id uuid, faults jsonb) JOIN case_file c ON c.id = b.case_id
       ON CONFLICT (case_id) DO UPDATE SET faults = EXCLUDED.faults, unit_id = EXCLUDED.unit_id, found_at = now()`,
      [JSON.stringify(broken.map((b) => ({ case_id: b.caseId, faults: b.faults.map((f) => ({ kind: f.kind, entryId: f.entryId, detail: f.detail })) })))],
    );
  }

  /** The cases left out of the indicators now, with their units' names, by number. */
  async brokenCases(): Promise<Array<{ caseId: string; number: string; unitName: string | null; faults: Array<{ kind: string; entryId: string; detail: string }>; foundAt: Date }>> {
    const rows = (await this.ds.query(
      `SELECT b.case_id, b.number, u.name AS unit_name, b.faults, b.found_at FROM indicator_broken_case b LEFT JOIN unit u ON u.id = b.unit_id ORDER BY b.number`,
    )) as Array<{ case_id: string; number: string; unit_name: string | null; faults: Array<{ kind: string; entryId: string; detail: string }>; found_at: Date }>;
    return rows.map((r) => ({ caseId: r.case_id, number: r.number, unitName: r.unit_name, faults: r.faults, foundAt: r.found_at }));
  }

  private async storeContributions(m: EntityManager, fresh: readonly CaseContribution[]): Promise<void> {
    for (let i = 0; i < fresh.length; i += 200) {
      const chunk = fresh.slice(i, i + 200);
      const values: unknown[] = [];
      const rows = chunk.map((f, j) => {
        values.push(f.caseId, keysText(f.keys), JSON.stringify(storedContribution(f.byBasis)), f.heat ? heatKeysText(f.heat.keys) : null, f.heat?.day ?? null, f.lastStepId);
        const p = (n: number) => `$${j * 6 + n}`;
        return `(${p(1)}::uuid, ${p(2)}, ${p(3)}::jsonb, ${p(4)}, ${p(5)}::date, ${p(6)}::bigint)`;
      });
      await m.query(
        `INSERT INTO indicator_case (case_id, keys, contribution, heat_keys, heat_day, last_step_id) VALUES ${rows.join(', ')}
         ON CONFLICT (case_id) DO UPDATE SET keys = EXCLUDED.keys, contribution = EXCLUDED.contribution, heat_keys = EXCLUDED.heat_keys, heat_day = EXCLUDED.heat_day,
           last_step_id = GREATEST(indicator_case.last_step_id, EXCLUDED.last_step_id)`,
        values,
      );
    }
  }

  /** Adds each wide delta to its day's (month's) row for its keys, creating the row when it is new. */
  private applyDelta(m: EntityManager, table: 'indicator_daily' | 'indicator_monthly', period: 'day' | 'month', deltas: readonly DeltaRow[]): Promise<void> {
    const keyColumns = ['basis', `${period}::date`, 'keys', 'unit_id::uuid', 'town_id::uuid', 'village_id::uuid', 'category', 'kind', 'channel'];
    const rows = deltas.map((d) => {
      const k = d.keys;
      return { keys: [d.basis, d.day, keysText(k), k.unitId, k.townId, k.villageId, k.category, k.kind, k.channel], counters: d.counters };
    });
    return this.upsertCounters(m, table, keyColumns, ['basis', period, 'keys'], rows);
  }

  /** Adds each narrow delta to its day's (month's) row for its grouping and value, creating the row when it is new. */
  private applyGroups(m: EntityManager, table: 'indicator_group_daily' | 'indicator_group_monthly', period: 'day' | 'month', deltas: readonly GroupDelta[]): Promise<void> {
    const rows = deltas.map((d) => ({ keys: [d.basis, d.grouping, d.day, d.value], counters: d.counters }));
    return this.upsertCounters(m, table, ['basis', 'grouping', `${period}::date`, 'value'], ['basis', 'grouping', period, 'value'], rows);
  }

  /**
   * Adds counters to a rollup table's rows (`column` or `column::type` per key), creating each row
   * when it is new. Sorted by their keys so two passes touching the same rows lock them in the same order.
   */
  private async upsertCounters(m: EntityManager, table: string, keyColumns: readonly string[], conflict: readonly string[], deltas: ReadonlyArray<{ keys: unknown[]; counters: Counters }>): Promise<void> {
    const columns = Object.values(COUNTER_COLUMNS);
    const names = keyColumns.map((k) => k.split('::')[0]);
    const casts = keyColumns.map((k) => (k.includes('::') ? `::${k.split('::')[1]}` : ''));
    const width = keyColumns.length + columns.length + 1;
    const order = (d: { keys: unknown[] }) => d.keys.map((v) => String(v ?? '')).join('#');
    const sorted = [...deltas].sort((a, b) => (order(a) < order(b) ? -1 : 1));
    for (let i = 0; i < sorted.length; i += 500) {
      const chunk = sorted.slice(i, i + 500);
      const values: unknown[] = [];
      const rows = chunk.map((d, j) => {
        values.push(...d.keys);
        for (const name of Object.keys(COUNTER_COLUMNS) as Array<keyof typeof COUNTER_COLUMNS>) values.push(d.counters[name]);
        values.push(d.counters.cycleHistogram);
        const p = (n: number) => `$${j * width + n}`;
        const keys = casts.map((cast, c) => `${p(1 + c)}${cast}`);
        const counters = columns.map((_, c) => `${p(1 + keyColumns.length + c)}::integer`);
        return `(${[...keys, ...counters].join(', ')}, ${p(width)}::integer[])`;
      });
      const sets = columns.map((c) => `${c} = ${table}.${c} + EXCLUDED.${c}`).join(', ');
      await m.query(
        `INSERT INTO ${table} (${names.join(', ')}, ${columns.join(', ')}, cycle_histogram)
         VALUES ${rows.join(', ')}
         ON CONFLICT (${conflict.join(', ')}) DO UPDATE SET ${sets},
           cycle_histogram = ARRAY(SELECT coalesce(a, 0) + coalesce(b, 0) FROM unnest(${table}.cycle_histogram, EXCLUDED.cycle_histogram) WITH ORDINALITY AS t(a, b, i) ORDER BY i)`,
        values,
      );
    }
  }

  /** Adds each heat map delta to its day's (month's) row, creating the row when it is new. */
  private async applyHeat(m: EntityManager, table: 'heatmap_daily' | 'heatmap_monthly', period: 'day' | 'month', deltas: readonly HeatDelta[]): Promise<void> {
    const sorted = [...deltas].sort((a, b) => (`${a.day}#${heatKeysText(a.keys)}` < `${b.day}#${heatKeysText(b.keys)}` ? -1 : 1));
    for (let i = 0; i < sorted.length; i += 1000) {
      const chunk = sorted.slice(i, i + 1000);
      const values: unknown[] = [];
      const rows = chunk.map((d, j) => {
        values.push(d.day, heatKeysText(d.keys), d.keys.placeId, d.keys.subItem, d.keys.unitId, d.keys.kind, d.keys.channel, d.cases);
        const p = (n: number) => `$${j * 8 + n}`;
        return `(${p(1)}::date, ${p(2)}, ${p(3)}::uuid, ${p(4)}, ${p(5)}::uuid, ${p(6)}, ${p(7)}, ${p(8)}::integer)`;
      });
      await m.query(
        `INSERT INTO ${table} (${period}, keys, place_id, sub_item, unit_id, kind, channel, cases) VALUES ${rows.join(', ')}
         ON CONFLICT (${period}, keys) DO UPDATE SET cases = ${table}.cases + EXCLUDED.cases`,
        values,
      );
    }
  }
}

