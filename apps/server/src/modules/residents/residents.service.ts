import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { awaitsRevisit, CASE_STATUS_LABELS, DomainError, type RevisitRating } from '@msz/domain';
import { WechatApiClient, WechatApiError } from '@msz/wechat';
import { DataSource, In, IsNull, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { AttachmentEntity } from '../media/attachment.entity';
import { FilingLimitsService } from '../limits/filing-limits.service';
import { MediaService } from '../media/media.service';
import { acceptedFormats, UPLOAD_LIMITS, uploadContentType, type MediaKind } from '../media/upload-type';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { PlacesService } from '../units/places.service';
import { StaffUserEntity } from '../units/staff-user.entity';
import { UnitEntity } from '../units/unit.entity';
import type { ResidentPrincipal } from '../../common/auth/principal';
import { AppError, notFound } from '../../common/errors/app-error';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { residentActor } from '../cases/actor';
import { CaseEntity } from '../cases/case.entity';
import { CasesService, type CaseLocation } from '../cases/cases.service';
import { maskPhone } from '../cases/dto/case.dto';
import { InboundMessageEntity } from '../wechat/inbound-message.entity';
import type { ResidentCaseDto } from './dto/resident.dto';
import { ResidentAccountEntity } from './resident-account.entity';

/** Staff file mobiles as 11 digits; only such a number can match one WeChat verified. */
const MAINLAND_MOBILE = /^1\d{10}$/;

/** What a resident reads in their case's history: the public steps, in plain words. */
const PUBLIC_STEPS: Partial<Record<string, string>> = {
  file: '已受理',
  assign: '已转给承办单位',
  sign_for: '承办单位已签收，正在办理',
  answer: '已答复',
  main_answered: '已答复',
  reopen: '重新办理',
  close: '已办结',
  extend: '办理时限已延长',
  reject: '无效诉求',
  merge: '已合并到同类诉求',
};

@Injectable()
export class ResidentsService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesService,
    private readonly jwt: JwtService,
    private readonly wechat: WechatApiClient,
    private readonly media: MediaService,
    private readonly taxonomy: TaxonomyService,
    private readonly places: PlacesService,
    private readonly filingLimits: FilingLimitsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(code: string): Promise<{ token: string }> {
    const mini = this.miniprogram();
    try {
      const session = await this.wechat.code2Session(code, mini);
      const principal: ResidentPrincipal = { kind: 'resident', openid: session.openid };
      return { token: await this.jwt.signAsync(principal, { expiresIn: '7d' }) };
    } catch (err) {
      if (err instanceof WechatApiError) throw new AppError('INVALID_CREDENTIALS', 'the sign-in code is invalid or used');
      throw err;
    }
  }

  /** The category the system would suggest for this text, with every sub-item to choose from instead. */
  suggest(text: string): { subItem: string | null; subItemName: string | null; kind: string; choices: Array<{ code: string; name: string; category: string }> } {
    const s = this.taxonomy.suggest(text);
    const subItems = this.taxonomy.current().subItems;
    return {
      subItem: s.subItem,
      subItemName: subItems.find((x) => x.code === s.subItem)?.name ?? null,
      kind: s.kind,
      choices: subItems.map((x) => ({ code: x.code, name: x.name, category: x.category })),
    };
  }

  /**
   * Binds the phone number WeChat verified (the getPhoneNumber button's code) to the resident:
   * cases staff filed for that number become theirs to follow. Binding again replaces it.
   */
  async bindPhone(me: ResidentPrincipal, code: string): Promise<{ phone: string }> {
    this.miniprogram();
    let phone: string;
    try {
      phone = (await this.wechat.getPhoneNumber(code)).purePhoneNumber;
    } catch (err) {
      if (err instanceof WechatApiError) throw new AppError('PHONE_CODE_INVALID', 'the phone-number code is invalid, used or expired: ask again with the getPhoneNumber button');
      throw err;
    }
    if (!/^\d{5,20}$/.test(phone)) throw new Error('WeChat answered a phone number of an unexpected shape');
    await this.ds.getRepository(ResidentAccountEntity).upsert({ openid: me.openid, phone, phoneBoundAt: new Date() }, ['openid']);
    return { phone: maskPhone(phone) };
  }

  async profile(me: ResidentPrincipal): Promise<{ phone: string | null }> {
    const account = await this.ds.getRepository(ResidentAccountEntity).findOneBy({ openid: me.openid });
    return { phone: account ? maskPhone(account.phone) : null };
  }

  /** Forgets the number: cases filed for it by staff are no longer shown to this resident. */
  async unbindPhone(me: ResidentPrincipal): Promise<void> {
    await this.ds.getRepository(ResidentAccountEntity).delete({ openid: me.openid });
  }

  /** Filing is idempotent on the app's clientKey: a retry after a lost answer returns the first case. */
  async file(
    me: ResidentPrincipal,
    input: { text: string; clientKey: string; subItem?: string; location?: { lat: number; lng: number; label?: string } },
  ): Promise<ResidentCaseDto> {
    const { text, clientKey, subItem: chosenSubItem } = input;
    if (chosenSubItem) this.taxonomy.assertSubItem(chosenSubItem);
    const id = await this.ds.transaction(async (m) => {
      const key = `mini:${me.openid}:${clientKey}`;
      const inserted: unknown[] = await m.query(
        `INSERT INTO wechat_inbound (dedup_key, openid, msg_type) VALUES ($1, $2, 'miniprogram') ON CONFLICT (dedup_key) DO NOTHING RETURNING dedup_key`,
        [key, me.openid],
      );
      if (inserted.length === 0) {
        const first = await m.getRepository(InboundMessageEntity).findOneBy({ dedupKey: key });
        if (!first?.caseId) throw new DomainError('CASE_TEXT_EMPTY', 'the first submission with this key filed nothing');
        return first.caseId;
      }
      const refusal = await this.filingLimits.refusal(m, me.openid);
      if (refusal) throw new AppError('TOO_MANY_REQUESTS', refusal);
      const location = input.location ? await this.caseLocation(m, input.location) : null;
      const filed = await this.cases.file(m, { channel: 'miniprogram', residentOpenid: me.openid, text, residentSubItem: chosenSubItem, location });
      await m.update(InboundMessageEntity, { dedupKey: key }, { caseId: filed.id });
      return filed.id;
    });
    return this.get(me, id);
  }

  async list(me: ResidentPrincipal): Promise<ResidentCaseDto[]> {
    const cases = await this.ds.getRepository(CaseEntity).find({ where: await this.mine(this.ds.manager, me), order: { acceptedAt: 'DESC' }, take: 50 });
    return Promise.all(cases.map((c) => this.view(c)));
  }

  /** Another resident's case answers exactly like a case that does not exist: ids cannot be probed. */
  async get(me: ResidentPrincipal, id: string): Promise<ResidentCaseDto> {
    return this.view(await this.findMine(this.ds.manager, me, id));
  }

  async revisit(me: ResidentPrincipal, id: string, rating: RevisitRating, solved: boolean | null): Promise<ResidentCaseDto> {
    await this.ds.transaction(async (m) => {
      const c = await this.findMine(m, me, id, { lock: true });
      await this.cases.recordRevisit(m, c, rating, residentActor(me.openid), solved);
    });
    return this.get(me, id);
  }

  /**
   * A photo, voice recording or video for one's own open case. Its type is read from the bytes
   * (what the app says is not trusted); the size and the number per case are UPLOAD_LIMITS'
   * (9 photos, 3 recordings, 1 video). Refused uploads store nothing.
   */
  async addMedia<K extends MediaKind>(me: ResidentPrincipal, id: string, kind: K, data: Buffer, durationMs?: number): Promise<{ id: string; kind: K; sizeBytes: number }> {
    const limits = UPLOAD_LIMITS[kind];
    return this.ds.transaction(async (m) => {
      const c = await this.findMine(m, me, id, { lock: true });
      // The case says first whether it still takes media (only while open); nothing is stored when it does not.
      return this.cases.addResidentMedia(m, c, residentActor(me.openid), limits.label, async () => {
        if (data.length > limits.maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `a ${kind} may be at most ${limits.maxBytes / 1024 / 1024} MB`);
        const contentType = await uploadContentType(kind, data);
        if (!contentType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `the file is not a ${kind} format this app accepts (${acceptedFormats(kind).join(', ')})`);
        if ((await m.getRepository(AttachmentEntity).countBy({ caseId: id, source: 'resident', kind })) >= limits.perCase) {
          throw new DomainError('CASE_ILLEGAL_TRANSITION', `a case takes at most ${limits.perCase} ${kind}${limits.perCase > 1 ? 's' : ''}`, { max: limits.perCase });
        }
        const stored = await this.media.storeUpload(m, c.id, data, contentType, { source: 'resident', staffId: null }, { kind, durationMs: kind === 'image' ? null : (durationMs ?? null) });
        return { id: stored.id, kind, sizeBytes: stored.sizeBytes ?? data.length };
      });
    });
  }

  /** A stored attachment of a case of the resident's (their own media or the handler's evidence). */
  async readMedia(me: ResidentPrincipal, id: string, attachmentId: string): Promise<{ data: Buffer; contentType: string }> {
    const c = await this.findMine(this.ds.manager, me, id);
    const found = await this.media.read(c.id, attachmentId);
    if (!found) throw notFound('attachment');
    return { data: found.data, contentType: found.attachment.contentType ?? 'application/octet-stream' };
  }

  /** Villages to pick one's own from, with their town. */
  async villages(): Promise<Array<{ id: string; name: string; townName: string }>> {
    const units = await this.ds.getRepository(UnitEntity).find({ where: { level: In(['village', 'town']) }, order: { code: 'ASC' } });
    const towns = new Map(units.filter((u) => u.level === 'town').map((u) => [u.id, u.name]));
    return units.filter((u) => u.level === 'village').map((u) => ({ id: u.id, name: u.name, townName: towns.get(u.parentId ?? '') ?? '' }));
  }

  /**
   * 干群连心卡: the village's cadre, the town's contact and the city's office, from the staff bound
   * to those units. Their work phones are meant for residents to call.
   */
  async contacts(unitId: string): Promise<Array<{ level: string; unitName: string; contactName: string; phone: string | null }>> {
    const units = this.ds.getRepository(UnitEntity);
    const chain: UnitEntity[] = [];
    let unit = await units.findOneBy({ id: unitId });
    if (!unit) throw notFound('unit');
    while (unit) {
      if (['village', 'town', 'city'].includes(unit.level)) chain.push(unit);
      unit = unit.parentId ? await units.findOneBy({ id: unit.parentId }) : null;
    }
    const out: Array<{ level: string; unitName: string; contactName: string; phone: string | null }> = [];
    for (const u of chain) {
      const staff = await this.ds.getRepository(StaffUserEntity).find({
        where: { unitId: u.id, active: true, role: In(u.level === 'city' ? ['dispatcher'] : ['handler', 'unit_leader']) },
        order: { role: 'ASC' },
        take: 1,
      });
      for (const s of staff) out.push({ level: u.level, unitName: u.name, contactName: s.displayName, phone: s.phone });
    }
    return out;
  }

  private miniprogram(): { appid: string; secret: string } {
    const mini = this.config.wechat.miniprogram;
    if (!mini) throw new AppError('FORBIDDEN', 'resident sign-in is not configured (MINIPROGRAM_APPID, MINIPROGRAM_SECRET)');
    return mini;
  }

  /**
   * The one rule for which cases are the resident's: the ones they filed, and the ones staff
   * filed (with no openid) for the mobile number the resident bound through WeChat.
   */
  private async mine(m: EntityManager, me: ResidentPrincipal): Promise<Array<FindOptionsWhere<CaseEntity>>> {
    const account = await m.getRepository(ResidentAccountEntity).findOneBy({ openid: me.openid });
    const phone = account && MAINLAND_MOBILE.test(account.phone) ? account.phone : null;
    return [{ residentOpenid: me.openid }, ...(phone ? [{ residentOpenid: IsNull(), residentPhone: phone }] : [])];
  }

  private async findMine(m: EntityManager, me: ResidentPrincipal, id: string, opts: { lock?: boolean } = {}): Promise<CaseEntity> {
    const where = (await this.mine(m, me)).map((w) => ({ ...w, id }));
    const c = await m.getRepository(CaseEntity).findOne({ where, ...(opts.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!c) throw notFound('case');
    return c;
  }

  /** A point the resident chose, with the town or village it maps to (as a location sent in the chat). */
  private async caseLocation(m: EntityManager, point: { lat: number; lng: number; label?: string }): Promise<CaseLocation> {
    const place = await this.places.locate(m, point);
    return { lat: point.lat, lng: point.lng, label: point.label?.trim() || null, placeUnitId: place?.id ?? null };
  }

  private async view(c: CaseEntity): Promise<ResidentCaseDto> {
    const [timeline, attachments, place] = await Promise.all([this.cases.timelineOf(c.id), this.media.listForCase(c.id), this.places.view(c)]);
    const actors = await this.cases.timelineActors(timeline);
    return {
      id: c.id,
      number: c.number,
      queryCode: c.queryCode,
      channel: c.channel,
      text: c.text,
      status: c.status,
      statusLabel: CASE_STATUS_LABELS[c.status],
      closeBy: c.closeBy.toISOString(),
      answer: c.answer,
      awaitsRevisit: awaitsRevisit(c),
      steps: timeline.flatMap((t) => {
        const label = PUBLIC_STEPS[t.action];
        const unitName = (t.actorId && actors.get(t.actorId)?.unitName) || null;
        return label ? [{ label, unitName, at: t.at.toISOString() }] : [];
      }),
      location: c.locationLat !== null && c.locationLng !== null ? { lat: c.locationLat, lng: c.locationLng, label: c.locationLabel } : null,
      placeLabel: place.label,
      mapUrl: place.mapUrl,
      media: attachments.filter((a) => a.status === 'stored').map((a) => ({ id: a.id, kind: a.kind, source: a.source, contentType: a.contentType })),
    };
  }
}
