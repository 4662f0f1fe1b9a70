import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 督办清单: items with their history, evidence photos, accountability and media-exposure records, and the yearly numbering. */
export class Supervision1795686830000 implements MigrationInterface {
  name = 'Supervision1795686830000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "supervision_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" character varying(20) NOT NULL, "source" character varying(16) NOT NULL, "title" character varying(100) NOT NULL, "requirement" text NOT NULL, "unit_id" uuid NOT NULL, "due_date" date NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'assigned', "case_ids" uuid array NOT NULL DEFAULT '{}', "warning_id" uuid, "flag_id" uuid, "field_note" text, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "reported_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "escalated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_cf4bf67567eb9d885408a7942ed" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_9b619d380b45c04b3a06353383" ON "supervision_item" ("number") `);
    await q.query(`CREATE UNIQUE INDEX "uq_supervision_item_flag" ON "supervision_item" ("flag_id") WHERE flag_id IS NOT NULL`);
    await q.query(`CREATE INDEX "idx_supervision_item_escalation" ON "supervision_item" ("due_date") WHERE escalated_at IS NULL AND status IN ('assigned', 'sent_back')`);
    await q.query(`CREATE INDEX "idx_supervision_item_unit_status" ON "supervision_item" ("unit_id", "status") `);
    await q.query(`CREATE TABLE "supervision_step" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_id" uuid NOT NULL, "action" character varying(16) NOT NULL, "actor_id" uuid, "actor_name" character varying(100) NOT NULL, "text" text NOT NULL, "media_ids" uuid array NOT NULL DEFAULT '{}', "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8114e8305a94a489480e204e9c0" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_5ae2ec138fd792a316b143e22f" ON "supervision_step" ("item_id") `);
    await q.query(`CREATE TABLE "supervision_media" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_id" uuid NOT NULL, "storage_key" character varying(200) NOT NULL, "content_type" character varying(100) NOT NULL, "size_bytes" integer NOT NULL, "uploaded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_302c43b293bd096376e90b7a3a4" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_379fed31c776f2eaa63c7861b0" ON "supervision_media" ("item_id") `);
    await q.query(`CREATE TABLE "supervision_accountability" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_id" uuid NOT NULL, "person" character varying(50) NOT NULL, "role" character varying(100) NOT NULL, "measure" character varying(200) NOT NULL, "note" text, "recorded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7dcc3d70afdfdbef6e3dd07716e" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_32117a9aef8b8446331af260de" ON "supervision_accountability" ("item_id") `);
    await q.query(`CREATE TABLE "supervision_exposure" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_id" uuid NOT NULL, "case_id" uuid, "outlet" character varying(100) NOT NULL, "commitment" text NOT NULL, "commitment_due" date NOT NULL, "recorded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c77c88b44d3ccb057ff85a37cc6" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_9900366fbffb4bb4b4c1a43387" ON "supervision_exposure" ("item_id") `);
    await q.query(`CREATE TABLE "supervision_exposure_follow_up" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "exposure_id" uuid NOT NULL, "text" text NOT NULL, "actor_id" uuid NOT NULL, "actor_name" character varying(100) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3e7718126801b600aa9360533ab" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_1f719ceedf48d4bffe76009bf2" ON "supervision_exposure_follow_up" ("exposure_id") `);
    await q.query(`CREATE TABLE "supervision_counter" ("year" integer NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_5fb7dc4d039bda4f1df399944e0" PRIMARY KEY ("year"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "supervision_counter"`);
    await q.query(`DROP INDEX "public"."IDX_1f719ceedf48d4bffe76009bf2"`);
    await q.query(`DROP TABLE "supervision_exposure_follow_up"`);
    await q.query(`DROP INDEX "public"."IDX_9900366fbffb4bb4b4c1a43387"`);
    await q.query(`DROP TABLE "supervision_exposure"`);
    await q.query(`DROP INDEX "public"."IDX_32117a9aef8b8446331af260de"`);
    await q.query(`DROP TABLE "supervision_accountability"`);
    await q.query(`DROP INDEX "public"."IDX_379fed31c776f2eaa63c7861b0"`);
    await q.query(`DROP TABLE "supervision_media"`);
    await q.query(`DROP INDEX "public"."IDX_5ae2ec138fd792a316b143e22f"`);
    await q.query(`DROP TABLE "supervision_step"`);
    await q.query(`DROP INDEX "public"."idx_supervision_item_unit_status"`);
    await q.query(`DROP INDEX "public"."idx_supervision_item_escalation"`);
    await q.query(`DROP INDEX "public"."uq_supervision_item_flag"`);
    await q.query(`DROP INDEX "public"."IDX_9b619d380b45c04b3a06353383"`);
    await q.query(`DROP TABLE "supervision_item"`);
  }
}
