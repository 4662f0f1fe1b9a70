import { addCounters, BASES, COUNTERS, emptyCounters, isEmptyCounters, type Counters } from '@msz/domain';
import type { DataSource } from 'typeorm';
import { keysText } from './case-contributions';
import { COUNTER_COLUMNS } from './indicator.entities';
import type { IndicatorRollup } from './indicator-rollup.service';

export interface VerifyReport {
  readonly cases: number;
  readonly rows: number;
  /** Rows where the rollups and the recomputation disagree (at most 20 shown). */
  readonly differences: ReadonlyArray<{ basis: string; day: string; keys: string; counter: string; rollup: number | number[]; recomputed: number | number[] }>;
  readonly differingRows: number;
  /** 防篡改: cases left out because their timeline fails the hash chain, by number, with what was found. */
  readonly broken: ReadonlyArray<{ caseId: string; caseNumber: string; faults: string[] }>;
}

const CASES_PER_READ = 1000;

/**
 * Recomputes every case from its whole timeline, sums the days afresh and compares with
 * indicator_daily. The rollups are right only if the two agree row for row. A case whose timeline
 * fails the hash chain counts for nothing in the recomputation and is named in `broken`.
 */
export async function verifyRollups(ds: DataSource, rollup: IndicatorRollup): Promise<VerifyReport> {
  const expected = new Map<string, Counters>();
  let cases = 0;
  const brokenIds = new Map<string, string[]>();
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const ids: Array<{ id: string }> = await ds.query(`SELECT id FROM case_file WHERE id > $1 ORDER BY id LIMIT ${CASES_PER_READ}`, [after]);
    if (ids.length === 0) break;
    after = ids[ids.length - 1].id;
    for (const c of await rollup.reader(ds.manager).of(ids.map((r) => r.id))) {
      cases += 1;
      if (c.faults.length) brokenIds.set(c.caseId, c.faults.map((f) => `${f.kind}: entry #${f.entryId} ${f.detail}`));
      for (const basis of BASES) {
        for (const [day, counters] of c.byBasis[basis]) {
          const key = `${basis}#${day}#${keysText(c.keys)}`;
          expected.set(key, addCounters(expected.get(key) ?? emptyCounters(), counters));
        }
      }
    }
  }
  const columns = Object.entries(COUNTER_COLUMNS);
  const rows: Array<Record<string, unknown>> = await ds.query(
    `SELECT basis, to_char(day, 'YYYY-MM-DD') AS day, keys, ${columns.map(([, c]) => c).join(', ')}, cycle_histogram FROM indicator_daily`,
  );
  const actual = new Map<string, Counters>();
  for (const r of rows) {
    const c = emptyCounters();
    for (const [name, column] of columns) c[name as (typeof COUNTERS)[number]] = Number(r[column]);
    c.cycleHistogram = (r.cycle_histogram as number[]).map(Number);
    if (!isEmptyCounters(c)) actual.set(`${String(r.basis)}#${String(r.day)}#${String(r.keys)}`, c);
  }
  const differences: Array<VerifyReport['differences'][number]> = [];
  let differingRows = 0;
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(key) ?? emptyCounters();
    const got = actual.get(key) ?? emptyCounters();
    if (isEmptyCounters(want) && isEmptyCounters(got)) continue;
    const [basis, day, keys] = key.split('#');
    const diff: Array<VerifyReport['differences'][number]> = COUNTERS.filter((k) => want[k] !== got[k]).map((k) => ({ basis, day, keys, counter: k, rollup: got[k], recomputed: want[k] }));
    if (want.cycleHistogram.join() !== got.cycleHistogram.join()) diff.push({ basis, day, keys, counter: 'cycleHistogram', rollup: got.cycleHistogram, recomputed: want.cycleHistogram });
    if (diff.length) {
      differingRows += 1;
      if (differences.length < 20) differences.push(...diff.slice(0, 20 - differences.length));
    }
  }
  const numbers = brokenIds.size
    ? new Map(((await ds.query(`SELECT id, number FROM case_file WHERE id = ANY($1::uuid[])`, [[...brokenIds.keys()]])) as Array<{ id: string; number: string }>).map((r) => [r.id, r.number]))
    : new Map<string, string>();
  const broken = [...brokenIds].map(([id, faults]) => ({ caseId: id, caseNumber: numbers.get(id) ?? id, faults })).sort((a, b) => a.caseNumber.localeCompare(b.caseNumber));
  return { cases, rows: actual.size, differences, differingRows, broken };
}
