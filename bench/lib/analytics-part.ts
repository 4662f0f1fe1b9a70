/**
 * One part of `pnpm bench:analytics`'s generation, run in its own process (forked by the bench):
 * the cases of some categories, day by day, with their timelines and the rollup rows they make,
 * loaded with COPY. A part owns whole categories, so its wide rollup rows (whose keys carry the
 * category), its heat map rows (the sub-item) and the same-problem rule's candidates (same sub-item)
 * are its own; the narrow rows (one per grouping) are shared, so each part writes its share to a
 * staging table the bench sums.
 *
 * Every part walks the same skeleton (each case's arrival and sub-item, from one seeded generator)
 * and draws the rest of a case from a generator seeded by its number, so the data do not depend on
 * how many parts there are. Parts wait for each other at the end of each day (the bench says go):
 * the timeline's ids then follow the days, as the rollup job's reading of the newest cases assumes.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { loadPg, ROOT, type PgLib } from './workspace';

type Domain = typeof import('../../libs/domain/src');
type Contributions = typeof import('../../apps/server/src/modules/indicators/case-contributions');
// The built server's own code, so the bench's data are the platform's: the domain, and how a wide rollup row adds to the narrow ones.
const fromServer = createRequire(join(ROOT, 'apps/server/package.json'));
const { seededRandom } = fromServer('@msz/domain') as Domain;
const { groupValues } = fromServer('./dist/modules/indicators/case-contributions.js') as Contributions;
type Counters = import('../../libs/domain/src').Counters;
type Taxonomy = import('../../libs/domain/src').Taxonomy;

export interface UnitRow {
  id: string;
  name: string;
  level: string;
  parent_id: string | null;
  code: string;
}

/** What the bench hands each part. */
export interface PartSpec {
  url: string;
  cases: number;
  days: number;
  /** The bench's clock: nothing happens after it. */
  now: number;
  units: UnitRow[];
  taxonomy: Taxonomy;
  /** The official calendar over the days the cases can reach: day → workday. */
  workdays: Record<string, boolean>;
  part: number;
  parts: number;
}

/** A part's report at the end of each day, and at its end. */
export interface PartProgress {
  day: number;
  made: number;
  written: number;
  timelineRows: number;
  rollupRows: number;
  narrowRows: number;
  heatRows: number;
  repeats: number;
  cpuMs: number;
}

/** The staging table the parts write their shares of the narrow daily rows to. */
export const NARROW_STAGING = 'bench_indicator_group_part';

export const COUNTER_COLUMNS = [
  'accepted', 'valid', 'complaints', 'repeats', 'repeats_many', 'repeat_complaints', 'assign_due', 'assign_on_time', 'sign_due', 'sign_on_time', 'close_due',
  'close_on_time', 'extended_cases', 'extended_on_time', 'extensions', 'extension_workdays', 'assignments', 'returns', 'answered', 'cycle_workdays', 'answered_revisited', 'revisited',
  'satisfied', 'basically_satisfied', 'unsatisfied', 'solved', 'first_satisfied', 'revisit_answers', 'unsatisfied_answers', 'reopens',
];

/** Picks by weight with the generator given: returns an index. */
export function weighted(weights: number[]): (rnd: () => number) => number {
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of weights) cumulative.push((acc += w / total));
  return (rnd) => {
    const r = rnd();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
export const zipf = (n: number, s: number) => Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);

/** A case's own generator, from its number (a murmur-style mix, so neighbouring numbers draw unrelated values). */
function caseRandom(n: number): () => number {
  let h = Math.imul(n ^ (n >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return seededRandom(h ^ (h >>> 16) ^ 0x2026_1207);
}

/** A CSV field for COPY … (FORMAT csv): empty unquoted is NULL, everything else quoted when it needs to be. */
function csv(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return s === '' || /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One COPY … FROM STDIN on its own connection, written to with backpressure. */
async function openCopy(pg: PgLib, url: string, sql: string): Promise<{ write(text: string): Promise<void>; end(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const stream: Writable = client.query(copyFrom(sql));
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  return {
    async write(text: string) {
      if (!stream.write(text)) await Promise.race([new Promise((r) => stream.once('drain', r)), failed]);
    },
    async end() {
      await Promise.race([new Promise((r) => stream.end(r)), failed]);
      await client.end();
    },
  };
}

/** The shuffled organisation and taxonomy every part shares (the skeleton generator's first draws). */
export function spread(units: UnitRow[], taxonomy: Taxonomy, skeleton: () => number) {
  const shuffle = <T>(xs: T[]) => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(skeleton() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  };
  const places = shuffle(units.filter((u) => u.level === 'village' || u.level === 'town'));
  const departments = shuffle(units.filter((u) => u.level === 'department'));
  const subItems = shuffle(taxonomy.subItems.map((s) => s.code));
  return { places, departments, subItems, subItemWeights: zipf(subItems.length, 0.9) };
}

/**
 * Which part owns each category: whole categories, heaviest first onto the lightest part, so the
 * parts carry about the same number of cases.
 */
export function categoryParts(taxonomy: Taxonomy, subItems: string[], weights: number[], parts: number): Map<string, number> {
  const byCategory = new Map<string, number>();
  subItems.forEach((code, i) => {
    const category = taxonomy.subItems.find((s) => s.code === code)?.category ?? '';
    byCategory.set(category, (byCategory.get(category) ?? 0) + weights[i]);
  });
  const load = Array.from({ length: parts }, () => 0);
  const out = new Map<string, number>();
  for (const [category, w] of [...byCategory].sort((a, b) => b[1] - a[1])) {
    const p = load.indexOf(Math.min(...load));
    out.set(category, p);
    load[p] += w;
  }
  return out;
}

const CHANNELS = ['phone', 'wechat_oa', 'miniprogram', 'walk_in', 'bench_meeting'];
const KINDS = ['complaint', 'help', 'consultation', 'report', 'suggestion'] as const;
const CHARS = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥东南西北春夏秋冬金木松柏杨柳梅兰竹菊琴棋书画诗词歌赋晨昏朝暮红黄蓝紫青白黑玉珠宝剑刀弓马牛羊鸡犬猪龙虎兔蛇猴鹰燕雀鹤鹿熊狮象狐';

/** Generates and loads one part; `dayDone` reports a day and resolves when every part has finished it. */
export async function generatePart(spec: PartSpec, dayDone: (p: PartProgress) => Promise<void>): Promise<PartProgress> {
  const domain = fromServer('@msz/domain') as Domain;
  const pg = loadPg();
  const { taxonomy, units } = spec;
  const calendar = {
    isWorkday: (d: string) => spec.workdays[d] ?? ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()),
  };
  const rules = { calendar, deadlines: domain.deadlinePolicy(taxonomy), taxonomy };
  const unitById = new Map(units.map((u) => [u.id, u]));
  const skeleton = seededRandom(20261207);
  const { places, departments, subItems, subItemWeights } = spread(units, taxonomy, skeleton);
  const owner = categoryParts(taxonomy, subItems, subItemWeights, spec.parts);
  const categoryOf = new Map(subItems.map((code) => [code, domain.findSubItem(taxonomy, code)?.category ?? null]));
  const pickPlace = weighted(zipf(places.length, 0.7));
  const pickDepartment = weighted(zipf(departments.length, 0.9));
  const pickSubItem = weighted(subItemWeights);
  const pickChannel = weighted([50, 20, 18, 8, 4]);
  const pickKind = weighted([35, 30, 20, 8, 7]);
  // The hour a demand comes in (Beijing time): few at night, most in the working day.
  const pickHour = weighted([1, 0.5, 0.3, 0.3, 0.3, 0.5, 1.5, 3, 6, 8, 8, 7, 5, 6, 7, 7, 6, 5, 4, 4, 3.5, 3, 2, 1.5]);

  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  const now = spec.now;
  const today = domain.chinaDate(new Date(now));
  const firstDay = domain.addCalendarDays(today, -spec.days);
  const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`).getTime();
  const dayWeights = Array.from({ length: spec.days }, (_, i) => {
    const wd = new Date(`${domain.addCalendarDays(firstDay, i)}T00:00:00Z`).getUTCDay();
    return wd === 0 || wd === 6 ? 0.7 : 1;
  });
  const weightSum = dayWeights.reduce((a, b) => a + b, 0);

  type Keys = { unitId: string | null; townId: string | null; villageId: string | null; category: string | null; kind: string; channel: string };
  type HeatKeys = { placeId: string | null; subItem: string | null; unitId: string | null; kind: string; channel: string };
  const keysText = (k: Keys) => [k.unitId, k.townId, k.villageId, k.category, k.kind, k.channel].map((v) => v ?? '').join('|');
  const heatText = (k: HeatKeys) => [k.placeId, k.subItem, k.unitId, k.kind, k.channel].map((v) => v ?? '').join('|');

  const cases = await openCopy(
    pg,
    spec.url,
    `COPY case_file (id, number, channel, text, kind, status, sub_item, unit_id, place_unit_id, accepted_at, assign_by, close_by, assigned_at, closed_at, revisit_started_at, revisit_rating, extended_workdays, query_code, version) FROM STDIN (FORMAT csv)`,
  );
  const steps = await openCopy(pg, spec.url, `COPY case_timeline (case_id, action, from_status, to_status, actor_kind, actor_name, note, at, content_hash, prev_hash, hash) FROM STDIN (FORMAT csv)`);
  const daily = await openCopy(pg, spec.url, `COPY indicator_daily (basis, day, keys, unit_id, town_id, village_id, category, kind, channel, ${COUNTER_COLUMNS.join(', ')}, cycle_histogram) FROM STDIN (FORMAT csv)`);
  const narrowCopy = await openCopy(pg, spec.url, `COPY ${NARROW_STAGING} (basis, grouping, day, value, ${COUNTER_COLUMNS.join(', ')}, cycle_histogram) FROM STDIN (FORMAT csv)`);
  const heat = await openCopy(pg, spec.url, `COPY heatmap_daily (day, keys, place_id, sub_item, unit_id, kind, channel, cases) FROM STDIN (FORMAT csv)`);

  // Rows are summed as flat vectors (the counters in COUNTERS order, then the cycle histogram): a case adds its
  // contribution to its wide row and to seven narrow ones, and named fields made that a fifth of the generation.
  const counterCount = domain.COUNTERS.length;
  const vectorOf = (c: Counters): Float64Array => {
    const v = new Float64Array(counterCount + c.cycleHistogram.length);
    domain.COUNTERS.forEach((name, i) => (v[i] = c[name]));
    v.set(c.cycleHistogram, counterCount);
    return v;
  };
  const addInto = (into: Float64Array, v: Float64Array) => {
    for (let i = 0; i < v.length; i++) into[i] += v[i];
  };
  const isZero = (v: Float64Array) => v.every((x) => x === 0);
  const rollup = new Map<string, { basis: string; day: string; keys: Keys; counters: Float64Array }>();
  const narrow = new Map<string, { basis: string; day: string; grouping: string; value: string; counters: Float64Array }>();
  const heatRows = new Map<string, { day: string; keys: HeatKeys; cases: number }>();
  /** Per sub-item, the latest valid cases (what the same-problem query reads: the 200 newest within 30 days). */
  interface Recent {
    id: string;
    at: number;
    report: import('../../libs/domain/src').ProblemReport;
    text: string;
    placeId: string | null;
  }
  const recent = new Map<string, Recent[]>();
  const progress: PartProgress = { day: -1, made: 0, written: 0, timelineRows: 0, rollupRows: 0, narrowRows: 0, heatRows: 0, repeats: 0, cpuMs: 0 };
  const counterRow = (v: Float64Array) => ',' + v.subarray(0, counterCount).join(',') + `,"{${v.subarray(counterCount).join(',')}}"\n`;

  async function flushBefore(day: string) {
    let out = '';
    for (const [id, r] of rollup) {
      if (r.day >= day) continue;
      rollup.delete(id);
      if (isZero(r.counters)) continue;
      const k = r.keys;
      out += [r.basis, r.day, keysText(k), k.unitId, k.townId, k.villageId, k.category, k.kind, k.channel].map(csv).join(',') + counterRow(r.counters);
      progress.rollupRows++;
      if (out.length > 1_000_000) {
        await daily.write(out);
        out = '';
      }
    }
    if (out) await daily.write(out);
    out = '';
    for (const [id, r] of narrow) {
      if (r.day >= day) continue;
      narrow.delete(id);
      if (isZero(r.counters)) continue;
      out += [r.basis, r.grouping, r.day, r.value].map(csv).join(',') + counterRow(r.counters);
      progress.narrowRows++;
    }
    if (out) await narrowCopy.write(out);
    out = '';
    for (const [id, h] of heatRows) {
      if (h.day >= day) continue;
      heatRows.delete(id);
      out += [h.day, heatText(h.keys), h.keys.placeId, h.keys.subItem, h.keys.unitId, h.keys.kind, h.keys.channel, h.cases].map(csv).join(',') + '\n';
      progress.heatRows++;
    }
    if (out) await heat.write(out);
  }

  const cpuStart = process.cpuUsage();
  let made = 0;
  for (let d = 0; d < spec.days; d++) {
    const day = domain.addCalendarDays(firstDay, d);
    await flushBefore(day);
    const count = Math.round((spec.cases * dayWeights.slice(0, d + 1).reduce((a, b) => a + b, 0)) / weightSum) - made;
    // The day's arrival times, in order, each distinct (the same-problem query orders by them), and their sub-items: the skeleton.
    const times = Array.from({ length: count }, () => dayStart(day) + pickHour(skeleton) * HOUR + Math.floor(skeleton() * HOUR)).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) if (times[i] <= times[i - 1]) times[i] = times[i - 1] + 1;
    const dayItems = times.map(() => subItems[pickSubItem(skeleton)]);
    let caseText = '';
    let stepText = '';
    for (let n = 0; n < times.length; n++) {
      const at0 = times[n];
      made++;
      if (at0 >= now) continue;
      const subItem = dayItems[n];
      const category = categoryOf.get(subItem) ?? null;
      if (owner.get(category ?? '') !== spec.part) continue;
      progress.written++;
      const rnd = caseRandom(made);
      const id = randomUUID();
      const channel = CHANNELS[pickChannel(rnd)];
      const kind = KINDS[pickKind(rnd)];
      let place: UnitRow | null = rnd() < 0.05 ? null : places[pickPlace(rnd)];
      let s = '';
      for (let i = 0; i < 12; i++) s += CHARS[Math.floor(rnd() * CHARS.length)];
      let text = `群众反映：${s}`;
      // About one in ten repeats a recent report of the same problem in the same village (copied words).
      const same = recent.get(subItem);
      if (same && rnd() < 0.1) {
        const earlier = same[same.length - 1 - Math.floor(rnd() * Math.min(same.length, 20))];
        if (earlier.placeId && unitById.get(earlier.placeId)?.level === 'village') {
          place = unitById.get(earlier.placeId)!;
          text = earlier.text;
        }
      }
      const town = place ? (place.level === 'town' ? place : unitById.get(place.parent_id ?? '')!) : null;
      const unit = !place || rnd() < 0.35 ? departments[pickDepartment(rnd)] : town!;
      const acceptedAt = new Date(at0);
      const placeId = place?.id ?? null;

      // The timeline: what happened to it, as far as now.
      const tl: Array<{ action: string; from: string | null; to: string; at: number; note: string | null }> = [];
      let status = 'accepted';
      const step = (action: string, to: string, at: number, note: string | null = null) => {
        if (at >= now) return false;
        tl.push({ action, from: tl.length ? status : null, to, at, note });
        status = to;
        return true;
      };
      step('file', 'accepted', at0);
      let t = at0 + 2 * 60_000;
      step('classify', 'accepted', t);
      const fate = rnd();
      let assignedAt: number | null = null;
      let closedAt: number | null = null;
      let revisitStartedAt: number | null = null;
      let rating: string | null = null;
      let extended = 0;
      if (fate < 0.02) step('reject', 'invalid', t + 30 * 60_000, '无效诉求');
      else if (fate < 0.03) step('merge', 'merged', t + 40 * 60_000, '与已受理诉求合并');
      // The life of a valid case, step by step, until it is closed or until now.
      else
        life: {
          t += rnd() < 0.95 ? rnd() * 3 * HOUR : DAY + rnd() * 2 * DAY;
          if (!step('assign', 'assigned', t)) break life;
          assignedAt = t;
          if (rnd() < 0.05) {
            t += 2 * HOUR;
            if (!step('return', 'returned', t, '非本单位职责')) break life;
            t += HOUR;
            if (!step('assign', 'assigned', t)) break life;
          }
          t += rnd() < 0.9 ? rnd() * 4 * HOUR : DAY + rnd() * DAY;
          if (!step('sign_for', 'in_progress', t)) break life;
          if (rnd() < 0.08) {
            t += DAY;
            extended = 3;
            if (!step('extend', 'in_progress', t, domain.extensionNote(3))) break life;
          }
          const cycleDays = Math.floor(-Math.log(1 - rnd()) * 2.5);
          t = Math.max(t + HOUR, at0 + cycleDays * DAY + rnd() * 8 * HOUR);
          if (!step('answer', 'answered', t)) break life;
          t += HOUR;
          if (!step('start_revisit', 'revisiting', t)) break life;
          revisitStartedAt = t;
          if (rnd() < 0.15) break life; // not reached yet
          t += DAY * (0.3 + rnd());
          const r = rnd();
          rating = r < 0.72 ? 'satisfied' : r < 0.9 ? 'basically_satisfied' : 'unsatisfied';
          if (rating !== 'unsatisfied') {
            if (step('close', 'closed', t, domain.revisitNote(rating as 'satisfied', true))) closedAt = t;
            break life;
          }
          if (!step('reopen', 'reopened', t, domain.revisitNote('unsatisfied', false))) break life;
          t += 2 * HOUR;
          if (!step('sign_for', 'in_progress', t)) break life;
          t += 2 * DAY;
          if (!step('answer', 'answered', t)) break life;
          t += HOUR;
          if (!step('start_revisit', 'revisiting', t)) break life;
          revisitStartedAt = t;
          t += DAY;
          rating = 'satisfied';
          if (step('close', 'closed', t, domain.revisitNote('satisfied', true))) closedAt = t;
        }

      // Its rollup counts, by the domain's measures, as the rollup job computes them.
      const report = {
        id,
        subItem,
        placeUnitId: place?.level === 'village' ? place.id : null,
        location: null,
        signature: domain.problemSignature(text, [place?.name, place?.parent_id ? unitById.get(place.parent_id)?.name : undefined].filter((x): x is string => !!x)),
        acceptedAt,
      };
      let earlierSameProblem = 0;
      if (same && report.placeUnitId) {
        for (let j = same.length - 1; j >= 0 && j >= same.length - 200; j--) {
          const e = same[j];
          if (e.at < at0 - domain.SAME_PROBLEM_DAYS * DAY) break;
          if (e.report.placeUnitId === report.placeUnitId && domain.isSameProblem(report, e.report)) earlierSameProblem++;
        }
      }
      if (earlierSameProblem > 0) progress.repeats++;
      const keyPlace = place ?? unit;
      const village = keyPlace.level === 'village' ? keyPlace : null;
      const keyTown = village ? (unitById.get(village.parent_id ?? '') ?? null) : keyPlace.level === 'town' ? keyPlace : null;
      const keys: Keys = { unitId: unit.id, townId: keyTown?.id ?? null, villageId: village?.id ?? null, category, kind, channel };
      const measures = domain.measureCase(
        tl.map((x) => ({ action: x.action as never, fromStatus: x.from as never, toStatus: x.to as never, at: new Date(x.at), note: x.note })),
        { kind, earlierSameProblem, acceptedAt },
        rules,
      );
      const byDay = domain.caseContributions(measures, { kind });
      const due = domain.dueCohort(measures, byDay);
      const kt = keysText(keys);
      const groups = groupValues(keys);
      const add = (basis: string, d2: string, counters: Counters) => {
        const c = vectorOf(counters);
        const rid = `${basis}#${d2}#${kt}`;
        const row = rollup.get(rid) ?? { basis, day: d2, keys, counters: new Float64Array(c.length) };
        addInto(row.counters, c);
        rollup.set(rid, row);
        for (const [grouping, value] of groups) {
          const nid = `${basis}#${d2}#${grouping}#${value}`;
          const nrow = narrow.get(nid) ?? { basis, day: d2, grouping, value, counters: new Float64Array(c.length) };
          addInto(nrow.counters, c);
          narrow.set(nid, nrow);
        }
      };
      for (const [d2, c] of byDay) add('event', d2, c);
      if (due) add('due', due.day, due.counters);
      if (!measures.excluded) {
        const hk = { placeId: placeId ?? unit.id, subItem, unitId: unit.id, kind, channel };
        const hid = `${day}#${heatText(hk)}`;
        const h = heatRows.get(hid) ?? { day: domain.chinaDate(acceptedAt), keys: hk, cases: 0 };
        h.cases++;
        heatRows.set(hid, h);
        const list = recent.get(subItem) ?? [];
        list.push({ id, at: at0, report, text, placeId });
        if (list.length > 400) list.splice(0, list.length - 200);
        recent.set(subItem, list);
      }

      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      caseText +=
        [
          id, `BA${String(made).padStart(9, '0')}`, channel, text, kind, status, subItem, unit.id, placeId, acceptedAt.toISOString(), measures.assignBy.toISOString(),
          measures.closeBy.toISOString(), iso(assignedAt), iso(closedAt), iso(revisitStartedAt), rating, extended, 'ABCDEFGH', 1,
        ].map(csv).join(',') + '\n';
      // Each entry chained as the platform writes it (防篡改), or the rollup job and verify would leave the case out.
      let prevHash: string | null = null;
      for (const x of tl) {
        const at = new Date(x.at);
        const actorKind = x.action === 'file' && channel !== 'phone' ? 'resident' : 'staff';
        const actorName = x.action === 'file' ? '群众' : '承办人';
        const contentHash = domain.timelineContentHash({ action: x.action, fromStatus: x.from, toStatus: x.to, actorKind, actorId: null, actorName, note: x.note, at });
        const hash = domain.timelineLink(id, prevHash, contentHash);
        stepText += [id, x.action, x.from, x.to, actorKind, actorName, x.note, at.toISOString(), contentHash, prevHash, hash].map(csv).join(',') + '\n';
        prevHash = hash;
        progress.timelineRows++;
      }
      if (caseText.length > 1_000_000) {
        await cases.write(caseText);
        caseText = '';
      }
      if (stepText.length > 1_000_000) {
        await steps.write(stepText);
        stepText = '';
      }
    }
    if (caseText) await cases.write(caseText);
    if (stepText) await steps.write(stepText);
    progress.day = d;
    progress.made = made;
    const cpu = process.cpuUsage(cpuStart);
    progress.cpuMs = (cpu.user + cpu.system) / 1000;
    await dayDone({ ...progress });
  }
  await flushBefore('9999-12-31');
  await Promise.all([cases.end(), steps.end(), daily.end(), narrowCopy.end(), heat.end()]);
  const cpu = process.cpuUsage(cpuStart);
  progress.cpuMs = (cpu.user + cpu.system) / 1000;
  return progress;
}

// Run as a forked part: the spec comes in the first message; each day is reported and waits for go.
if (require.main === module) {
  let waiting: (() => void) | null = null;
  process.on('message', (msg: { spec?: PartSpec; go?: true }) => {
    if (msg.go && waiting) {
      const w = waiting;
      waiting = null;
      w();
    }
    if (!msg.spec) return;
    generatePart(msg.spec, (p) => {
      const go = new Promise<void>((resolve) => (waiting = resolve));
      process.send!({ progress: p });
      return go;
    }).then(
      (p) => process.send!({ done: p }, () => process.exit(0)),
      (err: unknown) => {
        process.send!({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) }, () => process.exit(1));
      },
    );
  });
}
