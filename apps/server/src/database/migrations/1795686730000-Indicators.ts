import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Indicators1795686730000 implements MigrationInterface {
  name = 'Indicators1795686730000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "indicator_daily" ("basis" character varying(8) NOT NULL, "day" date NOT NULL, "keys" character varying(200) NOT NULL, "unit_id" uuid, "town_id" uuid, "village_id" uuid, "category" character varying(64), "kind" character varying(16) NOT NULL, "channel" character varying(16) NOT NULL, "accepted" integer NOT NULL DEFAULT '0', "valid" integer NOT NULL DEFAULT '0', "complaints" integer NOT NULL DEFAULT '0', "repeats" integer NOT NULL DEFAULT '0', "repeats_many" integer NOT NULL DEFAULT '0', "repeat_complaints" integer NOT NULL DEFAULT '0', "assign_due" integer NOT NULL DEFAULT '0', "assign_on_time" integer NOT NULL DEFAULT '0', "sign_due" integer NOT NULL DEFAULT '0', "sign_on_time" integer NOT NULL DEFAULT '0', "close_due" integer NOT NULL DEFAULT '0', "close_on_time" integer NOT NULL DEFAULT '0', "extended_cases" integer NOT NULL DEFAULT '0', "extensions" integer NOT NULL DEFAULT '0', "extension_workdays" integer NOT NULL DEFAULT '0', "assignments" integer NOT NULL DEFAULT '0', "returns" integer NOT NULL DEFAULT '0', "answered" integer NOT NULL DEFAULT '0', "cycle_workdays" integer NOT NULL DEFAULT '0', "answered_revisited" integer NOT NULL DEFAULT '0', "revisited" integer NOT NULL DEFAULT '0', "satisfied" integer NOT NULL DEFAULT '0', "basically_satisfied" integer NOT NULL DEFAULT '0', "unsatisfied" integer NOT NULL DEFAULT '0', "solved" integer NOT NULL DEFAULT '0', "first_satisfied" integer NOT NULL DEFAULT '0', "revisit_answers" integer NOT NULL DEFAULT '0', "unsatisfied_answers" integer NOT NULL DEFAULT '0', "reopens" integer NOT NULL DEFAULT '0', "cycle_histogram" integer array NOT NULL, CONSTRAINT "PK_67ef0d6e0be09c937dd013d7b65" PRIMARY KEY ("basis", "day", "keys"))`);
    await q.query(`CREATE INDEX "idx_indicator_daily_town_day" ON "indicator_daily" ("basis", "town_id", "day") `);
    await q.query(`CREATE INDEX "idx_indicator_daily_unit_day" ON "indicator_daily" ("basis", "unit_id", "day") `);
    await q.query(`CREATE TABLE "indicator_case" ("case_id" uuid NOT NULL, "keys" character varying(200) NOT NULL, "contribution" jsonb NOT NULL, "last_step_id" bigint NOT NULL, CONSTRAINT "PK_7d7e84fe6e6fe52e0ff34a3bd28" PRIMARY KEY ("case_id"))`);
    await q.query(`CREATE TABLE "indicator_watermark" ("name" character varying(32) NOT NULL, "last_step_id" bigint NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_015405e46f16c6e8f0dc495fc33" PRIMARY KEY ("name"))`);
    await q.query(`CREATE TABLE "league_week" ("week" character varying(8) NOT NULL, "unit_group" character varying(16) NOT NULL, "approved_by" uuid NOT NULL, "approved_by_name" character varying(64) NOT NULL, "approved_at" TIMESTAMP WITH TIME ZONE NOT NULL, "standards" jsonb NOT NULL, "summary" jsonb NOT NULL, CONSTRAINT "PK_5139191f3666ca8aed7dffa77ca" PRIMARY KEY ("week", "unit_group"))`);
    await q.query(`CREATE TABLE "league_entry" ("week" character varying(8) NOT NULL, "unit_id" uuid NOT NULL, "unit_group" character varying(16) NOT NULL, "unit_name" character varying(100) NOT NULL, "rank" integer, "score" double precision, "list" character varying(8), "due" integer NOT NULL DEFAULT '0', "standards" jsonb NOT NULL, "explanation" text NOT NULL, CONSTRAINT "PK_1d56d0e517dc0d23f56d1f4a61f" PRIMARY KEY ("week", "unit_id"))`);
    await q.query(`CREATE INDEX "idx_league_entry_unit_week" ON "league_entry" ("unit_id", "week") `);
    await q.query(`CREATE INDEX "idx_case_sub_item_accepted" ON "case_file" ("sub_item", "accepted_at") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."idx_case_sub_item_accepted"`);
    await q.query(`DROP INDEX "public"."idx_league_entry_unit_week"`);
    await q.query(`DROP TABLE "league_entry"`);
    await q.query(`DROP TABLE "league_week"`);
    await q.query(`DROP TABLE "indicator_watermark"`);
    await q.query(`DROP TABLE "indicator_case"`);
    await q.query(`DROP INDEX "public"."idx_indicator_daily_unit_day"`);
    await q.query(`DROP INDEX "public"."idx_indicator_daily_town_day"`);
    await q.query(`DROP TABLE "indicator_daily"`);
  }
}
