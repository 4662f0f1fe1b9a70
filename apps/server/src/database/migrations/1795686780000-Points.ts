import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Points1795686780000 implements MigrationInterface {
  name = 'Points1795686780000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "household" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "village_id" uuid NOT NULL, "name" character varying(60) NOT NULL, "address" character varying(100) NOT NULL DEFAULT '', "balance" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "household_balance_never_negative" CHECK (balance >= 0), CONSTRAINT "PK_26e9111eab2b8908fefe3c645f5" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_46e492b287ade73e50de0ffa14" ON "household" ("village_id") `);
    await q.query(`CREATE TABLE "household_member" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "household_id" uuid NOT NULL, "name" character varying(40) NOT NULL, "phone" character varying(20), "resident_openid" character varying(64), "is_head" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_84e1d1f2553646d38e7c8b72a10" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_6c47781879f802c55b436b40d4" ON "household_member" ("household_id") `);
    await q.query(`CREATE INDEX "IDX_cc20f00391717f304eeeb34d17" ON "household_member" ("phone") `);
    await q.query(`CREATE INDEX "IDX_2b3ac4b92ccded1b86695f22ca" ON "household_member" ("resident_openid") `);
    await q.query(`CREATE TABLE "village_review_criteria" ("village_id" uuid NOT NULL, "criteria" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1728b448c6b35aafec2df4fd172" PRIMARY KEY ("village_id"))`);
    await q.query(`CREATE TABLE "village_review" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "village_id" uuid NOT NULL, "title" character varying(60) NOT NULL, "held_on" date NOT NULL, "criteria" jsonb NOT NULL, "results" jsonb NOT NULL, "recorded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_62ae995def6cc2747fe95e01662" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_7ca79beaed729573ba6cc33f0c" ON "village_review" ("village_id") `);
    await q.query(`CREATE TABLE "points_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "household_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "delta" integer NOT NULL, "balance_after" integer NOT NULL, "note" character varying(200) NOT NULL, "review_id" uuid, "redemption_id" uuid, "corrects_entry_id" uuid, "recorded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9eb493c02592da87f5b86b15983" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_91b3e3047bcb2b07830338848b" ON "points_entry" ("corrects_entry_id") `);
    await q.query(`CREATE INDEX "idx_points_entry_household" ON "points_entry" ("household_id", "created_at") `);
    await q.query(`CREATE TABLE "points_operation" ("key" character varying(64) NOT NULL, "fingerprint" character varying(64) NOT NULL, "result" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_59a92b752f9eb17dba92af6cfd9" PRIMARY KEY ("key"))`);
    await q.query(`CREATE TABLE "catalogue_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "village_id" uuid NOT NULL, "name" character varying(40) NOT NULL, "unit" character varying(8) NOT NULL, "points_price" integer NOT NULL, "stock" integer NOT NULL, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "catalogue_item_stock_never_negative" CHECK (stock >= 0), CONSTRAINT "PK_cceea29e4ef241d5781d8393ef7" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_c74026383ee7dc24fa4bf6e45e" ON "catalogue_item" ("village_id") `);
    await q.query(`CREATE TABLE "redemption" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "household_id" uuid NOT NULL, "item_id" uuid NOT NULL, "quantity" integer NOT NULL, "points" integer NOT NULL, "recorded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e96b16cd3061a61305951bc95a3" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_f53fd7f71c5dcc3069a237de5b" ON "redemption" ("household_id") `);
    await q.query(`CREATE TABLE "reward" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "household_id" uuid, "payee_openid" character varying(64) NOT NULL, "payee_name" character varying(40) NOT NULL, "amount_fen" integer NOT NULL, "reason" character varying(16) NOT NULL, "remark" character varying(32) NOT NULL, "source_ref" character varying(64), "state" character varying(20) NOT NULL, "period" character varying(7) NOT NULL, "proposed_by" uuid NOT NULL, "approved_by" uuid, "out_bill_no" character varying(32) NOT NULL, "transfer_bill_no" character varying(64), "package_info" text, "fail_code" character varying(64), "fail_message" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_reward_out_bill_no" UNIQUE ("out_bill_no"), CONSTRAINT "PK_a90ea606c229e380fb341838036" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_ad1ffe9a4b783771716ab155aa" ON "reward" ("payee_openid") `);
    await q.query(`CREATE TABLE "reward_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reward_id" uuid NOT NULL, "from_state" character varying(20), "to_state" character varying(20) NOT NULL, "source" character varying(16) NOT NULL, "actor_id" uuid, "detail" character varying(200) NOT NULL DEFAULT '', "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_212058fe00a4e4ad6f433833992" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_d9d0aeda0b344cf03d51eb6494" ON "reward_event" ("reward_id") `);
    await q.query(`CREATE TABLE "wechatpay_notification" ("id" character varying(64) NOT NULL, "out_bill_no" character varying(32) NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f47d24502d6f8d1e1a6aae35965" PRIMARY KEY ("id"))`);
    // The ledger and the rewards' audit trail are append-only: corrections are counter-entries, never edits.
    await q.query(`CREATE FUNCTION "append_only_refuse"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = '55000'; END $$`);
    for (const table of ['points_entry', 'reward_event']) {
      await q.query(`CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "append_only_refuse"()`);
      await q.query(`CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "append_only_refuse"()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['points_entry', 'reward_event']) {
      await q.query(`DROP TRIGGER "${table}_no_truncate" ON "${table}"`);
      await q.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
    }
    await q.query(`DROP FUNCTION "append_only_refuse"()`);
    await q.query(`DROP TABLE "wechatpay_notification"`);
    await q.query(`DROP INDEX "public"."IDX_d9d0aeda0b344cf03d51eb6494"`);
    await q.query(`DROP TABLE "reward_event"`);
    await q.query(`DROP INDEX "public"."IDX_ad1ffe9a4b783771716ab155aa"`);
    await q.query(`DROP TABLE "reward"`);
    await q.query(`DROP INDEX "public"."IDX_f53fd7f71c5dcc3069a237de5b"`);
    await q.query(`DROP TABLE "redemption"`);
    await q.query(`DROP INDEX "public"."IDX_c74026383ee7dc24fa4bf6e45e"`);
    await q.query(`DROP TABLE "catalogue_item"`);
    await q.query(`DROP TABLE "points_operation"`);
    await q.query(`DROP INDEX "public"."idx_points_entry_household"`);
    await q.query(`DROP INDEX "public"."IDX_91b3e3047bcb2b07830338848b"`);
    await q.query(`DROP TABLE "points_entry"`);
    await q.query(`DROP INDEX "public"."IDX_7ca79beaed729573ba6cc33f0c"`);
    await q.query(`DROP TABLE "village_review"`);
    await q.query(`DROP TABLE "village_review_criteria"`);
    await q.query(`DROP INDEX "public"."IDX_2b3ac4b92ccded1b86695f22ca"`);
    await q.query(`DROP INDEX "public"."IDX_cc20f00391717f304eeeb34d17"`);
    await q.query(`DROP INDEX "public"."IDX_6c47781879f802c55b436b40d4"`);
    await q.query(`DROP TABLE "household_member"`);
    await q.query(`DROP INDEX "public"."IDX_46e492b287ade73e50de0ffa14"`);
    await q.query(`DROP TABLE "household"`);
  }
}
