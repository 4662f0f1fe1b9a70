import { Injectable } from '@nestjs/common';
import { isChatter, parseRevisitAnswer, revisitCloses } from '@msz/domain';
import type { InboundMessage, PassiveReply } from '@msz/wechat';
import { DataSource, type EntityManager } from 'typeorm';
import { CasesService } from '../cases/cases.service';
import { InboundMessageEntity } from './inbound-message.entity';
import * as replies from './replies';

const text = (content: string): PassiveReply => ({ type: 'text', content });

/** Events carry no MsgId; WeChat's retries repeat sender, time and event. */
export function dedupKey(msg: InboundMessage): string {
  return msg.MsgId ? `msg:${msg.MsgId}` : `evt:${msg.FromUserName}:${msg.CreateTime}:${msg.Event ?? msg.MsgType}`;
}

/**
 * Turns a resident's message into a passive reply. The message, its effect and its reply are
 * committed together, keyed by the message, so a WeChat retry gets the first reply and never files twice.
 */
@Injectable()
export class ConversationService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesService,
  ) {}

  async handle(msg: InboundMessage): Promise<PassiveReply> {
    return this.ds.transaction(async (m) => {
      const key = dedupKey(msg);
      const inserted: unknown[] = await m.query(
        `INSERT INTO wechat_inbound (dedup_key, openid, msg_type) VALUES ($1, $2, $3) ON CONFLICT (dedup_key) DO NOTHING RETURNING dedup_key`,
        [key, msg.FromUserName, msg.MsgType],
      );
      if (inserted.length === 0) {
        const first = await m.getRepository(InboundMessageEntity).findOneBy({ dedupKey: key });
        return first?.reply ? text(first.reply) : null;
      }
      const { reply, caseId } = await this.respond(m, msg);
      await m.update(InboundMessageEntity, { dedupKey: key }, { reply: reply?.content ?? null, caseId });
      return reply;
    });
  }

  private async respond(m: EntityManager, msg: InboundMessage): Promise<{ reply: PassiveReply; caseId: string | null }> {
    const openid = msg.FromUserName;
    if (msg.MsgType === 'event') {
      return { reply: msg.Event === 'subscribe' ? text(replies.WELCOME) : null, caseId: null };
    }
    if (msg.MsgType !== 'text') return { reply: text(replies.NOT_YET_SUPPORTED), caseId: null };

    const content = String(msg.Content ?? '').trim();
    if (/^(查询|进度)$/.test(content)) {
      return { reply: text(replies.caseList(await this.cases.recentForResident(m, openid, 5))), caseId: null };
    }
    if (/^(帮助|help|\?|？)$/i.test(content)) return { reply: text(replies.GUIDE), caseId: null };

    // A revisit waiting for this resident takes the answer before anything else.
    const pending = await this.cases.pendingRevisit(m, openid);
    if (pending) {
      const rating = parseRevisitAnswer(content);
      if (!rating) return { reply: text(replies.revisitUnclear(pending)), caseId: pending.id };
      const updated = await this.cases.recordRevisit(m, pending, rating, openid);
      return { reply: text(replies.revisitThanks(updated, revisitCloses(rating))), caseId: updated.id };
    }

    if (isChatter(content)) return { reply: text(replies.GUIDE), caseId: null };
    const filed = await this.cases.file(m, { channel: 'wechat_oa', residentOpenid: openid, text: content });
    return { reply: text(replies.filed(filed)), caseId: filed.id };
  }
}
