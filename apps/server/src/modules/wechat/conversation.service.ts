import { Inject, Injectable, Logger } from '@nestjs/common';
import { formatPlace, isChatter, isOpen, parseRevisitAnswer, POINT_ONLY_LABEL, REVISIT_RATING_LABELS, revisitCloses } from '@msz/domain';
import type { InboundMessage, PassiveReply } from '@msz/wechat';
import { DataSource, type EntityManager } from 'typeorm';
import { entityFromJson, queryPrepared, StatementParams } from '../../common/database/one-statement';
import { pipelined, transactionAborted } from '../../common/database/pipelined';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { residentActor } from '../cases/actor';
import { CaseEntity } from '../cases/case.entity';
import { CasesService, type CaseLocation, type FileCaseInput } from '../cases/cases.service';
import type { AlongsideCase } from '../cases/case.repository';
import type { AttachmentKind } from '../media/attachment.entity';
import { IdentityService } from '../identity/identity.service';
import { FILING_LIMITS, FilingLimitsService } from '../limits/filing-limits.service';
import { MediaService } from '../media/media.service';
import { OutboxService } from '../notifications/outbox.service';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
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

/** Messages filed in one transaction at most; more wait for the next batch. */
const MAX_BATCH = 64;
/** Batches filing at once (each holds a connection of the pool). */
const MAX_BATCHES_IN_FLIGHT = 2;

/** Like Promise.allSettled, one after the other. */
async function inTurns<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const out: PromiseSettledResult<R>[] = [];
  for (const item of items) out.push(await work(item).then((value) => ({ status: 'fulfilled' as const, value }), (reason: unknown) => ({ status: 'rejected' as const, reason })));
  return out;
}

/** The values of settled results, or the first failure thrown. */
function settledValues<R>(outcomes: PromiseSettledResult<R>[]): R[] {
  return outcomes.map((o) => {
    if (o.status === 'rejected') throw o.reason;
    return o.value;
  });
}

/** A message waiting for its batch. */
interface Waiting {
  readonly msg: InboundMessage;
  readonly now: Date;
  readonly resolve: (reply: PassiveReply) => void;
  readonly reject: (err: unknown) => void;
}

/** `recorded`: the reply is already on the message's dedup row (written in the same statement as its effect). */
type Outcome = { reply: PassiveReply; caseId: string | null; recorded?: boolean };

type MessageKey = { appid: string; openid: string; dedupKey: string };

/** What one statement read at the start: whether the message is new, and the resident's state. */
interface Context {
  readonly key: MessageKey;
  readonly inserted: boolean;
  readonly session: ConversationSessionEntity | null;
  /** The case of the follow-up window, while it is open. */
  readonly openCase: CaseEntity | null;
  /** Text only: every openid of the person, and a revisit waiting for their answer. */
  readonly person: string[];
  readonly pendingRevisit: CaseEntity | null;
  /** Today's and tomorrow's case-number sequences exist. */
  readonly numbersReady: boolean;
  /** Filed with other messages in one transaction. */
  readonly batched?: boolean;
}

/** Stands for the case number in a reply written before the statement has numbered the case (a private-use character). */
const NUMBER_TOKEN = '\u{E000}';

const ASKS_FOR_CASES = /^(查询|进度)$/;

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
  private readonly logger = new Logger('Conversation');
  /** Per resident: settles when their last message so far is answered. */
  private readonly turns = new Map<string, Promise<void>>();
  private readonly waiting: Waiting[] = [];
  private startScheduled = false;
  private batchesRunning = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesService,
    private readonly media: MediaService,
    private readonly places: PlacesService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly filingLimits: FilingLimitsService,
    private readonly identities: IdentityService,
    private readonly taxonomy: TaxonomyService,
  ) {}

  /**
   * A message that files a case or adds to one takes four round trips: BEGIN, one statement that
   * records the message and reads the resident's state, one that writes the effect with the reply,
   * COMMIT. The reply goes out after the commit.
   *
   * Messages that arrive together are filed together (group commit): one transaction for the
   * batch, whose statements go to PostgreSQL side by side, so the batch pays one BEGIN, one COMMIT
   * and one socket write per step rather than each message. A resident's messages go one at a
   * time, in order: their next waits for the batch holding the one before (its state, and a WeChat
   * retry of the same message then finds the first's reply). If anything in a batch fails, the
   * batch is rolled back and each of its messages is handled alone, as a message on its own is.
   */
  async handle(msg: InboundMessage): Promise<PassiveReply> {
    // Someone writing (or following) is someone we may need to know in the mini program too. The
    // link comes first (once per resident and process): what the message means may depend on the
    // person across both apps (their cases, a revisit waiting for their answer). Running the lookup
    // beside the filing instead was measured: it did not shorten the first wave.
    if (msg.MsgType !== 'event' || msg.Event === 'subscribe') await this.identities.learnOfficialAccount(msg.FromUserName);
    return this.inTurn(msg.FromUserName, () => this.enqueue(msg));
  }

  /** The resident's messages one after the other, in the order they came. */
  private inTurn<T>(openid: string, work: () => Promise<T>): Promise<T> {
    const before = this.turns.get(openid);
    const mine = before ? before.then(work) : work();
    const done = mine.then(
      () => undefined,
      () => undefined,
    );
    this.turns.set(openid, done);
    void done.then(() => {
      if (this.turns.get(openid) === done) this.turns.delete(openid);
    });
    return mine;
  }

  private enqueue(msg: InboundMessage): Promise<PassiveReply> {
    return new Promise<PassiveReply>((resolve, reject) => {
      this.waiting.push({ msg, now: new Date(), resolve, reject });
      this.startBatches();
    });
  }

  /** At the end of this turn of the event loop, everything that arrived in it goes as one batch. */
  private startBatches(): void {
    if (this.startScheduled || this.batchesRunning >= MAX_BATCHES_IN_FLIGHT || this.waiting.length === 0) return;
    this.startScheduled = true;
    setImmediate(() => {
      this.startScheduled = false;
      if (this.batchesRunning >= MAX_BATCHES_IN_FLIGHT) return;
      const batch = this.waiting.splice(0, MAX_BATCH);
      if (batch.length === 0) return;
      this.batchesRunning++;
      void this.file(batch).finally(() => {
        this.batchesRunning--;
        this.startBatches();
      });
      this.startBatches();
    });
  }

  private async file(batch: Waiting[]): Promise<void> {
    const together = batch.length > 1 && (await this.numbersReadyFor(batch)) ? await this.fileTogether(batch) : null;
    if (together) {
      batch.forEach((w, i) => w.resolve(together[i]));
      return;
    }
    // Alone, as before batches: one message's failure is its own.
    await Promise.all(
      batch.map((w) =>
        this.ds.transaction((m) => this.handleIn(m, w.msg, w.now)).then(w.resolve, w.reject),
      ),
    );
  }

  /**
   * The day's case-number sequences, made before the batch rather than inside it: making them takes
   * a savepoint, and a savepoint rolled back in a shared transaction would undo other messages' work.
   */
  private async numbersReadyFor(batch: Waiting[]): Promise<boolean> {
    try {
      for (const w of batch) await this.cases.prepareNumbersAhead(w.now);
      return true;
    } catch (err) {
      this.logger.warn(`case numbers not prepared (${(err as Error).message}); a batch of ${batch.length} messages is handled one by one`);
      return false;
    }
  }

  /**
   * Before the server takes traffic: rounds of made-up messages (a burst of first contacts, then
   * their follow-ups) go through a batch's whole filing path on one connection of the pool, in a
   * transaction that is always rolled back. The first real residents then meet compiled code, an
   * open connection and its prepared statements. Dated `at`, a day long past whose case-number
   * sequences the same transaction makes, so not even a number is drawn from a real day.
   */
  async rehearse(rounds: readonly InboundMessage[][], at: Date): Promise<PassiveReply[]> {
    const runner = this.ds.createQueryRunner();
    try {
      return await pipelined(runner, async (pipelining) => {
        await runner.startTransaction();
        try {
          await this.cases.prepareNumbers(runner.manager, at);
          const replies: PassiveReply[] = [];
          for (const round of rounds) {
            const handle = (msg: InboundMessage) => this.handleIn(runner.manager, msg, at, true);
            // Every message settled before the next step or the rollback: none may issue a statement after it.
            replies.push(...settledValues(pipelining ? await Promise.allSettled(round.map(handle)) : await inTurns(round, handle)));
          }
          return replies;
        } finally {
          await runner.rollbackTransaction();
        }
      });
    } finally {
      await runner.release();
    }
  }

  /** The batch in one transaction; null (and nothing written) when any of its messages failed. */
  private async fileTogether(batch: Waiting[]): Promise<PassiveReply[] | null> {
    const runner = this.ds.createQueryRunner();
    try {
      return await pipelined(runner, async (pipelining, nextIssued) => {
        // Pipelined, BEGIN goes to PostgreSQL in the same write as the batch's first statements:
        // they are issued once it is on its way (the connection keeps the order), not once it is answered.
        const begun = runner.startTransaction();
        if (pipelining) {
          begun.catch(() => undefined); // awaited below
          await Promise.race([nextIssued(), begun]);
        } else {
          await begun;
        }
        const handle = (w: Waiting) => this.handleIn(runner.manager, w.msg, w.now, true);
        // Without pipelining the statements would only queue on the connection: one message after the other then.
        const outcomes = pipelining ? await Promise.allSettled(batch.map(handle)) : await inTurns(batch, handle);
        await begun;
        // Every message answered, and no statement failed unseen (COMMIT would then roll back quietly).
        if (outcomes.every((o) => o.status === 'fulfilled') && !(await transactionAborted(runner))) {
          await runner.commitTransaction();
          return settledValues(outcomes);
        }
        await runner.rollbackTransaction();
        return null;
      });
    } catch (err) {
      this.logger.warn(`a batch of ${batch.length} messages failed (${(err as Error).message}); each is handled alone`);
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      return null;
    } finally {
      await runner.release();
    }
  }

  /** `batched`: in a transaction shared with other messages, where nothing may take a savepoint. */
  private async handleIn(m: EntityManager, msg: InboundMessage, now: Date, batched = false): Promise<PassiveReply> {
    const ctx = { ...(await this.context(m, msg, now)), batched };
    if (!ctx.inserted) {
      const first = await m.getRepository(InboundMessageEntity).findOneBy(ctx.key);
      return first?.reply ? text(first.reply) : null;
    }
    const { reply, caseId, recorded } = await this.respond(m, msg, now, ctx);
    if (!recorded) await m.update(InboundMessageEntity, ctx.key, { reply: reply?.content ?? null, caseId });
    return reply;
  }

  /**
   * One statement: the dedup row (a retry of a message in flight waits here for the first to
   * commit, then finds it), the session with the case of its window, and for text the person and
   * a waiting revisit. A message that may file takes the resident's filing lock last, so the
   * filing statement's count sees their previous filing.
   */
  private async context(m: EntityManager, msg: InboundMessage, now: Date): Promise<Context> {
    const key: MessageKey = { appid: this.config.wechat.appid, openid: msg.FromUserName, dedupKey: dedupKey(msg) };
    const p = new StatementParams();
    const openid = p.of(key.openid);
    const mayFile = msg.MsgType === 'text' || Object.hasOwn(MEDIA_KINDS, msg.MsgType);
    const columns = [
      'EXISTS (SELECT 1 FROM ins) AS inserted',
      `(SELECT row_to_json(s) FROM wechat_session s WHERE s.openid = ${openid}) AS session`,
      `(SELECT row_to_json(c) FROM wechat_session s JOIN case_file c ON c.id = s.open_case_id WHERE s.openid = ${openid} AND s.window_until > ${p.of(now)}::timestamptz) AS open_case`,
    ];
    if (msg.MsgType === 'text') {
      columns.push(`to_json(person.openids) AS person`, `${this.cases.pendingRevisitSql('person.openids')} AS pending_revisit`);
    }
    if (mayFile) {
      columns.push(
        `${this.cases.numbersReadySql(p, now)} AS numbers_ready`,
        // After the dedup row, and only for a new message: a retry waiting on its first's row holds no lock the first needs.
        `CASE WHEN EXISTS (SELECT 1 FROM ins) THEN ${this.filingLimits.lockSql(p, key.openid)} IS NULL END AS locked`,
      );
    }
    const sql = `
      WITH ins AS (
        INSERT INTO wechat_inbound (appid, openid, dedup_key, msg_type, event) VALUES (${p.of(key.appid)}, ${openid}, ${p.of(key.dedupKey)}, ${p.of(msg.MsgType)}, ${p.of(msg.Event ? String(msg.Event).slice(0, 64) : null)})
        ON CONFLICT (appid, openid, dedup_key) DO NOTHING RETURNING dedup_key
      )${msg.MsgType === 'text' ? `, person AS (SELECT ${this.identities.openidsSql(p, key.openid, 'oa')} AS openids)` : ''}
      SELECT ${columns.join(',\n             ')}${msg.MsgType === 'text' ? ' FROM person' : ''}`;
    const [row] = await queryPrepared<{ inserted: boolean; session: Record<string, unknown> | null; open_case: Record<string, unknown> | null; person?: string[]; pending_revisit?: Record<string, unknown> | null; numbers_ready?: boolean }>(
      m,
      sql,
      p.values,
    );
    const openCase = row.open_case ? entityFromJson(m, CaseEntity, row.open_case) : null;
    return {
      key,
      inserted: row.inserted,
      session: row.session ? entityFromJson(m, ConversationSessionEntity, row.session) : null,
      openCase: openCase && isOpen(openCase.status) ? openCase : null,
      person: row.person ?? [key.openid],
      pendingRevisit: row.pending_revisit ? entityFromJson(m, CaseEntity, row.pending_revisit) : null,
      numbersReady: row.numbers_ready ?? false,
    };
  }

  /** The dedup row's reply and case, written by the statement that makes the message's effect. */
  private recordReply(p: StatementParams, key: MessageKey, replySql: (caseCte: string) => string): (caseCte: string) => string[] {
    return (caseCte) => [
      `inbound AS (UPDATE wechat_inbound SET reply = ${replySql(caseCte)}, case_id = (SELECT id FROM ${caseCte})
                    WHERE appid = ${p.of(key.appid)} AND openid = ${p.of(key.openid)} AND dedup_key = ${p.of(key.dedupKey)})`,
    ];
  }

  private async respond(m: EntityManager, msg: InboundMessage, now: Date, ctx: Context): Promise<Outcome> {
    switch (msg.MsgType) {
      case 'event':
        return this.onEvent(m, msg);
      case 'text':
        return this.onText(m, msg.FromUserName, String(msg.Content ?? '').trim(), now, ctx);
      case 'image':
      case 'voice':
      case 'video':
      case 'shortvideo':
        return this.onMedia(m, msg, MEDIA_KINDS[msg.MsgType], now, ctx);
      case 'location':
        return this.onLocation(m, msg, now, ctx);
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

  private async onText(m: EntityManager, openid: string, content: string, now: Date, ctx: Context): Promise<Outcome> {
    if (ASKS_FOR_CASES.test(content)) {
      const recent = await this.cases.recentForResident(m, await this.identities.openidsOf(m, openid, 'oa'), 5);
      return { reply: text(replies.caseList(recent, await this.cases.mainCasesOf(m, recent))), caseId: null };
    }
    if (/^(帮助|help|\?|？)$/i.test(content)) return { reply: text(replies.GUIDE), caseId: null };
    if (/^新诉求$/.test(content)) {
      await this.saveSession(m, openid, { openCaseId: null, windowUntil: null });
      return { reply: text(replies.NEW_DEMAND), caseId: null };
    }

    // A revisit waiting for this resident takes the answer before anything else (a case they filed
    // in the mini program too: its notice may have come here).
    const person = ctx.person;
    const pending = ctx.pendingRevisit;
    if (pending) {
      const rating = parseRevisitAnswer(content);
      if (!rating) return { reply: text(replies.revisitUnclear(pending)), caseId: pending.id };
      const updated = await this.cases.recordRevisit(m, pending, rating, residentActor(openid));
      // A merged case stays merged: an unhappy resident is asked to say what is still wrong.
      const reply = updated.status === 'merged' ? replies.mergedRevisitThanks(updated, revisitCloses(rating)) : replies.revisitThanks(updated, updated.status === 'closed');
      return { reply: text(reply), caseId: updated.id };
    }

    // A revisit answer that arrives after the case closed is kept with it as a follow-up.
    const lateRating = parseRevisitAnswer(content);
    if (lateRating) {
      const closed = await this.cases.recentlyClosed(m, person, now);
      if (closed) {
        await this.cases.addInfo(m, closed, residentActor(openid), `办结后的回访答复：${REVISIT_RATING_LABELS[lateRating]}`);
        return { reply: text(replies.lateRevisit(closed, lateRating === 'unsatisfied')), caseId: closed.id };
      }
    }

    // Greetings, thanks and chatter ask for nothing: the one-word rule, then the classifier when it is sure.
    if (isChatter(content)) return { reply: text(replies.GUIDE), caseId: null };
    const open = ctx.openCase;
    if (open) {
      // Added to the case unless it surely asks for nothing: the classifier's kind head alone, and no word asking someone to act.
      if (this.taxonomy.followUpAsksForNothing(content)) return { reply: text(replies.GUIDE), caseId: null };
      const reply = replies.added(open, '文字');
      const p = new StatementParams();
      await this.cases.addInfoInOneStatement(m, open, residentActor(openid), content, { p, ctes: this.recordReply(p, ctx.key, () => p.of(reply)) });
      return { reply: text(reply), caseId: open.id, recorded: true };
    }
    const suggestion = this.taxonomy.suggest(content);
    if (suggestion.confidentlyNotADemand) return { reply: text(replies.GUIDE), caseId: null };
    // The filing reuses the classifier's reading above rather than reading the text again.
    return this.fileCase(m, openid, content, now, ctx, (c) => replies.filed(c), undefined, { text: content, of: suggestion });
  }

  private async onMedia(m: EntityManager, msg: InboundMessage, kind: AttachmentKind, now: Date, ctx: Context): Promise<Outcome> {
    const openid = msg.FromUserName;
    const mediaId = String(msg.MediaId ?? '');
    if (!mediaId) return { reply: null, caseId: null };
    const recognition = kind === 'voice' && msg.Recognition ? String(msg.Recognition).trim() || null : null;

    // The attachment rides in the statement that files the case or adds the step: no round trip of its own.
    const attach = (p: StatementParams) => (caseCte: string) => [this.media.attachSql(p, caseCte, kind, mediaId, recognition)];
    const open = ctx.openCase;
    if (open) {
      const reply = replies.added(open, replies.MEDIA_NOUN[kind]);
      const p = new StatementParams();
      const ctes = (caseCte: string) => [...this.recordReply(p, ctx.key, () => p.of(reply))(caseCte), ...attach(p)(caseCte)];
      await this.cases.addInfoInOneStatement(m, open, residentActor(openid), recognition ?? replies.MEDIA_NOUN[kind], { p, ctes });
      return { reply: text(reply), caseId: open.id, recorded: true };
    }
    return this.fileCase(m, openid, recognition ?? replies.mediaOnlyText(kind), now, ctx, (c) => replies.filedFromMedia(c, kind, recognition !== null), attach);
  }

  private async onLocation(m: EntityManager, msg: InboundMessage, now: Date, ctx: Context): Promise<Outcome> {
    const openid = msg.FromUserName;
    const point = { lat: Number(msg.Location_X), lng: Number(msg.Location_Y) };
    const label = msg.Label ? String(msg.Label) : null;
    if (!Number.isFinite(point.lat) || !Number.isFinite(point.lng)) return { reply: text(replies.LOCATION_UNREADABLE), caseId: null };
    const place = await this.places.locate(m, point);
    const location: CaseLocation = { ...point, label, placeUnitId: place?.id ?? null };

    const open = ctx.openCase;
    if (open) {
      // Named by the one place formatter, as every case view names it: never bare coordinates.
      const where = formatPlace({ names: await this.places.names(place?.id ?? null, m), spot: label, point }).label ?? POINT_ONLY_LABEL;
      await this.cases.addInfo(m, open, residentActor(openid), `位置：${where}`, location);
      return { reply: text(replies.locationAdded(open, where)), caseId: open.id };
    }
    await this.saveSession(m, openid, { pendingLocation: { ...point, label, at: now.toISOString() } });
    return { reply: text(replies.LOCATION_WAITING), caseId: null };
  }

  /**
   * Files a case, with a location the resident sent just before, and opens the follow-up window:
   * one statement counts the resident's recent filings (the limits), inserts the case numbered by
   * the day's sequence with its first step, sets the session and the message's reply.
   */
  private async fileCase(
    m: EntityManager,
    openid: string,
    content: string,
    now: Date,
    ctx: Context,
    reply: (c: CaseEntity) => string,
    alsoWith?: (p: StatementParams) => (caseCte: string) => string[],
    suggestion?: FileCaseInput['suggestion'],
  ): Promise<Outcome> {
    const waiting = ctx.session?.pendingLocation && now.getTime() - Date.parse(ctx.session.pendingLocation.at) < PENDING_LOCATION_MS ? ctx.session.pendingLocation : null;
    let location: CaseLocation | null = null;
    if (waiting) {
      const place = await this.places.locate(m, waiting);
      location = { lat: waiting.lat, lng: waiting.lng, label: waiting.label, placeUnitId: place?.id ?? null };
    }
    if (!ctx.numbersReady) {
      // The first filing of a Beijing day. A batch made them before it began: missing still, it is handled message by message.
      if (ctx.batched) throw new Error('case numbers of the day missing in a batch');
      await this.cases.prepareNumbers(m, now);
    }

    const p = new StatementParams();
    const refusals = FILING_LIMITS.map((_, i) => `WHEN ${i} THEN ${p.of(this.filingLimits.messageOf(i))}`).join(' ');
    const recordReply = (draft: CaseEntity) =>
      this.recordReply(p, ctx.key, (filed) => `coalesce((SELECT replace(${p.of(reply(draft))}, ${p.of(NUMBER_TOKEN)}, number) FROM ${filed}), CASE (SELECT refused FROM limits) ${refusals} END)`);
    const along: AlongsideCase & { before: string[]; guardSql: string; extraSql: string } = {
      p,
      before: [`limits AS (SELECT ${this.filingLimits.refusedSql(p, openid, now)} AS refused)`],
      guardSql: '(SELECT refused IS NULL FROM limits)',
      extraSql: '(SELECT refused FROM limits) AS refused',
      ctes: (filed, draft) => [
        ...recordReply({ ...draft, number: NUMBER_TOKEN } as CaseEntity)(filed),
        `session AS (
           INSERT INTO wechat_session (openid, open_case_id, window_until, pending_location, updated_at)
           SELECT ${p.of(openid)}, id, ${p.of(new Date(now.getTime() + FOLLOW_UP_WINDOW_MS))}::timestamptz, NULL, now() FROM ${filed}
           ON CONFLICT (openid) DO UPDATE SET open_case_id = EXCLUDED.open_case_id, window_until = EXCLUDED.window_until, pending_location = NULL, updated_at = now())`,
        ...(alsoWith ? alsoWith(p)(filed) : []),
      ],
    };
    const { saved, extra } = await this.cases.fileInOneStatement(m, { channel: 'wechat_oa', residentOpenid: openid, text: content, acceptedAt: now, location, suggestion }, along);
    if (!saved) return { reply: text(this.filingLimits.messageOf(Number(extra.refused))), caseId: null, recorded: true };
    return { reply: text(reply(saved)), caseId: saved.id, recorded: true };
  }

  private async saveSession(m: EntityManager, openid: string, patch: Partial<ConversationSessionEntity>): Promise<void> {
    await m.getRepository(ConversationSessionEntity).upsert({ openid, ...patch }, ['openid']);
  }
}
