import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Hardening1795686100000 implements MigrationInterface {
  name = 'Hardening1795686100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "rate_limit" ("key" character varying(200) NOT NULL, "hits" integer NOT NULL, "window_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "blocked_until" TIMESTAMP WITH TIME ZONE, "strikes" integer NOT NULL DEFAULT '0', "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_e6c0c0608decdf78e4d4b263397" PRIMARY KEY ("key"))`);
    await q.query(`CREATE INDEX "idx_rate_limit_expires" ON "rate_limit" ("expires_at") `);
    await q.query(`ALTER TABLE "case_file" ADD "query_code" character varying(8)`);
    // Cases filed before codes existed get one too; their residents can also use the phone's last 4 digits.
    await q.query(`UPDATE "case_file" SET "query_code" = lpad(floor(random() * 1000000)::int::text, 6, '0')`);
    await q.query(`ALTER TABLE "staff_user" ADD "token_version" integer NOT NULL DEFAULT '0'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "staff_user" DROP COLUMN "token_version"`);
    await q.query(`ALTER TABLE "case_file" DROP COLUMN "query_code"`);
    await q.query(`DROP INDEX "public"."idx_rate_limit_expires"`);
    await q.query(`DROP TABLE "rate_limit"`);
  }
}
