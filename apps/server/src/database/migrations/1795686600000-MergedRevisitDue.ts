import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rows a periodic job has nothing to do for, as the trigger tells them apart (`r` is NEW or the table). */
const SETTLED = {
  old: (r: string) => `${r}status IN ('closed', 'invalid', 'merged')`,
  // A merged case whose main case answered waits for its own resident's rating (awaitsRevisit in the domain).
  new: (r: string) => `(${r}status IN ('closed', 'invalid') OR (${r}status = 'merged' AND (${r}revisit_started_at IS NULL OR ${r}revisit_rating IS NOT NULL)))`,
};

const dueInputsChanged = (settled: (r: string) => string): string => `
  CREATE OR REPLACE FUNCTION case_file_due_inputs_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      IF NEW.next_due_at IS NULL AND NOT ${settled('NEW.')} THEN
        NEW.next_due_at := 'epoch';
      END IF;
    ELSIF NEW.next_due_at IS NOT DISTINCT FROM OLD.next_due_at AND NOT ${settled('NEW.')}
      AND (NEW.status, NEW.assign_by, NEW.assigned_at, NEW.close_by, NEW.revisit_started_at)
          IS DISTINCT FROM (OLD.status, OLD.assign_by, OLD.assigned_at, OLD.close_by, OLD.revisit_started_at) THEN
      NEW.next_due_at := 'epoch';
    END IF;
    RETURN NEW;
  END $$`;

/**
 * A merged case awaiting its resident's revisit answer now has a due moment (its phone-revisit
 * task): the trigger stops treating those as settled, and the ones already waiting are marked due
 * now so the next pass computes their moment.
 */
export class MergedRevisitDue1795686600000 implements MigrationInterface {
  name = 'MergedRevisitDue1795686600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(dueInputsChanged(SETTLED.new));
    await q.query(`UPDATE "case_file" SET "next_due_at" = 'epoch' WHERE "status" = 'merged' AND "revisit_started_at" IS NOT NULL AND "revisit_rating" IS NULL AND "next_due_at" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(dueInputsChanged(SETTLED.old));
  }
}
