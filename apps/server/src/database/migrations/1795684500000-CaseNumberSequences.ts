import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Case numbers now come from one sequence per day (see CaseNumbersService); the counter table goes. */
export class CaseNumberSequences1795684500000 implements MigrationInterface {
  name = 'CaseNumberSequences1795684500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "case_number_counter"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "case_number_counter" ("day" date NOT NULL, "last_value" integer NOT NULL, CONSTRAINT "PK_c48d074da3cb0510e21c8ed6d19" PRIMARY KEY ("day"))`);
  }
}
