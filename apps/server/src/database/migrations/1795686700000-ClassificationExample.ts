import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ClassificationExample1795686700000 implements MigrationInterface {
  name = 'ClassificationExample1795686700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "classification_example" ("step_id" bigint NOT NULL, "case_id" uuid NOT NULL, "text" text NOT NULL, "kind" character varying(16) NOT NULL, "sub_item" character varying(64) NOT NULL, "urgency" character varying(16) NOT NULL, "suggested_kind" character varying(16), "suggested_sub_item" character varying(64), "suggested_urgency" character varying(16), "agreed" boolean NOT NULL, "classified_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b8a4dbf4c3ae7ac978fbc3145fb" PRIMARY KEY ("step_id"))`);
    await q.query(`CREATE INDEX "IDX_957c828ae0a64955b579c45673" ON "classification_example" ("case_id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_957c828ae0a64955b579c45673"`);
    await q.query(`DROP TABLE "classification_example"`);
  }
}
