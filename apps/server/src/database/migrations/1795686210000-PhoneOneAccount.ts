import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A phone number belongs to one resident account at a time. Where several accounts hold one
 * number, the latest binding keeps it (the others bound it earlier and are the likelier stale).
 */
export class PhoneOneAccount1795686210000 implements MigrationInterface {
  name = 'PhoneOneAccount1795686210000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM "resident_account" a USING "resident_account" b WHERE a."phone" = b."phone" AND (a."phone_bound_at", a."openid") < (b."phone_bound_at", b."openid")`,
    );
    await q.query(`DROP INDEX "public"."idx_resident_account_phone"`);
    await q.query(`CREATE UNIQUE INDEX "idx_resident_account_phone" ON "resident_account" ("phone") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."idx_resident_account_phone"`);
    await q.query(`CREATE INDEX "idx_resident_account_phone" ON "resident_account" ("phone") `);
  }
}
