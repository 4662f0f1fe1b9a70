import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Delivery1795684900000 implements MigrationInterface {
  name = 'Delivery1795684900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "contact_task" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid, "outbox_id" bigint NOT NULL, "touser" character varying(64) NOT NULL, "kind" character varying(32) NOT NULL, "reason" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "done_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_2b7e38f25ebfbcc0c13555bdb2f" UNIQUE ("outbox_id"), CONSTRAINT "PK_52f888e5479e948aadf0edd9b06" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_67d57000b1ae4f23c28be1f5d3" ON "contact_task" ("case_id") `);
    await q.query(`ALTER TABLE "outbox_message" ADD "channel_index" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "outbox_message" ADD "sent_via" character varying(16)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "outbox_message" DROP COLUMN "sent_via"`);
    await q.query(`ALTER TABLE "outbox_message" DROP COLUMN "channel_index"`);
    await q.query(`DROP INDEX "public"."IDX_67d57000b1ae4f23c28be1f5d3"`);
    await q.query(`DROP TABLE "contact_task"`);
  }
}
