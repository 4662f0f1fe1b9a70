import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['indicator_daily', 'indicator_monthly', 'indicator_group_daily', 'indicator_group_monthly'];
/** Each grouping and the wide rows' column it takes its value from, as they were when this migration was written. */
const GROUPINGS: Array<[string, string]> = [
  ['none', `''`],
  ['unit', `coalesce(unit_id::text, '')`],
  ['town', `coalesce(town_id::text, '')`],
  ['village', `coalesce(village_id::text, '')`],
  ['category', `coalesce(category, '')`],
  ['kind', 'kind'],
  ['channel', 'channel'],
];

/**
 * A counter the reads need to leave pending deadlines out: `extendedOnTime`, the extended cases
 * answered by their deadline (the part of `extendedCases` already met, as `closeOnTime` is of
 * `closeDue`). A case has one closing deadline, so on its closing day (either basis) it adds at most
 * 1 to `closeOnTime` and to `extendedCases`, and the new counter is the smaller of the two: each
 * case's stored contribution gets it, the wide daily rows are its sums, and the monthly and narrow
 * rows are summed from those, as the job keeps them; `pnpm indicators:verify` checks all of it.
 */
export class ExtendedOnTime1795687100000 implements MigrationInterface {
  name = 'ExtendedOnTime1795687100000';

  async up(q: QueryRunner): Promise<void> {
    for (const t of TABLES) await q.query(`ALTER TABLE "${t}" ADD "extended_on_time" integer NOT NULL DEFAULT '0'`);

    // Each case's contribution: basis → day → non-zero counters.
    await q.query(
      `UPDATE indicator_case ic SET contribution = (
         SELECT jsonb_object_agg(b.key, (
           SELECT coalesce(jsonb_object_agg(d.key, CASE WHEN n.v > 0 THEN d.value || jsonb_build_object('extendedOnTime', n.v) ELSE d.value END), '{}'::jsonb)
             FROM jsonb_each(b.value) d
             CROSS JOIN LATERAL (SELECT least(coalesce((d.value->>'closeOnTime')::int, 0), coalesce((d.value->>'extendedCases')::int, 0)) AS v) n))
           FROM jsonb_each(ic.contribution) b)
        WHERE ic.contribution::text LIKE '%extendedCases%'`,
    );
    await q.query(
      `UPDATE indicator_daily t SET extended_on_time = s.n
         FROM (SELECT b.key AS basis, d.key::date AS day, ic.keys, sum((d.value->>'extendedOnTime')::int)::int AS n
                 FROM indicator_case ic, jsonb_each(ic.contribution) b, jsonb_each(b.value) d
                WHERE d.value ? 'extendedOnTime'
                GROUP BY 1, 2, 3) s
        WHERE t.basis = s.basis AND t.day = s.day AND t.keys = s.keys`,
    );
    await q.query(
      `UPDATE indicator_monthly t SET extended_on_time = s.n
         FROM (SELECT basis, date_trunc('month', day)::date AS month, keys, sum(extended_on_time)::int AS n
                 FROM indicator_daily WHERE extended_on_time <> 0 GROUP BY 1, 2, 3) s
        WHERE t.basis = s.basis AND t.month = s.month AND t.keys = s.keys`,
    );
    for (const [table, wide, period] of [
      ['indicator_group_daily', 'indicator_daily', 'day'],
      ['indicator_group_monthly', 'indicator_monthly', 'month'],
    ]) {
      for (const [grouping, value] of GROUPINGS) {
        await q.query(
          `UPDATE "${table}" t SET extended_on_time = s.n
             FROM (SELECT basis, ${period} AS period, ${value} AS value, sum(extended_on_time)::int AS n
                     FROM "${wide}" WHERE extended_on_time <> 0 GROUP BY 1, 2, 3) s
            WHERE t.basis = s.basis AND t.grouping = '${grouping}' AND t.${period} = s.period AND t.value = s.value`,
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE indicator_case ic SET contribution = (
         SELECT jsonb_object_agg(b.key, (SELECT coalesce(jsonb_object_agg(d.key, d.value - 'extendedOnTime'), '{}'::jsonb) FROM jsonb_each(b.value) d))
           FROM jsonb_each(ic.contribution) b)
        WHERE ic.contribution::text LIKE '%extendedOnTime%'`,
    );
    for (const t of [...TABLES].reverse()) await q.query(`ALTER TABLE "${t}" DROP COLUMN "extended_on_time"`);
  }
}
