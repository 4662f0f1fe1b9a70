import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StatementParams } from '../../common/database/one-statement';

/**
 * Cases one resident may file, in the chat and the mini-program together per openid: 10 an hour and
 * 30 a day. A real resident files a handful a year; a flood (one resident filed 300 in 3 seconds) stops.
 */
export const FILING_LIMITS = [
  { windowMs: 3600_000, max: 10, message: '您这一小时内已经反映了 10 件诉求，我们都已登记。请稍后再反映新的问题；要补充已反映的问题，请直接说明情况。' },
  { windowMs: 24 * 3600_000, max: 30, message: '您今天已经反映了 30 件诉求，我们都已登记。请明天再反映新的问题；遇到紧急危险请拨打 110、119 或 120。' },
] as const;

/** Namespace of the advisory locks taken here (the second key is the resident's). */
const LOCK_CLASS = 11_006;

@Injectable()
export class FilingLimitsService {
  /**
   * Inside the filing transaction: the refusal to give the resident (plain Chinese), or null when they may file.
   * One resident's filings queue on a lock, so parallel requests cannot all slip under the count.
   */
  async refusal(m: EntityManager, openid: string, now = new Date()): Promise<string | null> {
    await m.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, openid]);
    const longest = Math.max(...FILING_LIMITS.map((l) => l.windowMs));
    const rows: Array<{ accepted_at: Date }> = await m.query(
      'SELECT accepted_at FROM case_file WHERE resident_openid = $1 AND accepted_at > $2 ORDER BY accepted_at DESC LIMIT $3',
      [openid, new Date(now.getTime() - longest), Math.max(...FILING_LIMITS.map((l) => l.max))],
    );
    for (const limit of FILING_LIMITS) {
      const since = now.getTime() - limit.windowMs;
      if (rows.filter((r) => new Date(r.accepted_at).getTime() > since).length >= limit.max) return limit.message;
    }
    return null;
  }

  /**
   * The same rule folded into the chat's statements: lockSql goes in a statement before the filing
   * one (it returns once this resident's earlier filing has committed), refusedSql in the filing
   * statement itself, so its count sees that filing. refusedSql gives the index in FILING_LIMITS of
   * the limit reached, or NULL.
   */
  lockSql(p: StatementParams, openid: string): string {
    return `pg_advisory_xact_lock(${p.of(LOCK_CLASS)}, hashtext(${p.of(openid)}))`;
  }

  refusedSql(p: StatementParams, openid: string, now: Date): string {
    const longest = Math.max(...FILING_LIMITS.map((l) => l.windowMs));
    const when = FILING_LIMITS.map(
      (l, i) => `WHEN count(*) FILTER (WHERE accepted_at > ${p.of(new Date(now.getTime() - l.windowMs))}::timestamptz) >= ${l.max} THEN ${i}`,
    );
    return `(SELECT CASE ${when.join(' ')} END FROM case_file WHERE resident_openid = ${p.of(openid)} AND accepted_at > ${p.of(new Date(now.getTime() - longest))}::timestamptz)`;
  }

  messageOf(refused: number): string {
    return FILING_LIMITS[refused].message;
  }
}
