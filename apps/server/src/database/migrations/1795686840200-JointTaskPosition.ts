import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A joint meeting's tasks keep the order the decisions were recorded in. */
export class JointTaskPosition1795686840200 implements MigrationInterface {
  name = 'JointTaskPosition1795686840200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "joint_meeting_task" ADD "position" integer NOT NULL DEFAULT '0'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "joint_meeting_task" DROP COLUMN "position"`);
  }
}
