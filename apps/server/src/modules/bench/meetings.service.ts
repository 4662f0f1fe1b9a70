import { Injectable, type StreamableFile } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  cancelMeeting,
  closeMeeting,
  defaultBenchKinds,
  DomainError,
  holdMeeting,
  isSettled,
  MEETING_STATUS_LABELS,
  meetingActions,
  planMeeting,
  RESIDENT_STATUS_LABELS,
  SETTLED_STATUSES,
  sumTotals,
  withRate,
  type BenchKinds,
  type CaseStatus,
  type MeetingState,
} from '@msz/domain';
import { DataSource, In, QueryFailedError, Repository, type EntityManager } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { AppError, notFound } from '../../common/errors/app-error';
import { CasesService } from '../cases/cases.service';
import { MediaService } from '../media/media.service';
import { acceptedFormats, UPLOAD_LIMITS, uploadContentType } from '../media/upload-type';
import { maskPhone } from '../units/hierarchy';
import { StaffUserEntity } from '../units/staff-user.entity';
import { UnitEntity } from '../units/unit.entity';
import { BenchArea, inArea } from './bench-area';
import { BenchDemandEntity, BenchMeetingEntity, BenchPhotoEntity } from './bench.entities';
import type {
  BenchDemandDto,
  BenchTotalsDto,
  BenchTotalsQuery,
  CancelMeetingDto,
  CloseMeetingDto,
  DemandFiledDto,
  HoldMeetingDto,
  ListMeetingsQuery,
  MeetingDemandDto,
  MeetingDetailDto,
  MeetingDto,
  PhotoDto,
  PlanMeetingDto,
} from './dto/bench.dto';

const PHOTOS_PER_MEETING = 9;

const stateOf = (m: BenchMeetingEntity): MeetingState => ({
  status: m.status,
  kind: m.kind,
  villageUnitId: m.villageUnitId,
  place: m.place,
  hostStaffId: m.hostStaffId,
  plannedAt: m.plannedAt,
  topics: m.topics,
  heldAt: m.heldAt,
  attendance: m.attendance,
  outcomes: m.outcomes,
  report: m.report,
  cancelReason: m.cancelReason,
});

export const photoDto = (p: BenchPhotoEntity): PhotoDto => ({ id: p.id, contentType: p.contentType, sizeBytes: p.sizeBytes, createdAt: p.createdAt.toISOString() });

/** A photo from a staff phone, typed from its bytes like residents' photos. */
export async function checkedPhoto(base64: string): Promise<{ data: Buffer; contentType: string }> {
  const data = Buffer.from(base64, 'base64');
  const { maxBytes } = UPLOAD_LIMITS.image;
  if (data.length > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `a photo may be at most ${maxBytes / 1024 / 1024} MB`);
  const contentType = await uploadContentType('image', data);
  if (!contentType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `a photo must be ${acceptedFormats('image').join(', ')}`);
  return { data, contentType };
}

const isUniqueViolation = (e: unknown): boolean => e instanceof QueryFailedError && (e.driverError as { code?: string })?.code === '23505';

/**
 * 板凳会: plan, hold, close; the demands raised there go into the case pipeline through
 * CasesService (channel bench_meeting), and this module keeps only the link.
 */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesService,
    private readonly media: MediaService,
    private readonly area: BenchArea,
    @InjectRepository(BenchMeetingEntity) private readonly meetings: Repository<BenchMeetingEntity>,
    @InjectRepository(BenchDemandEntity) private readonly demands: Repository<BenchDemandEntity>,
    @InjectRepository(BenchPhotoEntity) private readonly photos: Repository<BenchPhotoEntity>,
  ) {}

  /** The city's kinds of meeting (libs/domain/data/bench-kinds.json). */
  kinds(): BenchKinds {
    return defaultBenchKinds();
  }

  async plan(staff: StaffPrincipal, input: PlanMeetingDto): Promise<MeetingDto> {
    const village = await this.ds.getRepository(UnitEntity).findOneBy({ id: input.villageUnitId });
    // A village outside the caller's area is as good as unknown to them.
    if (!village || village.level !== 'village' || !village.parentId || !(await this.area.canRecord(staff, village.id))) throw notFound('village');
    const hostId = input.hostStaffId ?? staff.id;
    const host = await this.ds.getRepository(StaffUserEntity).findOneBy({ id: hostId, active: true });
    if (!host || ![village.id, village.parentId].includes(host.unitId)) {
      throw new DomainError('BENCH_MEETING_INVALID', 'the host must be staff of the village or its town', { field: 'hostStaffId' });
    }
    const state = planMeeting({ kind: input.kind, villageUnitId: village.id, place: input.place, hostStaffId: host.id, plannedAt: new Date(input.plannedAt), topics: input.topics }, this.kinds());
    const saved = await this.meetings.save(this.meetings.create({ ...state, topics: [...state.topics], townUnitId: village.parentId, createdBy: staff.id }));
    return (await this.views(staff, [saved]))[0];
  }

  async hold(staff: StaffPrincipal, id: string, input: HoldMeetingDto): Promise<MeetingDto> {
    return this.change(staff, id, input.expectedVersion, (s) =>
      holdMeeting(s, { heldAt: new Date(input.heldAt), attendance: input.attendance, topics: input.topics, outcomes: input.outcomes }, new Date()),
    );
  }

  async close(staff: StaffPrincipal, id: string, input: CloseMeetingDto): Promise<MeetingDto> {
    return this.change(staff, id, input.expectedVersion, (s) => closeMeeting(s, { report: input.report, outcomes: input.outcomes }));
  }

  async cancel(staff: StaffPrincipal, id: string, input: CancelMeetingDto): Promise<MeetingDto> {
    return this.change(staff, id, input.expectedVersion, (s) => cancelMeeting(s, input.reason));
  }

  async list(staff: StaffPrincipal, q: ListMeetingsQuery): Promise<MeetingDto[]> {
    const area = await this.area.of(staff);
    if (area !== 'all' && area.length === 0) return [];
    if (q.villageUnitId && !inArea(area, q.villageUnitId)) return [];
    const villages = q.villageUnitId ? [q.villageUnitId] : area;
    const rows = await this.meetings.find({
      where: { ...(villages === 'all' ? {} : { villageUnitId: In([...villages]) }), ...(q.status ? { status: q.status } : {}) },
      order: { plannedAt: 'DESC', id: 'ASC' },
      take: q.limit,
    });
    return this.views(staff, rows);
  }

  async detail(staff: StaffPrincipal, id: string): Promise<MeetingDetailDto> {
    const meeting = await this.visible(staff, id);
    const [view] = await this.views(staff, [meeting]);
    const [demands, photos] = await Promise.all([this.demandsOf(meeting.id), this.photos.find({ where: { ownerKind: 'meeting', ownerId: meeting.id }, order: { createdAt: 'ASC' } })]);
    return { ...view, demands, photos: photos.map(photoDto) };
  }

  /**
   * A demand raised at the meeting becomes a case (channel bench_meeting, the resident's name and
   * phone kept, the village as its place). The phone's key makes a resend return the first filing;
   * two sends racing each other meet at the key's unique index and the loser reads the winner's.
   */
  async addDemand(staff: StaffPrincipal, meetingId: string, input: BenchDemandDto): Promise<DemandFiledDto> {
    const earlier = await this.repeated(meetingId, input.clientKey);
    if (earlier) return earlier;
    const meeting = await this.recordable(staff, meetingId);
    if (!meetingActions(meeting.status).includes('add_demand')) {
      throw new DomainError('BENCH_ILLEGAL_TRANSITION', `demands are entered at a held meeting (this one is ${meeting.status})`, { action: 'add_demand', status: meeting.status });
    }
    try {
      const filed = await this.cases.fileForResident(
        staff,
        {
          channel: 'bench_meeting',
          text: input.text,
          residentName: input.residentName,
          residentPhone: input.residentPhone,
          placeUnitId: meeting.villageUnitId,
          onTheSpotAnswer: input.onTheSpotAnswer,
        },
        async (m: EntityManager, c) => {
          await m.insert(BenchDemandEntity, { meetingId: meeting.id, caseId: c.id, clientKey: input.clientKey, solvedOnTheSpot: Boolean(input.onTheSpotAnswer), enteredBy: staff.id });
        },
      );
      return { caseId: filed.id, number: filed.number, status: filed.status, statusLabel: RESIDENT_STATUS_LABELS[filed.status], solvedOnTheSpot: Boolean(input.onTheSpotAnswer), repeated: false };
    } catch (e) {
      // The same key sent twice at once: the case and the link of the loser were rolled back together.
      const winner = isUniqueViolation(e) ? await this.repeated(meetingId, input.clientKey) : null;
      if (winner) return winner;
      throw e;
    }
  }

  async addPhoto(staff: StaffPrincipal, meetingId: string, base64: string): Promise<PhotoDto> {
    const meeting = await this.recordable(staff, meetingId);
    if (meeting.status === 'cancelled') throw new DomainError('BENCH_ILLEGAL_TRANSITION', 'a cancelled meeting takes no photos', { action: 'photo', status: meeting.status });
    const { data, contentType } = await checkedPhoto(base64);
    return this.ds.transaction(async (m) => {
      // Counted under the meeting's lock, so two uploads at once cannot pass the limit together.
      await m.getRepository(BenchMeetingEntity).findOne({ where: { id: meeting.id }, lock: { mode: 'pessimistic_write' } });
      if ((await m.countBy(BenchPhotoEntity, { ownerKind: 'meeting', ownerId: meeting.id })) >= PHOTOS_PER_MEETING) {
        throw new AppError('PAYLOAD_TOO_LARGE', `a meeting keeps at most ${PHOTOS_PER_MEETING} photos`);
      }
      const id = (await m.query(`SELECT gen_random_uuid() AS id`))[0].id as string;
      const storageKey = await this.media.storeFile(`bench/${meeting.id}`, id, data, contentType);
      const row = m.create(BenchPhotoEntity, { id, ownerKind: 'meeting', ownerId: meeting.id, storageKey, contentType, sizeBytes: data.length, uploadedBy: staff.id });
      return photoDto(await m.save(row));
    });
  }

  async photo(staff: StaffPrincipal, meetingId: string, photoId: string): Promise<StreamableFile> {
    await this.visible(staff, meetingId);
    const p = await this.photos.findOneBy({ id: photoId, ownerKind: 'meeting', ownerId: meetingId });
    if (!p) throw notFound('photo');
    return this.media.openFile(p.storageKey, p.contentType, p.sizeBytes, p.id);
  }

  /** 台账: meetings held, attendances, demands raised and settled, the completion rate, by kind, town or month. */
  async totals(staff: StaffPrincipal, q: BenchTotalsQuery): Promise<BenchTotalsDto> {
    const area = await this.area.of(staff);
    const params: unknown[] = [SETTLED_STATUSES];
    const where = [`m.status IN ('held', 'closed')`];
    if (q.from) where.push(`m.held_at >= ($${params.push(q.from)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
    if (q.to) where.push(`m.held_at < (($${params.push(q.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
    if (area !== 'all') where.push(`m.village_unit_id = ANY($${params.push([...area])}::uuid[])`);
    const key = { kind: 'm.kind', town: 'm.town_unit_id::text', month: `to_char(m.held_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')` }[q.groupBy];
    const rows: Array<{ key: string; held: string; attendance: string; raised: string; settled: string; spot: string }> = await this.ds.query(
      `SELECT ${key} AS key, count(*) AS held, coalesce(sum(m.attendance), 0) AS attendance,
              coalesce(sum(d.raised), 0) AS raised, coalesce(sum(d.settled), 0) AS settled, coalesce(sum(d.spot), 0) AS spot
         FROM bench_meeting m
         LEFT JOIN (SELECT bd.meeting_id, count(*) AS raised,
                           count(*) FILTER (WHERE c.status = ANY($1::text[])) AS settled,
                           count(*) FILTER (WHERE bd.solved_on_the_spot) AS spot
                      FROM bench_demand bd JOIN case_file c ON c.id = bd.case_id
                     GROUP BY bd.meeting_id) d ON d.meeting_id = m.id
        WHERE ${where.join(' AND ')}
        GROUP BY 1 ORDER BY 1`,
      params,
    );
    const labels = await this.labels(q.groupBy, rows.map((r) => r.key));
    const figures = rows.map((r) => ({ key: r.key, meetingsHeld: Number(r.held), attendance: Number(r.attendance), demandsRaised: Number(r.raised), demandsSettled: Number(r.settled), solvedOnTheSpot: Number(r.spot) }));
    return {
      groupBy: q.groupBy,
      from: q.from ?? null,
      to: q.to ?? null,
      rows: figures.map((f) => ({ ...withRate(f), label: labels.get(f.key) ?? f.key })),
      total: { ...sumTotals(figures), label: '合计' },
    };
  }

  private async labels(groupBy: BenchTotalsQuery['groupBy'], keys: string[]): Promise<Map<string, string>> {
    switch (groupBy) {
      case 'kind':
        return new Map(this.kinds().kinds.map((k) => [k.code, k.name]));
      case 'town':
        return new Map((keys.length ? await this.ds.getRepository(UnitEntity).findBy({ id: In(keys) }) : []).map((u) => [u.id, u.name]));
      case 'month':
        return new Map(keys.map((k) => [k, `${Number(k.slice(0, 4))}年${Number(k.slice(5))}月`]));
    }
  }

  /** The demands of a meeting with their progress, oldest first (read from the cases; written only by them). */
  private async demandsOf(meetingId: string): Promise<MeetingDemandDto[]> {
    const rows: Array<{ case_id: string; number: string; text: string; resident_name: string | null; resident_phone: string | null; status: CaseStatus; unit_name: string | null; solved_on_the_spot: boolean; created_at: Date }> =
      await this.ds.query(
        `SELECT bd.case_id, c.number, c.text, c.resident_name, c.resident_phone, c.status, u.name AS unit_name, bd.solved_on_the_spot, bd.created_at
           FROM bench_demand bd JOIN case_file c ON c.id = bd.case_id LEFT JOIN unit u ON u.id = c.unit_id
          WHERE bd.meeting_id = $1 ORDER BY bd.created_at, bd.id`,
        [meetingId],
      );
    return rows.map((r) => ({
      caseId: r.case_id,
      number: r.number,
      text: r.text,
      residentName: r.resident_name,
      residentPhone: maskPhone(r.resident_phone),
      status: r.status,
      statusLabel: RESIDENT_STATUS_LABELS[r.status],
      unitName: r.unit_name,
      solvedOnTheSpot: r.solved_on_the_spot,
      settled: isSettled(r.status),
      enteredAt: new Date(r.created_at).toISOString(),
    }));
  }

  /** A key sent before, for this meeting: its filing as it stands now. */
  private async repeated(meetingId: string, clientKey: string): Promise<DemandFiledDto | null> {
    const link = await this.demands.findOneBy({ clientKey });
    if (!link) return null;
    if (link.meetingId !== meetingId) throw new AppError('CONFLICT', 'this client key was used for another meeting');
    const [c] = await this.ds.query(`SELECT id, number, status FROM case_file WHERE id = $1`, [link.caseId]);
    return { caseId: c.id, number: c.number, status: c.status, statusLabel: RESIDENT_STATUS_LABELS[c.status as CaseStatus], solvedOnTheSpot: link.solvedOnTheSpot, repeated: true };
  }

  private async visible(staff: StaffPrincipal, id: string): Promise<BenchMeetingEntity> {
    const meeting = await this.meetings.findOneBy({ id });
    if (!meeting || !inArea(await this.area.of(staff), meeting.villageUnitId)) throw notFound('meeting');
    return meeting;
  }

  /** A meeting the caller may record things for; anything else is "not found", so ids cannot be probed. */
  private async recordable(staff: StaffPrincipal, id: string): Promise<BenchMeetingEntity> {
    const meeting = await this.meetings.findOneBy({ id });
    if (!meeting || !(await this.area.canRecord(staff, meeting.villageUnitId))) throw notFound('meeting');
    return meeting;
  }

  /** Area checked first (a meeting never changes village), then the change under the row's lock. */
  private async change(staff: StaffPrincipal, id: string, expectedVersion: number | undefined, act: (s: MeetingState) => MeetingState): Promise<MeetingDto> {
    await this.recordable(staff, id);
    const saved = await this.ds.transaction(async (m) => {
      const meeting = await m.getRepository(BenchMeetingEntity).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (expectedVersion !== undefined && meeting.version !== expectedVersion) {
        throw new AppError('CONFLICT', `the meeting changed since you saw it (version ${expectedVersion}, now ${meeting.version}); reload it`);
      }
      const next = act(stateOf(meeting));
      return m.save(BenchMeetingEntity, { ...meeting, ...next, topics: [...next.topics] });
    });
    return (await this.views(staff, [saved]))[0];
  }

  private async views(staff: StaffPrincipal, rows: readonly BenchMeetingEntity[]): Promise<MeetingDto[]> {
    if (!rows.length) return [];
    const unitIds = [...new Set(rows.flatMap((r) => [r.villageUnitId, r.townUnitId]))];
    const hostIds = [...new Set(rows.map((r) => r.hostStaffId))];
    const [units, hosts, counts, mine] = await Promise.all([
      this.ds.getRepository(UnitEntity).findBy({ id: In(unitIds) }),
      this.ds.getRepository(StaffUserEntity).findBy({ id: In(hostIds) }),
      this.ds.query(`SELECT meeting_id, count(*) AS n FROM bench_demand WHERE meeting_id = ANY($1::uuid[]) GROUP BY meeting_id`, [rows.map((r) => r.id)]) as Promise<Array<{ meeting_id: string; n: string }>>,
      staff.role === 'admin' ? Promise.resolve('all' as const) : staff.role === 'handler' || staff.role === 'unit_leader' ? this.area.villagesOf(staff.unitId) : Promise.resolve([] as string[]),
    ]);
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const hostName = new Map(hosts.map((h) => [h.id, h.displayName]));
    const demandCount = new Map(counts.map((c) => [c.meeting_id, Number(c.n)]));
    const kindName = new Map(this.kinds().kinds.map((k) => [k.code, k.name]));
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      kindName: kindName.get(r.kind) ?? r.kind,
      status: r.status,
      statusLabel: MEETING_STATUS_LABELS[r.status],
      villageUnitId: r.villageUnitId,
      villageName: unitName.get(r.villageUnitId) ?? '',
      townUnitId: r.townUnitId,
      townName: unitName.get(r.townUnitId) ?? '',
      place: r.place,
      hostStaffId: r.hostStaffId,
      hostName: hostName.get(r.hostStaffId) ?? '',
      plannedAt: r.plannedAt.toISOString(),
      heldAt: r.heldAt?.toISOString() ?? null,
      attendance: r.attendance,
      topics: r.topics,
      outcomes: r.outcomes,
      report: r.report,
      cancelReason: r.cancelReason,
      demandCount: demandCount.get(r.id) ?? 0,
      version: r.version,
      allowedActions: inArea(mine, r.villageUnitId) ? meetingActions(r.status) : [],
    }));
  }
}
