import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the weekly consultation pack (周会商) lists, found by index at a big city's scale: the
 * cases whose deadline fell in a week (whatever their status now), and the week's returns.
 */
export class ReportIndexes1795686850000 implements MigrationInterface {
  name = 'ReportIndexes1795686850000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "idx_case_deadline" ON "case_file" ("close_by", "id")`);
    await q.query(`CREATE INDEX "idx_timeline_return_at" ON "case_timeline" ("at") WHERE action = 'return'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."idx_timeline_return_at"`);
    await q.query(`DROP INDEX "public"."idx_case_deadline"`);
  }
}
