import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 异常线索: flags with their evidence and review, and the scan's watermark on the timeline. */
export class AnomalyFlags1795686800100 implements MigrationInterface {
  name = 'AnomalyFlags1795686800100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "anomaly_flag" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(32) NOT NULL, "key" character varying(200) NOT NULL, "unit_id" uuid, "case_id" uuid, "evidence" jsonb NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "review_note" text, "reviewed_by" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e04cb5030c6523e586bd102b82f" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_17f89623d08882d933586ef618" ON "anomaly_flag" ("unit_id") `);
    await q.query(`CREATE INDEX "idx_anomaly_flag_status_created" ON "anomaly_flag" ("status", "created_at") `);
    await q.query(`CREATE UNIQUE INDEX "uq_anomaly_flag_kind_key" ON "anomaly_flag" ("kind", "key") `);
    await q.query(`CREATE TABLE "anomaly_scan" ("name" character varying(32) NOT NULL, "last_entry_id" bigint NOT NULL, CONSTRAINT "PK_9dde37b741613aa95b9d7a09610" PRIMARY KEY ("name"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "anomaly_scan"`);
    await q.query(`DROP INDEX "public"."uq_anomaly_flag_kind_key"`);
    await q.query(`DROP INDEX "public"."idx_anomaly_flag_status_created"`);
    await q.query(`DROP INDEX "public"."IDX_17f89623d08882d933586ef618"`);
    await q.query(`DROP TABLE "anomaly_flag"`);
  }
}
