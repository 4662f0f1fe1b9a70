import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each open case carries the next moment a periodic job has something to do for it, so a job reads
 * only what is due. The server computes it when it saves a case; the trigger covers every other
 * writer (a raw UPDATE of a deadline, a future bulk load): when a column the moment depends on
 * changes and the writer left next_due_at as it was, the case is marked due now ('epoch') and the
 * next pass computes the real moment. Existing open cases are backfilled the same way.
 */
export class NextDue1795686300000 implements MigrationInterface {
  name = 'NextDue1795686300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "case_file" ADD "next_due_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`UPDATE "case_file" SET "next_due_at" = 'epoch' WHERE "status" NOT IN ('closed', 'invalid', 'merged')`);
    await q.query(`CREATE INDEX "idx_case_next_due" ON "case_file" ("next_due_at") WHERE next_due_at IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION case_file_due_inputs_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF NEW.next_due_at IS NULL AND NEW.status NOT IN ('closed', 'invalid', 'merged') THEN
            NEW.next_due_at := 'epoch';
          END IF;
        ELSIF NEW.next_due_at IS NOT DISTINCT FROM OLD.next_due_at AND NEW.status NOT IN ('closed', 'invalid', 'merged')
          AND (NEW.status, NEW.assign_by, NEW.assigned_at, NEW.close_by, NEW.revisit_started_at)
              IS DISTINCT FROM (OLD.status, OLD.assign_by, OLD.assigned_at, OLD.close_by, OLD.revisit_started_at) THEN
          NEW.next_due_at := 'epoch';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER case_file_next_due BEFORE INSERT OR UPDATE OF status, assign_by, assigned_at, close_by, revisit_started_at
      ON "case_file" FOR EACH ROW EXECUTE FUNCTION case_file_due_inputs_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER case_file_next_due ON "case_file"`);
    await q.query(`DROP FUNCTION case_file_due_inputs_changed()`);
    await q.query(`DROP INDEX "public"."idx_case_next_due"`);
    await q.query(`ALTER TABLE "case_file" DROP COLUMN "next_due_at"`);
  }
}
