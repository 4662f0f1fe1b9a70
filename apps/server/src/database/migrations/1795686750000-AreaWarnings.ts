import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AreaWarnings1795686750000 implements MigrationInterface {
  name = 'AreaWarnings1795686750000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "area_warning" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "scope" character varying(8) NOT NULL, "scope_key" character varying(160) NOT NULL, "level" character varying(8) NOT NULL, "town_id" uuid, "category" character varying(64) NOT NULL, "summary" character varying(200) NOT NULL, "evidence" jsonb NOT NULL, "unit_ids" uuid array NOT NULL, "status" character varying(16) NOT NULL, "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL, "upgraded_at" TIMESTAMP WITH TIME ZONE, "ack_by" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "escalated_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7dbd3cc06aa92cffee872b662e8" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_area_warning_ack_due" ON "area_warning" ("ack_by") WHERE status = 'open' AND escalated_at IS NULL`);
    await q.query(`CREATE INDEX "idx_area_warning_raised" ON "area_warning" ("raised_at") `);
    await q.query(`CREATE UNIQUE INDEX "uq_area_warning_live_scope" ON "area_warning" ("scope_key") WHERE status <> 'closed'`);
    await q.query(`CREATE TABLE "area_warning_step" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "warning_id" uuid NOT NULL, "action" character varying(16) NOT NULL, "level" character varying(8) NOT NULL, "note" text, "staff_id" uuid, "staff_name" character varying(64), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1029f7ae04b4069110773cadfb1" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_area_warning_step_warning" ON "area_warning_step" ("warning_id", "at") `);
    await q.query(`CREATE TABLE "area_warning_scan" ("id" smallint NOT NULL, "baseline_day" character varying(10) NOT NULL, "baseline" jsonb NOT NULL, "recent_fingerprint" character varying(100) NOT NULL, "evaluated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_bc12e532369fb5e74b5f2c5c335" PRIMARY KEY ("id"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "area_warning_scan"`);
    await q.query(`DROP INDEX "public"."idx_area_warning_step_warning"`);
    await q.query(`DROP TABLE "area_warning_step"`);
    await q.query(`DROP INDEX "public"."uq_area_warning_live_scope"`);
    await q.query(`DROP INDEX "public"."idx_area_warning_raised"`);
    await q.query(`DROP INDEX "public"."idx_area_warning_ack_due"`);
    await q.query(`DROP TABLE "area_warning"`);
  }
}
