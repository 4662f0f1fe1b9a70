import { readFile } from 'node:fs/promises';
import { chinaDate, dailyAnchorHash, verifyTimelineChain, type StoredTimelineEntry, type TimelineFaultKind } from '@msz/domain';
import type { DataSource } from 'typeorm';

/** Something `pnpm audit:verify` found wrong, named by case and entry (or by the day of an anchor). */
export interface AuditFault {
  readonly kind: TimelineFaultKind | 'anchor';
  readonly caseNumber: string | null;
  readonly entryId: string | null;
  readonly day: string | null;
  readonly detail: string;
}

export interface AuditReport {
  readonly entries: number;
  readonly cases: number;
  readonly anchors: number;
  readonly faults: AuditFault[];
}

/** One line of the anchor file: the day, its anchor, the previous day's, how many heads. */
export interface AnchorLine {
  readonly day: string;
  readonly anchor: string;
  readonly prev: string | null;
  readonly heads: number;
}

interface EntryRow {
  id: string;
  case_id: string;
  number: string | null;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  note: string | null;
  at: Date;
  content_hash: string | null;
  prev_hash: string | null;
  hash: string | null;
}

export async function readAnchorFile(path: string): Promise<AnchorLine[]> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as AnchorLine);
}

/**
 * Recomputes every case's chain and every sealed day: names each edited, deleted or inserted entry,
 * and each day whose anchor no longer matches the chains, the table or the file outside the database.
 */
export async function auditTimeline(ds: DataSource, anchorFile: string): Promise<AuditReport> {
  const rows = (await ds.query(
    `SELECT t.id::text AS id, t.case_id, c.number, t.action, t.from_status, t.to_status, t.actor_kind, t.actor_id, t.actor_name, t.note, t.at,
            t.content_hash, t.prev_hash, t.hash
       FROM case_timeline t LEFT JOIN case_file c ON c.id = t.case_id
      ORDER BY t.case_id, t.id`,
  )) as EntryRow[];
  const faults: AuditFault[] = [];
  const numbers = new Map<string, string | null>();
  const byCase = new Map<string, StoredTimelineEntry[]>();
  // Each day's heads as the stored chains give them now: day → case → last entry (rows come in id order).
  const headsByDay = new Map<string, Map<string, string>>();
  for (const r of rows) {
    numbers.set(r.case_id, r.number);
    const entry: StoredTimelineEntry = {
      id: r.id,
      caseId: r.case_id,
      action: r.action,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      actorKind: r.actor_kind,
      actorId: r.actor_id,
      actorName: r.actor_name,
      note: r.note,
      at: r.at,
      contentHash: r.content_hash,
      prevHash: r.prev_hash,
      hash: r.hash,
    };
    (byCase.get(r.case_id) ?? byCase.set(r.case_id, []).get(r.case_id)!).push(entry);
    if (r.hash) {
      const day = chinaDate(r.at);
      (headsByDay.get(day) ?? headsByDay.set(day, new Map()).get(day)!).set(r.case_id, r.hash);
    }
  }
  for (const [caseId, entries] of byCase) {
    for (const f of verifyTimelineChain(caseId, entries)) faults.push({ kind: f.kind, caseNumber: numbers.get(caseId) ?? null, entryId: f.entryId, day: null, detail: f.detail });
  }

  const anchors = (await ds.query(`SELECT day, anchor, prev_anchor, heads FROM timeline_anchor ORDER BY day`)) as Array<{ day: string; anchor: string; prev_anchor: string | null; heads: Record<string, string> }>;
  const file = new Map((await readAnchorFile(anchorFile)).map((l) => [l.day, l]));
  const anchorFault = (day: string, detail: string, caseId: string | null = null) =>
    faults.push({ kind: 'anchor', caseNumber: caseId ? (numbers.get(caseId) ?? `case ${caseId}`) : null, entryId: null, day, detail });
  let prev: string | null = null;
  for (const a of anchors) {
    const heads = Object.entries(a.heads).map(([caseId, hash]) => ({ caseId, hash }));
    if (dailyAnchorHash(a.day, a.prev_anchor, heads) !== a.anchor) anchorFault(a.day, "the anchor row was altered: its heads no longer give its hash");
    if (a.prev_anchor !== prev) anchorFault(a.day, 'the anchor does not link to the day before it: an anchor row is missing or was replaced');
    const kept = file.get(a.day);
    if (!kept) anchorFault(a.day, 'the anchor is not in the file kept outside the database');
    else if (kept.anchor !== a.anchor) anchorFault(a.day, 'the anchor differs from the one in the file kept outside the database');
    file.delete(a.day);
    const now = headsByDay.get(a.day) ?? new Map<string, string>();
    for (const [caseId, hash] of Object.entries(a.heads)) {
      if (!now.has(caseId)) anchorFault(a.day, "the case's entries of that day are gone", caseId);
      else if (now.get(caseId) !== hash) anchorFault(a.day, "the case's chain head of that day changed: its entries were rewritten, deleted or added", caseId);
    }
    for (const caseId of now.keys()) if (!(caseId in a.heads)) anchorFault(a.day, 'the case has entries dated that day that were written after the day was sealed', caseId);
    prev = a.anchor;
  }
  for (const day of file.keys()) anchorFault(day, 'the anchor is in the file but its row is gone from the database');
  return { entries: rows.length, cases: byCase.size, anchors: anchors.length, faults };
}

/** One line per fault, as the audit prints it. */
export function describeFault(f: AuditFault): string {
  const where = [f.caseNumber ? `case ${f.caseNumber}` : null, f.entryId ? `entry #${f.entryId}` : null, f.day ? `day ${f.day}` : null].filter(Boolean).join(', ');
  return `${f.kind.toUpperCase()} ${where}: ${f.detail}`;
}
