import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BenchAndIdeas1795686770000 implements MigrationInterface {
  name = 'BenchAndIdeas1795686770000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "bench_meeting" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(32) NOT NULL, "status" character varying(16) NOT NULL, "village_unit_id" uuid NOT NULL, "town_unit_id" uuid NOT NULL, "place" character varying(100) NOT NULL, "host_staff_id" uuid NOT NULL, "planned_at" TIMESTAMP WITH TIME ZONE NOT NULL, "held_at" TIMESTAMP WITH TIME ZONE, "attendance" integer, "topics" jsonb NOT NULL, "outcomes" text, "report" text, "cancel_reason" text, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_29903695d2155f2440ee7423e5a" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_bench_meeting_held" ON "bench_meeting" ("held_at") WHERE status IN ('held', 'closed')`);
    await q.query(`CREATE INDEX "idx_bench_meeting_town_held" ON "bench_meeting" ("town_unit_id", "held_at") `);
    await q.query(`CREATE INDEX "idx_bench_meeting_village" ON "bench_meeting" ("village_unit_id", "planned_at") `);
    await q.query(`CREATE TABLE "bench_demand" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "case_id" uuid NOT NULL, "client_key" character varying(64) NOT NULL, "solved_on_the_spot" boolean NOT NULL DEFAULT false, "entered_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_292aa349f60c9ce0f2ce7fa5f79" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_16bbda0c453b1cd172dc44e3f8" ON "bench_demand" ("meeting_id") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_82cd7a5054a08ae8ecad6f6f30" ON "bench_demand" ("case_id") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_5cd01e196290b2d2ad7ad9d739" ON "bench_demand" ("client_key") `);
    await q.query(`CREATE TABLE "bench_photo" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner_kind" character varying(16) NOT NULL, "owner_id" uuid NOT NULL, "storage_key" character varying(200) NOT NULL, "content_type" character varying(100) NOT NULL, "size_bytes" integer NOT NULL, "uploaded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_75276116cb1a82d6161ee64ce7f" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_bench_photo_owner" ON "bench_photo" ("owner_kind", "owner_id") `);
    await q.query(`CREATE TABLE "golden_idea" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "title" character varying(60) NOT NULL, "status" character varying(16) NOT NULL, "taken_up_by" uuid NOT NULL, "taken_up_at" TIMESTAMP WITH TIME ZONE NOT NULL, "evaluate_by" TIMESTAMP WITH TIME ZONE NOT NULL, "evaluated_at" TIMESTAMP WITH TIME ZONE, "evaluated_by" uuid, "decision" character varying(16), "decision_reason" text, "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_32c609bb5fa0e379772e6db6010" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_12737d8be3d7a32cfbb838ddd1" ON "golden_idea" ("case_id") `);
    await q.query(`CREATE INDEX "idx_golden_idea_evaluate_by" ON "golden_idea" ("evaluate_by") WHERE status = 'evaluating'`);
    await q.query(`CREATE INDEX "idx_golden_idea_unit_status" ON "golden_idea" ("unit_id", "status") `);
    await q.query(`CREATE TABLE "golden_idea_milestone" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "idea_id" uuid NOT NULL, "note" text NOT NULL, "delivered" boolean NOT NULL DEFAULT false, "recorded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d8a740f74763881ae1b0f277476" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_55b7ce03ce63da3bad5466bb4b" ON "golden_idea_milestone" ("idea_id") `);
    // An idea's milestones are its history, like a case's timeline: written once, never changed.
    await q.query(`CREATE FUNCTION golden_idea_milestone_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'golden_idea_milestone is insert-only' USING ERRCODE = 'insufficient_privilege'; END $$`);
    await q.query(`CREATE TRIGGER golden_idea_milestone_no_change BEFORE UPDATE OR DELETE ON "golden_idea_milestone" FOR EACH ROW EXECUTE FUNCTION golden_idea_milestone_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER golden_idea_milestone_no_change ON "golden_idea_milestone"`);
    await q.query(`DROP FUNCTION golden_idea_milestone_immutable()`);
    await q.query(`DROP INDEX "public"."IDX_55b7ce03ce63da3bad5466bb4b"`);
    await q.query(`DROP TABLE "golden_idea_milestone"`);
    await q.query(`DROP INDEX "public"."idx_golden_idea_unit_status"`);
    await q.query(`DROP INDEX "public"."idx_golden_idea_evaluate_by"`);
    await q.query(`DROP INDEX "public"."IDX_12737d8be3d7a32cfbb838ddd1"`);
    await q.query(`DROP TABLE "golden_idea"`);
    await q.query(`DROP INDEX "public"."idx_bench_photo_owner"`);
    await q.query(`DROP TABLE "bench_photo"`);
    await q.query(`DROP INDEX "public"."IDX_5cd01e196290b2d2ad7ad9d739"`);
    await q.query(`DROP INDEX "public"."IDX_82cd7a5054a08ae8ecad6f6f30"`);
    await q.query(`DROP INDEX "public"."IDX_16bbda0c453b1cd172dc44e3f8"`);
    await q.query(`DROP TABLE "bench_demand"`);
    await q.query(`DROP INDEX "public"."idx_bench_meeting_village"`);
    await q.query(`DROP INDEX "public"."idx_bench_meeting_town_held"`);
    await q.query(`DROP INDEX "public"."idx_bench_meeting_held"`);
    await q.query(`DROP TABLE "bench_meeting"`);
  }
}
