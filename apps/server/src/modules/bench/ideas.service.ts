import { Injectable, type StreamableFile } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  addIdeaMilestone,
  evaluateIdea,
  IDEA_STATUS_LABELS,
  IDEA_STATUS_SHORT_LABELS,
  ideaActions,
  ideaNotice,
  isEvaluationOverdue,
  DomainError,
  REWARD_STATE_LABELS,
  takeUpIdea,
  type IdeaChange,
  type IdeaState,
} from '@msz/domain';
import { DataSource, In, LessThan, Repository, type EntityManager, type FindOptionsWhere } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { AppError, notFound } from '../../common/errors/app-error';
import { CalendarService } from '../calendar/calendar.service';
import { CaseEntity } from '../cases/case.entity';
import { CasesService } from '../cases/cases.service';
import { MediaService } from '../media/media.service';
import { NotificationsService } from '../notifications/notifications.service';
import type { RewardEntity } from '../points/points.entities';
import { RewardsService } from '../points/rewards.service';
import { ResidentAccountEntity } from '../residents/resident-account.entity';
import { UnitEntity } from '../units/unit.entity';
import { GoldenIdeaEntity, IdeaMilestoneEntity, BenchPhotoEntity } from './bench.entities';
import type { EvaluateIdeaDto, IdeaDetailDto, IdeaDto, IdeaMilestoneDto, IdeaTotalsDto, ListIdeasQuery, PhotoDto, ProposeIdeaRewardDto, TakeUpIdeaDto } from './dto/bench.dto';
import { checkedPhoto, photoDto } from './meetings.service';

const PHOTOS_PER_MILESTONE = 9;

/** Only an idea that was taken on is worth money; a reward that did not go through may be proposed again. */
const REWARDABLE = new Set(['adopted', 'partly_adopted', 'delivered']);
const SETTLED_AGAINST = new Set(['rejected', 'failed', 'cancelled']);

const stateOf = (i: GoldenIdeaEntity): IdeaState => ({
  status: i.status,
  unitId: i.unitId,
  title: i.title,
  takenUpAt: i.takenUpAt,
  evaluateBy: i.evaluateBy,
  evaluatedAt: i.evaluatedAt,
  decision: i.decision,
  decisionReason: i.decisionReason,
  deliveredAt: i.deliveredAt,
});

/** Who reads which ideas: the office, leaders and inspectors every one; a unit's staff their unit's. */
function scope(staff: StaffPrincipal): FindOptionsWhere<GoldenIdeaEntity> {
  switch (staff.role) {
    case 'dispatcher':
    case 'city_leader':
    case 'inspector':
    case 'admin':
      return {};
    case 'handler':
    case 'unit_leader':
      return { unitId: staff.unitId };
  }
}

/**
 * 金点子: the office takes up a resident's suggestion; the owning unit evaluates it and follows an
 * adopted one to delivery. The suggestion stays a case of its own (read here, never written); the
 * proposer hears every step through the outbox, in the step's own transaction.
 */
@Injectable()
export class IdeasService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesService,
    private readonly calendar: CalendarService,
    private readonly notifications: NotificationsService,
    private readonly media: MediaService,
    private readonly rewards: RewardsService,
    @InjectRepository(GoldenIdeaEntity) private readonly ideas: Repository<GoldenIdeaEntity>,
    @InjectRepository(IdeaMilestoneEntity) private readonly milestones: Repository<IdeaMilestoneEntity>,
    @InjectRepository(BenchPhotoEntity) private readonly photos: Repository<BenchPhotoEntity>,
  ) {}

  async takeUp(staff: StaffPrincipal, input: TakeUpIdeaDto): Promise<IdeaDto> {
    const c = await this.cases.get(staff, input.caseId);
    const unitId = input.unitId ?? c.unitId;
    if (unitId && !(await this.ds.getRepository(UnitEntity).existsBy({ id: unitId }))) throw notFound('unit');
    const change = takeUpIdea({ caseKind: c.kind, unitId, title: input.title, at: new Date() }, this.calendar);
    return this.ds.transaction(async (m) => {
      if (await m.existsBy(GoldenIdeaEntity, { caseId: c.id })) throw new AppError('CONFLICT', 'this suggestion is already a golden idea');
      const saved = await m.save(m.create(GoldenIdeaEntity, { ...change.state, caseId: c.id, takenUpBy: staff.id }));
      await this.tell(m, c, saved, change, `taken_up`);
      return (await this.views(staff, [saved], m))[0];
    });
  }

  async evaluate(staff: StaffPrincipal, id: string, input: EvaluateIdeaDto): Promise<IdeaDto> {
    return this.change(staff, id, input.expectedVersion, async (m, idea, c) => {
      const change = evaluateIdea(stateOf(idea), { decision: input.decision, reason: input.reason }, new Date());
      const saved = await m.save(GoldenIdeaEntity, { ...idea, ...change.state, evaluatedBy: staff.id });
      await this.tell(m, c, saved, change, 'evaluated');
      return saved;
    });
  }

  async addMilestone(staff: StaffPrincipal, id: string, input: IdeaMilestoneDto): Promise<IdeaDetailDto> {
    await this.change(staff, id, undefined, async (m, idea, c) => {
      const change = addIdeaMilestone(stateOf(idea), { note: input.note, delivered: input.delivered ?? false }, new Date());
      const step = await m.save(m.create(IdeaMilestoneEntity, { ideaId: idea.id, note: 'note' in change.event ? change.event.note : input.note.trim(), delivered: change.state.status === 'delivered', recordedBy: staff.id }));
      const saved = await m.save(GoldenIdeaEntity, { ...idea, ...change.state });
      await this.tell(m, c, saved, change, `milestone:${step.id}`);
      return saved;
    });
    return this.detail(staff, id);
  }

  /**
   * A cadre of the owning unit, or the office, proposes a cash reward for an adopted or delivered
   * idea, paid to its proposer; a second person approves it through the rewards route.
   */
  async proposeReward(staff: StaffPrincipal, id: string, input: ProposeIdeaRewardDto): Promise<IdeaDetailDto> {
    const idea = staff.role === 'dispatcher' ? await this.visible(staff, id) : await this.owned(staff, id);
    if (!REWARDABLE.has(idea.status)) throw new DomainError('REWARD_IDEA_NOT_ADOPTED', 'only an adopted or delivered idea is rewarded', { ideaId: idea.id, status: idea.status });
    const c = await this.ds.getRepository(CaseEntity).findOneByOrFail({ id: idea.caseId });
    // WeChat Pay pays a mini-program openid: the case's own for a mini-program filing, else the account bound to the resident's phone.
    const openid = c.channel === 'miniprogram' && c.residentOpenid ? c.residentOpenid : c.residentPhone ? (await this.ds.getRepository(ResidentAccountEntity).findOneBy({ phone: c.residentPhone }))?.openid : undefined;
    if (!openid) throw new DomainError('REWARD_NO_PAYEE', 'the proposer has no mini-program account to be paid into', { ideaId: idea.id });
    await this.rewards.proposeForIdea(staff, { ideaId: idea.id, payeeOpenid: openid, payeeName: c.residentName ?? '建议人', amountFen: input.amountFen, remark: input.remark });
    return this.detail(staff, id);
  }

  async addMilestonePhoto(staff: StaffPrincipal, id: string, milestoneId: string, base64: string): Promise<PhotoDto> {
    const idea = await this.owned(staff, id);
    const milestone = await this.milestones.findOneBy({ id: milestoneId, ideaId: idea.id });
    if (!milestone) throw notFound('milestone');
    const { data, contentType } = await checkedPhoto(base64);
    return this.ds.transaction(async (m) => {
      await m.getRepository(GoldenIdeaEntity).findOne({ where: { id: idea.id }, lock: { mode: 'pessimistic_write' } });
      if ((await m.countBy(BenchPhotoEntity, { ownerKind: 'milestone', ownerId: milestone.id })) >= PHOTOS_PER_MILESTONE) {
        throw new AppError('PAYLOAD_TOO_LARGE', `a milestone keeps at most ${PHOTOS_PER_MILESTONE} photos`);
      }
      const photoId = (await m.query(`SELECT gen_random_uuid() AS id`))[0].id as string;
      const storageKey = await this.media.storeFile(`ideas/${idea.id}`, photoId, data, contentType);
      return photoDto(await m.save(m.create(BenchPhotoEntity, { id: photoId, ownerKind: 'milestone', ownerId: milestone.id, storageKey, contentType, sizeBytes: data.length, uploadedBy: staff.id })));
    });
  }

  async photo(staff: StaffPrincipal, id: string, photoId: string): Promise<StreamableFile> {
    const idea = await this.visible(staff, id);
    const ids = (await this.milestones.find({ where: { ideaId: idea.id }, select: { id: true } })).map((x) => x.id);
    const p = ids.length ? await this.photos.findOneBy({ id: photoId, ownerKind: 'milestone', ownerId: In(ids) }) : null;
    if (!p) throw notFound('photo');
    return this.media.openFile(p.storageKey, p.contentType, p.sizeBytes, p.id);
  }

  async list(staff: StaffPrincipal, q: ListIdeasQuery): Promise<IdeaDto[]> {
    const where: FindOptionsWhere<GoldenIdeaEntity> = { ...scope(staff), ...(q.status ? { status: q.status } : {}) };
    if (q.overdue === 'true') Object.assign(where, { status: 'evaluating', evaluateBy: LessThan(new Date()) });
    const rows = await this.ideas.find({ where, order: { evaluateBy: 'ASC', id: 'ASC' }, take: q.limit });
    return this.views(staff, rows);
  }

  async detail(staff: StaffPrincipal, id: string): Promise<IdeaDetailDto> {
    const idea = await this.visible(staff, id);
    const [view] = await this.views(staff, [idea]);
    const steps = await this.milestones.find({ where: { ideaId: idea.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const photos = steps.length ? await this.photos.find({ where: { ownerKind: 'milestone', ownerId: In(steps.map((s) => s.id)) }, order: { createdAt: 'ASC' } }) : [];
    return {
      ...view,
      milestones: steps.map((s) => ({ id: s.id, note: s.note, delivered: s.delivered, recordedAt: s.createdAt.toISOString(), photos: photos.filter((p) => p.ownerId === s.id).map(photoDto) })),
    };
  }

  /** 金点子 totals: suggestions made, taken up, adopted (in whole or part), declined, delivered, overdue. */
  async totals(staff: StaffPrincipal): Promise<IdeaTotalsDto> {
    const own = scope(staff).unitId as string | undefined;
    const [row] = await this.ds.query(
      `SELECT count(*) AS proposed,
              count(*) FILTER (WHERE status IN ('adopted', 'partly_adopted', 'delivered')) AS adopted,
              count(*) FILTER (WHERE status = 'declined') AS declined,
              count(*) FILTER (WHERE status = 'delivered') AS delivered,
              count(*) FILTER (WHERE status = 'evaluating' AND evaluate_by < now()) AS overdue
         FROM golden_idea WHERE ($1::uuid IS NULL OR unit_id = $1)`,
      [own ?? null],
    );
    const [{ n }] = await this.ds.query(`SELECT count(*) AS n FROM case_file WHERE kind = 'suggestion' AND ($1::uuid IS NULL OR unit_id = $1)`, [own ?? null]);
    return { suggestions: Number(n), proposed: Number(row.proposed), adopted: Number(row.adopted), declined: Number(row.declined), delivered: Number(row.delivered), overdue: Number(row.overdue) };
  }

  /** The proposer hears the step in plain words, queued with the step itself. */
  private async tell(m: EntityManager, c: CaseEntity, idea: GoldenIdeaEntity, change: IdeaChange, step: string): Promise<void> {
    const sentence = ideaNotice(idea.title, change.event);
    const note = change.event.type === 'evaluated' ? (change.event.reason ?? '感谢您的建议') : change.event.type === 'taken_up' ? `${IDEA_STATUS_LABELS.evaluating}` : change.event.note;
    await this.notifications.ideaProgress(m, c, `${idea.id}:${step}`, { title: idea.title, status: IDEA_STATUS_SHORT_LABELS[idea.status], note, sentence, at: new Date() });
  }

  private async visible(staff: StaffPrincipal, id: string): Promise<GoldenIdeaEntity> {
    const idea = await this.ideas.findOneBy({ id, ...scope(staff) });
    if (!idea) throw notFound('idea');
    return idea;
  }

  /** An idea of the caller's own unit (admins any): only the owning unit evaluates and follows it. */
  private async owned(staff: StaffPrincipal, id: string, m: EntityManager = this.ds.manager): Promise<GoldenIdeaEntity> {
    const where = staff.role === 'admin' ? { id } : { id, unitId: staff.unitId };
    const idea = await m.getRepository(GoldenIdeaEntity).findOne({ where, ...(m === this.ds.manager ? {} : { lock: { mode: 'pessimistic_write' as const } }) });
    if (!idea) throw notFound('idea');
    return idea;
  }

  private change(staff: StaffPrincipal, id: string, expectedVersion: number | undefined, act: (m: EntityManager, idea: GoldenIdeaEntity, c: CaseEntity) => Promise<GoldenIdeaEntity>): Promise<IdeaDto> {
    return this.ds.transaction(async (m) => {
      const idea = await this.owned(staff, id, m);
      if (expectedVersion !== undefined && idea.version !== expectedVersion) {
        throw new AppError('CONFLICT', `the idea changed since you saw it (version ${expectedVersion}, now ${idea.version}); reload it`);
      }
      const c = await m.getRepository(CaseEntity).findOneByOrFail({ id: idea.caseId });
      return (await this.views(staff, [await act(m, idea, c)], m))[0];
    });
  }

  private async views(staff: StaffPrincipal, rows: readonly GoldenIdeaEntity[], m: EntityManager = this.ds.manager): Promise<IdeaDto[]> {
    if (!rows.length) return [];
    const [units, cases, rewards] = await Promise.all([
      m.getRepository(UnitEntity).findBy({ id: In([...new Set(rows.map((r) => r.unitId))]) }),
      m.query(`SELECT id, number, text, channel FROM case_file WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.caseId)]) as Promise<Array<{ id: string; number: string; text: string; channel: string }>>,
      this.rewards.forIdeas(rows.map((r) => r.id), m),
    ]);
    const rewardView = (x: RewardEntity | undefined) => (x ? { id: x.id, amountFen: x.amountFen, remark: x.remark, state: x.state, stateLabel: REWARD_STATE_LABELS[x.state], payeeName: x.payeeName } : null);
    const mayReward = (r: GoldenIdeaEntity) => staff.role === 'dispatcher' || ((staff.role === 'handler' || staff.role === 'unit_leader') && staff.unitId === r.unitId);
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const caseOf = new Map(cases.map((c) => [c.id, c]));
    const now = new Date();
    return rows.map((r) => ({
      id: r.id,
      caseId: r.caseId,
      caseNumber: caseOf.get(r.caseId)?.number ?? '',
      title: r.title,
      text: caseOf.get(r.caseId)?.text ?? '',
      channel: caseOf.get(r.caseId)?.channel ?? '',
      unitId: r.unitId,
      unitName: unitName.get(r.unitId) ?? '',
      status: r.status,
      statusLabel: IDEA_STATUS_LABELS[r.status],
      takenUpAt: r.takenUpAt.toISOString(),
      evaluateBy: r.evaluateBy.toISOString(),
      overdue: isEvaluationOverdue(r, now),
      decision: r.decision,
      decisionReason: r.decisionReason,
      evaluatedAt: r.evaluatedAt?.toISOString() ?? null,
      deliveredAt: r.deliveredAt?.toISOString() ?? null,
      version: r.version,
      allowedActions: staff.role === 'admin' || ((staff.role === 'handler' || staff.role === 'unit_leader') && staff.unitId === r.unitId) ? ideaActions(r.status) : [],
      reward: rewardView(rewards.get(r.id)),
      canReward: mayReward(r) && REWARDABLE.has(r.status) && (!rewards.get(r.id) || SETTLED_AGAINST.has(rewards.get(r.id)!.state)),
    }));
  }
}
