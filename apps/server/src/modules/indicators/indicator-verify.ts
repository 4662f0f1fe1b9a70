import { addCounters, BASES, COUNTERS, emptyCounters, isEmptyCounters, type Counters } from '@msz/domain';
import type { DataSource } from 'typeorm';
import { groupValues, heatKeysText, keysText } from './case-contributions';
import { COUNTER_COLUMNS } from './indicator.entities';
import { monthOf, type IndicatorRollup } from './indicator-rollup.service';

/** The rollup tables verify compares, each with a recomputation of its own. */
export type RollupTable = 'indicator_daily' | 'indicator_monthly' | 'indicator_group_daily' | 'indicator_group_monthly' | 'heatmap_daily' | 'heatmap_monthly';

export interface VerifyDifference {
  table: RollupTable;
  basis: string;
  day: string;
  keys: string;
  counter: string;
  rollup: number | number[];
  recomputed: number | number[];
}

export interface VerifyReport {
  readonly cases: number;
  /** Non-empty rows compared, all tables together. */
  readonly rows: number;
  /** Rows where the rollups and the recomputation disagree (at most 20 shown). */
  readonly differences: readonly VerifyDifference[];
  readonly differingRows: number;
  /** 防篡改: cases left out because their timeline fails the hash chain, by number, with what was found. */
  readonly broken: ReadonlyArray<{ caseId: string; caseNumber: string; faults: string[] }>;
}

export interface VerifyOptions {
  /**
   * Only the cases this unit leads and the rollup rows filed under it (every wide row carries its
   * lead unit; of the narrow rows, the unit grouping's rows of this unit): a sample a large
   * database can afford, exact for that unit.
   */
  unitId?: string;
}

const CASES_PER_READ = 1000;

/**
 * Recomputes every case from its whole timeline, sums the days and months afresh and compares
 * with indicator_daily, indicator_monthly, the narrow indicator_group_daily and
 * indicator_group_monthly, heatmap_daily and heatmap_monthly. The rollups are right
 * only if the two agree row for row. A case whose timeline fails the hash chain counts for nothing
 * in the recomputation and is named in `broken`.
 */
export async function verifyRollups(ds: DataSource, rollup: IndicatorRollup, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const expected = {
    indicator_daily: new Map<string, Counters>(),
    indicator_monthly: new Map<string, Counters>(),
    indicator_group_daily: new Map<string, Counters>(),
    indicator_group_monthly: new Map<string, Counters>(),
  };
  const expectedHeat = { heatmap_daily: new Map<string, number>(), heatmap_monthly: new Map<string, number>() };
  let cases = 0;
  const brokenIds = new Map<string, string[]>();
  let after = '00000000-0000-0000-0000-000000000000';
  const unitFilter = opts.unitId ? 'AND unit_id = $2' : '';
  const unitParam = opts.unitId ? [opts.unitId] : [];
  for (;;) {
    const ids: Array<{ id: string }> = await ds.query(`SELECT id FROM case_file WHERE id > $1 ${unitFilter} ORDER BY id LIMIT ${CASES_PER_READ}`, [after, ...unitParam]);
    if (ids.length === 0) break;
    after = ids[ids.length - 1].id;
    for (const c of await rollup.reader(ds.manager).of(ids.map((r) => r.id))) {
      cases += 1;
      if (c.faults.length) brokenIds.set(c.caseId, c.faults.map((f) => `${f.kind}: entry #${f.entryId} ${f.detail}`));
      for (const basis of BASES) {
        for (const [day, counters] of c.byBasis[basis]) {
          for (const [table, period] of [
            ['indicator_daily', day],
            ['indicator_monthly', monthOf(day)],
          ] as const) {
            const key = `${basis}#${period}#${keysText(c.keys)}`;
            expected[table].set(key, addCounters(expected[table].get(key) ?? emptyCounters(), counters));
          }
          // The narrow rows, recomputed on their own from the same counters (a unit's sample: its unit rows only).
          for (const [grouping, value] of groupValues(c.keys)) {
            if (opts.unitId && (grouping !== 'unit' || value !== opts.unitId)) continue;
            for (const [table, period] of [
              ['indicator_group_daily', day],
              ['indicator_group_monthly', monthOf(day)],
            ] as const) {
              const key = `${basis}#${period}#${grouping}|${value}`;
              expected[table].set(key, addCounters(expected[table].get(key) ?? emptyCounters(), counters));
            }
          }
        }
      }
      if (c.heat) {
        for (const [table, period] of [
          ['heatmap_daily', c.heat.day],
          ['heatmap_monthly', monthOf(c.heat.day)],
        ] as const) {
          const key = `-#${period}#${heatKeysText(c.heat.keys)}`;
          expectedHeat[table].set(key, (expectedHeat[table].get(key) ?? 0) + 1);
        }
      }
    }
  }

  const differences: VerifyDifference[] = [];
  let differingRows = 0;
  let compared = 0;
  const note = (diff: VerifyDifference[]) => {
    if (diff.length === 0) return;
    differingRows += 1;
    if (differences.length < 20) differences.push(...diff.slice(0, 20 - differences.length));
  };
  const rowFilter = opts.unitId ? 'WHERE unit_id = $1' : '';

  const columns = Object.entries(COUNTER_COLUMNS);
  for (const [table, period] of [
    ['indicator_daily', 'day'],
    ['indicator_monthly', 'month'],
    ['indicator_group_daily', 'day'],
    ['indicator_group_monthly', 'month'],
  ] as const) {
    const narrow = table.startsWith('indicator_group');
    // A narrow row's keys are its grouping and value.
    const keys = narrow ? `grouping || '|' || value` : 'keys';
    const filter = narrow ? (opts.unitId ? `WHERE grouping = 'unit' AND value = $1` : '') : rowFilter;
    const rows: Array<Record<string, unknown>> = await ds.query(
      `SELECT basis, to_char(${period}, 'YYYY-MM-DD') AS day, ${keys} AS keys, ${columns.map(([, c]) => c).join(', ')}, cycle_histogram FROM ${table} ${filter}`,
      unitParam,
    );
    const actual = new Map<string, Counters>();
    for (const r of rows) {
      const c = emptyCounters();
      for (const [name, column] of columns) c[name as (typeof COUNTERS)[number]] = Number(r[column]);
      c.cycleHistogram = (r.cycle_histogram as number[]).map(Number);
      if (!isEmptyCounters(c)) actual.set(`${String(r.basis)}#${String(r.day)}#${String(r.keys)}`, c);
    }
    compared += actual.size;
    for (const key of new Set([...expected[table].keys(), ...actual.keys()])) {
      const want = expected[table].get(key) ?? emptyCounters();
      const got = actual.get(key) ?? emptyCounters();
      if (isEmptyCounters(want) && isEmptyCounters(got)) continue;
      const [basis, day, keys] = key.split('#');
      const diff: VerifyDifference[] = COUNTERS.filter((k) => want[k] !== got[k]).map((k) => ({ table, basis, day, keys, counter: k, rollup: got[k], recomputed: want[k] }));
      if (want.cycleHistogram.join() !== got.cycleHistogram.join()) diff.push({ table, basis, day, keys, counter: 'cycleHistogram', rollup: got.cycleHistogram, recomputed: want.cycleHistogram });
      note(diff);
    }
  }

  for (const [table, period] of [
    ['heatmap_daily', 'day'],
    ['heatmap_monthly', 'month'],
  ] as const) {
    const rows: Array<{ day: string; keys: string; cases: number }> = await ds.query(
      `SELECT to_char(${period}, 'YYYY-MM-DD') AS day, keys, cases FROM ${table} ${rowFilter ? `${rowFilter} AND` : 'WHERE'} cases <> 0`,
      unitParam,
    );
    const actual = new Map(rows.map((r) => [`-#${r.day}#${r.keys}`, Number(r.cases)]));
    compared += actual.size;
    for (const key of new Set([...expectedHeat[table].keys(), ...actual.keys()])) {
      const want = expectedHeat[table].get(key) ?? 0;
      const got = actual.get(key) ?? 0;
      const [, day, keys] = key.split('#');
      note(want === got ? [] : [{ table, basis: '-', day, keys, counter: 'cases', rollup: got, recomputed: want }]);
    }
  }
  const numbers = brokenIds.size
    ? new Map(((await ds.query(`SELECT id, number FROM case_file WHERE id = ANY($1::uuid[])`, [[...brokenIds.keys()]])) as Array<{ id: string; number: string }>).map((r) => [r.id, r.number]))
    : new Map<string, string>();
  const broken = [...brokenIds].map(([id, faults]) => ({ caseId: id, caseNumber: numbers.get(id) ?? id, faults })).sort((a, b) => a.caseNumber.localeCompare(b.caseNumber));
  return { cases, rows: compared, differences, differingRows, broken };
}
