import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The rollup's counter columns as they were when this migration was written (a migration does not follow later code). */
const COUNTER_NAMES = [
  'accepted', 'valid', 'complaints', 'repeats', 'repeats_many', 'repeat_complaints', 'assign_due', 'assign_on_time', 'sign_due', 'sign_on_time',
  'close_due', 'close_on_time', 'extended_cases', 'extensions', 'extension_workdays', 'assignments', 'returns', 'answered', 'cycle_workdays',
  'answered_revisited', 'revisited', 'satisfied', 'basically_satisfied', 'unsatisfied', 'solved', 'first_satisfied', 'revisit_answers',
  'unsatisfied_answers', 'reopens',
];

/**
 * Rollups every dashboard reads: the indicators per month (beside the days), and the heat map per
 * day and per month by place and sub-item, kept by the indicator rollup job with the daily rows.
 */

export class AnalyticsRollups1795686860000 implements MigrationInterface {
  name = 'AnalyticsRollups1795686860000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "indicator_monthly" ("keys" character varying(200) NOT NULL, "unit_id" uuid, "town_id" uuid, "village_id" uuid, "category" character varying(64), "kind" character varying(16) NOT NULL, "channel" character varying(16) NOT NULL, "accepted" integer NOT NULL DEFAULT '0', "valid" integer NOT NULL DEFAULT '0', "complaints" integer NOT NULL DEFAULT '0', "repeats" integer NOT NULL DEFAULT '0', "repeats_many" integer NOT NULL DEFAULT '0', "repeat_complaints" integer NOT NULL DEFAULT '0', "assign_due" integer NOT NULL DEFAULT '0', "assign_on_time" integer NOT NULL DEFAULT '0', "sign_due" integer NOT NULL DEFAULT '0', "sign_on_time" integer NOT NULL DEFAULT '0', "close_due" integer NOT NULL DEFAULT '0', "close_on_time" integer NOT NULL DEFAULT '0', "extended_cases" integer NOT NULL DEFAULT '0', "extensions" integer NOT NULL DEFAULT '0', "extension_workdays" integer NOT NULL DEFAULT '0', "assignments" integer NOT NULL DEFAULT '0', "returns" integer NOT NULL DEFAULT '0', "answered" integer NOT NULL DEFAULT '0', "cycle_workdays" integer NOT NULL DEFAULT '0', "answered_revisited" integer NOT NULL DEFAULT '0', "revisited" integer NOT NULL DEFAULT '0', "satisfied" integer NOT NULL DEFAULT '0', "basically_satisfied" integer NOT NULL DEFAULT '0', "unsatisfied" integer NOT NULL DEFAULT '0', "solved" integer NOT NULL DEFAULT '0', "first_satisfied" integer NOT NULL DEFAULT '0', "revisit_answers" integer NOT NULL DEFAULT '0', "unsatisfied_answers" integer NOT NULL DEFAULT '0', "reopens" integer NOT NULL DEFAULT '0', "cycle_histogram" integer array NOT NULL, "basis" character varying(8) NOT NULL, "month" date NOT NULL, CONSTRAINT "PK_b8dc58b67f880d498501e577079" PRIMARY KEY ("basis", "month", "keys"))`);
    await q.query(`CREATE INDEX "idx_indicator_monthly_town_month" ON "indicator_monthly" ("basis", "town_id", "month") `);
    await q.query(`CREATE INDEX "idx_indicator_monthly_unit_month" ON "indicator_monthly" ("basis", "unit_id", "month") `);
    await q.query(`CREATE TABLE "heatmap_daily" ("keys" character varying(250) NOT NULL, "place_id" uuid, "sub_item" character varying(64), "unit_id" uuid, "kind" character varying(16) NOT NULL, "channel" character varying(16) NOT NULL, "cases" integer NOT NULL DEFAULT '0', "day" date NOT NULL, CONSTRAINT "PK_39f35c33bb27fde764e91906c72" PRIMARY KEY ("day", "keys"))`);
    await q.query(`CREATE TABLE "heatmap_monthly" ("keys" character varying(250) NOT NULL, "place_id" uuid, "sub_item" character varying(64), "unit_id" uuid, "kind" character varying(16) NOT NULL, "channel" character varying(16) NOT NULL, "cases" integer NOT NULL DEFAULT '0', "month" date NOT NULL, CONSTRAINT "PK_cbaa44a8882b3a8921d0c5b1237" PRIMARY KEY ("month", "keys"))`);
    await q.query(`ALTER TABLE "indicator_case" ADD "heat_keys" character varying(250)`);
    await q.query(`ALTER TABLE "indicator_case" ADD "heat_day" date`);

    // What the rollup job has already counted, carried over: the months summed from the days, and
    // the heat map from the cases the job has counted (demands that count, on their Beijing day of
    // acceptance, as the heat map counted them). `pnpm indicators:verify` checks both against the timeline.
    const counters = COUNTER_NAMES.join(', ');
    const sums = COUNTER_NAMES.map((c) => `sum(${c})`).join(', ');
    const histogram = `ARRAY[${Array.from({ length: 22 }, (_, i) => `sum(cycle_histogram[${i + 1}])::integer`).join(', ')}]`;
    await q.query(
      `INSERT INTO "indicator_monthly" (basis, month, keys, unit_id, town_id, village_id, category, kind, channel, ${counters}, cycle_histogram)
       SELECT basis, date_trunc('month', day)::date, keys, unit_id, town_id, village_id, category, kind, channel, ${sums}, ${histogram}
         FROM "indicator_daily" GROUP BY basis, date_trunc('month', day)::date, keys, unit_id, town_id, village_id, category, kind, channel`,
    );
    await q.query(
      `UPDATE "indicator_case" ic
          SET heat_keys = concat_ws('|', coalesce(coalesce(c.place_unit_id, c.unit_id)::text, ''), coalesce(c.sub_item, ''), coalesce(c.unit_id::text, ''), c.kind, c.channel),
              heat_day = (c.accepted_at AT TIME ZONE 'Asia/Shanghai')::date
         FROM "case_file" c
        WHERE c.id = ic.case_id AND c.status NOT IN ('invalid', 'merged')`,
    );
    await q.query(
      `INSERT INTO "heatmap_daily" (day, keys, place_id, sub_item, unit_id, kind, channel, cases)
       SELECT ic.heat_day, ic.heat_keys, coalesce(c.place_unit_id, c.unit_id), c.sub_item, c.unit_id, c.kind, c.channel, count(*)
         FROM "indicator_case" ic JOIN "case_file" c ON c.id = ic.case_id
        WHERE ic.heat_keys IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    );
    await q.query(
      `INSERT INTO "heatmap_monthly" (month, keys, place_id, sub_item, unit_id, kind, channel, cases)
       SELECT date_trunc('month', day)::date, keys, place_id, sub_item, unit_id, kind, channel, sum(cases) FROM "heatmap_daily" GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "indicator_case" DROP COLUMN "heat_day"`);
    await q.query(`ALTER TABLE "indicator_case" DROP COLUMN "heat_keys"`);
    await q.query(`DROP TABLE "heatmap_monthly"`);
    await q.query(`DROP TABLE "heatmap_daily"`);
    await q.query(`DROP INDEX "public"."idx_indicator_monthly_unit_month"`);
    await q.query(`DROP INDEX "public"."idx_indicator_monthly_town_month"`);
    await q.query(`DROP TABLE "indicator_monthly"`);
  }
}
