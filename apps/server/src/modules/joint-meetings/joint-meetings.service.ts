import { Inject, Injectable } from '@nestjs/common';
import {
  chinaDate,
  completeJointTask,
  conveneJointMeeting,
  DomainError,
  formatChinaDay,
  isJointTaskOverdue,
  JOINT_TASK_STATUS_LABELS,
  jointMeetingTotals,
  recordJointTasks,
  solvedByMeeting,
  type JointMeeting,
  type JointTaskInput,
  type JointTaskStatus,
} from '@msz/domain';
import { And, DataSource, Equal, In, IsNull, Not, Raw, type EntityManager, type FindOptionsWhere } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { notFound } from '../../common/errors/app-error';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { CasesService } from '../cases/cases.service';
import { OutboxService } from '../notifications/outbox.service';
import { jointMeetingNotice, type JointMeetingNotice, type NotificationKind } from '../notifications/templates';
import { StaffUserEntity } from '../units/staff-user.entity';
import { UnitEntity } from '../units/unit.entity';
import type { JointMeetingDto, JointTaskDto } from './dto/joint-meeting.dto';
import { JointMeetingCaseEntity, JointMeetingEntity, JointMeetingTaskEntity, JointMeetingUnitEntity } from './joint-meeting.entities';

/** Roles that see every meeting; a unit's staff see the meetings their unit was invited to. */
const SEES_ALL = ['dispatcher', 'city_leader', 'inspector', 'admin'];
const NOTICE_KIND: Record<JointMeetingNotice, NotificationKind> = { invited: 'joint_meeting_invited', task: 'joint_task_assigned', overdue: 'joint_task_overdue' };
/** Overdue tasks escalated per transaction. */
const ESCALATION_BATCH = 100;

interface CaseRow {
  id: string;
  number: string;
  status: string;
  closed_at: Date | null;
}

/** 北京时间 2026年12月7日 09:30 */
const formatChinaMinute = (at: Date) => `${formatChinaDay(at)} ${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(11, 16)}`;

/**
 * 联席会议: the office convenes the units hard cases need and records the decisions as tasks for
 * them; each unit sees and reports its own tasks; overdue tasks reach the unit's leader. Writes
 * only its own tables: the cases' timelines are written by the cases module.
 */
@Injectable()
export class JointMeetingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** 召开: the meeting, its cases and units, any decisions already taken; each case's timeline notes it; invited staff are told. */
  async convene(
    staff: StaffPrincipal,
    input: { title: string; place: string; heldAt: Date; caseIds: string[]; unitIds: string[]; tasks?: JointTaskInput[] },
  ): Promise<JointMeetingDto> {
    const meeting = conveneJointMeeting(input);
    const tasks = input.tasks?.length ? recordJointTasks(meeting, input.tasks) : [];
    const id = await this.ds.transaction(async (m) => {
      const cases = await this.openCases(m, meeting.caseIds);
      const units = await this.unitsNamed(m, meeting.unitIds);
      const saved = await m.getRepository(JointMeetingEntity).save({
        title: meeting.title,
        place: meeting.place,
        heldAt: meeting.heldAt,
        convenedBy: staff.id,
        convenedByName: staff.name,
      });
      await m.insert(JointMeetingCaseEntity, meeting.caseIds.map((caseId) => ({ meetingId: saved.id, caseId })));
      await m.insert(JointMeetingUnitEntity, meeting.unitIds.map((unitId) => ({ meetingId: saved.id, unitId })));
      const note = `联席会议：${meeting.title}，${formatChinaMinute(meeting.heldAt)}在${meeting.place}召开，参会单位：${meeting.unitIds.map((u) => units.get(u)).join('、')}`;
      for (const c of cases) await this.cases.addNoteIn(m, staff, c.id, note);
      for (const s of await this.staffOf(m, meeting.unitIds, ['handler', 'unit_leader'])) {
        await this.notify(m, s, 'invited', `${saved.id}:${s.id}`, { meetingId: saved.id, title: meeting.title, subject: meeting.place, when: formatChinaMinute(meeting.heldAt) });
      }
      if (tasks.length) await this.insertTasks(m, saved, tasks, 0);
      return saved.id;
    });
    return this.detail(staff, id);
  }

  /** 会议决定: more tasks for a meeting already convened. */
  async recordTasks(staff: StaffPrincipal, meetingId: string, input: JointTaskInput[]): Promise<JointMeetingDto> {
    await this.ds.transaction(async (m) => {
      const row = await m.getRepository(JointMeetingEntity).findOne({ where: { id: meetingId }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw notFound('joint meeting');
      const meeting = await this.meetingOf(m, row);
      const existing = await m.getRepository(JointMeetingTaskEntity).countBy({ meetingId });
      await this.insertTasks(m, row, recordJointTasks(meeting, input, existing), existing);
    });
    return this.detail(staff, meetingId);
  }

  /** 办结: the task's own unit reports it done with a note. */
  async complete(staff: StaffPrincipal, taskId: string, note: string): Promise<JointTaskDto> {
    await this.ds.transaction(async (m) => {
      const task = await m.getRepository(JointMeetingTaskEntity).findOne({ where: { id: taskId }, lock: { mode: 'pessimistic_write' } });
      // Another unit's task is not there for this caller at all.
      if (!task || task.unitId !== staff.unitId) throw notFound('joint meeting task');
      const done = completeJointTask({ ...task }, staff.unitId, note);
      await m.update(JointMeetingTaskEntity, { id: taskId }, { status: done.status, doneNote: done.doneNote, doneAt: new Date(), doneByName: staff.name });
    });
    const [dto] = await this.taskDtos(this.ds.manager, await this.ds.getRepository(JointMeetingTaskEntity).findBy({ id: taskId }));
    return dto;
  }

  /** Meetings the caller may see, newest first. */
  async list(staff: StaffPrincipal): Promise<JointMeetingDto[]> {
    const rows = await this.ds.getRepository(JointMeetingEntity).find({ where: this.visible(staff), order: { heldAt: 'DESC' }, take: 200 });
    return Promise.all(rows.map((r) => this.dto(this.ds.manager, r)));
  }

  async detail(staff: StaffPrincipal, id: string): Promise<JointMeetingDto> {
    const [row] = await this.ds.getRepository(JointMeetingEntity).find({ where: this.visible(staff, id) });
    if (!row) throw notFound('joint meeting');
    return this.dto(this.ds.manager, row);
  }

  /** A unit's tasks (the office and leaders: everyone's), open ones by deadline first. */
  async tasks(staff: StaffPrincipal, status?: JointTaskStatus): Promise<JointTaskDto[]> {
    const where = { ...(SEES_ALL.includes(staff.role) ? {} : { unitId: staff.unitId }), ...(status ? { status } : {}) };
    const rows = await this.ds.getRepository(JointMeetingTaskEntity).find({ where, order: { status: 'ASC', dueDate: 'ASC', createdAt: 'ASC', position: 'ASC' }, take: 500 });
    return this.taskDtos(this.ds.manager, rows);
  }

  /** 联席会议 totals for the office's reports: meetings held in the period and the cases they solved. */
  async totals(from: string | undefined, to: string | undefined, now = new Date()): Promise<{ held: number; casesSolved: number }> {
    if (from && to && from > to) throw new DomainError('PERIOD_INVALID', 'from is after to', { from, to });
    const qb = this.ds.getRepository(JointMeetingEntity).createQueryBuilder('m');
    if (from) qb.andWhere('m.held_at >= :from::timestamptz', { from: `${from}T00:00:00+08:00` });
    if (to) qb.andWhere(`m.held_at < (:to::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`, { to });
    const meetings = await qb.getMany();
    if (meetings.length === 0) return { held: 0, casesSolved: 0 };
    const ids = meetings.map((x) => x.id);
    const links = await this.ds.getRepository(JointMeetingCaseEntity).findBy({ meetingId: In(ids) });
    const tasks = await this.ds.getRepository(JointMeetingTaskEntity).findBy({ meetingId: In(ids) });
    const cases = await this.caseRows(this.ds.manager, [...new Set(links.map((l) => l.caseId))]);
    return jointMeetingTotals(
      meetings.map((x) => ({
        heldAt: x.heldAt,
        cases: links.filter((l) => l.meetingId === x.id).flatMap((l) => (cases.has(l.caseId) ? [caseFacts(cases.get(l.caseId)!)] : [])),
        tasks: tasks.filter((t) => t.meetingId === x.id),
      })),
      now,
    );
  }

  /**
   * 超期督办: claims the open tasks whose last day has passed and not yet escalated (SKIP LOCKED, so
   * instances share the work; the partial index keeps the look cheap), and tells each one's unit
   * leaders, in the transaction that marks it. Returns how many tasks were escalated.
   */
  async escalateDue(now: Date): Promise<number> {
    let done = 0;
    for (;;) {
      const n = await this.ds.transaction(async (m) => {
        const [claimed] = (await m.query(
          `UPDATE joint_meeting_task SET escalated_at = $2 WHERE id IN (
             SELECT id FROM joint_meeting_task WHERE status = 'assigned' AND escalated_at IS NULL AND due_date < $1
              ORDER BY due_date LIMIT ${ESCALATION_BATCH} FOR UPDATE SKIP LOCKED)
           RETURNING id, meeting_id, unit_id, text, due_date`,
          [chinaDate(now), now],
        )) as [Array<{ id: string; meeting_id: string; unit_id: string; text: string; due_date: string }>, number];
        if (claimed.length === 0) return 0;
        const leaders = await this.staffOf(m, [...new Set(claimed.map((t) => t.unit_id))], ['unit_leader']);
        const titles = new Map((await m.getRepository(JointMeetingEntity).findBy({ id: In([...new Set(claimed.map((t) => t.meeting_id))]) })).map((x) => [x.id, x.title]));
        for (const t of claimed) {
          for (const s of leaders.filter((l) => l.unitId === t.unit_id)) {
            await this.notify(m, s, 'overdue', `${t.id}:${s.id}`, { meetingId: t.meeting_id, title: titles.get(t.meeting_id) ?? '联席会议', subject: t.text, when: formatChinaDay(new Date(`${t.due_date}T12:00:00+08:00`)) });
          }
        }
        return claimed.length;
      });
      done += n;
      if (n < ESCALATION_BATCH) return done;
    }
  }

  /** Which meetings the caller sees: all for the office, inspectors and city leaders; else those their unit was invited to. */
  private visible(staff: StaffPrincipal, id?: string): FindOptionsWhere<JointMeetingEntity> {
    if (SEES_ALL.includes(staff.role)) return id ? { id } : {};
    const invited = Raw((alias) => `${alias} IN (SELECT meeting_id FROM joint_meeting_unit WHERE unit_id = :unit)`, { unit: staff.unitId });
    return { id: id ? And(Equal(id), invited) : invited };
  }

  private async insertTasks(m: EntityManager, meeting: JointMeetingEntity, tasks: ReturnType<typeof recordJointTasks>, first: number): Promise<void> {
    const saved = await m.getRepository(JointMeetingTaskEntity).save(tasks.map((t, i) => ({ ...t, meetingId: meeting.id, position: first + i })));
    const staff = await this.staffOf(m, [...new Set(tasks.map((t) => t.unitId))], ['handler', 'unit_leader']);
    for (const t of saved) {
      for (const s of staff.filter((x) => x.unitId === t.unitId)) {
        await this.notify(m, s, 'task', `${t.id}:${s.id}`, { meetingId: meeting.id, title: meeting.title, subject: t.text, when: formatChinaDay(new Date(`${t.dueDate}T12:00:00+08:00`)) });
      }
    }
  }

  private async notify(m: EntityManager, s: StaffUserEntity, notice: JointMeetingNotice, key: string, input: { meetingId: string; title: string; subject: string; when: string }): Promise<void> {
    const kind = NOTICE_KIND[notice];
    await this.outbox.enqueue(m, {
      kind,
      caseId: null,
      touser: s.openid as string,
      channels: [{ via: 'template', body: jointMeetingNotice(this.config.wechat, notice, input) }],
      idempotencyKey: `${kind}:${key}`,
    });
  }

  private staffOf(m: EntityManager, unitIds: readonly string[], roles: readonly string[]): Promise<StaffUserEntity[]> {
    if (unitIds.length === 0) return Promise.resolve([]);
    return m.getRepository(StaffUserEntity).find({ where: { unitId: In(unitIds), role: In(roles), active: true, openid: Not(IsNull()) }, order: { id: 'ASC' } });
  }

  /** The meeting's cases must exist and still be open: a meeting on a closed case is an input error. */
  private async openCases(m: EntityManager, ids: readonly string[]): Promise<CaseRow[]> {
    const found = await this.caseRows(m, ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw new DomainError('JOINT_MEETING_INVALID', `no such case: ${missing.join(', ')}`, { field: 'caseIds' });
    const done = [...found.values()].filter((c) => ['closed', 'invalid', 'merged'].includes(c.status));
    if (done.length) throw new DomainError('JOINT_MEETING_INVALID', `cases no longer open: ${done.map((c) => c.number).join(', ')}`, { field: 'caseIds' });
    return ids.map((id) => found.get(id)!);
  }

  private async unitsNamed(m: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    const units = new Map((await m.getRepository(UnitEntity).findBy({ id: In([...ids]) })).map((u) => [u.id, u.name]));
    const missing = ids.filter((id) => !units.has(id));
    if (missing.length) throw new DomainError('JOINT_MEETING_INVALID', `no such unit: ${missing.join(', ')}`, { field: 'unitIds' });
    return units;
  }

  private async caseRows(m: EntityManager, ids: readonly string[]): Promise<Map<string, CaseRow>> {
    if (ids.length === 0) return new Map();
    const rows = (await m.query(`SELECT id, number, status, closed_at FROM case_file WHERE id = ANY($1::uuid[])`, [ids])) as CaseRow[];
    return new Map(rows.map((r) => [r.id, r]));
  }

  private async meetingOf(m: EntityManager, row: JointMeetingEntity): Promise<JointMeeting> {
    const caseIds = (await m.getRepository(JointMeetingCaseEntity).findBy({ meetingId: row.id })).map((c) => c.caseId);
    const unitIds = (await m.getRepository(JointMeetingUnitEntity).findBy({ meetingId: row.id })).map((u) => u.unitId);
    return { title: row.title, place: row.place, heldAt: row.heldAt, caseIds, unitIds };
  }

  private async dto(m: EntityManager, row: JointMeetingEntity): Promise<JointMeetingDto> {
    const meeting = await this.meetingOf(m, row);
    const tasks = await m.getRepository(JointMeetingTaskEntity).find({ where: { meetingId: row.id }, order: { position: 'ASC' } });
    const cases = await this.caseRows(m, meeting.caseIds);
    const units = await m.getRepository(UnitEntity).findBy({ id: In(meeting.unitIds) });
    return {
      id: row.id,
      title: row.title,
      place: row.place,
      heldAt: row.heldAt.toISOString(),
      convenedBy: { id: row.convenedBy, name: row.convenedByName },
      cases: meeting.caseIds.flatMap((id) => {
        const c = cases.get(id);
        return c ? [{ id, number: c.number, status: c.status, solved: solvedByMeeting(row, caseFacts(c), tasks) }] : [];
      }),
      units: units.map((u) => ({ id: u.id, name: u.name })).sort((a, b) => a.name.localeCompare(b.name, 'zh')),
      tasks: await this.taskDtos(m, tasks, row),
    };
  }

  private async taskDtos(m: EntityManager, tasks: readonly JointMeetingTaskEntity[], meeting?: JointMeetingEntity): Promise<JointTaskDto[]> {
    if (tasks.length === 0) return [];
    const titles = meeting
      ? new Map([[meeting.id, meeting.title]])
      : new Map((await m.getRepository(JointMeetingEntity).findBy({ id: In([...new Set(tasks.map((t) => t.meetingId))]) })).map((x) => [x.id, x.title]));
    const units = new Map((await m.getRepository(UnitEntity).findBy({ id: In([...new Set(tasks.map((t) => t.unitId))]) })).map((u) => [u.id, u.name]));
    const cases = await this.caseRows(m, [...new Set(tasks.flatMap((t) => (t.caseId ? [t.caseId] : [])))]);
    const now = new Date();
    return tasks.map((t) => ({
      id: t.id,
      meetingId: t.meetingId,
      meetingTitle: titles.get(t.meetingId) ?? '',
      caseId: t.caseId,
      caseNumber: t.caseId ? (cases.get(t.caseId)?.number ?? null) : null,
      unit: { id: t.unitId, name: units.get(t.unitId) ?? '' },
      text: t.text,
      dueDate: t.dueDate,
      status: t.status,
      statusLabel: JOINT_TASK_STATUS_LABELS[t.status],
      overdue: isJointTaskOverdue(t, now),
      doneNote: t.doneNote,
      doneAt: t.doneAt?.toISOString() ?? null,
      doneByName: t.doneByName,
      escalatedAt: t.escalatedAt?.toISOString() ?? null,
    }));
  }
}

function caseFacts(c: CaseRow): { id: string; status: string; closedAt: Date | null } {
  return { id: c.id, status: c.status, closedAt: c.closed_at ? new Date(c.closed_at) : null };
}
