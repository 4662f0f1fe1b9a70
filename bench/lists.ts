/**
 * pnpm bench:lists [--cases 100000] [--repeat 30] [--build]
 *
 * A benchmark, not a test: what the staff lists and the dashboard cost with a large backlog on a
 * real PostgreSQL server. It loads N cases in one INSERT … SELECT generate_series, then times,
 * through the real server's HTTP API: the handler's queue (first page and its deepest page), the
 * office's queue, the dashboard; and next to them, the bare indexed SELECT of one page sent
 * straight to PostgreSQL, and the read the dashboard used to do (every open case). It prints; it
 * exits non-zero only when the run itself broke (build, database, server start).
 */
import { boundedInt, eachFlag } from './lib/cli';
import * as os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, machineCpuSeconds, startChild, waitForHealthy } from './lib/processes';
import { readyBuild, loadPg, loadScratch, ROOT, SERVER_MAIN } from './lib/workspace';

const DEMO_PASSWORD = 'demo1234';
const OPEN = ['accepted', 'assigned', 'in_progress', 'answered', 'revisiting', 'returned', 'reopened'];
const PAGE = 50;

interface Options {
  cases: number;
  repeat: number;
  build: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { cases: 100_000, repeat: 30, build: false };
  eachFlag(argv, (flag, value, arg) => {
    if (flag === '--cases') opts.cases = boundedInt('cases', value(), 1_000, 2_000_000);
    else if (flag === '--repeat') opts.repeat = boundedInt('repeat', value(), 3, 1_000);
    else if (flag === '--build') opts.build = true;
    else throw new Error(`unknown argument ${arg} (use --cases N, --repeat N, --build)`);
  });
  return opts;
}

/** Milliseconds of each of `repeat` runs (after one warm-up run), as median, p95 and max. */
async function time(repeat: number, run: () => Promise<unknown>): Promise<{ p50: number; p95: number; max: number }> {
  await run();
  const ms: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t = process.hrtime.bigint();
    await run();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
  return { p50: at(0.5), p95: at(0.95), max: ms[ms.length - 1] };
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (!readyBuild(opts.build)) return 1;
  const pg = loadPg();
  const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const host = new URL(serverUrl).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`DATABASE_URL must point at 127.0.0.1 (got ${host})`);

  const before = machineCpuSeconds();
  await sleep(1000);
  console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; before start ${(machineCpuSeconds().busy - before.busy).toFixed(2)} cores busy with other work`);

  const cleanups: Array<() => Promise<unknown>> = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c().catch((e: unknown) => console.error(`cleanup: ${(e as Error).message}`));
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    const scratch = await loadScratch().createScratchDatabase(serverUrl);
    cleanups.push(() => scratch.drop());
    const port = await freePort();
    // The sandbox (no WeChat credentials) seeds the demo organisation and its staff; workers are off
    // (WORKER_POLL_MS=0) so the periodic jobs do not run beside the timings.
    const server = startChild(
      process.execPath,
      [SERVER_MAIN],
      { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', PORT: String(port), DATABASE_URL: scratch.url, WORKER_POLL_MS: '0', SEED_DEMO: 'true' },
      ROOT,
    );
    cleanups.push(() => server.stop());
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitForHealthy(`${base}/healthz`, server, 60_000);
    } catch (e) {
      console.error(`--- server output (last lines) ---\n${server.log.text()}\n---`);
      throw e;
    }
    const db = new pg.Client({ connectionString: scratch.url });
    await db.connect();
    cleanups.push(() => db.end());
    console.log(`PostgreSQL: ${(await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v}; scratch database ${new URL(scratch.url).pathname.slice(1)}`);

    // ---- the data: every 5th case is 井溪镇's (a busy town), the rest spread over the other units;
    // 40 % open, with deadlines from 60 days overdue to 20 days ahead; 1 % co-handled by 井溪镇.
    const jingxi = (await db.query<{ id: string }>(`SELECT id FROM unit WHERE code = 'town-jingxi'`)).rows[0].id;
    const t0 = Date.now();
    await db.query(
      `WITH u AS (SELECT array_agg(id ORDER BY code) AS ids FROM unit WHERE level IN ('town', 'department') AND id <> $2)
       INSERT INTO case_file (number, channel, text, kind, status, unit_id, accepted_at, assign_by, close_by, closed_at, version)
       SELECT 'B' || lpad(i::text, 8, '0'), 'wechat_oa', '村里的路灯坏了' || i, 'complaint',
              CASE WHEN i % 5 < 2 THEN ($3::text[])[1 + i % 7] ELSE 'closed' END,
              CASE WHEN i % 5 = 0 THEN $2::uuid ELSE u.ids[1 + i % cardinality(u.ids)] END,
              now() - interval '90 days' + i * (interval '90 days' / $1), now(), now() - interval '60 days' + (i % 80) * interval '1 day' + (i % 997) * interval '1 minute',
              CASE WHEN i % 5 < 2 THEN NULL ELSE now() END, 1
         FROM generate_series(1, $1) AS i, u`,
      [opts.cases, jingxi, OPEN],
    );
    await db.query(`INSERT INTO case_co_unit (case_id, unit_id) SELECT id, $1 FROM case_file WHERE number LIKE 'B%' AND unit_id <> $1 AND right(number, 2) = '06'`, [jingxi]);
    // As autovacuum would leave them: statistics, and a visibility map for index-only scans.
    await db.query('VACUUM ANALYZE');
    const counts = (
      await db.query<{ all: number; open: number; jx_open: number }>(
        `SELECT count(*)::int AS all, count(*) FILTER (WHERE status = ANY($2))::int AS open,
                count(*) FILTER (WHERE status = ANY($2) AND (unit_id = $1 OR id IN (SELECT case_id FROM case_co_unit WHERE unit_id = $1)))::int AS jx_open
           FROM case_file`,
        [jingxi, OPEN],
      )
    ).rows[0];
    console.log(`Loaded ${counts.all.toLocaleString('en')} cases (${counts.open.toLocaleString('en')} open; 井溪镇's queue ${counts.jx_open.toLocaleString('en')}) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

    // ---- the API
    const login = async (username: string) => {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
      if (res.status !== 200) throw new Error(`login ${username}: HTTP ${res.status}`);
      return ((await res.json()) as { token: string }).token;
    };
    const tokens = { handler: await login('jingxi'), small: await login('batai'), dispatcher: await login('dispatcher'), leader: await login('leader-jingxi') };
    const get = async (token: string, path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status}`);
      return res.json() as Promise<{ items: unknown[]; total: number | null; nextCursor: string | null }>;
    };
    const queue = `/api/cases?status=${OPEN.join(',')}&order=deadline&limit=${PAGE}`;
    /** The cursor of the last page of a list, found by following every page once. */
    const lastCursor = async (token: string, path: string) => {
      let cursor: string | null = null;
      let pages = 0;
      for (let page = await get(token, path); page.nextCursor; pages++) {
        cursor = page.nextCursor;
        page = await get(token, `${path}&cursor=${encodeURIComponent(cursor)}`);
      }
      return { cursor, pages: pages + 1 };
    };
    const handlerDeep = await lastCursor(tokens.handler, queue);
    const officeDeep = await lastCursor(tokens.dispatcher, queue);

    const rows: Array<[string, { p50: number; p95: number; max: number }]> = [];
    const run = async (label: string, fn: () => Promise<unknown>) => {
      rows.push([label, await time(opts.repeat, fn)]);
      process.stdout.write('.');
    };
    const openList = OPEN.map((s) => `'${s}'`).join(', ');
    await run('HTTP floor: GET /healthz', () => fetch(`${base}/healthz`).then((r) => r.text()));
    await run(`handler queue, first page (${PAGE}, with total)`, () => get(tokens.handler, queue));
    await run(`handler queue, deepest page (page ${handlerDeep.pages})`, () => get(tokens.handler, `${queue}&cursor=${encodeURIComponent(handlerDeep.cursor ?? '')}`));
    await run('八台镇 handler queue (a unit of ordinary size), first page', () => get(tokens.small, queue));
    await run(`office queue, first page (${PAGE}, with total)`, () => get(tokens.dispatcher, queue));
    await run(`office queue, deepest page (page ${officeDeep.pages})`, () => get(tokens.dispatcher, `${queue}&cursor=${encodeURIComponent(officeDeep.cursor ?? '')}`));
    await run('dashboard, dispatcher (every open case)', () => get(tokens.dispatcher, '/api/dashboard'));
    await run('dashboard, 井溪镇 leader', () => get(tokens.leader, '/api/dashboard'));
    await run(`bare SQL: one page of open cases by deadline (${PAGE})`, () => db.query(`SELECT * FROM case_file WHERE status IN (${openList}) ORDER BY close_by, id LIMIT ${PAGE}`));
    await run(`bare SQL: one page of 井溪镇's open cases by deadline`, () =>
      db.query(`SELECT * FROM case_file WHERE unit_id = $1 AND status IN (${openList}) ORDER BY close_by, id LIMIT ${PAGE}`, [jingxi]),
    );
    await run('the old dashboard read: every open case (id, status, close_by)', () => db.query(`SELECT id, status, close_by FROM case_file WHERE status IN (${openList})`));
    console.log('\n');

    const w = Math.max(...rows.map(([l]) => l.length));
    console.log(`${'what'.padEnd(w)}  ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}   (${opts.repeat} runs each)`);
    for (const [label, r] of rows) console.log(`${label.padEnd(w)}  ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(8)}`);

    // How PostgreSQL reads a unit's queue page and counts a unit's dashboard: the server's SQL
    // (CaseQueriesService), with the statuses as parameters as the server sends them.
    const statusParams = OPEN.map((_, i) => `$${i + 2}`).join(', ');
    const arms = [
      `FROM case_file c WHERE c.unit_id = $1 AND c.status IN (${statusParams})`,
      `FROM case_file c WHERE c.id = ANY(ARRAY(SELECT cu.case_id FROM case_co_unit cu WHERE cu.unit_id = $1)) AND c.unit_id IS DISTINCT FROM $1 AND c.status IN (${statusParams})`,
    ];
    for (const [label, sql, params] of [
      [
        '井溪镇 queue, first page',
        `SELECT id FROM (${arms.map((a) => `(SELECT c.id, c.close_by AS key ${a} ORDER BY c.close_by, c.id LIMIT ${PAGE + 1})`).join(' UNION ALL ')}) v ORDER BY key, id LIMIT ${PAGE + 1}`,
        [jingxi, ...OPEN],
      ],
      ['井溪镇 dashboard', `SELECT status, count(*) FROM (${arms.map((a) => `SELECT c.status, c.close_by ${a}`).join(' UNION ALL ')}) v GROUP BY status`, [jingxi, ...OPEN]],
    ] as Array<[string, string, unknown[]]>) {
      const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) ${sql}`, params)).rows.map((r) => r['QUERY PLAN']);
      console.log(`\nPlan, ${label}:\n  ${plan.join('\n  ')}`);
    }
    return 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
