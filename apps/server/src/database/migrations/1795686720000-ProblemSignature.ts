import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Quality keeps each classified case's same-problem signature in its own table, looked up by sub-item and time. */
export class ProblemSignature1795686720000 implements MigrationInterface {
  name = 'ProblemSignature1795686720000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "problem_signature" ("case_id" uuid NOT NULL, "sub_item" character varying(64) NOT NULL, "village_unit_id" uuid, "location_lat" double precision, "location_lng" double precision, "accepted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "signature" jsonb NOT NULL, CONSTRAINT "PK_84e39b783a674563469abe23341" PRIMARY KEY ("case_id"))`);
    await q.query(`CREATE INDEX "idx_problem_signature_sub_item_accepted" ON "problem_signature" ("sub_item", "accepted_at") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."idx_problem_signature_sub_item_accepted"`);
    await q.query(`DROP TABLE "problem_signature"`);
  }
}
