import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { CASE_STATUS_LABELS, DomainError, isOpen, type RevisitRating } from '@msz/domain';
import { WechatApiClient, WechatApiError } from '@msz/wechat';
import { DataSource, In } from 'typeorm';
import { AttachmentEntity } from '../media/attachment.entity';
import { MediaService } from '../media/media.service';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { StaffUserEntity } from '../units/staff-user.entity';
import { UnitEntity } from '../units/unit.entity';
import type { ResidentPrincipal } from '../../common/auth/principal';
import { AppError, notFound } from '../../common/errors/app-error';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { residentActor } from '../cases/actor';
import { CaseEntity } from '../cases/case.entity';
import { CasesService } from '../cases/cases.service';
import { InboundMessageEntity } from '../wechat/inbound-message.entity';
import type { ResidentCaseDto } from './dto/resident.dto';

/** What a resident reads in their case's history: the public steps, in plain words. */
const PUBLIC_STEPS: Partial<Record<string, string>> = {
  file: '已受理',
  assign: '已转给承办单位',
  sign_for: '承办单位已签收，正在办理',
  answer: '已答复',
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(code: string): Promise<{ token: string }> {
    const mini = this.config.wechat.miniprogram;
    if (!mini) throw new AppError('FORBIDDEN', 'resident sign-in is not configured (MINIPROGRAM_APPID, MINIPROGRAM_SECRET)');
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

  /** Filing is idempotent on the app's clientKey: a retry after a lost answer returns the first case. */
  async file(me: ResidentPrincipal, text: string, clientKey: string, chosenSubItem?: string): Promise<ResidentCaseDto> {
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
      const filed = await this.cases.file(m, { channel: 'miniprogram', residentOpenid: me.openid, text, residentSubItem: chosenSubItem });
      await m.update(InboundMessageEntity, { dedupKey: key }, { caseId: filed.id });
      return filed.id;
    });
    return this.get(me, id);
  }

  async list(me: ResidentPrincipal): Promise<ResidentCaseDto[]> {
    const cases = await this.ds.getRepository(CaseEntity).find({ where: { residentOpenid: me.openid }, order: { acceptedAt: 'DESC' }, take: 50 });
    return Promise.all(cases.map((c) => this.view(c)));
  }

  /** Another resident's case answers exactly like a case that does not exist: ids cannot be probed. */
  async get(me: ResidentPrincipal, id: string): Promise<ResidentCaseDto> {
    const c = await this.ds.getRepository(CaseEntity).findOneBy({ id, residentOpenid: me.openid });
    if (!c) throw notFound('case');
    return this.view(c);
  }

  async revisit(me: ResidentPrincipal, id: string, rating: RevisitRating, solved: boolean | null): Promise<ResidentCaseDto> {
    await this.ds.transaction(async (m) => {
      const c = await m.getRepository(CaseEntity).findOne({ where: { id, residentOpenid: me.openid }, lock: { mode: 'pessimistic_write' } });
      if (!c) throw notFound('case');
      await this.cases.recordRevisit(m, c, rating, residentActor(me.openid), solved);
    });
    return this.get(me, id);
  }

  /** A photo for one's own open case, at most 9 per case (as the mini-program's picker allows). */
  async addPhoto(me: ResidentPrincipal, id: string, data: Buffer, contentType: string): Promise<{ id: string; sizeBytes: number }> {
    return this.ds.transaction(async (m) => {
      const c = await m.getRepository(CaseEntity).findOne({ where: { id, residentOpenid: me.openid }, lock: { mode: 'pessimistic_write' } });
      if (!c) throw notFound('case');
      if (!isOpen(c.status)) throw new DomainError('CASE_ILLEGAL_TRANSITION', `cannot add a photo to a case that is ${c.status}`, { status: c.status });
      if ((await m.getRepository(AttachmentEntity).countBy({ caseId: id, source: 'resident' })) >= 9) {
        throw new DomainError('CASE_ILLEGAL_TRANSITION', 'a case takes at most 9 photos', { max: 9 });
      }
      const stored = await this.media.storeUpload(m, c.id, data, contentType, { source: 'resident', staffId: null });
      await this.cases.addInfo(m, c, residentActor(me.openid), '照片');
      return { id: stored.id, sizeBytes: stored.sizeBytes ?? data.length };
    });
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

  private async view(c: CaseEntity): Promise<ResidentCaseDto> {
    const timeline = await this.cases.timelineOf(c.id);
    return {
      id: c.id,
      number: c.number,
      text: c.text,
      status: c.status,
      statusLabel: CASE_STATUS_LABELS[c.status],
      closeBy: c.closeBy.toISOString(),
      answer: c.answer,
      steps: timeline.flatMap((t) => (PUBLIC_STEPS[t.action] ? [{ label: PUBLIC_STEPS[t.action] as string, at: t.at.toISOString() }] : [])),
    };
  }
}
