/**
 * pnpm bench:points [--households 2000] [--redemptions 32000] [--concurrency 16] [--build]
 *
 * A benchmark, not a test: a year of Wanyuan's redemptions (32,000+) at the station, through the
 * real server's HTTP API on a real PostgreSQL server. The awards come first (village reviews of
 * 500 households each), then the redemptions, `concurrency` at a time, each one transaction that
 * takes stock and points with guarded updates and appends a ledger entry. Next to it, measured in
 * the same run at the same concurrency: a bare INSERT of the same rows sent straight to
 * PostgreSQL (the floor: what one row per round trip costs with no HTTP, no checks, no ledger).
 * It ends by checking the ledger balances. It prints; it exits non-zero only when the run broke.
 */
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { boundedInt, eachFlag } from './lib/cli';
import { freePort, machineCpuSeconds, startChild, waitForHealthy } from './lib/processes';
import { readyBuild, loadPg, loadScratch, ROOT, SERVER_MAIN } from './lib/workspace';

const DEMO_PASSWORD = 'demo1234';
const REVIEW_SIZE = 500;

interface Options {
  households: number;
  redemptions: number;
  concurrency: number;
  build: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { households: 2_000, redemptions: 32_000, concurrency: 16, build: false };
  eachFlag(argv, (flag, value, arg) => {
    if (flag === '--households') opts.households = boundedInt('households', value(), 10, 100_000);
    else if (flag === '--redemptions') opts.redemptions = boundedInt('redemptions', value(), 100, 1_000_000);
    else if (flag === '--concurrency') opts.concurrency = boundedInt('concurrency', value(), 1, 64);
    else if (flag === '--build') opts.build = true;
    else throw new Error(`unknown argument ${arg} (use --households N, --redemptions N, --concurrency N, --build)`);
  });
  return opts;
}

interface Run {
  ms: number[];
  wallMs: number;
  failures: number;
}

/** Runs `total` operations, `concurrency` at a time; the latency of each and the wall time of all. */
async function drive(total: number, concurrency: number, op: (i: number) => Promise<boolean>): Promise<Run> {
  const ms: number[] = [];
  let next = 0;
  let failures = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t = process.hrtime.bigint();
        if (!(await op(i))) failures++;
        ms.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  return { ms: ms.sort((a, b) => a - b), wallMs: Number(process.hrtime.bigint() - started) / 1e6, failures };
}

const pct = (ms: number[], q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];

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
    const pool = new pg.Pool({ connectionString: scratch.url, max: opts.concurrency });
    cleanups.push(() => pool.end());
    console.log(`PostgreSQL: ${(await pool.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v}; scratch database ${new URL(scratch.url).pathname.slice(1)}`);

    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'cadre-jingxi-1', password: DEMO_PASSWORD }) });
    if (login.status !== 200) throw new Error(`login: HTTP ${login.status}`);
    const token = ((await login.json()) as { token: string }).token;
    const call = async (method: string, path: string, body: unknown) => {
      const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const village = (await pool.query<{ id: string }>(`SELECT id FROM unit WHERE code = 'village-jingxi-1'`)).rows[0].id;

    // ---- setup (not timed): households and the shelf. 500 points per review; 10 per bag.
    await pool.query(`INSERT INTO household (village_id, name) SELECT $1, '测试户' || i FROM generate_series(1, $2) AS i`, [village, opts.households]);
    const households = (await pool.query<{ id: string }>(`SELECT id FROM household WHERE village_id = $1 ORDER BY id`, [village])).rows.map((r) => r.id);
    const criteria = ['hygiene', 'greening', 'order', 'facilities', 'safety'];
    await call('PUT', `/api/villages/${village}/review-criteria`, { criteria: criteria.map((code, i) => ({ code, name: `第${i + 1}项`, points: 100 })) });
    const item = await call('POST', `/api/villages/${village}/catalogue`, { name: '复合肥', unit: '袋', pointsPrice: 10, stock: opts.redemptions + 1000 });
    const itemId = item.body.id as string;
    const rounds = Math.ceil((opts.redemptions * 10) / (households.length * 500));

    // ---- the awards: village reviews, each REVIEW_SIZE households meeting all five criteria.
    const reviews: string[][] = [];
    for (let r = 0; r < rounds; r++) for (let i = 0; i < households.length; i += REVIEW_SIZE) reviews.push(households.slice(i, i + REVIEW_SIZE));
    const awards = await drive(reviews.length, Math.min(4, opts.concurrency), async (i) => {
      const res = await call('POST', `/api/villages/${village}/reviews`, { key: `bench-review-${i}-${randomUUID()}`, title: '门前五包评议', heldOn: '2026-03-15', results: reviews[i].map((householdId) => ({ householdId, met: criteria })) });
      return res.status === 200;
    });
    console.log(`Awards: ${reviews.length} reviews of up to ${REVIEW_SIZE} households (${(reviews.length * REVIEW_SIZE).toLocaleString('en')} award entries) in ${(awards.wallMs / 1000).toFixed(1)} s, ${awards.failures} failed; p99 per review ${pct(awards.ms, 0.99).toFixed(0)} ms`);

    // ---- the redemptions, through the API; then the bare INSERT of the same rows, at the same concurrency.
    const redemptions = await drive(opts.redemptions, opts.concurrency, async (i) => {
      const res = await call('POST', `/api/villages/${village}/redemptions`, { key: `bench-${i}-${randomUUID()}`, householdId: households[i % households.length], itemId, quantity: 1 });
      return res.status === 200;
    });
    await pool.query(`CREATE TABLE bench_peer (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), household_id uuid NOT NULL, item_id uuid NOT NULL, quantity int NOT NULL, points int NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    const peer = await drive(opts.redemptions, opts.concurrency, async (i) => {
      await pool.query(`INSERT INTO bench_peer (household_id, item_id, quantity, points) VALUES ($1, $2, 1, 10)`, [households[i % households.length], itemId]);
      return true;
    });

    const rate = (r: Run) => ((r.ms.length / r.wallMs) * 1000).toFixed(0);
    console.log(`\n${'what'.padEnd(58)} ${'per s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'max ms'.padStart(7)} ${'wall s'.padStart(7)} failed`);
    for (const [label, r] of [
      [`redemption via HTTP (stock + points + ledger, 1 transaction)`, redemptions],
      [`peer: bare INSERT of the same rows, straight to PostgreSQL`, peer],
    ] as Array<[string, Run]>) {
      console.log(`${label.padEnd(58)} ${rate(r).padStart(7)} ${pct(r.ms, 0.5).toFixed(1).padStart(7)} ${pct(r.ms, 0.99).toFixed(1).padStart(7)} ${r.ms[r.ms.length - 1].toFixed(1).padStart(7)} ${(r.wallMs / 1000).toFixed(1).padStart(7)} ${r.failures}`);
    }
    console.log(`(${opts.redemptions.toLocaleString('en')} each, ${opts.concurrency} at a time; a year of Wanyuan's redemptions is 32,000)`);

    // ---- the ledger after it all: balances are the ledger's sums, nothing below zero.
    const check = (
      await pool.query<{ drift: number; negative: number; entries: number; stock: number }>(
        `SELECT (SELECT COUNT(*)::int FROM household h WHERE h.balance <> (SELECT COALESCE(SUM(delta), 0) FROM points_entry e WHERE e.household_id = h.id)) AS drift,
                (SELECT COUNT(*)::int FROM household WHERE balance < 0) AS negative,
                (SELECT COUNT(*)::int FROM points_entry WHERE kind = 'redemption') AS entries,
                (SELECT stock FROM catalogue_item WHERE id = $1) AS stock`,
        [itemId],
      )
    ).rows[0];
    console.log(`Ledger: ${check.entries.toLocaleString('en')} redemption entries; ${check.drift} households whose balance differs from their ledger; ${check.negative} below zero; stock left ${check.stock.toLocaleString('en')}`);
    return check.drift === 0 && check.negative === 0 ? 0 : 1;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
