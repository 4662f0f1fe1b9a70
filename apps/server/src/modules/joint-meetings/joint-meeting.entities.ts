import type { JointTaskStatus } from '@msz/domain';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** 联席会议: convened by the office for hard, cross-department cases. */
@Entity('joint_meeting')
export class JointMeetingEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 60 }) title!: string;
  @Column({ type: 'varchar', length: 100 }) place!: string;
  @Index('idx_joint_meeting_held') @Column({ name: 'held_at', type: 'timestamptz' }) heldAt!: Date;
  @Column({ name: 'convened_by', type: 'uuid' }) convenedBy!: string;
  @Column({ name: 'convened_by_name', type: 'varchar', length: 64 }) convenedByName!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** The cases on a meeting's agenda. */
@Entity('joint_meeting_case')
@Index('idx_joint_meeting_case_case', ['caseId'])
export class JointMeetingCaseEntity {
  @PrimaryColumn({ name: 'meeting_id', type: 'uuid' }) meetingId!: string;
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId!: string;
}

/** The units invited: their staff see the meeting. */
@Entity('joint_meeting_unit')
@Index('idx_joint_meeting_unit_unit', ['unitId'])
export class JointMeetingUnitEntity {
  @PrimaryColumn({ name: 'meeting_id', type: 'uuid' }) meetingId!: string;
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId!: string;
}

/** A decision of the meeting: one unit's task with its deadline, tracked until the unit reports it done. */
@Entity('joint_meeting_task')
@Index('idx_joint_task_meeting', ['meetingId'])
@Index('idx_joint_task_unit', ['unitId', 'status'])
// The escalation job reads only open tasks not yet escalated, by deadline.
@Index('idx_joint_task_due', ['dueDate'], { where: "status = 'assigned' AND escalated_at IS NULL" })
export class JointMeetingTaskEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'meeting_id', type: 'uuid' }) meetingId!: string;
  /** Its place among the meeting's decisions, in the order they were recorded. */
  @Column({ type: 'integer', default: 0 }) position!: number;
  /** The case it is about; null: all the meeting's cases. */
  @Column({ name: 'case_id', type: 'uuid', nullable: true }) caseId!: string | null;
  @Column({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @Column({ type: 'varchar', length: 500 }) text!: string;
  /** The last Beijing day, YYYY-MM-DD. */
  @Column({ name: 'due_date', type: 'varchar', length: 10 }) dueDate!: string;
  @Column({ type: 'varchar', length: 16, default: 'assigned' }) status!: JointTaskStatus;
  @Column({ name: 'done_note', type: 'varchar', length: 500, nullable: true }) doneNote!: string | null;
  @Column({ name: 'done_at', type: 'timestamptz', nullable: true }) doneAt!: Date | null;
  @Column({ name: 'done_by_name', type: 'varchar', length: 64, nullable: true }) doneByName!: string | null;
  /** When its unit's leader was told it is overdue (once). */
  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true }) escalatedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

export const JOINT_MEETING_ENTITIES = [JointMeetingEntity, JointMeetingCaseEntity, JointMeetingUnitEntity, JointMeetingTaskEntity];
