import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ResidentIdentity1795686220000 implements MigrationInterface {
  name = 'ResidentIdentity1795686220000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "resident_identity" ("appid" character varying(64) NOT NULL, "openid" character varying(64) NOT NULL, "unionid" character varying(64), "checked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_afe5ff0e53273f63e309fbd2d85" PRIMARY KEY ("appid", "openid"))`);
    await q.query(`CREATE INDEX "idx_resident_identity_unionid" ON "resident_identity" ("unionid") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."idx_resident_identity_unionid"`);
    await q.query(`DROP TABLE "resident_identity"`);
  }
}
