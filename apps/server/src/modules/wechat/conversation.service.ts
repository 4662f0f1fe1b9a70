import { Inject, Injectable } from '@nestjs/common';
import { formatPlace, isChatter, isOpen, parseRevisitAnswer, POINT_ONLY_LABEL, REVISIT_RATING_LABELS, revisitCloses } from '@msz/domain';
import type { InboundMessage, PassiveReply } from '@msz/wechat';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { residentActor } from '../cases/actor';
import { CaseEntity } from '../cases/case.entity';
import { CasesService, type CaseLocation } from '../cases/cases.service';
import type { AttachmentKind } from '../media/attachment.entity';
import { IdentityService } from '../identity/identity.service';
import { FilingLimitsService } from '../limits/filing-limits.service';
import { MediaService } from '../media/media.service';
import { OutboxService } from '../notifications/outbox.service';
import { PlacesService } from '../units/places.service';
import { ConversationSessionEntity } from './conversation-session.entity';
import { InboundMessageEntity } from './inbound-message.entity';
import * as replies from './replies';

/** For this long after filing, the resident's further messages add to the same case. */
export const FOLLOW_UP_WINDOW_MS = 10 * 60 * 1000;
/** A location sent before any description waits this long for it. */
const PENDING_LOCATION_MS = 30 * 60 * 1000;

const MEDIA_KINDS: Record<string, AttachmentKind> = { image: 'image', voice: 'voice', video: 'video', shortvideo: 'video' };

const text = (content: string): PassiveReply => ({ type: 'text', content });

type Outcome = { reply: PassiveReply; caseId: string | null };

/** Unique per sender (the row also holds appid and openid). Events carry no MsgId; WeChat's retries repeat time and event. */
export function dedupKey(msg: InboundMessage): string {
  return msg.MsgId ? `msg:${msg.MsgId}` : `evt:${msg.CreateTime}:${msg.Event ?? msg.MsgType}`;
}

/**
 * Turns a resident's message into a passive reply. The message, its effect and its reply are
 * committed together, keyed by the message, so a WeChat retry gets the first reply and never files twice.
 * Media downloads are only queued here; workers fetch them after the reply has gone.
 */
@Injectable()
export class ConversationService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesService,
    private readonly media: MediaService,
    private readonly places: PlacesService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly filingLimits: FilingLimitsService,
    private readonly identities: IdentityService,
  ) {}

  async handle(msg: InboundMessage): Promise<PassiveReply> {
    // Someone writing (or following) is someone we may need to know in the mini program too.
    if (msg.MsgType !== 'event' || msg.Event === 'subscribe') await this.identities.learnOfficialAccount(msg.FromUserName);
    return this.ds.transaction(async (m) => {
      const id = { appid: this.config.wechat.appid, openid: msg.FromUserName, dedupKey: dedupKey(msg) };
      const inserted: unknown[] = await m.query(
        `INSERT INTO wechat_inbound (appid, openid, dedup_key, msg_type, event) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (appid, openid, dedup_key) DO NOTHING RETURNING dedup_key`,
        [id.appid, id.openid, id.dedupKey, msg.MsgType, msg.Event ? String(msg.Event).slice(0, 64) : null],
      );
      if (inserted.length === 0) {
        const first = await m.getRepository(InboundMessageEntity).findOneBy(id);
        return first?.reply ? text(first.reply) : null;
      }
      const { reply, caseId } = await this.respond(m, msg, new Date());
      await m.update(InboundMessageEntity, id, { reply: reply?.content ?? null, caseId });
      return reply;
    });
  }

  private async respond(m: EntityManager, msg: InboundMessage, now: Date): Promise<Outcome> {
    switch (msg.MsgType) {
      case 'event':
        return this.onEvent(m, msg);
      case 'text':
        return this.onText(m, msg.FromUserName, String(msg.Content ?? '').trim(), now);
      case 'image':
      case 'voice':
      case 'video':
      case 'shortvideo':
        return this.onMedia(m, msg, MEDIA_KINDS[msg.MsgType], now);
      case 'location':
        return this.onLocation(m, msg, now);
      default:
        // link, file and types WeChat adds later: recorded above, answered with WeChat's empty 200.
        return { reply: null, caseId: null };
    }
  }

  private async onEvent(m: EntityManager, msg: InboundMessage): Promise<Outcome> {
    if (msg.Event === 'subscribe') return { reply: text(replies.WELCOME), caseId: null };
    if (msg.Event === 'TEMPLATESENDJOBFINISH' && msg.MsgID) {
      await this.outbox.recordDeliveryReport(m, String(msg.MsgID), String(msg.Status ?? 'unknown'));
    }
    // unsubscribe, LOCATION reports, VIEW, CLICK …: recorded, nothing to say.
    return { reply: null, caseId: null };
  }

  private async onText(m: EntityManager, openid: string, content: string, now: Date): Promise<Outcome> {
    if (/^(查询|进度)$/.test(content)) {
      return { reply: text(replies.caseList(await this.cases.recentForResident(m, await this.identities.openidsOf(m, openid, 'oa'), 5))), caseId: null };
    }
    if (/^(帮助|help|\?|？)$/i.test(content)) return { reply: text(replies.GUIDE), caseId: null };
    if (/^新诉求$/.test(content)) {
      await this.saveSession(m, openid, { openCaseId: null, windowUntil: null });
      return { reply: text(replies.NEW_DEMAND), caseId: null };
    }

    // A revisit waiting for this resident takes the answer before anything else (a case they filed
    // in the mini program too: its notice may have come here).
    const person = await this.identities.openidsOf(m, openid, 'oa');
    const pending = await this.cases.pendingRevisit(m, person);
    if (pending) {
      const rating = parseRevisitAnswer(content);
      if (!rating) return { reply: text(replies.revisitUnclear(pending)), caseId: pending.id };
      const updated = await this.cases.recordRevisit(m, pending, rating, residentActor(openid));
      return { reply: text(replies.revisitThanks(updated, revisitCloses(rating))), caseId: updated.id };
    }

    // A revisit answer that arrives after the case closed is kept with it as a follow-up.
    const lateRating = parseRevisitAnswer(content);
    if (lateRating) {
      const closed = await this.cases.recentlyClosed(m, person);
      if (closed) {
        await this.cases.addInfo(m, closed, residentActor(openid), `办结后的回访答复：${REVISIT_RATING_LABELS[lateRating]}`);
        return { reply: text(replies.lateRevisit(closed, lateRating === 'unsatisfied')), caseId: closed.id };
      }
    }

    if (isChatter(content)) return { reply: text(replies.GUIDE), caseId: null };

    const open = await this.openCase(m, openid, now);
    if (open) {
      await this.cases.addInfo(m, open, residentActor(openid), content);
      return { reply: text(replies.added(open, '文字')), caseId: open.id };
    }
    const refusal = await this.filingLimits.refusal(m, openid, now);
    if (refusal) return { reply: text(refusal), caseId: null };
    const filed = await this.fileCase(m, openid, content, now);
    return { reply: text(replies.filed(filed)), caseId: filed.id };
  }

  private async onMedia(m: EntityManager, msg: InboundMessage, kind: AttachmentKind, now: Date): Promise<Outcome> {
    const openid = msg.FromUserName;
    const mediaId = String(msg.MediaId ?? '');
    if (!mediaId) return { reply: null, caseId: null };
    const recognition = kind === 'voice' && msg.Recognition ? String(msg.Recognition).trim() || null : null;

    const open = await this.openCase(m, openid, now);
    if (open) {
      await this.media.attach(m, open.id, kind, mediaId, recognition);
      await this.cases.addInfo(m, open, residentActor(openid), recognition ?? replies.MEDIA_NOUN[kind]);
      return { reply: text(replies.added(open, replies.MEDIA_NOUN[kind])), caseId: open.id };
    }
    const refusal = await this.filingLimits.refusal(m, openid, now);
    if (refusal) return { reply: text(refusal), caseId: null };
    const filed = await this.fileCase(m, openid, recognition ?? replies.mediaOnlyText(kind), now);
    await this.media.attach(m, filed.id, kind, mediaId, recognition);
    return { reply: text(replies.filedFromMedia(filed, kind, recognition !== null)), caseId: filed.id };
  }

  private async onLocation(m: EntityManager, msg: InboundMessage, now: Date): Promise<Outcome> {
    const openid = msg.FromUserName;
    const point = { lat: Number(msg.Location_X), lng: Number(msg.Location_Y) };
    const label = msg.Label ? String(msg.Label) : null;
    if (!Number.isFinite(point.lat) || !Number.isFinite(point.lng)) return { reply: text(replies.LOCATION_UNREADABLE), caseId: null };
    const place = await this.places.locate(m, point);
    const location: CaseLocation = { ...point, label, placeUnitId: place?.id ?? null };

    const open = await this.openCase(m, openid, now);
    if (open) {
      // Named by the one place formatter, as every case view names it: never bare coordinates.
      const where = formatPlace({ names: await this.places.names(place?.id ?? null, m), spot: label, point }).label ?? POINT_ONLY_LABEL;
      await this.cases.addInfo(m, open, residentActor(openid), `位置：${where}`, location);
      return { reply: text(replies.locationAdded(open, where)), caseId: open.id };
    }
    await this.saveSession(m, openid, { pendingLocation: { ...point, label, at: now.toISOString() } });
    return { reply: text(replies.LOCATION_WAITING), caseId: null };
  }

  /** Files a case, with a location the resident sent just before, and opens the follow-up window. */
  private async fileCase(m: EntityManager, openid: string, content: string, now: Date): Promise<CaseEntity> {
    const session = await m.getRepository(ConversationSessionEntity).findOneBy({ openid });
    const waiting = session?.pendingLocation && now.getTime() - Date.parse(session.pendingLocation.at) < PENDING_LOCATION_MS ? session.pendingLocation : null;
    let location: CaseLocation | null = null;
    if (waiting) {
      const place = await this.places.locate(m, waiting);
      location = { lat: waiting.lat, lng: waiting.lng, label: waiting.label, placeUnitId: place?.id ?? null };
    }
    const filed = await this.cases.file(m, { channel: 'wechat_oa', residentOpenid: openid, text: content, acceptedAt: now, location });
    await this.saveSession(m, openid, { openCaseId: filed.id, windowUntil: new Date(now.getTime() + FOLLOW_UP_WINDOW_MS), pendingLocation: null });
    return filed;
  }

  /** The case the resident filed in the last 10 minutes, while it is still open. */
  private async openCase(m: EntityManager, openid: string, now: Date): Promise<CaseEntity | null> {
    const session = await m.getRepository(ConversationSessionEntity).findOneBy({ openid });
    if (!session?.openCaseId || !session.windowUntil || session.windowUntil.getTime() <= now.getTime()) return null;
    const c = await m.getRepository(CaseEntity).findOneBy({ id: session.openCaseId });
    return c && isOpen(c.status) ? c : null;
  }

  private async saveSession(m: EntityManager, openid: string, patch: Partial<ConversationSessionEntity>): Promise<void> {
    await m.getRepository(ConversationSessionEntity).upsert({ openid, ...patch }, ['openid']);
  }
}
