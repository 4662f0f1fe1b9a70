import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A village's elderly figure: the bench-meeting list looks for villages with many elderly and few online demands. */
export class VillageElderly1795686810000 implements MigrationInterface {
  name = 'VillageElderly1795686810000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "unit" ADD "elderly" integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "unit" DROP COLUMN "elderly"`);
  }
}
