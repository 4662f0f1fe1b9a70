import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { StaffUserEntity } from '../../modules/units/staff-user.entity';

/** How long a process trusts what it read of an account; changes made elsewhere reach it within this. */
export const SESSION_CHECK_TTL_MS = 30_000;

interface Seen {
  active: boolean;
  tokenVersion: number;
  at: number;
}

/**
 * Whether a staff token still speaks for its account: the account is active and its token version
 * is the one the token carries. Disabling, a new role or unit, a new password and signing out raise
 * the version (StaffService, AuthController), so tokens issued before stop working: at once in the
 * process that made the change, within SESSION_CHECK_TTL_MS in the others.
 */
@Injectable()
export class StaffSessions {
  private readonly seen = new Map<string, Seen>();

  constructor(private readonly ds: DataSource) {}

  async isCurrent(staffId: string, tokenVersion: unknown, now = Date.now()): Promise<boolean> {
    let entry = this.seen.get(staffId);
    if (!entry || now - entry.at >= SESSION_CHECK_TTL_MS) {
      const row = await this.ds.getRepository(StaffUserEntity).findOne({ where: { id: staffId }, select: { id: true, active: true, tokenVersion: true } });
      entry = { active: row?.active ?? false, tokenVersion: row?.tokenVersion ?? -1, at: now };
      this.seen.set(staffId, entry);
    }
    return entry.active && entry.tokenVersion === tokenVersion;
  }

  /** Ends every token of the account issued so far (in this transaction's manager when given). */
  async revokeAll(staffId: string, manager = this.ds.manager): Promise<void> {
    await manager.increment(StaffUserEntity, { id: staffId }, 'tokenVersion', 1);
    this.seen.delete(staffId);
  }
}
