import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 办公室抽样回访: the weekly sample of closed cases the office phones. */
export class OfficeSample1795686800200 implements MigrationInterface {
  name = 'OfficeSample1795686800200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "office_sample" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "week" character varying(10) NOT NULL, "case_id" uuid NOT NULL, "unit_id" uuid, "resident_rating" character varying(24) NOT NULL, "resident_solved" boolean, "office_rating" character varying(24), "office_solved" boolean, "office_note" text, "recorded_by" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3d38ca79fc36adbfb5a1e5097f1" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_office_sample_week_case" ON "office_sample" ("week", "case_id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."uq_office_sample_week_case"`);
    await q.query(`DROP TABLE "office_sample"`);
  }
}
