import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainError, isOpen, type RevisitRating } from '@msz/domain';
import { WechatApiClient, WechatApiError } from '@msz/wechat';
import { DataSource, In, IsNull, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { AttachmentEntity } from '../media/attachment.entity';
import { FilingLimitsService } from '../limits/filing-limits.service';
import { IdentityService } from '../identity/identity.service';
import { MediaService } from '../media/media.service';
import { NotificationsService } from '../notifications/notifications.service';
import type { ReceivedFile } from '../media/streamed-upload';
import { acceptedFormats, MAX_UPLOAD_BYTES, UPLOAD_LIMITS, uploadContentType, uploadFileContentType, type MediaKind } from '../media/upload-type';
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
import { ResidentCaseViews } from './resident-case-views';

/** Staff file mobiles as 11 digits; only such a number can match one WeChat verified. */
const MAINLAND_MOBILE = /^1\d{10}$/;

@Injectable()
export class ResidentsService {
  /** Uploads being read now, per case and kind: counted against the per-case limit before their bytes are. */
  private readonly uploadsInFlight = new Map<string, number>();

  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesService,
    private readonly jwt: JwtService,
    private readonly wechat: WechatApiClient,
    private readonly media: MediaService,
    private readonly taxonomy: TaxonomyService,
    private readonly places: PlacesService,
    private readonly filingLimits: FilingLimitsService,
    private readonly notifications: NotificationsService,
    private readonly identities: IdentityService,
    private readonly views: ResidentCaseViews,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(code: string): Promise<{ token: string }> {
    const mini = this.miniprogram();
    try {
      const session = await this.wechat.code2Session(code, mini);
      await this.identities.recordMiniProgram(session.openid, session.unionid);
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
   * cases staff filed for that number become theirs to follow. Binding again replaces it. A number
   * belongs to one account at a time: bound elsewhere, it moves here and the other account is told.
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
    await this.ds.transaction(async (m) => {
      // Accounts binding one number at once take turns (across instances); the unique index is the backstop.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('resident_phone:' || $1))`, [phone]);
      const now = new Date();
      const [held] = (await m.query(`DELETE FROM resident_account WHERE phone = $1 AND openid <> $2 RETURNING openid`, [phone, me.openid])) as [Array<{ openid: string }>, number];
      await m.getRepository(ResidentAccountEntity).upsert({ openid: me.openid, phone, phoneBoundAt: now }, ['openid']);
      for (const { openid } of held) await this.notifications.phoneMoved(m, openid, maskPhone(phone), now);
    });
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
      const key = { appid: this.miniprogram().appid, openid: me.openid, dedupKey: `mini:${clientKey}` };
      const inserted: unknown[] = await m.query(
        `INSERT INTO wechat_inbound (appid, openid, dedup_key, msg_type) VALUES ($1, $2, $3, 'miniprogram') ON CONFLICT (appid, openid, dedup_key) DO NOTHING RETURNING dedup_key`,
        [key.appid, key.openid, key.dedupKey],
      );
      if (inserted.length === 0) {
        const first = await m.getRepository(InboundMessageEntity).findOneBy(key);
        if (!first?.caseId) throw new DomainError('CASE_TEXT_EMPTY', 'the first submission with this key filed nothing');
        return first.caseId;
      }
      const refusal = await this.filingLimits.refusal(m, me.openid);
      if (refusal) throw new AppError('TOO_MANY_REQUESTS', refusal);
      const location = input.location ? await this.caseLocation(m, input.location) : null;
      const filed = await this.cases.file(m, { channel: 'miniprogram', residentOpenid: me.openid, text, residentSubItem: chosenSubItem, location });
      await m.update(InboundMessageEntity, key, { caseId: filed.id });
      return filed.id;
    });
    return this.get(me, id);
  }

  /** The resident's 50 newest cases, in a fixed number of queries (ResidentCaseViews). */
  async list(me: ResidentPrincipal): Promise<ResidentCaseDto[]> {
    const cases = await this.ds.getRepository(CaseEntity).find({ where: await this.mine(this.ds.manager, me), order: { acceptedAt: 'DESC' }, take: 50 });
    return this.views.views(cases);
  }

  /** Another resident's case answers exactly like a case that does not exist: ids cannot be probed. */
  async get(me: ResidentPrincipal, id: string): Promise<ResidentCaseDto> {
    const [view] = await this.views.views([await this.findMine(this.ds.manager, me, id)]);
    return view;
  }

  async revisit(me: ResidentPrincipal, id: string, rating: RevisitRating, solved: boolean | null): Promise<ResidentCaseDto> {
    await this.ds.transaction(async (m) => {
      const c = await this.findMine(m, me, id, { lock: true });
      await this.cases.recordRevisit(m, c, rating, residentActor(me.openid), solved);
    });
    return this.get(me, id);
  }

  /**
   * Before an upload's first byte: the case must be the resident's and open, with room for one
   * more of the kind, counting uploads of it still in flight (24 videos sent at once to a case
   * that takes 1 are refused before they are read). Returns the file's limit and a release.
   */
  async admitUpload(me: ResidentPrincipal, id: string, kind: string | undefined): Promise<{ maxBytes: number; tooLarge: string; release(): void }> {
    const c = await this.findMine(this.ds.manager, me, id);
    if (!isOpen(c.status)) throw new DomainError('CASE_ILLEGAL_TRANSITION', `cannot add media to a case that is ${c.status}`, { status: c.status });
    if (kind !== 'voice' && kind !== 'video') {
      // The kind comes after the file (or is wrong): read within the largest limit, the handler decides.
      return { maxBytes: MAX_UPLOAD_BYTES, tooLarge: `an upload may be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`, release: () => undefined };
    }
    const limits = UPLOAD_LIMITS[kind];
    const slot = `${c.id}:${kind}`;
    const stored = await this.ds.getRepository(AttachmentEntity).countBy({ caseId: c.id, source: 'resident', kind });
    const inFlight = this.uploadsInFlight.get(slot) ?? 0;
    if (stored + inFlight >= limits.perCase) {
      throw new DomainError('CASE_ILLEGAL_TRANSITION', `a case takes at most ${limits.perCase} ${kind}${limits.perCase > 1 ? 's' : ''}`, { max: limits.perCase });
    }
    this.uploadsInFlight.set(slot, inFlight + 1);
    let released = false;
    return {
      maxBytes: limits.maxBytes,
      tooLarge: `a ${kind} may be at most ${limits.maxBytes / 1024 / 1024} MB`,
      release: () => {
        if (released) return;
        released = true;
        const n = (this.uploadsInFlight.get(slot) ?? 1) - 1;
        if (n > 0) this.uploadsInFlight.set(slot, n);
        else this.uploadsInFlight.delete(slot);
      },
    };
  }

  /**
   * A photo, voice recording or video for one's own open case. Its type is read from the bytes
   * (what the app says is not trusted); the size and the number per case are UPLOAD_LIMITS'
   * (9 photos, 3 recordings, 1 video). Refused uploads store nothing. A streamed upload arrives
   * as a file on disk and is moved into the store.
   */
  async addMedia<K extends MediaKind>(
    me: ResidentPrincipal,
    id: string,
    kind: K,
    data: Buffer | ReceivedFile,
    durationMs?: number,
  ): Promise<{ id: string; kind: K; sizeBytes: number }> {
    const limits = UPLOAD_LIMITS[kind];
    const size = Buffer.isBuffer(data) ? data.length : data.size;
    return this.ds.transaction(async (m) => {
      const c = await this.findMine(m, me, id, { lock: true });
      if (!isOpen(c.status)) throw new DomainError('CASE_ILLEGAL_TRANSITION', `cannot add a ${kind} to a case that is ${c.status}`, { status: c.status });
      if (size > limits.maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `a ${kind} may be at most ${limits.maxBytes / 1024 / 1024} MB`);
      const contentType = Buffer.isBuffer(data) ? await uploadContentType(kind, data) : await uploadFileContentType(kind, data.path, data.size);
      if (!contentType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `the file is not a ${kind} format this app accepts (${acceptedFormats(kind).join(', ')})`);
      if ((await m.getRepository(AttachmentEntity).countBy({ caseId: id, source: 'resident', kind })) >= limits.perCase) {
        throw new DomainError('CASE_ILLEGAL_TRANSITION', `a case takes at most ${limits.perCase} ${kind}${limits.perCase > 1 ? 's' : ''}`, { max: limits.perCase });
      }
      const stored = await this.media.storeUpload(m, c.id, data, contentType, { source: 'resident', staffId: null }, { kind, durationMs: kind === 'image' ? null : (durationMs ?? null) });
      await this.cases.addInfo(m, c, residentActor(me.openid), limits.label);
      return { id: stored.id, kind, sizeBytes: stored.sizeBytes ?? size };
    });
  }

  /** A stored attachment of a case of the resident's (their own media or the handler's evidence), ready to send. */
  async readMedia(me: ResidentPrincipal, id: string, attachmentId: string): Promise<StreamableFile> {
    const c = await this.findMine(this.ds.manager, me, id);
    const found = await this.media.read(c.id, attachmentId);
    if (!found) throw notFound('attachment');
    return found;
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
   * The one rule for which cases are the resident's: the ones they filed, here or in the
   * Official Account's chat when WeChat's unionid links the two, and the ones staff filed (with no
   * openid) for the mobile number the resident bound through WeChat.
   */
  private async mine(m: EntityManager, me: ResidentPrincipal): Promise<Array<FindOptionsWhere<CaseEntity>>> {
    const account = await m.getRepository(ResidentAccountEntity).findOneBy({ openid: me.openid });
    const phone = account && MAINLAND_MOBILE.test(account.phone) ? account.phone : null;
    const openids = await this.identities.openidsOf(m, me.openid, 'mini');
    return [{ residentOpenid: In(openids) }, ...(phone ? [{ residentOpenid: IsNull(), residentPhone: phone }] : [])];
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

}
