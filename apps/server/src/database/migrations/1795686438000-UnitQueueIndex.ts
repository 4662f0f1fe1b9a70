import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A unit's open cases by deadline, in index order: the handler's queue reads one page and stops,
 * however many open cases the unit has and whichever statuses it asks for (the unit+status index
 * cannot return several statuses in deadline order, so it sorted all of them for every page).
 */
export class UnitQueueIndex1795686438000 implements MigrationInterface {
  name = 'UnitQueueIndex1795686438000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "idx_case_unit_open_deadline" ON "case_file" ("unit_id", "close_by", "id") WHERE status IN ('accepted', 'assigned', 'in_progress', 'answered', 'revisiting', 'returned', 'reopened')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."idx_case_unit_open_deadline"`);
  }
}
