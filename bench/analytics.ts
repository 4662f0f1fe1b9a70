/**
 * pnpm bench:analytics [--cases 1000000] [--days 365] [--repeat 20] [--sample-units 2] [--build]
 *
 * A benchmark, not a test: what every dashboard, list, heat map and report costs over a year of
 * cases on a real PostgreSQL server. It generates N cases over the last D days (a Beijing-sized
 * year is 20 million: about 60,000 a day) spread over the demo organisation's towns, villages and
 * departments, the taxonomy's sub-items, channels, kinds and outcomes, each with its whole timeline,
 * and loads them with COPY into a scratch database. The rollups the dashboards read are computed
 * by the bench from the same generated timelines with the domain's own measures (measureCase,
 * caseContributions, dueCohort, the same-problem rule) and loaded with COPY too; the monthly rows
 * are summed from the daily ones in SQL. The real `indicators:verify --unit` then recomputes a
 * sample of units from the timelines in the database and compares. It then times, through the
 * server's HTTP API (the app built from this tree, booted in this process), each read R times, next
 * to peer figures measured in the same run (a bare count of the cases, a bare indexed lookup, the
 * HTTP floor), and prints a table with the machine. Last, it times one pass of the real rollup
 * job over the last cases' timelines. It prints; it asserts nothing. Exit 1 only when the run broke.
 */
import { benchCleanup } from './lib/cleanup';
import { boundedInt, eachFlag } from './lib/cli';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { freePort, machineCpuSeconds } from './lib/processes';
import { ensureBuilt, loadPg, loadScratch, ROOT, staleBuildNote, type PgLib } from './lib/workspace';

type Domain = typeof import('../libs/domain/src');
type AppFactory = typeof import('../apps/server/src/app.factory');
type AppConfigModule = typeof import('../apps/server/src/config/app-config');
type CalendarModule = typeof import('../apps/server/src/modules/calendar/calendar.service');
type TaxonomyModule = typeof import('../apps/server/src/modules/taxonomy/taxonomy.service');
type Counters = import('../libs/domain/src').Counters;

const fromServer = createRequire(join(ROOT, 'apps/server/package.json'));
const built = <T>(p: string): T => fromServer(join(ROOT, 'apps/server/dist', p)) as T;
const DEMO_PASSWORD = 'demo1234';

// ---------------------------------------------------------------------------------------------
// Arguments

interface Options {
  cases: number;
  days: number;
  repeat: number;
  sampleUnits: number;
  build: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { cases: 1_000_000, days: 365, repeat: 20, sampleUnits: 2, build: false };
  eachFlag(argv, (flag, value, arg) => {
    if (flag === '--cases') opts.cases = boundedInt('cases', value(), 10_000, 20_000_000);
    else if (flag === '--days') opts.days = boundedInt('days', value(), 35, 400);
    else if (flag === '--repeat') opts.repeat = boundedInt('repeat', value(), 3, 1_000);
    else if (flag === '--sample-units') opts.sampleUnits = boundedInt('sample-units', value(), 0, 10);
    else if (flag === '--build') opts.build = true;
    else if (flag !== '--') throw new Error(`unknown argument ${arg} (use --cases N, --days D, --repeat R, --sample-units K, --build)`);
  });
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Cleanup: undone in reverse, on success, failure and Ctrl-C.

const { onCleanup, cleanupAll } = benchCleanup(60_000);

// ---------------------------------------------------------------------------------------------
// Helpers

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const secs = (ms: number) => `${fmt(ms / 1000, 1)} s`;

/** A seeded generator: the same flags give the same data. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks by weight: `pick()` returns an index. */
function weighted(weights: number[], rnd: () => number): () => number {
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of weights) cumulative.push((acc += w / total));
  return () => {
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
const zipf = (n: number, s: number) => Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);

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

/** p50, p95, max of R timed runs after one warm-up run. */
async function time(repeat: number, run: () => Promise<number>): Promise<{ p50: number; p95: number; max: number; rows: number }> {
  const rows = await run();
  const ms: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t = process.hrtime.bigint();
    await run();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)];
  return { p50: at(0.5), p95: at(0.95), max: ms[ms.length - 1], rows };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!ensureBuilt(opts.build)) {
    console.error('build failed');
    return 1;
  }
  const stale = staleBuildNote();
  if (stale) console.log(stale);
  const pg = loadPg();
  const domain = fromServer('@msz/domain') as Domain;
  const { buildApp } = built<AppFactory>('app.factory.js');
  const { loadConfig } = built<AppConfigModule>('config/app-config.js');
  const { CalendarService } = built<CalendarModule>('modules/calendar/calendar.service.js');
  const { TaxonomyService } = built<TaxonomyModule>('modules/taxonomy/taxonomy.service.js');

  const before = machineCpuSeconds();
  await sleep(1000);
  const busyBefore = machineCpuSeconds().busy - before.busy;

  const scratch = await loadScratch().createScratchDatabase(serverUrl);
  onCleanup('scratch database', () => scratch.drop());
  const config = loadConfig({ DATABASE_URL: scratch.url, WORKER_POLL_MS: '0', SEED_DEMO: 'true' });
  config.seedDemo = true;
  const { app } = await buildApp(config, { logger: ['error'] });
  onCleanup('app', () => app.close());
  await app.init();
  const port = await freePort();
  await app.listen(port, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const calendar = app.get(CalendarService);
  const taxonomy = app.get(TaxonomyService).current();
  const rules = { calendar, deadlines: domain.deadlinePolicy(taxonomy), taxonomy };

  const db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  onCleanup('bench connection', () => db.end());
  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => (await db.query(sql, params)).rows as T[];
  const pgVersion = (await q<{ v: string }>(`SELECT current_setting('server_version') AS v`))[0].v;
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    /* not a git checkout */
  }
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${fmt(os.totalmem() / 2 ** 30, 0)} GB RAM, PostgreSQL ${pgVersion}, node ${process.version}, commit ${commit || '?'}; ${fmt(busyBefore, 2)} cores busy with other work at the start`;
  console.log(`machine: ${machine}`);

  // -------------------------------------------------------------------------------------------
  // The organisation and the spread.

  interface UnitRow {
    id: string;
    name: string;
    level: string;
    parent_id: string | null;
    code: string;
  }
  const units = await q<UnitRow>(`SELECT id, name, level, parent_id, code FROM unit ORDER BY code`);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const rnd = mulberry32(20261207);
  const shuffle = <T>(xs: T[]) => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  };
  const places = shuffle(units.filter((u) => u.level === 'village' || u.level === 'town'));
  const departments = shuffle(units.filter((u) => u.level === 'department'));
  const pickPlace = weighted(zipf(places.length, 0.7), rnd);
  const pickDepartment = weighted(zipf(departments.length, 0.9), rnd);
  const subItems = shuffle(taxonomy.subItems.map((s) => s.code));
  const pickSubItem = weighted(zipf(subItems.length, 0.9), rnd);
  const CHANNELS = ['phone', 'wechat_oa', 'miniprogram', 'walk_in', 'bench_meeting'];
  const pickChannel = weighted([50, 20, 18, 8, 4], rnd);
  const KINDS = ['complaint', 'help', 'consultation', 'report', 'suggestion'] as const;
  const pickKind = weighted([35, 30, 20, 8, 7], rnd);
  // The hour a demand comes in (Beijing time): few at night, most in the working day.
  const pickHour = weighted([1, 0.5, 0.3, 0.3, 0.3, 0.5, 1.5, 3, 6, 8, 8, 7, 5, 6, 7, 7, 6, 5, 4, 4, 3.5, 3, 2, 1.5], rnd);
  const CHARS = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥东南西北春夏秋冬金木松柏杨柳梅兰竹菊琴棋书画诗词歌赋晨昏朝暮红黄蓝紫青白黑玉珠宝剑刀弓马牛羊鸡犬猪龙虎兔蛇猴鹰燕雀鹤鹿熊狮象狐';
  const randomText = () => {
    let s = '';
    for (let i = 0; i < 12; i++) s += CHARS[Math.floor(rnd() * CHARS.length)];
    return `群众反映：${s}`;
  };

  // -------------------------------------------------------------------------------------------
  // Generation: day by day, oldest first, so every count of a day is final once the next day starts.

  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  const now = new Date();
  const today = domain.chinaDate(now);
  const firstDay = domain.addCalendarDays(today, -opts.days);
  const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`).getTime();
  const dayWeights = Array.from({ length: opts.days }, (_, i) => {
    const wd = new Date(`${domain.addCalendarDays(firstDay, i)}T00:00:00Z`).getUTCDay();
    return wd === 0 || wd === 6 ? 0.7 : 1;
  });
  const weightSum = dayWeights.reduce((a, b) => a + b, 0);

  const keysText = (k: { unitId: string | null; townId: string | null; villageId: string | null; category: string | null; kind: string; channel: string }) =>
    [k.unitId, k.townId, k.villageId, k.category, k.kind, k.channel].map((v) => v ?? '').join('|');
  const heatText = (k: { placeId: string | null; subItem: string | null; unitId: string | null; kind: string; channel: string }) =>
    [k.placeId, k.subItem, k.unitId, k.kind, k.channel].map((v) => v ?? '').join('|');

  // Secondary indexes are dropped for the load and built again after it (as a bulk load does).
  const LOADED = ['case_file', 'case_timeline', 'indicator_daily', 'heatmap_daily'];
  const indexes = await q<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [LOADED],
  );
  for (const ix of indexes) await q(`DROP INDEX "${ix.name}"`);

  const caseColumns = 'id, number, channel, text, kind, status, sub_item, unit_id, place_unit_id, accepted_at, assign_by, close_by, assigned_at, closed_at, revisit_started_at, revisit_rating, extended_workdays, query_code, version';
  const cases = await openCopy(pg, scratch.url, `COPY case_file (${caseColumns}) FROM STDIN (FORMAT csv)`);
  const steps = await openCopy(pg, scratch.url, `COPY case_timeline (case_id, action, from_status, to_status, actor_kind, actor_name, note, at) FROM STDIN (FORMAT csv)`);
  const counterColumns = [
    'accepted', 'valid', 'complaints', 'repeats', 'repeats_many', 'repeat_complaints', 'assign_due', 'assign_on_time', 'sign_due', 'sign_on_time', 'close_due',
    'close_on_time', 'extended_cases', 'extensions', 'extension_workdays', 'assignments', 'returns', 'answered', 'cycle_workdays', 'answered_revisited', 'revisited',
    'satisfied', 'basically_satisfied', 'unsatisfied', 'solved', 'first_satisfied', 'revisit_answers', 'unsatisfied_answers', 'reopens',
  ];
  if (counterColumns.length !== domain.COUNTERS.length) throw new Error('the counters changed: update the bench');
  const daily = await openCopy(pg, scratch.url, `COPY indicator_daily (basis, day, keys, unit_id, town_id, village_id, category, kind, channel, ${counterColumns.join(', ')}, cycle_histogram) FROM STDIN (FORMAT csv)`);
  const heat = await openCopy(pg, scratch.url, `COPY heatmap_daily (day, keys, place_id, sub_item, unit_id, kind, channel, cases) FROM STDIN (FORMAT csv)`);

  type Keys = { unitId: string | null; townId: string | null; villageId: string | null; category: string | null; kind: string; channel: string };
  const rollup = new Map<string, { basis: string; day: string; keys: Keys; counters: Counters }>();
  const heatRows = new Map<string, { day: string; keys: { placeId: string | null; subItem: string | null; unitId: string | null; kind: string; channel: string }; cases: number }>();
  /** Per sub-item, the latest valid cases (what the same-problem query reads: the 200 newest within 30 days). */
  interface Recent {
    id: string;
    at: number;
    report: import('../libs/domain/src').ProblemReport;
    text: string;
    placeId: string | null;
  }
  const recent = new Map<string, Recent[]>();
  let rollupRows = 0;
  let heatCount = 0;
  let timelineRows = 0;
  let repeats = 0;

  async function flushBefore(day: string) {
    let out = '';
    for (const [id, r] of rollup) {
      if (r.day >= day) continue;
      rollup.delete(id);
      if (domain.isEmptyCounters(r.counters)) continue;
      const k = r.keys;
      out += [r.basis, r.day, keysText(k), k.unitId, k.townId, k.villageId, k.category, k.kind, k.channel].map(csv).join(',');
      out += ',' + domain.COUNTERS.map((c) => r.counters[c]).join(',') + `,"{${r.counters.cycleHistogram.join(',')}}"\n`;
      rollupRows++;
      if (out.length > 1_000_000) {
        await daily.write(out);
        out = '';
      }
    }
    if (out) await daily.write(out);
    out = '';
    for (const [id, h] of heatRows) {
      if (h.day >= day) continue;
      heatRows.delete(id);
      out += [h.day, heatText(h.keys), h.keys.placeId, h.keys.subItem, h.keys.unitId, h.keys.kind, h.keys.channel, h.cases].map(csv).join(',') + '\n';
      heatCount++;
    }
    if (out) await heat.write(out);
  }

  const genStarted = Date.now();
  let made = 0;
  let lastReport = Date.now();
  for (let d = 0; d < opts.days; d++) {
    const day = domain.addCalendarDays(firstDay, d);
    await flushBefore(day);
    const count = Math.round((opts.cases * dayWeights.slice(0, d + 1).reduce((a, b) => a + b, 0)) / weightSum) - made;
    // The day's arrival times, in order, each distinct (the same-problem query orders by them).
    const times = Array.from({ length: count }, () => dayStart(day) + pickHour() * HOUR + Math.floor(rnd() * HOUR)).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) if (times[i] <= times[i - 1]) times[i] = times[i - 1] + 1;
    let caseText = '';
    let stepText = '';
    for (const at0 of times) {
      made++;
      if (at0 >= now.getTime()) continue;
      const id = randomUUID();
      const channel = CHANNELS[pickChannel()];
      const kind = KINDS[pickKind()];
      const subItem = subItems[pickSubItem()];
      let place: UnitRow | null = rnd() < 0.05 ? null : places[pickPlace()];
      let text = randomText();
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
      const unit = !place || rnd() < 0.35 ? departments[pickDepartment()] : town!;
      const acceptedAt = new Date(at0);
      const placeId = place?.id ?? null;

      // The timeline: what happened to it, as far as now.
      const tl: Array<{ action: string; from: string | null; to: string; at: number; note: string | null }> = [];
      let status = 'accepted';
      const step = (action: string, to: string, at: number, note: string | null = null) => {
        if (at >= now.getTime()) return false;
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
      const report = { id, subItem, placeUnitId: place?.level === 'village' ? place.id : null, location: null, signature: domain.problemSignature(text, [place?.name, place?.parent_id ? unitById.get(place.parent_id)?.name : undefined].filter((n): n is string => !!n)), acceptedAt };
      let earlierSameProblem = 0;
      if (same && report.placeUnitId) {
        for (let j = same.length - 1; j >= 0 && j >= same.length - 200; j--) {
          const e = same[j];
          if (e.at < at0 - domain.SAME_PROBLEM_DAYS * DAY) break;
          if (e.report.placeUnitId === report.placeUnitId && domain.isSameProblem(report, e.report)) earlierSameProblem++;
        }
      }
      if (earlierSameProblem > 0) repeats++;
      const category = domain.findSubItem(taxonomy, subItem)?.category ?? null;
      const keyPlace = place ?? unit;
      const village = keyPlace.level === 'village' ? keyPlace : null;
      const keyTown = village ? unitById.get(village.parent_id ?? '') ?? null : keyPlace.level === 'town' ? keyPlace : null;
      const keys: Keys = { unitId: unit.id, townId: keyTown?.id ?? null, villageId: village?.id ?? null, category, kind, channel };
      const measures = domain.measureCase(
        tl.map((s) => ({ action: s.action as never, fromStatus: s.from as never, toStatus: s.to as never, at: new Date(s.at), note: s.note })),
        { kind, earlierSameProblem, acceptedAt },
        rules,
      );
      const byDay = domain.caseContributions(measures, { kind });
      const due = domain.dueCohort(measures, byDay);
      const kt = keysText(keys);
      const add = (basis: string, d2: string, c: Counters) => {
        const rid = `${basis}#${d2}#${kt}`;
        const row = rollup.get(rid) ?? { basis, day: d2, keys, counters: domain.emptyCounters() };
        domain.addCounters(row.counters, c);
        rollup.set(rid, row);
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
      for (const s of tl) {
        stepText += [id, s.action, s.from, s.to, s.action === 'file' && channel !== 'phone' ? 'resident' : 'staff', s.action === 'file' ? '群众' : '承办人', s.note, new Date(s.at).toISOString()].map(csv).join(',') + '\n';
        timelineRows++;
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
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      console.log(`  … ${day}: ${fmt(made)} cases, ${fmt(timelineRows)} timeline rows, ${secs(Date.now() - genStarted)}`);
    }
  }
  await flushBefore('9999-12-31');
  await Promise.all([cases.end(), steps.end(), daily.end(), heat.end()]);
  const genMs = Date.now() - genStarted;
  console.log(
    `generated and loaded with COPY in ${secs(genMs)}: ${fmt(made)} cases (${fmt(repeats)} repeats found by the same-problem rule), ${fmt(timelineRows)} timeline rows, ${fmt(rollupRows)} daily indicator rows, ${fmt(heatCount)} daily heat map rows`,
  );

  const indexStarted = Date.now();
  for (const ix of indexes) await q(ix.def);
  await q(
    `INSERT INTO indicator_monthly (basis, month, keys, unit_id, town_id, village_id, category, kind, channel, ${counterColumns.join(', ')}, cycle_histogram)
     SELECT basis, date_trunc('month', day)::date, keys, unit_id, town_id, village_id, category, kind, channel, ${counterColumns.map((c) => `sum(${c})`).join(', ')},
            ARRAY[${Array.from({ length: domain.CYCLE_BUCKETS }, (_, i) => `sum(cycle_histogram[${i + 1}])::integer`).join(', ')}]
       FROM indicator_daily GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
  );
  await q(
    `INSERT INTO heatmap_monthly (month, keys, place_id, sub_item, unit_id, kind, channel, cases)
     SELECT date_trunc('month', day)::date, keys, place_id, sub_item, unit_id, kind, channel, sum(cases) FROM heatmap_daily GROUP BY 1, 2, 3, 4, 5, 6, 7`,
  );
  // The job's watermark at the end of the timeline: what it would have read.
  await q(`INSERT INTO indicator_watermark (name, last_step_id) SELECT 'rollup', coalesce(max(id), 0) FROM case_timeline ON CONFLICT (name) DO UPDATE SET last_step_id = EXCLUDED.last_step_id`);
  await q('VACUUM ANALYZE');
  const sizes = await q<{ t: string; rows: string; size: string }>(
    `SELECT relname AS t, to_char(n_live_tup, 'FM999,999,999,999') AS rows, pg_size_pretty(pg_total_relation_size(relid)) AS size FROM pg_stat_user_tables
      WHERE relname IN ('case_file', 'case_timeline', 'indicator_daily', 'indicator_monthly', 'heatmap_daily', 'heatmap_monthly') ORDER BY pg_total_relation_size(relid) DESC`,
  );
  console.log(`indexes rebuilt, monthly rows summed from the daily ones, VACUUM ANALYZE: ${secs(Date.now() - indexStarted)}; database ${(await q<{ s: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`))[0].s}`);
  for (const s of sizes) console.log(`  ${s.t.padEnd(18)} ${s.rows.padStart(14)} rows  ${s.size}`);

  // -------------------------------------------------------------------------------------------
  // The rollups were written by this bench: the real verify recomputes a sample from the timelines.

  const sample = (
    await q<{ unit_id: string; name: string; n: number }>(
      `SELECT c.unit_id, u.name, count(*)::int AS n FROM case_file c JOIN unit u ON u.id = c.unit_id GROUP BY 1, 2 ORDER BY n ASC LIMIT $1`,
      [opts.sampleUnits],
    )
  );
  const verified: string[] = [];
  for (const s of sample) {
    const started = Date.now();
    const r = spawnSync(process.execPath, [join(ROOT, 'apps/server/dist/modules/indicators/indicators-cli.js'), '--unit', s.unit_id], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: scratch.url, WORKER_POLL_MS: '0' },
      encoding: 'utf8',
      timeout: 30 * 60_000,
    });
    const said = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim() && !/Deprecation|trace-deprecation/.test(l));
    verified.push(`  ${s.name} (${fmt(s.n)} cases): exit ${r.status} in ${secs(Date.now() - started)} — ${said.slice(-3).join(' / ')}`);
    console.log(verified[verified.length - 1]);
  }

  // -------------------------------------------------------------------------------------------
  // The reads, through the HTTP API.

  const login = async (username: string) => {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
    if (res.status !== 200) throw new Error(`login ${username}: HTTP ${res.status}`);
    return ((await res.json()) as { token: string }).token;
  };
  const tokens = { office: await login('dispatcher'), leader: await login('leader-zhou'), town: await login('leader-jingxi'), dept: await login('leader-water'), handler: await login('jingxi') };
  const get = async (token: string, path: string): Promise<number> => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    const type = res.headers.get('content-type') ?? '';
    if (!type.includes('json')) return (await res.arrayBuffer()).byteLength;
    const body = (await res.json()) as { groups?: unknown[]; items?: unknown[]; places?: unknown[]; tables?: Array<{ rows: unknown[] }> };
    return body.groups?.length ?? body.items?.length ?? body.places?.length ?? body.tables?.reduce((n, t) => n + t.rows.length, 0) ?? 1;
  };
  const yesterday = domain.addCalendarDays(today, -1);
  const yearAgo = domain.addCalendarDays(today, -opts.days + 1);
  const monthAgo = domain.addCalendarDays(today, -29);
  const lastWeek = domain.previousWeek(domain.isoWeek(today));
  const wk = domain.isoWeekDays(lastWeek);
  const lastMonth = domain.addCalendarDays(`${today.slice(0, 7)}-01`, -1);
  const lastMonthFirst = `${lastMonth.slice(0, 7)}-01`;
  const jingxi = units.find((u) => u.code === 'town-jingxi')!.id;

  const reads: Array<[string, string, () => Promise<number>]> = [
    ['peer', 'HTTP floor: GET /healthz', () => fetch(`${base}/healthz`).then(async (r) => (await r.text()).length && 1)],
    ['peer', 'bare SQL: SELECT count(*) FROM case_file', async () => (await q(`SELECT count(*) FROM case_file`)).length],
    ['peer', 'bare SQL: one case by number (unique index)', async () => (await q(`SELECT * FROM case_file WHERE number = $1`, [`BA${String(Math.floor(made / 2)).padStart(9, '0')}`])).length],
    ['indicators', `a year by month, by unit (office)`, () => get(tokens.office, `/api/indicators?from=${yearAgo}&to=${today}&period=month&groupBy=unit`)],
    ['indicators', `a year by month, by town (city leader)`, () => get(tokens.leader, `/api/indicators?from=${yearAgo}&to=${today}&period=month&groupBy=town`)],
    ['indicators', `a year by month, by village`, () => get(tokens.office, `/api/indicators?from=${yearAgo}&to=${today}&period=month&groupBy=village`)],
    ['indicators', `a year by month, 井溪镇 leader (own scope)`, () => get(tokens.town, `/api/indicators?from=${yearAgo}&to=${today}&period=month&groupBy=village`)],
    ['indicators', `last month by day, by category`, () => get(tokens.office, `/api/indicators?from=${lastMonthFirst}&to=${lastMonth}&period=day&groupBy=category`)],
    ['indicators', `30 days by week, by channel`, () => get(tokens.office, `/api/indicators?from=${monthAgo}&to=${today}&period=week&groupBy=channel`)],
    ['indicators', `last week by day, by unit`, () => get(tokens.office, `/api/indicators?from=${wk.from}&to=${wk.to}&period=day&groupBy=unit`)],
    ['indicators', `yesterday by unit`, () => get(tokens.office, `/api/indicators?from=${yesterday}&to=${yesterday}&period=day&groupBy=unit`)],
    ['league', `红黑榜 last week (draft, office)`, () => get(tokens.office, `/api/league/weeks/${lastWeek}`)],
    ['league', `红黑榜 last week as .xlsx`, () => get(tokens.office, `/api/league/weeks/${lastWeek}.xlsx`)],
    ['heat map', `last 30 days (default, office)`, () => get(tokens.office, `/api/analytics/heatmap`)],
    ['heat map', `a year`, () => get(tokens.office, `/api/analytics/heatmap?from=${yearAgo}&to=${today}`)],
    ['heat map', `last month by sub-item, one category`, () => get(tokens.office, `/api/analytics/heatmap?from=${lastMonthFirst}&to=${lastMonth}&groupBy=subItem&category=infrastructure`)],
    ['heat map', `30 days, one town, complaints by phone`, () => get(tokens.office, `/api/analytics/heatmap?townId=${jingxi}&kind=complaint&channel=phone`)],
    ['heat map', `30 days, 井溪镇 leader (its places)`, () => get(tokens.town, `/api/analytics/heatmap`)],
    ['heat map', `30 days, water bureau leader (its cases)`, () => get(tokens.dept, `/api/analytics/heatmap`)],
    ['heat map', `30 days as a picture (.png, grid)`, () => get(tokens.office, `/api/analytics/heatmap.png`)],
    ['lists', `office queue, first page (with total)`, () => get(tokens.office, `/api/cases?status=accepted,assigned,in_progress,answered,revisiting,returned,reopened&order=deadline&limit=50`)],
    ['lists', `井溪镇 handler queue, first page`, () => get(tokens.handler, `/api/cases?status=accepted,assigned,in_progress,answered,revisiting,returned,reopened&order=deadline&limit=50`)],
    ['lists', `all cases, newest first (office)`, () => get(tokens.office, `/api/cases?limit=50`)],
    ['dashboard', `dashboard, office`, () => get(tokens.office, `/api/dashboard`)],
    ['dashboard', `dashboard, 井溪镇 leader`, () => get(tokens.town, `/api/dashboard`)],
  ];
  const results: Array<{ group: string; label: string; p50: number; p95: number; max: number; rows: number; error?: string }> = [];
  for (const [group, label, run] of reads) {
    try {
      results.push({ group, label, ...(await time(opts.repeat, run)) });
    } catch (e) {
      results.push({ group, label, p50: NaN, p95: NaN, max: NaN, rows: 0, error: (e as Error).message.slice(0, 160) });
    }
    process.stdout.write('.');
  }
  console.log('\n');

  // -------------------------------------------------------------------------------------------
  // The real rollup job, incrementally: one pass over the timelines of the last cases filed.

  let jobLine = '';
  {
    const lastCases = Math.min(2000, made);
    const [{ from }] = await q<{ from: string }>(
      `SELECT min(t.id)::text AS from FROM case_timeline t WHERE t.case_id IN (SELECT id FROM case_file ORDER BY accepted_at DESC LIMIT $1)`,
      [lastCases],
    );
    // Back to before those cases' steps, with no contribution stored for them: the job counts them afresh.
    await q(`UPDATE indicator_watermark SET last_step_id = $1::bigint - 1 WHERE name = 'rollup'`, [from]);
    const started = Date.now();
    const r = spawnSync(process.execPath, [join(ROOT, 'apps/server/dist/modules/indicators/indicators-cli.js'), '--refresh', '--unit', '00000000-0000-0000-0000-000000000000'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: scratch.url, WORKER_POLL_MS: '0' },
      encoding: 'utf8',
      timeout: 30 * 60_000,
    });
    const refreshed = /refreshed: (\d+)/.exec(r.stdout ?? '')?.[1];
    const ms = Date.now() - started;
    jobLine = refreshed
      ? `real rollup job (IndicatorRollup.refresh, via indicators:verify --refresh): ${fmt(Number(refreshed))} cases recounted from their timelines in ${secs(ms)} (process start included) = ${fmt(Number(refreshed) / (ms / 1000), 0)} cases/s; 60,000 new cases a day need 0.7/s plus their later steps`
      : `real rollup job: could not run (exit ${r.status}): ${(r.stderr ?? '').slice(-300)}`;
  }

  // -------------------------------------------------------------------------------------------

  const w = Math.max(...results.map((r) => r.group.length + r.label.length + 2));
  const line = `| ${'what'.padEnd(w)} | ${'p50 ms'.padStart(8)} | ${'p95 ms'.padStart(8)} | ${'max ms'.padStart(8)} | ${'rows'.padStart(7)} |`;
  console.log(`\n${fmt(made)} cases over ${opts.days} days (${fmt(made / opts.days)} a day), ${opts.repeat} runs each after one warm-up, through the HTTP API of the server built from this tree`);
  console.log(`machine: ${machine}`);
  console.log(line.replace('rows   ', 'rows/kB'));
  console.log(line.replace(/[^|]/g, '-'));
  for (const r of results) {
    const cell = (n: number) => (Number.isNaN(n) ? 'error' : fmt(n, n < 10 ? 1 : 0)).padStart(8);
    console.log(`| ${`${r.group}: ${r.label}`.padEnd(w)} | ${cell(r.p50)} | ${cell(r.p95)} | ${cell(r.max)} | ${(r.group === 'peer' || !/xlsx|png/.test(r.label) ? String(r.rows) : `${fmt(r.rows / 1024)} kB`).padStart(7)} |${r.error ? ` ${r.error}` : ''}`);
  }
  for (const [what, keep] of [
    ['every read', (r: (typeof results)[number]) => r.group !== 'peer'],
    ['the JSON reads (no .png/.xlsx)', (r: (typeof results)[number]) => r.group !== 'peer' && !/xlsx|png/.test(r.label)],
  ] as const) {
    const worst = results.filter((r) => keep(r) && !Number.isNaN(r.p95)).sort((a, b) => b.p95 - a.p95)[0];
    if (worst) console.log(`slowest p95 of ${what}: ${worst.group}: ${worst.label} ${fmt(worst.p95)} ms (target 500 ms)`);
  }
  console.log(
    `\nrollups: computed by this bench from the generated timelines with the domain's measures and loaded with COPY (monthly rows summed from the daily in SQL); not by the rollup job. Checked by the real indicators:verify on ${sample.length} unit(s):`,
  );
  for (const v of verified) console.log(v);
  console.log(jobLine);
  return 0;
}

void main()
  .then(
    (code) => cleanupAll().then(() => code),
    async (err: unknown) => {
      console.error(err instanceof Error ? err.stack : err);
      await cleanupAll();
      return 1;
    },
  )
  .then((code) => process.exit(code));
