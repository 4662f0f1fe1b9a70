import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ConversationAndMedia1795682846821 implements MigrationInterface {
  name = 'ConversationAndMedia1795682846821';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "case_attachment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "kind" character varying(8) NOT NULL, "media_id" character varying(128) NOT NULL, "recognition" text, "status" character varying(8) NOT NULL DEFAULT 'pending', "storage_key" character varying(200), "content_type" character varying(100), "size_bytes" integer, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "locked_until" TIMESTAMP WITH TIME ZONE, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "stored_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_986ce92847042b75efad5e39601" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_3bc9a1faa22979a4bad5386ba6" ON "case_attachment" ("case_id") `);
    await q.query(`CREATE INDEX "idx_attachment_due" ON "case_attachment" ("status", "next_attempt_at") `);
    await q.query(`CREATE TABLE "wechat_session" ("openid" character varying(64) NOT NULL, "open_case_id" uuid, "window_until" TIMESTAMP WITH TIME ZONE, "pending_location" jsonb, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_338d66721a8cd27d71fb818be69" PRIMARY KEY ("openid"))`);
    await q.query(`ALTER TABLE "case_file" ADD "location_lat" double precision`);
    await q.query(`ALTER TABLE "case_file" ADD "location_lng" double precision`);
    await q.query(`ALTER TABLE "case_file" ADD "location_label" character varying(200)`);
    await q.query(`ALTER TABLE "case_file" ADD "place_unit_id" uuid`);
    await q.query(`ALTER TABLE "outbox_message" ADD "wechat_msgid" character varying(32)`);
    await q.query(`ALTER TABLE "outbox_message" ADD "delivery_report" character varying(64)`);
    await q.query(`ALTER TABLE "unit" ADD "center_lat" double precision`);
    await q.query(`ALTER TABLE "unit" ADD "center_lng" double precision`);
    await q.query(`ALTER TABLE "wechat_inbound" ADD "event" character varying(64)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "wechat_inbound" DROP COLUMN "event"`);
    await q.query(`ALTER TABLE "unit" DROP COLUMN "center_lng"`);
    await q.query(`ALTER TABLE "unit" DROP COLUMN "center_lat"`);
    await q.query(`ALTER TABLE "outbox_message" DROP COLUMN "delivery_report"`);
    await q.query(`ALTER TABLE "outbox_message" DROP COLUMN "wechat_msgid"`);
    await q.query(`ALTER TABLE "case_file" DROP COLUMN "place_unit_id"`);
    await q.query(`ALTER TABLE "case_file" DROP COLUMN "location_label"`);
    await q.query(`ALTER TABLE "case_file" DROP COLUMN "location_lng"`);
    await q.query(`ALTER TABLE "case_file" DROP COLUMN "location_lat"`);
    await q.query(`DROP TABLE "wechat_session"`);
    await q.query(`DROP INDEX "public"."idx_attachment_due"`);
    await q.query(`DROP INDEX "public"."IDX_3bc9a1faa22979a4bad5386ba6"`);
    await q.query(`DROP TABLE "case_attachment"`);
  }
}
