import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Quality1795684700000 implements MigrationInterface {
  name = 'Quality1795684700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "revisit_task" ("case_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "done_at" TIMESTAMP WITH TIME ZONE, "done_by" uuid, CONSTRAINT "PK_3f7cad5ecdfe07a55cd0c0aa6bc" PRIMARY KEY ("case_id"))`);
    await q.query(`CREATE TABLE "trace_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "unit_id" uuid, "reason" character varying(16) NOT NULL, "note" text, "status" character varying(16) NOT NULL DEFAULT 'open', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e14bd372ba3e04de22d6086c86c" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_fde687f7880be41f2a24f0e260" ON "trace_item" ("case_id") `);
    await q.query(`CREATE INDEX "IDX_daa4bc389a8cdcc77a772d10d8" ON "trace_item" ("unit_id") `);
    await q.query(`CREATE TABLE "governance_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sub_item" character varying(64), "place_unit_id" uuid, "title" character varying(200) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_14e16184fa906309f29ec68cd13" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "governance_case" ("governance_id" uuid NOT NULL, "case_id" uuid NOT NULL, CONSTRAINT "PK_ec6f5e1045285c6bddce0f3ebcd" PRIMARY KEY ("governance_id", "case_id"))`);
    await q.query(`CREATE TABLE "case_co_unit" ("case_id" uuid NOT NULL, "unit_id" uuid NOT NULL, CONSTRAINT "PK_9b2eab3611e28eca1d24ecaec96" PRIMARY KEY ("case_id", "unit_id"))`);
    await q.query(`ALTER TABLE "case_file" ADD "merged_into" uuid`);
    await q.query(`ALTER TABLE "case_file" ADD "revisit_started_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "case_file" ADD "revisit_solved" boolean`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "case_file" DROP COLUMN "revisit_solved"`);
    await q.query(`ALTER TABLE "case_file" DROP COLUMN "revisit_started_at"`);
    await q.query(`ALTER TABLE "case_file" DROP COLUMN "merged_into"`);
    await q.query(`DROP TABLE "case_co_unit"`);
    await q.query(`DROP TABLE "governance_case"`);
    await q.query(`DROP TABLE "governance_item"`);
    await q.query(`DROP INDEX "public"."IDX_daa4bc389a8cdcc77a772d10d8"`);
    await q.query(`DROP INDEX "public"."IDX_fde687f7880be41f2a24f0e260"`);
    await q.query(`DROP TABLE "trace_item"`);
    await q.query(`DROP TABLE "revisit_task"`);
  }
}
