import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the lists and counts (issue 12, "lists that scale"): every scope filter a list or
 * count uses has one, and each keyset order (a column, then id) can be read in index order.
 */
export class ListIndexes1795686437000 implements MigrationInterface {
  name = 'ListIndexes1795686437000';

  async up(q: QueryRunner): Promise<void> {
    // A unit's cases by status and deadline; it starts with unit_id, so the single-column index goes.
    await q.query(`CREATE INDEX "idx_case_unit_status_deadline" ON "case_file" ("unit_id", "status", "close_by", "id") `);
    await q.query(`DROP INDEX "public"."IDX_e1318a5f0bcfe34c7c9c1a6e15"`);
    // Every open case by deadline, most overdue first (the office's queue and its colour counts).
    await q.query(
      `CREATE INDEX "idx_case_open_deadline" ON "case_file" ("close_by", "id") WHERE status IN ('accepted', 'assigned', 'in_progress', 'answered', 'revisiting', 'returned', 'reopened')`,
    );
    // All cases by acceptance: the newest-first lists and the ledger's date range.
    await q.query(`CREATE INDEX "idx_case_accepted" ON "case_file" ("accepted_at", "id") `);
    // Cases staff filed for a phone number: a resident who bound that number sees them.
    await q.query(`CREATE INDEX "idx_case_resident_phone" ON "case_file" ("resident_phone", "accepted_at") WHERE resident_openid IS NULL`);
    // The cases a unit co-handles (the primary key starts with case_id).
    await q.query(`CREATE INDEX "idx_co_unit_unit" ON "case_co_unit" ("unit_id") `);
    await q.query(`CREATE INDEX "idx_extension_pending" ON "extension_request" ("created_at") WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."idx_extension_pending"`);
    await q.query(`DROP INDEX "public"."idx_co_unit_unit"`);
    await q.query(`DROP INDEX "public"."idx_case_resident_phone"`);
    await q.query(`DROP INDEX "public"."idx_case_accepted"`);
    await q.query(`DROP INDEX "public"."idx_case_open_deadline"`);
    await q.query(`CREATE INDEX "IDX_e1318a5f0bcfe34c7c9c1a6e15" ON "case_file" ("unit_id") `);
    await q.query(`DROP INDEX "public"."idx_case_unit_status_deadline"`);
  }
}
