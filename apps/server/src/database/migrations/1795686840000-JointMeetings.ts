import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 联席会议: meetings, their cases and invited units, and the tasks they decide. */
export class JointMeetings1795686840000 implements MigrationInterface {
  name = 'JointMeetings1795686840000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "joint_meeting" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" character varying(60) NOT NULL, "place" character varying(100) NOT NULL, "held_at" TIMESTAMP WITH TIME ZONE NOT NULL, "convened_by" uuid NOT NULL, "convened_by_name" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_00a0d7798279bcada5e84c34008" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_joint_meeting_held" ON "joint_meeting" ("held_at") `);
    await q.query(`CREATE TABLE "joint_meeting_case" ("meeting_id" uuid NOT NULL, "case_id" uuid NOT NULL, CONSTRAINT "PK_a40e21065cbd4b48c2b67f22e20" PRIMARY KEY ("meeting_id", "case_id"))`);
    await q.query(`CREATE INDEX "idx_joint_meeting_case_case" ON "joint_meeting_case" ("case_id") `);
    await q.query(`CREATE TABLE "joint_meeting_unit" ("meeting_id" uuid NOT NULL, "unit_id" uuid NOT NULL, CONSTRAINT "PK_ca11e4ff18e9e714519b5ca4886" PRIMARY KEY ("meeting_id", "unit_id"))`);
    await q.query(`CREATE INDEX "idx_joint_meeting_unit_unit" ON "joint_meeting_unit" ("unit_id") `);
    await q.query(`CREATE TABLE "joint_meeting_task" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "case_id" uuid, "unit_id" uuid NOT NULL, "text" character varying(500) NOT NULL, "due_date" character varying(10) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'assigned', "done_note" character varying(500), "done_at" TIMESTAMP WITH TIME ZONE, "done_by_name" character varying(64), "escalated_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b5494cbb4e06e56565aa925b86a" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_joint_task_due" ON "joint_meeting_task" ("due_date") WHERE status = 'assigned' AND escalated_at IS NULL`);
    await q.query(`CREATE INDEX "idx_joint_task_unit" ON "joint_meeting_task" ("unit_id", "status") `);
    await q.query(`CREATE INDEX "idx_joint_task_meeting" ON "joint_meeting_task" ("meeting_id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."idx_joint_task_meeting"`);
    await q.query(`DROP INDEX "public"."idx_joint_task_unit"`);
    await q.query(`DROP INDEX "public"."idx_joint_task_due"`);
    await q.query(`DROP TABLE "joint_meeting_task"`);
    await q.query(`DROP INDEX "public"."idx_joint_meeting_unit_unit"`);
    await q.query(`DROP TABLE "joint_meeting_unit"`);
    await q.query(`DROP INDEX "public"."idx_joint_meeting_case_case"`);
    await q.query(`DROP TABLE "joint_meeting_case"`);
    await q.query(`DROP INDEX "public"."idx_joint_meeting_held"`);
    await q.query(`DROP TABLE "joint_meeting"`);
  }
}
