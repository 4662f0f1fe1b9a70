import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 防篡改: cases left out of the indicators because their timeline fails the hash chain. */
export class VerifiedIndicators1795686840100 implements MigrationInterface {
  name = 'VerifiedIndicators1795686840100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "indicator_broken_case" ("case_id" uuid NOT NULL, "number" character varying(32) NOT NULL, "unit_id" uuid, "faults" jsonb NOT NULL, "found_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bdecc53e7a60c117d9f4df727df" PRIMARY KEY ("case_id"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "indicator_broken_case"`);
  }
}
