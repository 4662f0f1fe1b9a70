import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Handling1795684800000 implements MigrationInterface {
  name = 'Handling1795684800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "case_attachment" ADD "source" character varying(8) NOT NULL DEFAULT 'resident'`);
    await q.query(`ALTER TABLE "case_attachment" ADD "uploaded_by" uuid`);
    await q.query(`ALTER TABLE "case_file" ADD "resident_name" character varying(32)`);
    await q.query(`ALTER TABLE "case_file" ADD "resident_phone" character varying(20)`);
    await q.query(`ALTER TABLE "case_file" ADD "filed_by" uuid`);
    await q.query(`ALTER TABLE "case_attachment" ALTER COLUMN "media_id" DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "case_attachment" ALTER COLUMN "media_id" SET NOT NULL`);
    await q.query(`ALTER TABLE "case_file" DROP COLUMN "filed_by"`);
    await q.query(`ALTER TABLE "case_file" DROP COLUMN "resident_phone"`);
    await q.query(`ALTER TABLE "case_file" DROP COLUMN "resident_name"`);
    await q.query(`ALTER TABLE "case_attachment" DROP COLUMN "uploaded_by"`);
    await q.query(`ALTER TABLE "case_attachment" DROP COLUMN "source"`);
  }
}
