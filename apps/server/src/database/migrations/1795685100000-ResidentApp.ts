import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ResidentApp1795685100000 implements MigrationInterface {
  name = 'ResidentApp1795685100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "resident_account" ("openid" character varying(64) NOT NULL, "phone" character varying(20) NOT NULL, "phone_bound_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_80fc617b2ef4fced2a73eed7e7f" PRIMARY KEY ("openid"))`);
    await q.query(`CREATE INDEX "idx_resident_account_phone" ON "resident_account" ("phone") `);
    await q.query(`ALTER TABLE "case_attachment" ADD "duration_ms" integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "case_attachment" DROP COLUMN "duration_ms"`);
    await q.query(`DROP INDEX "public"."idx_resident_account_phone"`);
    await q.query(`DROP TABLE "resident_account"`);
  }
}
