import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RewardIdea1795686820000 implements MigrationInterface {
  name = 'RewardIdea1795686820000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "reward" ADD "idea_id" uuid`);
    await q.query(`CREATE UNIQUE INDEX "uq_reward_idea_live" ON "reward" ("idea_id") WHERE idea_id IS NOT NULL AND state NOT IN ('rejected', 'failed', 'cancelled')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."uq_reward_idea_live"`);
    await q.query(`ALTER TABLE "reward" DROP COLUMN "idea_id"`);
  }
}
