import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The heat map reads a period's demands by place and sub-item from one index alone (index-only
 * scan: no table pages read, whatever the year's size); and the Official Account's publications
 * are recorded with each WeChat id as it comes.
 */
export class HeatmapAndPublication1795686740000 implements MigrationInterface {
  name = 'HeatmapAndPublication1795686740000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "publication" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(32) NOT NULL, "title" character varying(64) NOT NULL, "approved_by" uuid, "approved_by_name" character varying(64), "status" character varying(16) NOT NULL, "failed_step" character varying(16), "error" text, "image_urls" jsonb NOT NULL DEFAULT '[]', "thumb_media_id" character varying(128), "draft_media_id" character varying(128), "publish_id" character varying(64), "publish_status" integer, "article_url" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_8aea8363d5213896a78d8365fab" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_publication_created" ON "publication" ("created_at") `);
    await q.query(`CREATE INDEX "idx_case_heatmap" ON "case_file" ("accepted_at", "place_unit_id", "unit_id", "sub_item", "kind", "channel") WHERE status NOT IN ('invalid', 'merged')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."idx_case_heatmap"`);
    await q.query(`DROP INDEX "public"."idx_publication_created"`);
    await q.query(`DROP TABLE "publication"`);
  }
}
