import { sha256 as sha256Bytes } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { chinaDate } from '../shared/china-time';

/**
 * 防篡改时间线: each timeline entry carries a hash of its own content and a link hash over the case,
 * the previous entry's link and that content, so the entries of a case form a chain. Editing,
 * deleting or slipping in an entry breaks the chain; rewriting a whole chain changes the heads
 * sealed in the daily anchors kept outside the database.
 */

/** What an entry says, as the chain hashes it. */
export interface TimelineContent {
  readonly action: string;
  readonly fromStatus: string | null;
  readonly toStatus: string;
  readonly actorKind: string;
  readonly actorId: string | null;
  readonly actorName: string | null;
  readonly note: string | null;
  readonly at: Date;
}

/** The version of the canonical form, hashed with it so a later form cannot be confused with this one. */
const CANONICAL_VERSION = 'tl1';

const sha256 = (text: string): string => bytesToHex(sha256Bytes(utf8ToBytes(text)));

/** The canonical form: a JSON array in a fixed order, instants in ISO form (milliseconds, UTC). */
export function canonicalTimelineContent(e: TimelineContent): string {
  return JSON.stringify([CANONICAL_VERSION, e.action, e.fromStatus, e.toStatus, e.actorKind, e.actorId, e.actorName, e.note, e.at.toISOString()]);
}

export function timelineContentHash(e: TimelineContent): string {
  return sha256(canonicalTimelineContent(e));
}

/**
 * The link: sha256 of `caseId|previous link|content hash` (ASCII only, so the database can compute
 * it too, inside the INSERT that writes the entry: see timelineLinkSql).
 */
export function timelineLink(caseId: string, prevHash: string | null, contentHash: string): string {
  return sha256(`${caseId}|${prevHash ?? ''}|${contentHash}`);
}

/** timelineLink as a PostgreSQL expression over SQL expressions (case id as uuid, the others as text). */
export function timelineLinkSql(caseIdSql: string, prevSql: string, contentSql: string): string {
  return `encode(sha256(convert_to(${caseIdSql}::text || '|' || coalesce(${prevSql}, '') || '|' || ${contentSql}, 'UTF8')), 'hex')`;
}

/** An entry as stored, for verification. */
export interface StoredTimelineEntry extends TimelineContent {
  readonly id: string;
  readonly caseId: string;
  readonly contentHash: string | null;
  readonly prevHash: string | null;
  readonly hash: string | null;
}

export type TimelineFaultKind = 'edited' | 'inserted' | 'missing';

/** Something wrong with a case's chain, named by the entry where it shows. */
export interface TimelineFault {
  readonly kind: TimelineFaultKind;
  readonly caseId: string;
  readonly entryId: string;
  readonly detail: string;
}

/**
 * Recomputes one case's chain (entries in id order) and names what is wrong: an entry whose content
 * or hashes were edited, an entry slipped in (no hash, or one the next entry does not link to), or
 * entries missing before an entry (its link points at a hash no entry has).
 */
export function verifyTimelineChain(caseId: string, entries: readonly StoredTimelineEntry[]): TimelineFault[] {
  const faults: TimelineFault[] = [];
  const seen = new Map<string, number>(); // hash → index in `chain`
  const chain: StoredTimelineEntry[] = [];
  let last: string | null = null;
  const fault = (kind: TimelineFaultKind, e: StoredTimelineEntry, detail: string) => faults.push({ kind, caseId, entryId: e.id, detail });
  for (const e of entries) {
    if (e.caseId !== caseId) {
      fault('inserted', e, 'entry belongs to another case');
      continue;
    }
    if (!e.hash || !e.contentHash) {
      fault('inserted', e, 'entry has no hash: it was written outside the platform');
      continue;
    }
    const content = timelineContentHash(e);
    if (content !== e.contentHash) fault('edited', e, 'content no longer matches its hash');
    else if (timelineLink(caseId, e.prevHash, e.contentHash) !== e.hash) fault('edited', e, 'its hashes were changed');
    if (e.prevHash !== last) {
      if (e.prevHash === null) {
        // A second start in the middle of a chain: this entry was slipped in; the chain goes on without it.
        fault('inserted', e, 'entry starts a chain of its own in the middle of the case');
        continue;
      }
      const earlier = seen.get(e.prevHash) ?? null;
      if (earlier === null) fault('missing', e, 'an entry before it is missing');
      else for (const slipped of chain.slice(earlier + 1)) fault('inserted', slipped, 'entry is not in the chain: the next entry does not link to it');
    }
    seen.set(e.hash, chain.length);
    chain.push(e);
    last = e.hash;
  }
  return faults;
}

/** A case's chain head at the end of a day: the link of its last entry that day. */
export interface ChainHead {
  readonly caseId: string;
  readonly hash: string;
}

/**
 * 每日锚定: one hash over the day's chain heads (every case with an entry that Beijing day), linked
 * to the previous day's anchor, so a day cannot be dropped or rewritten unseen.
 */
export function dailyAnchorHash(day: string, prevAnchor: string | null, heads: readonly ChainHead[]): string {
  const lines = heads.map((h) => `${h.caseId}:${h.hash}`).sort();
  return sha256(`anchor1|${day}|${prevAnchor ?? ''}|${lines.join('\n')}`);
}

/** The heads of a day from stored entries: per case, the last entry (by id) whose Beijing date is `day`. */
export function chainHeadsOfDay(day: string, entries: readonly Pick<StoredTimelineEntry, 'id' | 'caseId' | 'hash' | 'at'>[]): ChainHead[] {
  const heads = new Map<string, { id: bigint; hash: string }>();
  for (const e of entries) {
    if (!e.hash || chinaDate(e.at) !== day) continue;
    const id = BigInt(e.id);
    const was = heads.get(e.caseId);
    if (!was || id > was.id) heads.set(e.caseId, { id, hash: e.hash });
  }
  return [...heads].map(([caseId, h]) => ({ caseId, hash: h.hash }));
}
