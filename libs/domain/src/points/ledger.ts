import { DomainError } from '../shared/domain-error';

/** What moved a household's points: every change is one of these, appended and never edited. */
export type LedgerEntryKind = 'award' | 'redemption' | 'correction';

/** One movement as the ledger keeps it: a signed delta (awards add, redemptions take). */
export interface LedgerMove {
  kind: LedgerEntryKind;
  delta: number;
  /** A correction names the entry it counters; the original stays as it was. */
  correctsEntryId?: string | null;
}

/** A single operation may move at most this many points (a typo guard: 门前五包 awards are tens). */
export const MAX_POINTS_PER_ENTRY = 10_000;

const KEY = /^[A-Za-z0-9_.:-]{8,64}$/;

/** Idempotency keys are chosen by the client (a phone retries on a weak network): printable, 8-64 characters. */
export function checkIdempotencyKey(key: string): string {
  if (!KEY.test(key)) throw new DomainError('POINTS_KEY_INVALID', 'an idempotency key is 8-64 letters, digits or _.:-', { key });
  return key;
}

function checkPoints(points: number): void {
  if (!Number.isInteger(points) || points <= 0 || points > MAX_POINTS_PER_ENTRY) {
    throw new DomainError('POINTS_AMOUNT_INVALID', `points must be a whole number from 1 to ${MAX_POINTS_PER_ENTRY}`, { points });
  }
}

export function awardMove(points: number): LedgerMove {
  checkPoints(points);
  return { kind: 'award', delta: points };
}

export function redemptionMove(points: number): LedgerMove {
  checkPoints(points);
  return { kind: 'redemption', delta: -points };
}

/**
 * A correction counters an earlier entry by a signed amount: taking back a wrong award is
 * negative, giving back a mistaken redemption positive. It never exceeds what it corrects.
 */
export function correctionMove(original: { id: string; delta: number }, delta: number, reason: string): LedgerMove {
  if (reason.trim().length === 0) throw new DomainError('REASON_REQUIRED', 'a correction needs a reason');
  if (!Number.isInteger(delta) || delta === 0 || Math.abs(delta) > Math.abs(original.delta) || Math.sign(delta) === Math.sign(original.delta)) {
    throw new DomainError('POINTS_AMOUNT_INVALID', 'a correction runs against its entry and never beyond it', { delta, original: original.delta });
  }
  return { kind: 'correction', delta, correctsEntryId: original.id };
}

/** The balance after a move; the ledger never goes below zero. */
export function applyMove(balance: number, move: LedgerMove): number {
  const next = balance + move.delta;
  if (next < 0) throw new DomainError('POINTS_INSUFFICIENT', 'not enough points', { balance, needed: -move.delta });
  return next;
}

/** The balance a list of entries adds up to (the ledger's own check of the kept balance). */
export function balanceOf(entries: ReadonlyArray<{ delta: number }>): number {
  return entries.reduce((sum, e) => sum + e.delta, 0);
}

/**
 * A retried operation (same key) gets the first one's result; the same key with a different
 * request is a client bug, refused rather than guessed at.
 */
export function replayOrConflict<T>(existing: { fingerprint: string; result: T } | null, fingerprint: string): T | null {
  if (!existing) return null;
  if (existing.fingerprint !== fingerprint) throw new DomainError('POINTS_KEY_REUSED', 'this idempotency key was used for a different request');
  return existing.result;
}
