import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The rollup's counter columns as they were when this migration was written (a migration does not follow later code). */
const COUNTER_NAMES = [
  'accepted', 'valid', 'complaints', 'repeats', 'repeats_many', 'repeat_complaints', 'assign_due', 'assign_on_time', 'sign_due', 'sign_on_time',
  'close_due', 'close_on_time', 'extended_cases', 'extensions', 'extension_workdays', 'assignments', 'returns', 'answered', 'cycle_workdays',
  'answered_revisited', 'revisited', 'satisfied', 'basically_satisfied', 'unsatisfied', 'solved', 'first_satisfied', 'revisit_answers',
  'unsatisfied_answers', 'reopens',
];
/** Each grouping and the wide rows' column it takes its value from, as they were. */
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
 * The narrow rollups: the indicators' counters per grouping alone (and its value) per day and per
 * month, for the city-wide views, which otherwise sum every combination of unit, town, village,
 * category, kind and channel. What the job has counted so far is carried over from the wide rows;
 * `pnpm indicators:verify` checks both against the timeline.
 */

export class NarrowIndicatorRollups1795686910000 implements MigrationInterface {
  name = 'NarrowIndicatorRollups1795686910000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "indicator_group_daily" ("accepted" integer NOT NULL DEFAULT '0', "valid" integer NOT NULL DEFAULT '0', "complaints" integer NOT NULL DEFAULT '0', "repeats" integer NOT NULL DEFAULT '0', "repeats_many" integer NOT NULL DEFAULT '0', "repeat_complaints" integer NOT NULL DEFAULT '0', "assign_due" integer NOT NULL DEFAULT '0', "assign_on_time" integer NOT NULL DEFAULT '0', "sign_due" integer NOT NULL DEFAULT '0', "sign_on_time" integer NOT NULL DEFAULT '0', "close_due" integer NOT NULL DEFAULT '0', "close_on_time" integer NOT NULL DEFAULT '0', "extended_cases" integer NOT NULL DEFAULT '0', "extensions" integer NOT NULL DEFAULT '0', "extension_workdays" integer NOT NULL DEFAULT '0', "assignments" integer NOT NULL DEFAULT '0', "returns" integer NOT NULL DEFAULT '0', "answered" integer NOT NULL DEFAULT '0', "cycle_workdays" integer NOT NULL DEFAULT '0', "answered_revisited" integer NOT NULL DEFAULT '0', "revisited" integer NOT NULL DEFAULT '0', "satisfied" integer NOT NULL DEFAULT '0', "basically_satisfied" integer NOT NULL DEFAULT '0', "unsatisfied" integer NOT NULL DEFAULT '0', "solved" integer NOT NULL DEFAULT '0', "first_satisfied" integer NOT NULL DEFAULT '0', "revisit_answers" integer NOT NULL DEFAULT '0', "unsatisfied_answers" integer NOT NULL DEFAULT '0', "reopens" integer NOT NULL DEFAULT '0', "cycle_histogram" integer array NOT NULL, "basis" character varying(8) NOT NULL, "grouping" character varying(16) NOT NULL, "day" date NOT NULL, "value" character varying(64) NOT NULL, CONSTRAINT "PK_156e5af5ae478a3b172067626f0" PRIMARY KEY ("basis", "grouping", "day", "value"))`);
    await q.query(`CREATE TABLE "indicator_group_monthly" ("accepted" integer NOT NULL DEFAULT '0', "valid" integer NOT NULL DEFAULT '0', "complaints" integer NOT NULL DEFAULT '0', "repeats" integer NOT NULL DEFAULT '0', "repeats_many" integer NOT NULL DEFAULT '0', "repeat_complaints" integer NOT NULL DEFAULT '0', "assign_due" integer NOT NULL DEFAULT '0', "assign_on_time" integer NOT NULL DEFAULT '0', "sign_due" integer NOT NULL DEFAULT '0', "sign_on_time" integer NOT NULL DEFAULT '0', "close_due" integer NOT NULL DEFAULT '0', "close_on_time" integer NOT NULL DEFAULT '0', "extended_cases" integer NOT NULL DEFAULT '0', "extensions" integer NOT NULL DEFAULT '0', "extension_workdays" integer NOT NULL DEFAULT '0', "assignments" integer NOT NULL DEFAULT '0', "returns" integer NOT NULL DEFAULT '0', "answered" integer NOT NULL DEFAULT '0', "cycle_workdays" integer NOT NULL DEFAULT '0', "answered_revisited" integer NOT NULL DEFAULT '0', "revisited" integer NOT NULL DEFAULT '0', "satisfied" integer NOT NULL DEFAULT '0', "basically_satisfied" integer NOT NULL DEFAULT '0', "unsatisfied" integer NOT NULL DEFAULT '0', "solved" integer NOT NULL DEFAULT '0', "first_satisfied" integer NOT NULL DEFAULT '0', "revisit_answers" integer NOT NULL DEFAULT '0', "unsatisfied_answers" integer NOT NULL DEFAULT '0', "reopens" integer NOT NULL DEFAULT '0', "cycle_histogram" integer array NOT NULL, "basis" character varying(8) NOT NULL, "grouping" character varying(16) NOT NULL, "month" date NOT NULL, "value" character varying(64) NOT NULL, CONSTRAINT "PK_61b28c15e65f72440ade2ec6204" PRIMARY KEY ("basis", "grouping", "month", "value"))`);

    const counters = COUNTER_NAMES.join(', ');
    const sums = COUNTER_NAMES.map((c) => `sum(${c})`).join(', ');
    const histogram = `ARRAY[${Array.from({ length: 22 }, (_, i) => `sum(cycle_histogram[${i + 1}])::integer`).join(', ')}]`;
    for (const [table, wide, period] of [
      ['indicator_group_daily', 'indicator_daily', 'day'],
      ['indicator_group_monthly', 'indicator_monthly', 'month'],
    ]) {
      for (const [grouping, value] of GROUPINGS) {
        await q.query(
          `INSERT INTO "${table}" (basis, grouping, ${period}, value, ${counters}, cycle_histogram)
           SELECT basis, '${grouping}', ${period}, ${value}, ${sums}, ${histogram} FROM "${wide}" GROUP BY 1, 3, 4`,
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "indicator_group_monthly"`);
    await q.query(`DROP TABLE "indicator_group_daily"`);
  }
}
