import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxPendingIndex1795685000000 implements MigrationInterface {
  name = 'OutboxPendingIndex1795685000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "idx_outbox_pending" ON "outbox_message" ("id") WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."idx_outbox_pending"`);
  }
}
