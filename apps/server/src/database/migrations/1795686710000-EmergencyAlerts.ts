import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Emergencies: the alert a red case raises (once per case), the dispatchers' duty roster, and phone tasks that have no outbox message. */
export class EmergencyAlerts1795686710000 implements MigrationInterface {
  name = 'EmergencyAlerts1795686710000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "case_alert" ("case_id" uuid NOT NULL, "town_unit_id" uuid, "place" character varying(200) NOT NULL, "notified_staff_ids" uuid array NOT NULL, "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by" uuid, "acknowledgement" character varying(16), "acknowledgement_note" text, CONSTRAINT "PK_08b2a3af7acf40c7d9f4d5de122" PRIMARY KEY ("case_id"))`);
    await q.query(`CREATE INDEX "IDX_b8a7ac728e6106f233454076a1" ON "case_alert" ("town_unit_id") `);
    await q.query(`CREATE INDEX "idx_case_alert_acknowledged" ON "case_alert" ("acknowledged_at") `);
    await q.query(`CREATE INDEX "idx_case_alert_open" ON "case_alert" ("case_id") WHERE acknowledged_at IS NULL`);
    await q.query(`CREATE TABLE "dispatcher_duty" ("day" date NOT NULL, "staff_id" uuid NOT NULL, "set_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8212033c8ca91111779b5a2c19c" PRIMARY KEY ("day", "staff_id"))`);
    await q.query(`ALTER TABLE "contact_task" ALTER COLUMN "outbox_id" DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Emergency call-back tasks have no outbox message: they cannot stay once the column is required again.
    await q.query(`DELETE FROM "contact_task" WHERE "outbox_id" IS NULL`);
    await q.query(`ALTER TABLE "contact_task" ALTER COLUMN "outbox_id" SET NOT NULL`);
    await q.query(`DROP TABLE "dispatcher_duty"`);
    await q.query(`DROP INDEX "public"."idx_case_alert_open"`);
    await q.query(`DROP INDEX "public"."idx_case_alert_acknowledged"`);
    await q.query(`DROP INDEX "public"."IDX_b8a7ac728e6106f233454076a1"`);
    await q.query(`DROP TABLE "case_alert"`);
  }
}
