import { randomInt, timingSafeEqual } from 'node:crypto';

/**
 * The 6-digit query code (查询码) a resident gets with the case number. Numbers are sequential and
 * can be walked; the code cannot, so the public lookup needs both (or the phone's last 4 digits).
 */
export function newQueryCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Constant-time comparison, so the answer's timing says nothing about how many digits matched. */
export function sameSecret(given: string, expected: string | null | undefined): boolean {
  if (!expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
