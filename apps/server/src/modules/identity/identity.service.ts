import DataLoader from 'dataloader';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { MAX_USER_INFO_BATCH, WechatApiClient, type UserInfo } from '@msz/wechat';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { queryPrepared, StatementParams } from '../../common/database/one-statement';
import { ResidentIdentityEntity } from './resident-identity.entity';

export interface PersonRow {
  appid: string;
  openid: string;
}

/** The webhook must answer within 5 s: a first-contact lookup waits at most this, then finishes on its own. */
const LOOKUP_WAIT_MS = 1_000;
/** An account may be bound to an open platform later: a "no unionid" answer is asked again after a day. */
const RECHECK_MS = 24 * 3600_000;
/** Openids checked in this process, until when: no database read per message for them. */
const KNOWN_MAX = 50_000;

/** One person's openids, per app: several when WeChat's unionid links them. */
export interface Person {
  oa: string[];
  mini: string[];
}

/**
 * One resident across the Official Account and the mini program. WeChat gives each app its own
 * openid for a person, and the same unionid when both apps are bound to one open-platform
 * account: jscode2session answers it at mini-program sign-in, user/info for a chat user.
 */
@Injectable()
export class IdentityService {
  private readonly logger = new Logger('Identity');
  private readonly known = new Map<string, number>();

  constructor(
    private readonly ds: DataSource,
    private readonly wechat: WechatApiClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A mini-program sign-in: keep the unionid jscode2session answered (or that it answered none). */
  async recordMiniProgram(openid: string, unionid: string | undefined): Promise<void> {
    const appid = this.config.wechat.miniprogram?.appid;
    if (!appid) return;
    await this.ds.getRepository(ResidentIdentityEntity).upsert({ appid, openid, unionid: unionid ?? null, checkedAt: new Date() }, ['appid', 'openid']);
  }

  /**
   * A chat user wrote: learn their unionid (user/info) the first time, waiting for it briefly so
   * that this very message already counts for the linked person. Never throws: linking is a
   * convenience, and filing the demand must not depend on it.
   */
  async learnOfficialAccount(openid: string): Promise<void> {
    if ((this.known.get(openid) ?? 0) > Date.now()) return;
    const lookup = this.lookup(openid).catch((err: unknown) => this.logger.warn(`unionid of ${openid.slice(0, 6)}… not learnt: ${(err as Error).message}`));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([lookup, new Promise<void>((resolve) => (timer = setTimeout(resolve, LOOKUP_WAIT_MS)))]);
    clearTimeout(timer);
  }

  /** Every openid of the person behind this one (itself included), per app. */
  async personOf(m: EntityManager, openid: string, app: 'oa' | 'mini'): Promise<Person> {
    const p = new StatementParams();
    const [{ rows }]: Array<{ rows: PersonRow[] | null }> = await m.query(`SELECT ${this.personSql(p, openid, app)} AS rows`, p.values);
    return this.personFrom(rows, openid, app);
  }

  /** For a statement that reads more at once: the person's identity rows as JSON, read for personFrom(). */
  personSql(p: StatementParams, openid: string, app: 'oa' | 'mini'): string {
    // By the primary key, then the unionid index: two index lookups whatever the table's size.
    return `(SELECT json_agg(json_build_object('appid', appid, 'openid', openid) ORDER BY checked_at DESC) FROM resident_identity
              WHERE unionid = (SELECT unionid FROM resident_identity WHERE appid = ${p.of(this.appidOf(app))} AND openid = ${p.of(openid)}))`;
  }

  /** openidsOf as a text[] expression, for a statement that reads more at once (the oa openid first, as openidsOf). */
  openidsSql(p: StatementParams, openid: string, app: 'oa' | 'mini'): string {
    const sides = [this.config.wechat.appid, this.config.wechat.miniprogram?.appid].filter((a): a is string => Boolean(a)).map((a) => p.of(a));
    const me = p.of(openid);
    return `(ARRAY[${me}::text] || coalesce((SELECT array_agg(openid::text ORDER BY appid <> ${p.of(this.config.wechat.appid)}, checked_at DESC) FROM resident_identity
              WHERE unionid = (SELECT unionid FROM resident_identity WHERE appid = ${p.of(this.appidOf(app))} AND openid = ${me})
                AND openid <> ${me} AND appid IN (${sides.join(', ')})), '{}'::text[]))`;
  }

  personFrom(rows: readonly PersonRow[] | null, openid: string, app: 'oa' | 'mini'): Person {
    const person: Person = { oa: [], mini: [] };
    person[app].push(openid);
    for (const r of rows ?? []) {
      const side = r.appid === this.config.wechat.appid ? 'oa' : r.appid === this.config.wechat.miniprogram?.appid ? 'mini' : null;
      if (side && !person[side].includes(r.openid)) person[side].push(r.openid);
    }
    return person;
  }

  private appidOf(app: 'oa' | 'mini'): string {
    return app === 'oa' ? this.config.wechat.appid : (this.config.wechat.miniprogram?.appid ?? '');
  }

  /** The person's openids in both apps, for "their cases". */
  async openidsOf(m: EntityManager, openid: string, app: 'oa' | 'mini'): Promise<string[]> {
    const person = await this.personOf(m, openid, app);
    return [...person.oa, ...person.mini];
  }

  /**
   * A first contact. The first contacts of one moment (a burst of new residents) share their
   * statements: one reads what is known of all of them; WeChat's answers that come back in the same
   * moment are recorded by one.
   */
  private async lookup(openid: string): Promise<void> {
    let row = await this.stored.load(openid);
    if (!row || (!row.unionid && Date.now() - row.checkedAt.getTime() > RECHECK_MS)) {
      const info = await this.infos.load(openid);
      row = { unionid: info.unionid ?? null, checkedAt: new Date() };
      await this.recorded.load({ openid, ...row });
    }
    if (this.known.size >= KNOWN_MAX) this.known.clear();
    this.known.set(openid, row.unionid ? Infinity : row.checkedAt.getTime() + RECHECK_MS);
  }

  /** WeChat's user/info of the first contacts of one turn: one batchget call (up to 100 each), not one call apiece. */
  private readonly infos = new DataLoader<string, UserInfo>(
    async (openids) => {
      const answers = new Map((await this.wechat.getUserInfos([...new Set(openids)])).map((info) => [info.openid, info]));
      return openids.map((openid) => answers.get(openid) ?? new Error('WeChat /cgi-bin/user/info/batchget: no answer for this openid'));
    },
    { cache: false, maxBatchSize: MAX_USER_INFO_BATCH, batchScheduleFn: (go) => setImmediate(go) },
  );

  private readonly stored = oneStatementPerTurn<string, StoredIdentity | undefined>(async (openids) => {
    const rows = await queryPrepared<{ openid: string } & StoredIdentity>(
      this.ds.manager,
      'SELECT openid, unionid, checked_at AS "checkedAt" FROM resident_identity WHERE appid = $1 AND openid = ANY($2::text[])',
      [this.config.wechat.appid, openids],
    );
    const byOpenid = new Map(rows.map((r) => [r.openid, r]));
    return openids.map((o) => byOpenid.get(o));
  });

  private readonly recorded = oneStatementPerTurn<{ openid: string } & StoredIdentity, true>(async (rows) => {
    // One row per openid: an upsert may not touch a row twice.
    const latest = [...new Map(rows.map((r) => [r.openid, r])).values()];
    await queryPrepared(
      this.ds.manager,
      `INSERT INTO resident_identity (appid, openid, unionid, checked_at)
       SELECT $1, openid, unionid, checked_at FROM unnest($2::text[], $3::text[], $4::timestamptz[]) AS r(openid, unionid, checked_at)
       ON CONFLICT (appid, openid) DO UPDATE SET unionid = EXCLUDED.unionid, checked_at = EXCLUDED.checked_at`,
      [this.config.wechat.appid, latest.map((r) => r.openid), latest.map((r) => r.unionid), latest.map((r) => r.checkedAt)],
    );
    return rows.map(() => true as const);
  });
}

interface StoredIdentity {
  unionid: string | null;
  checkedAt: Date;
}

/**
 * The calls made in one turn of the event loop served by one call of `run` (one statement for a
 * burst of first contacts). Each HTTP request is its own turn's callback, so the batch waits for
 * the turn's end (setImmediate), not for the microtasks; nothing is cached between turns.
 */
function oneStatementPerTurn<K, V>(run: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
  return new DataLoader<K, V>(run, { cache: false, batchScheduleFn: (go) => setImmediate(go) });
}
