import {
  caseContributions,
  chinaDate,
  dueCohort,
  findSubItem,
  isSameProblem,
  problemSignature,
  isEmptyCounters,
  measureCase,
  SAME_PROBLEM_DAYS,
  type Basis,
  type CaseFacts,
  type CaseKind,
  type CaseStep,
  type CaseStatus,
  type Counters,
  type DeadlinePolicy,
  type ProblemReport,
  type Taxonomy,
  type WorkCalendar,
  type TimelineFault,
  verifyTimelineChain,
} from '@msz/domain';
import type { EntityManager } from 'typeorm';

/** The keys a case's counters are filed under in the daily rollups. */
export interface RollupKeys {
  readonly unitId: string | null;
  readonly townId: string | null;
  readonly villageId: string | null;
  readonly category: string | null;
  readonly kind: string;
  readonly channel: string;
}

export const keysText = (k: RollupKeys): string => [k.unitId, k.townId, k.villageId, k.category, k.kind, k.channel].map((v) => v ?? '').join('|');

/** The groupings the narrow rollups keep: each alone, with its value ('none' has one, ''). */
export const ROLLUP_GROUPINGS = ['none', 'unit', 'town', 'village', 'category', 'kind', 'channel'] as const;
export type RollupGrouping = (typeof ROLLUP_GROUPINGS)[number];

/** A wide row's keys as the narrow rows it adds to: one per grouping, with that grouping's value ('' for none or unknown). */
export function groupValues(k: RollupKeys): Array<[RollupGrouping, string]> {
  return [
    ['none', ''],
    ['unit', k.unitId ?? ''],
    ['town', k.townId ?? ''],
    ['village', k.villageId ?? ''],
    ['category', k.category ?? ''],
    ['kind', k.kind],
    ['channel', k.channel],
  ];
}

export function keysFromText(text: string): RollupKeys {
  const [unitId, townId, villageId, category, kind, channel] = text.split('|').map((v) => (v === '' ? null : v));
  return { unitId, townId, villageId, category, kind: kind ?? '', channel: channel ?? '' };
}

/** The keys a case is counted under on the heat map. */
export interface HeatKeys {
  /** Where it is: its place, else its lead unit (the heat map folds it into a town or village, or leaves it unplaced). */
  readonly placeId: string | null;
  readonly subItem: string | null;
  readonly unitId: string | null;
  readonly kind: string;
  readonly channel: string;
}

export const heatKeysText = (k: HeatKeys): string => [k.placeId, k.subItem, k.unitId, k.kind, k.channel].map((v) => v ?? '').join('|');

export function heatKeysFromText(text: string): HeatKeys {
  const [placeId, subItem, unitId, kind, channel] = text.split('|').map((v) => (v === '' ? null : v));
  return { placeId, subItem, unitId, kind: kind ?? '', channel: channel ?? '' };
}

/** One case's share of the rollups: under which keys, day by day on each basis, and the newest step it reflects. */
export interface CaseContribution {
  readonly caseId: string;
  readonly keys: RollupKeys;
  readonly byBasis: Readonly<Record<Basis, ReadonlyMap<string, Counters>>>;
  /** Its one demand on the heat map, on its Beijing day of acceptance; null when it does not count (invalid or merged). */
  readonly heat: { readonly day: string; readonly keys: HeatKeys } | null;
  readonly lastStepId: string;
  /**
   * 防篡改: what is wrong with the case's hash chain, empty when it verifies. A case whose chain is
   * broken adds nothing (its byBasis is empty): indicators come from the verified timeline only.
   */
  readonly faults: readonly TimelineFault[];
}

interface UnitRow {
  id: string;
  name: string;
  level: string;
  parent_id: string | null;
}

interface CaseRow {
  id: string;
  channel: string;
  kind: CaseKind;
  sub_item: string | null;
  unit_id: string | null;
  place_unit_id: string | null;
  text: string;
  accepted_at: Date;
  location_lat: number | null;
  location_lng: number | null;
}

interface StepRow {
  case_id: string;
  id: string;
  action: CaseStep;
  from_status: CaseStatus | null;
  to_status: CaseStatus;
  at: Date;
  note: string | null;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  content_hash: string | null;
  prev_hash: string | null;
  hash: string | null;
}

/** What the same-problem rule compares, signed as the quality module signs it (the place's and its town's names left out). */
function report(c: CaseRow, units: ReadonlyMap<string, UnitRow>): ProblemReport {
  const place = c.place_unit_id ? units.get(c.place_unit_id) : undefined;
  const parent = place?.parent_id ? units.get(place.parent_id) : undefined;
  return {
    id: c.id,
    subItem: c.sub_item,
    placeUnitId: place?.level === 'village' ? place.id : null,
    location: c.location_lat !== null && c.location_lng !== null ? { lat: c.location_lat, lng: c.location_lng } : null,
    signature: problemSignature(c.text, [place?.name, parent?.name].filter((n): n is string => !!n)),
    acceptedAt: new Date(c.accepted_at),
  };
}

const CASE_COLUMNS = 'id, channel, kind, sub_item, unit_id, place_unit_id, text, accepted_at, location_lat, location_lng';
const DAY_MS = 86_400_000;
/** Same-problem candidates looked at per case: the quality module's bound too. */
const CANDIDATES = 200;

/**
 * Reads cases and their timelines (never writes them) and computes what each adds to the rollups,
 * with the domain's measures. Both the incremental job and the full recomputation use this, so they
 * can only differ in what they read, never in how they count.
 */
export class ContributionReader {
  private units: Map<string, UnitRow> | null = null;

  constructor(
    private readonly m: EntityManager,
    private readonly rules: { calendar: WorkCalendar; deadlines: DeadlinePolicy; taxonomy: Taxonomy },
  ) {}

  async of(caseIds: readonly string[]): Promise<CaseContribution[]> {
    if (caseIds.length === 0) return [];
    const units = await this.unitMap();
    const cases: CaseRow[] = await this.m.query(`SELECT ${CASE_COLUMNS} FROM case_file WHERE id = ANY($1::uuid[])`, [caseIds]);
    const steps: StepRow[] = await this.m.query(
      `SELECT case_id, id::text AS id, action, from_status, to_status, at, note, actor_kind, actor_id, actor_name, content_hash, prev_hash, hash
         FROM case_timeline WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, case_timeline.id`, // the column, not the text alias: '10' sorts before '9'
      [caseIds],
    );
    const byCase = new Map<string, StepRow[]>();
    for (const s of steps) {
      const list = byCase.get(s.case_id) ?? [];
      list.push(s);
      byCase.set(s.case_id, list);
    }
    const out: CaseContribution[] = [];
    for (const c of cases) {
      const timeline = byCase.get(c.id) ?? [];
      // Verified before anything is counted: the chain is checked on the rows just read, so it costs no extra query.
      const faults = verifyTimelineChain(c.id, timeline.map((s) => storedEntry(s)));
      const lastStepId = timeline.reduce((max, s) => (BigInt(s.id) > BigInt(max) ? s.id : max), '0');
      if (faults.length) {
        out.push({ caseId: c.id, keys: this.keysOf(c, units), byBasis: { event: new Map(), due: new Map() }, heat: null, lastStepId, faults });
        continue;
      }
      if (!timeline.some((s) => s.action === 'file')) continue;
      const facts: CaseFacts = { ...this.keysOf(c, units), subItem: c.sub_item, kind: c.kind, earlierSameProblem: await this.earlierSameProblem(c) };
      const measures = measureCase(
        timeline.map((s) => ({ action: s.action, fromStatus: s.from_status, toStatus: s.to_status, at: new Date(s.at), note: s.note })),
        { ...facts, acceptedAt: new Date(c.accepted_at) },
        this.rules,
      );
      const byDay = caseContributions(measures, facts);
      const due = dueCohort(measures, byDay);
      out.push({
        caseId: c.id,
        keys: this.keysOf(c, units),
        byBasis: { event: byDay, due: new Map(due ? [[due.day, due.counters]] : []) },
        heat: measures.excluded
          ? null
          : { day: chinaDate(new Date(c.accepted_at)), keys: { placeId: c.place_unit_id ?? c.unit_id, subItem: c.sub_item, unitId: c.unit_id, kind: c.kind, channel: c.channel } },
        lastStepId,
        faults: [],
      });
    }
    return out;
  }

  /** Cases reported after this one whose "repeat" may count it: they are recomputed with it. */
  async laterSameProblem(caseIds: readonly string[]): Promise<string[]> {
    if (caseIds.length === 0) return [];
    const cases: CaseRow[] = await this.m.query(`SELECT ${CASE_COLUMNS} FROM case_file WHERE id = ANY($1::uuid[]) AND sub_item IS NOT NULL`, [caseIds]);
    const out = new Set<string>();
    for (const c of cases) {
      const later: CaseRow[] = await this.m.query(
        `SELECT ${CASE_COLUMNS} FROM case_file
          WHERE sub_item = $1 AND accepted_at > $2 AND accepted_at <= $3 AND status NOT IN ('invalid', 'merged')
          ORDER BY accepted_at LIMIT ${CANDIDATES}`,
        [c.sub_item, c.accepted_at, new Date(new Date(c.accepted_at).getTime() + SAME_PROBLEM_DAYS * DAY_MS)],
      );
      const units = await this.unitMap();
      for (const l of later) if (isSameProblem(report(l, units), report(c, units))) out.add(l.id);
    }
    return [...out];
  }

  private keysOf(c: CaseRow, units: Map<string, UnitRow>): RollupKeys {
    const category = c.sub_item ? (findSubItem(this.rules.taxonomy, c.sub_item)?.category ?? null) : null;
    // Where it is: the place the case maps to, else the lead unit when that is a town or village.
    const place = (c.place_unit_id && units.get(c.place_unit_id)) || (c.unit_id && units.get(c.unit_id)) || null;
    const village = place?.level === 'village' ? place : null;
    const town = village ? units.get(village.parent_id ?? '') : place?.level === 'town' ? place : null;
    return { unitId: c.unit_id, townId: town?.id ?? null, villageId: village?.id ?? null, category, kind: c.kind, channel: c.channel };
  }

  /** Earlier reports of the same problem within 30 days, by the domain's rule (the quality module's too). */
  private async earlierSameProblem(c: CaseRow): Promise<number> {
    if (!c.sub_item) return 0;
    const accepted = new Date(c.accepted_at);
    const earlier: CaseRow[] = await this.m.query(
      `SELECT ${CASE_COLUMNS} FROM case_file
        WHERE sub_item = $1 AND accepted_at >= $2 AND accepted_at < $3 AND id <> $4 AND status NOT IN ('invalid', 'merged')
        ORDER BY accepted_at DESC LIMIT ${CANDIDATES}`,
      [c.sub_item, new Date(accepted.getTime() - SAME_PROBLEM_DAYS * DAY_MS), accepted, c.id],
    );
    const units = await this.unitMap();
    return earlier.filter((e) => isSameProblem(report(c, units), report(e, units))).length;
  }

  private async unitMap(): Promise<Map<string, UnitRow>> {
    this.units ??= new Map((await this.m.query(`SELECT id, name, level, parent_id FROM unit`) as UnitRow[]).map((u) => [u.id, u]));
    return this.units;
  }
}

function storedEntry(s: StepRow) {
  return {
    id: s.id,
    caseId: s.case_id,
    action: s.action,
    fromStatus: s.from_status,
    toStatus: s.to_status,
    actorKind: s.actor_kind,
    actorId: s.actor_id,
    actorName: s.actor_name,
    note: s.note,
    at: new Date(s.at),
    contentHash: s.content_hash,
    prevHash: s.prev_hash,
    hash: s.hash,
  };
}

export type StoredContribution = Record<string, Record<string, Record<string, number | number[]>>>;

/** A contribution as stored: basis → day → only the non-zero counters. */
export function storedContribution(byBasis: CaseContribution['byBasis']): StoredContribution {
  const out: StoredContribution = {};
  for (const [basis, byDay] of Object.entries(byBasis)) out[basis] = storedDays(byDay);
  return out;
}

function storedDays(byDay: ReadonlyMap<string, Counters>): Record<string, Record<string, number | number[]>> {
  const out: Record<string, Record<string, number | number[]>> = {};
  for (const [day, c] of byDay) {
    if (isEmptyCounters(c)) continue;
    const row: Record<string, number | number[]> = {};
    for (const [k, v] of Object.entries(c)) {
      if (Array.isArray(v)) {
        if (v.some((n) => n !== 0)) row[k] = v;
      } else if (v !== 0) row[k] = v;
    }
    out[day] = row;
  }
  return out;
}
