import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Workflow1795684600000 implements MigrationInterface {
  name = 'Workflow1795684600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "calendar_override" ("day" date NOT NULL, "workday" boolean NOT NULL, "note" character varying(100), CONSTRAINT "PK_c0ede6457894b02e6671eac8e62" PRIMARY KEY ("day"))`);
    await q.query(`CREATE TABLE "calendar_year" ("year" integer NOT NULL, "entered_by" character varying(64), "entered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4a5f5b39f8e07f51dab5be6fed9" PRIMARY KEY ("year"))`);
    await q.query(`CREATE TABLE "taxonomy_document" ("id" integer NOT NULL DEFAULT '1', "document" jsonb NOT NULL, "updated_by" character varying(64), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4b0e79e3b851f2eb6a3bad71fb5" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "case_escalation" ("case_id" uuid NOT NULL, "level" character varying(16) NOT NULL, "workdays_overdue" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b57e5334dd70fc88d83ca97fa21" PRIMARY KEY ("case_id", "level"))`);
    await q.query(`CREATE TABLE "extension_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "workdays" integer NOT NULL, "reason" text NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "requested_by" uuid NOT NULL, "decided_by" uuid, "decision_note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_fa783aff51254a4e5739909d199" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_95b866aff3d35970a55534b988" ON "extension_request" ("case_id") `);
    await q.query(`CREATE TABLE "unit_report" ("kind" character varying(8) NOT NULL, "period" character varying(10) NOT NULL, "unit_id" uuid NOT NULL, "figures" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22988e312d0c9e9fc79660c0420" PRIMARY KEY ("kind", "period", "unit_id"))`);
    await q.query(`ALTER TABLE "case_file" ADD "sub_item" character varying(64)`);
    await q.query(`ALTER TABLE "case_file" ADD "urgency" character varying(16) NOT NULL DEFAULT 'normal'`);
    await q.query(`ALTER TABLE "case_file" ADD "suggestion" jsonb`);
    await q.query(`ALTER TABLE "case_file" ADD "assigned_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "case_file" ADD "extended_workdays" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "staff_user" ADD "phone" character varying(20)`);
    await q.query(`ALTER TABLE "unit" ADD "supervisor_id" uuid`);
    await q.query(`ALTER TABLE "unit" ADD "sample" boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "unit" DROP COLUMN "sample"`);
    await q.query(`ALTER TABLE "unit" DROP COLUMN "supervisor_id"`);
    await q.query(`ALTER TABLE "staff_user" DROP COLUMN "phone"`);
    await q.query(`ALTER TABLE "case_file" DROP COLUMN "extended_workdays"`);
    await q.query(`ALTER TABLE "case_file" DROP COLUMN "assigned_at"`);
    await q.query(`ALTER TABLE "case_file" DROP COLUMN "suggestion"`);
    await q.query(`ALTER TABLE "case_file" DROP COLUMN "urgency"`);
    await q.query(`ALTER TABLE "case_file" DROP COLUMN "sub_item"`);
    await q.query(`DROP TABLE "unit_report"`);
    await q.query(`DROP INDEX "public"."IDX_95b866aff3d35970a55534b988"`);
    await q.query(`DROP TABLE "extension_request"`);
    await q.query(`DROP TABLE "case_escalation"`);
    await q.query(`DROP TABLE "taxonomy_document"`);
    await q.query(`DROP TABLE "calendar_year"`);
    await q.query(`DROP TABLE "calendar_override"`);
  }
}
