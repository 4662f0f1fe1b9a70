/**
 * pnpm bench:analytics [--cases 1000000] [--days 365] [--repeat 20] [--sample-units 2] [--workers 2] [--keep-database] [--tablespace NAME] [--build]
 *
 * A benchmark, not a test: what every dashboard, list, heat map and report costs over a year of
 * cases on a real PostgreSQL server. It generates N cases over the last D days (a Beijing-sized
 * year is 20 million: about 60,000 a day) spread over the demo organisation's towns, villages and
 * departments, the taxonomy's sub-items, channels, kinds and outcomes, each with its whole timeline,
 * and loads them with COPY into a scratch database, in W processes (lib/analytics-part.ts: each
 * owns whole categories). The rollups the dashboards read are computed by the bench from the same
 * generated timelines with the domain's own measures (measureCase, caseContributions, dueCohort,
 * the same-problem rule) and loaded with COPY too, the wide daily rows and the narrow ones (per
 * grouping); the monthly rows are summed from the daily ones in SQL, and the narrow rows are
 * compared in SQL with the wide rows summed per grouping. The real `indicators:verify --unit` then
 * recomputes a sample of units from the timelines in the database and compares (the wide rows
 * and the unit's narrow rows). It then times, through the
 * server's HTTP API (the app built from this tree, booted in this process), each read R times, next
 * to peer figures measured in the same run (a bare count of the cases, a bare indexed lookup, the
 * HTTP floor), and prints a table with the machine. Last, it times one pass of the real rollup
 * job over the last cases' timelines. It prints; it asserts nothing. Exit 1 only when the run broke.
 */
import { benchCleanup } from './lib/cleanup';
import { boundedInt, eachFlag } from './lib/cli';
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { COUNTER_COLUMNS, NARROW_STAGING, type PartProgress, type PartSpec, type UnitRow } from './lib/analytics-part';
import { freePort, machineCpuSeconds } from './lib/processes';
import { readyBuild, loadPg, loadScratch, ROOT } from './lib/workspace';

type Domain = typeof import('../libs/domain/src');
type AppFactory = typeof import('../apps/server/src/app.factory');
type AppConfigModule = typeof import('../apps/server/src/config/app-config');
type CalendarModule = typeof import('../apps/server/src/modules/calendar/calendar.service');
type TaxonomyModule = typeof import('../apps/server/src/modules/taxonomy/taxonomy.service');
type IndicatorsModule = typeof import('../apps/server/src/modules/indicators/indicators.service');

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
  /** Processes generating the cases (each owns whole categories). */
  workers: number;
  /** Leave the scratch database for a look afterwards (its name is printed). */
  keep: boolean;
  /** Create the scratch database in this tablespace (bench/compressed-tablespace.sh makes one on a zstd-compressed volume). */
  tablespace?: string;
  build: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { cases: 1_000_000, days: 365, repeat: 20, sampleUnits: 2, workers: Math.min(2, os.cpus().length), keep: false, build: false };
  eachFlag(argv, (flag, value, arg) => {
    if (flag === '--cases') opts.cases = boundedInt('cases', value(), 10_000, 20_000_000);
    else if (flag === '--days') opts.days = boundedInt('days', value(), 35, 400);
    else if (flag === '--repeat') opts.repeat = boundedInt('repeat', value(), 3, 1_000);
    else if (flag === '--sample-units') opts.sampleUnits = boundedInt('sample-units', value(), 0, 10);
    else if (flag === '--workers') opts.workers = boundedInt('workers', value(), 1, 16);
    else if (flag === '--keep-database') opts.keep = true;
    else if (flag === '--tablespace') opts.tablespace = value();
    else if (flag === '--build') opts.build = true;
    else if (flag !== '--') throw new Error(`unknown argument ${arg} (use --cases N, --days D, --repeat R, --sample-units K, --workers W, --keep-database, --tablespace NAME, --build)`);
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
  if (!readyBuild(opts.build)) return 1;
  const pg = loadPg();
  const domain = fromServer('@msz/domain') as Domain;
  const { buildApp } = built<AppFactory>('app.factory.js');
  const { loadConfig } = built<AppConfigModule>('config/app-config.js');
  const { CalendarService } = built<CalendarModule>('modules/calendar/calendar.service.js');
  const { TaxonomyService } = built<TaxonomyModule>('modules/taxonomy/taxonomy.service.js');

  const before = machineCpuSeconds();
  await sleep(1000);
  const busyBefore = machineCpuSeconds().busy - before.busy;

  const scratch = await loadScratch().createScratchDatabase(serverUrl, { tablespace: opts.tablespace });
  if (opts.tablespace) console.log(`scratch database in tablespace ${opts.tablespace}`);
  if (opts.keep) console.log(`scratch database kept: ${scratch.url}`);
  else onCleanup('scratch database', () => scratch.drop());
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
  // The organisation, and the generation in parts (one process each).

  const units = await q<UnitRow>(`SELECT id, name, level, parent_id, code FROM unit ORDER BY code`);
  const now = new Date();
  const today = domain.chinaDate(now);
  const firstDay = domain.addCalendarDays(today, -opts.days);
  // The official calendar over every day a case's deadlines can reach, for the parts.
  const workdays: Record<string, boolean> = {};
  for (let d = domain.addCalendarDays(firstDay, -10); d <= domain.addCalendarDays(today, 120); d = domain.addCalendarDays(d, 1)) workdays[d] = calendar.isWorkday(d);

  // Secondary indexes are dropped for the load and built again after it (as a bulk load does).
  const LOADED = ['case_file', 'case_timeline', 'indicator_daily', 'heatmap_daily'];
  const indexes = await q<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [LOADED],
  );
  for (const ix of indexes) await q(`DROP INDEX "${ix.name}"`);
  if (COUNTER_COLUMNS.length !== domain.COUNTERS.length) throw new Error('the counters changed: update the bench');
  // Each part's share of the narrow rows, summed into indicator_group_daily after the load.
  await q(`CREATE UNLOGGED TABLE ${NARROW_STAGING} (LIKE indicator_group_daily INCLUDING DEFAULTS)`);

  const genStarted = Date.now();
  const parts = Array.from({ length: opts.workers }, () => fork(join(__dirname, 'lib/analytics-part.ts'), [], { execArgv: process.execArgv, env: process.env }));
  onCleanup('generation parts', async () => {
    for (const p of parts) if (p.exitCode === null && p.signalCode === null) p.kill();
  });
  const finals: PartProgress[] = [];
  await new Promise<void>((resolve, reject) => {
    const latest: PartProgress[] = [];
    let reported = 0;
    let finished = 0;
    let lastReport = Date.now();
    parts.forEach((child, part) => {
      child.on('message', (msg: { progress?: PartProgress; done?: PartProgress; error?: string }) => {
        if (msg.progress) {
          latest[part] = msg.progress;
          if (++reported < parts.length) return;
          reported = 0;
          if (Date.now() - lastReport > 30_000) {
            lastReport = Date.now();
            const written = latest.reduce((n, p) => n + p.written, 0);
            const wall = (Date.now() - genStarted) / 1000;
            console.log(
              `  … ${domain.addCalendarDays(firstDay, msg.progress.day)}: ${fmt(written)} cases (${fmt(written / wall)} a second), ${fmt(latest.reduce((n, p) => n + p.timelineRows, 0))} timeline rows, ${secs(Date.now() - genStarted)}`,
            );
          }
          for (const p of parts) p.send({ go: true });
        } else if (msg.done) {
          finals[part] = msg.done;
          if (++finished === parts.length) resolve();
        } else if (msg.error) reject(new Error(`generation part ${part}: ${msg.error}`));
      });
      child.on('exit', (code) => {
        if (!finals[part]) reject(new Error(`generation part ${part} exited with ${code}`));
      });
      const spec: PartSpec = { url: scratch.url, cases: opts.cases, days: opts.days, now: now.getTime(), units, taxonomy, workdays, part, parts: parts.length };
      child.send({ spec });
    });
  });
  const genMs = Date.now() - genStarted;
  const total = (k: keyof PartProgress) => finals.reduce((n, p) => n + p[k], 0);
  const made = finals[0].made;
  const written = total('written');
  console.log(
    `generated and loaded with COPY in ${secs(genMs)} by ${parts.length} process(es): ${fmt(written)} cases (${fmt(total('repeats'))} repeats found by the same-problem rule), ${fmt(total('timelineRows'))} timeline rows, ${fmt(total('rollupRows'))} daily indicator rows, ${fmt(total('narrowRows'))} narrow daily shares, ${fmt(total('heatRows'))} daily heat map rows`,
  );
  console.log(
    `generation rate: ${fmt(written / (genMs / 1000))} cases a second (wall, COPY included); ${fmt(total('cpuMs') / written, 2)} ms of generating CPU per case, parts ${finals.map((p) => `${fmt(p.written)} cases / ${secs(p.cpuMs)} CPU`).join(', ')}`,
  );

  const indexStarted = Date.now();
  const histogramSum = `ARRAY[${Array.from({ length: domain.CYCLE_BUCKETS }, (_, i) => `sum(cycle_histogram[${i + 1}])::integer`).join(', ')}]`;
  for (const ix of indexes) await q(ix.def);
  await q(
    `INSERT INTO indicator_monthly (basis, month, keys, unit_id, town_id, village_id, category, kind, channel, ${COUNTER_COLUMNS.join(', ')}, cycle_histogram)
     SELECT basis, date_trunc('month', day)::date, keys, unit_id, town_id, village_id, category, kind, channel, ${COUNTER_COLUMNS.map((c) => `sum(${c})`).join(', ')},
            ${histogramSum}
       FROM indicator_daily GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
  );
  // The narrow rows: the parts' shares summed per day, and the months from the days.
  const sums = `${COUNTER_COLUMNS.map((c) => `sum(${c})`).join(', ')}, ${histogramSum}`;
  await q(
    `INSERT INTO indicator_group_daily (basis, grouping, day, value, ${COUNTER_COLUMNS.join(', ')}, cycle_histogram)
     SELECT basis, grouping, day, value, ${sums} FROM ${NARROW_STAGING} GROUP BY 1, 2, 3, 4`,
  );
  await q(`DROP TABLE ${NARROW_STAGING}`);
  await q(
    `INSERT INTO indicator_group_monthly (basis, grouping, month, value, ${COUNTER_COLUMNS.join(', ')}, cycle_histogram)
     SELECT basis, grouping, date_trunc('month', day)::date, value, ${sums} FROM indicator_group_daily GROUP BY 1, 2, 3, 4`,
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
      WHERE relname IN ('case_file', 'case_timeline', 'indicator_daily', 'indicator_monthly', 'indicator_group_daily', 'indicator_group_monthly', 'heatmap_daily', 'heatmap_monthly') ORDER BY pg_total_relation_size(relid) DESC`,
  );
  console.log(`indexes rebuilt, narrow daily rows summed from the parts' shares, monthly rows from the daily ones, VACUUM ANALYZE: ${secs(Date.now() - indexStarted)}; database ${(await q<{ s: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`))[0].s}`);
  for (const s of sizes) console.log(`  ${s.t.padEnd(23)} ${s.rows.padStart(14)} rows  ${s.size}`);

  // The narrow rows the parts wrote against the wide rows summed per grouping in SQL: every row
  // of each grouping, both ways (a row in one and not the other counts).
  const narrowCheckStarted = Date.now();
  const narrowCheck: string[] = [];
  // The groupings and their columns as the server keeps them.
  const { GROUP_BYS, GROUP_COLUMN } = built<IndicatorsModule>('modules/indicators/indicators.service.js');
  for (const grouping of GROUP_BYS) {
    const column = grouping === 'none' ? `''` : `coalesce(${GROUP_COLUMN[grouping]}::text, '')`;
    const nonEmpty = `(${COUNTER_COLUMNS.map((c) => `${c} <> 0`).join(' OR ')})`;
    const [{ rows, missing, extra }] = await q<{ rows: number; missing: number; extra: number }>(
      `WITH narrow AS (SELECT basis, day, value, ${COUNTER_COLUMNS.join(', ')}, cycle_histogram FROM indicator_group_daily WHERE grouping = $1 AND ${nonEmpty}),
            wide AS (SELECT * FROM (SELECT basis, day, ${column} AS value, ${sums.replace(/sum\((\w+)\)/g, 'sum($1)::integer AS $1')} AS cycle_histogram FROM indicator_daily GROUP BY 1, 2, 3) w WHERE ${nonEmpty})
       SELECT (SELECT count(*) FROM narrow)::int AS rows,
              (SELECT count(*) FROM (SELECT * FROM wide EXCEPT ALL SELECT * FROM narrow) x)::int AS missing,
              (SELECT count(*) FROM (SELECT * FROM narrow EXCEPT ALL SELECT * FROM wide) x)::int AS extra`,
      [grouping],
    );
    narrowCheck.push(`${grouping} ${fmt(rows)} rows${missing || extra ? ` — ${missing} differ from the wide sums, ${extra} not in them` : ''}`);
  }
  const narrowLine = `narrow daily rows against the wide rows summed per grouping in SQL (${secs(Date.now() - narrowCheckStarted)}): ${narrowCheck.join('; ')}${narrowCheck.every((l) => !l.includes('differ')) ? ' — all equal' : ''}`;
  console.log(narrowLine);

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
  let coldShift = 1;
  let pngWarmed = false;
  /** The heat map's picture, with what its cache said (a warm-up run may draw it). */
  const png = async (query: string, expected: 'hit' | 'miss', warmUp = false): Promise<number> => {
    const res = await fetch(`${base}/api/analytics/heatmap.png?${query}`, { headers: { authorization: `Bearer ${tokens.office}` } });
    if (res.status !== 200) throw new Error(`GET heatmap.png?${query}: HTTP ${res.status}`);
    const said = res.headers.get('x-picture-cache');
    const bytes = (await res.arrayBuffer()).byteLength;
    if (said !== expected && !(warmUp && said === 'miss' && !pngWarmed)) throw new Error(`heatmap.png?${query}: the cache said ${said}, not ${expected}`);
    if (warmUp) pngWarmed = true;
    return bytes;
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
    // The picture is kept by the data it draws: cold, each run asks for another 30 days (other data, drawn afresh); warm, the same picture again.
    ['heat map', `30 days as a picture (.png, grid), cold: drawn`, () => png(`from=${domain.addCalendarDays(monthAgo, -coldShift)}&to=${domain.addCalendarDays(today, -coldShift++)}`, 'miss')],
    ['heat map', `30 days as a picture (.png, grid), warm: the same again`, () => png('', 'hit', true)],
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
    // The job added those cases again on top of what the generator had counted for them (it keeps no record of that).
    if (opts.keep) jobLine += `\nthe kept database now counts the newest ${fmt(lastCases)} cases twice in its rollups (the job step above recounted them afresh): indicators:verify reports them`;
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
  console.log(narrowLine);
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
