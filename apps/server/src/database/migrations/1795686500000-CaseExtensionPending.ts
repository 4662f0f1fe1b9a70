import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseExtensionPending1795686500000 implements MigrationInterface {
  name = 'CaseExtensionPending1795686500000';

  async up(q: QueryRunner): Promise<void> {
    // The case itself knows an extension request waits, so its rules (one at a time) and its buttons need no other table.
    await q.query(`ALTER TABLE "case_file" ADD "extension_pending" boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE "case_file" SET "extension_pending" = true WHERE "id" IN (SELECT "case_id" FROM "extension_request" WHERE "status" = 'pending')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "case_file" DROP COLUMN "extension_pending"`);
  }
}
