/**
 * pnpm bench:webhook [--residents 150] [--messages 4] [--warmup 20] [--workers 1] [--build] [--no-baseline] [--cpu-prof]
 *
 * A benchmark, not a test: it measures the passive-reply path (POST /wechat → case filed →
 * reply with the case number) of the real server on a real PostgreSQL server, next to a bare
 * co-wechat echo server under the same load, and prints figures and PASS/MISS against targets.
 * It exits non-zero only when the run itself broke (build, database, server start…).
 */
import { boundedInt, eachFlag } from './lib/cli';
import { execFileSync } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import * as os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { closeClient, type LoadResult, runLoad, spread, type Stats, stats, type Target } from './lib/load';
import { type Child, freePort, machineCpuSeconds, processCpuSplit, startChild, treeCpuSeconds, waitForHealthy } from './lib/processes';
import { readyBuild, loadPg, loadScratch, loadWechat, ROOT, SERVER_MAIN, type WechatLib } from './lib/workspace';

const WECHAT = { appid: 'wxbench0000000001', secret: 'bench-secret-000001', token: 'benchtoken' };
const CASE_NUMBER = /MS\d{8}-\d{4,}/;
const TARGETS = { residents: 150, maxReplyMs: 5000, p99Ms: 300, perSecond: 1000, echoRatio: 0.25 };
const HEALTH_TIMEOUT_MS = 60_000;
const PROFILE_DIR = join(__dirname, 'profiles');

// ---------------------------------------------------------------------------------------------
// Arguments

interface Options {
  residents: number;
  messages: number;
  warmup: number;
  build: boolean;
  baseline: boolean;
  /** Write a V8 CPU profile of the server to bench/profiles/ (open it in Chrome DevTools). */
  cpuProf: boolean;
  /** Server processes sharing the port (WEB_CONCURRENCY). */
  workers: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { residents: 150, messages: 4, warmup: 20, build: false, baseline: true, cpuProf: false, workers: 1 };
  eachFlag(argv, (flag, value, arg) => {
    switch (flag) {
      case '--residents':
        opts.residents = boundedInt('residents', value(), 1, 5000);
        break;
      case '--messages':
        opts.messages = boundedInt('messages', value(), 1, 100);
        break;
      case '--warmup':
        opts.warmup = boundedInt('warmup', value(), 1, 1000);
        break;
      case '--workers':
        opts.workers = boundedInt('workers', value(), 1, 8);
        break;
      case '--build':
        opts.build = true;
        break;
      case '--no-baseline':
        opts.baseline = false;
        break;
      case '--cpu-prof':
        opts.cpuProf = true;
        break;
      case '--':
        break;
      default:
        throw new Error(`unknown argument ${arg} (known: --residents N --messages M --warmup W --workers K --build --no-baseline --cpu-prof)`);
    }
  });
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Cleanup: everything started is registered here and undone in reverse order, on success,
// on failure and on Ctrl-C.

const cleanups: Array<{ what: string; run: () => Promise<void> }> = [];
let cleaning: Promise<void> | undefined;

function onCleanup(what: string, run: () => Promise<void>): void {
  cleanups.push({ what, run });
}

function cleanupAll(): Promise<void> {
  return (cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const step = cleanups.pop()!;
      // Each step bounded: a hung cleanup must not keep the benchmark alive.
      const outcome = await Promise.race([step.run().then(() => 'ok'), sleep(15_000).then(() => 'timed out')]).catch(
        (e: unknown) => `failed: ${(e as Error).message}`,
      );
      if (outcome !== 'ok') console.error(`cleanup (${step.what}) ${outcome}`);
    }
    closeClient();
  })());
}

// Ctrl-C: the load stops, the main flow stops printing, and this handler ends the process.
const interrupted = new AbortController();
setMaxListeners(Infinity, interrupted.signal); // one listener per request in flight, by design
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the server, dropping the scratch database…`);
    interrupted.abort();
    void cleanupAll().finally(() => process.exit(130));
  });
}

/** Stops the main flow after a phase if Ctrl-C came meanwhile. */
function checkInterrupted(): void {
  if (interrupted.signal.aborted) throw new Error('interrupted');
}

// ---------------------------------------------------------------------------------------------
// Printing

const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'n/a');

function printLoad(title: string, r: LoadResult, s: Stats): void {
  const errors = [...r.errors].map(([why, n]) => `${n}× ${why}`);
  console.log(`${title}`);
  console.log(`  messages ok/sent   ${r.ok}/${r.attempted} in ${(r.wallMs / 1000).toFixed(2)} s`);
  console.log(`  throughput         ${s.perSecond.toFixed(1)} messages/s`);
  console.log(`  latency            p50 ${ms(s.p50)}   p95 ${ms(s.p95)}   p99 ${ms(s.p99)}   max ${ms(s.max)}`);
  if (r.firstLatenciesMs.length && r.laterLatenciesMs.length) {
    const first = spread(r.firstLatenciesMs);
    const rest = spread(r.laterLatenciesMs);
    console.log(`  first messages     p50 ${ms(first.p50)}   p99 ${ms(first.p99)}   (later ones: p50 ${ms(rest.p50)}   p99 ${ms(rest.p99)})`);
    console.log(`  first wave sent    all issued ${ms(r.firstWave.issuedMs)} and connected ${ms(r.firstWave.connectedMs)} after the start (load generator's side)`);
  }
  console.log(`  replies ≥ 5 s      ${s.over5s}`);
  console.log(`  errors             ${errors.length ? errors.join('; ') : 0}`);
}

/** Where the CPU went during a phase, in cores (2.00 = both cores busy the whole time). */
function cpuMeter(serverPid: number | undefined) {
  const wall0 = Date.now();
  const server0 = treeCpuSeconds(serverPid);
  const bench0 = process.cpuUsage();
  const machine0 = machineCpuSeconds();
  return () => {
    const wall = (Date.now() - wall0) / 1000;
    const server = (treeCpuSeconds(serverPid) - server0) / wall;
    const benchUse = process.cpuUsage(bench0);
    const bench = (benchUse.user + benchUse.system) / 1e6 / wall;
    const m = machineCpuSeconds();
    const machine = (m.busy - machine0.busy) / wall;
    const rest = machine - server - bench;
    // /proc counts in 10 ms ticks: over a short phase the split is only indicative.
    const rough = wall < 2 ? ` (rough: ${wall.toFixed(2)} s phase)` : '';
    return `machine ${machine.toFixed(2)} cores busy: node server ${server.toFixed(2)}, load generator ${bench.toFixed(2)}, PostgreSQL & rest ${rest.toFixed(2)}${rough}`;
  };
}

// ---------------------------------------------------------------------------------------------
// The phases

/**
 * CPU milliseconds per message sent (answered or not), per party: the server's processes, the PostgreSQL
 * backends serving its database, and this process (the load generator and the fake WeChat API).
 * Unlike messages/s, this hardly moves when other work shares the machine, so it compares commits.
 */
function perMessageMeter(serverPid: number | undefined, backendPids: () => Promise<number[]>) {
  const bench0 = process.cpuUsage();
  const server0 = treeCpuSeconds(serverPid);
  const serverKernel0 = processCpuSplit(serverPid).system;
  const backends0 = backendPids().then((pids) => new Map(pids.map((pid) => [pid, processCpuSplit(pid)])));
  return async (messages: number): Promise<string> => {
    const benchUse = process.cpuUsage(bench0);
    const server = treeCpuSeconds(serverPid) - server0;
    const serverKernel = processCpuSplit(serverPid).system - serverKernel0;
    const before = await backends0;
    const pg = { user: 0, system: 0 };
    for (const pid of await backendPids()) {
      // A backend opened during the load counts from its start.
      const now = processCpuSplit(pid);
      pg.user += now.user - (before.get(pid)?.user ?? 0);
      pg.system += now.system - (before.get(pid)?.system ?? 0);
    }
    const per = (seconds: number) => ((seconds * 1000) / messages).toFixed(2);
    const bench = (benchUse.user + benchUse.system) / 1e6;
    const total = server + pg.user + pg.system + bench;
    return (
      `server ${per(server)} ms (kernel ${per(serverKernel)}), PostgreSQL backends ${per(pg.user + pg.system)} ms (kernel ${per(pg.system)}), ` +
      `load generator ${per(bench)} ms; total ${per(total)} ms`
    );
  };
}

/** A few messages from up to 10 residents at once (not counted): warms the JIT and opens connections. */
async function warmUp(lib: WechatLib, target: Target, messages: number, openidPrefix: string): Promise<LoadResult> {
  const residents = Math.min(10, messages);
  const r = await runLoad(lib, WECHAT, target, {
    residents,
    messages: Math.ceil(messages / residents),
    openidPrefix,
    signal: interrupted.signal,
  });
  checkInterrupted();
  return r;
}

interface OursOutcome {
  load: LoadResult;
  stats: Stats;
  verdict: { ok: boolean; lines: string[] };
  pgVersion: string;
}

async function benchOurs(lib: WechatLib, opts: Options, serverUrl: string): Promise<OursOutcome> {
  const pg = loadPg();
  const { createScratchDatabase } = loadScratch();

  const scratch = await createScratchDatabase(serverUrl);
  onCleanup('drop scratch database', () => scratch.drop());
  console.log(`Scratch database: ${new URL(scratch.url).pathname.slice(1)}`);

  const fake = await new lib.FakeWechat({ appid: WECHAT.appid, secret: WECHAT.secret }).listen();
  onCleanup('close fake WeChat', () => fake.close());

  const port = await freePort();
  const server = startChild(
    process.execPath,
    [...(opts.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []), SERVER_MAIN],
    {
      // A clean environment: nothing from the caller's shell (DATA_DIR, an AES key…) changes the server.
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NO_COLOR: '1',
      PORT: String(port),
      DATABASE_URL: scratch.url,
      WECHAT_APPID: WECHAT.appid,
      WECHAT_APPSECRET: WECHAT.secret,
      WECHAT_TOKEN: WECHAT.token,
      AUTH_SECRET: 'bench-auth-secret-0123456789abcdef0123456789',
      WECHAT_API_BASE: fake.baseUrl,
      WORKER_POLL_MS: '1000',
      WEB_CONCURRENCY: String(opts.workers),
      SEED_DEMO: 'false',
    },
    ROOT,
  );
  onCleanup('stop server', () => server.stop());
  const base = `http://127.0.0.1:${port}`;
  try {
    const bootMs = await waitForHealthy(`${base}/healthz`, server, HEALTH_TIMEOUT_MS);
    console.log(`Server up on ${base} in ${(bootMs / 1000).toFixed(1)} s (migrations included)`);
  } catch (e) {
    console.error(`--- server output (last lines) ---\n${server.log.text()}\n---`);
    throw e;
  }

  const target: Target = {
    name: 'ours',
    url: `${base}/wechat`,
    judge: (_sent, reply) => {
      const content = reply?.Content ?? '';
      return CASE_NUMBER.test(content) ? null : `reply without case number: ${JSON.stringify(content.slice(0, 24))}`;
    },
  };

  // Warm-up: opens the pool's connections and warms the JIT; its cases are counted in the check below.
  const warm = await warmUp(lib, target, opts.warmup, 'oWarm');
  console.log(
    `Warm-up: ${warm.ok}/${warm.attempted} ok${warm.errors.size ? ` (${[...warm.errors].map(([w, n]) => `${n}× ${w}`).join('; ')})` : ''}`,
  );

  // What PostgreSQL sessions of the server are doing, sampled during the load.
  const sampler = new (loadPg().Client)({ connectionString: scratch.url });
  await sampler.connect();
  onCleanup('close sampler', () => sampler.end());
  const samples = { n: 0, active: 0, lock: 0, idleInTx: 0, maxLock: 0 };
  let sampling = true;
  const sampleLoop = (async () => {
    while (sampling) {
      const { rows } = await sampler.query<{ active: number; lock: number; idle_tx: number }>(
        `SELECT count(*) FILTER (WHERE state = 'active')::int AS active,
                count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS lock,
                count(*) FILTER (WHERE state LIKE 'idle in transaction%')::int AS idle_tx
           FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      samples.n++;
      samples.active += rows[0].active;
      samples.lock += rows[0].lock;
      samples.idleInTx += rows[0].idle_tx;
      samples.maxLock = Math.max(samples.maxLock, rows[0].lock);
      await sleep(250);
    }
  })().catch((e: unknown) => {
    if (!interrupted.signal.aborted) console.error(`pg_stat_activity sampling stopped: ${(e as Error).message}`);
  });

  console.log(`\nLoad: ${opts.residents} residents at once × ${opts.messages} messages each…`);
  // The server's pool may still open connections: the backends are listed again at the end.
  const backendPids = async () =>
    (
      await sampler.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      )
    ).rows.map((r) => r.pid);
  const perMessage = perMessageMeter(server.proc.pid, backendPids);
  const cpu = cpuMeter(server.proc.pid);
  const load = await runLoad(lib, WECHAT, target, {
    residents: opts.residents,
    messages: opts.messages,
    openidPrefix: 'oBench',
    signal: interrupted.signal,
  });
  const cpuLine = cpu();
  sampling = false;
  await sampleLoop;
  const perMessageLine = await perMessage(load.attempted);
  checkInterrupted();
  const s = stats(load);
  printLoad('\n民声直达 server (NestJS + TypeORM + PostgreSQL), POST /wechat → case filed → passive reply', load, s);
  console.log(`  CPU                ${cpuLine}`);
  console.log(`  CPU per message    ${perMessageLine}`);
  if (samples.n > 0) {
    const avg = (x: number) => (x / samples.n).toFixed(1);
    console.log(
      `  PostgreSQL         server sessions on average: ${avg(samples.active)} active, ${avg(samples.lock)} waiting on a lock (max ${samples.maxLock}), ${avg(samples.idleInTx)} idle in transaction (${samples.n} samples)`,
    );
  }
  const serverErrors = server.log.grep(/ERROR|not handled|Error:/);
  if (serverErrors.length) console.log(`  server errors      ${server.log.errorLines} lines, e.g.\n    ${serverErrors.join('\n    ')}`);

  // Count what the database holds against what was sent.
  const verdict = await verify(pg, scratch.url, [warm, load]);
  console.log(`\nDatabase check (${verdict.ok ? 'consistent' : 'NOT consistent'}):\n  ${verdict.lines.join('\n  ')}`);

  const pgVersion = await (async () => {
    const c = new pg.Client({ connectionString: scratch.url });
    await c.connect();
    try {
      return (await c.query<{ version: string }>('SELECT version()')).rows[0].version;
    } finally {
      await c.end();
    }
  })();

  // Stop the server now so the baseline has the machine to itself (the later cleanup is a no-op).
  await server.stop();
  if (opts.cpuProf) console.log(`  CPU profile        ${PROFILE_DIR}/ (warm-up and load; open in Chrome DevTools › Performance)`);
  return { load, stats: s, verdict, pgVersion };
}

/**
 * No lost and no doubled case. Each message must be recorded once (wechat_inbound), every case
 * number a resident was told must exist and be theirs, and no case may exist that nobody was told
 * of (a double filing, or one whose reply was lost). With one case per message — the server's
 * behaviour when this was written — that is exactly "case_file rows = messages sent"; a server
 * that adds a resident's follow-up messages to the case just filed replies with the same number,
 * and the check then counts those replies as follow-ups rather than failing.
 */
async function verify(pg: ReturnType<typeof loadPg>, url: string, phases: LoadResult[]): Promise<{ ok: boolean; lines: string[] }> {
  let sent = 0;
  const residents = new Set<string>();
  const told = new Map<string, string>(); // case number → the resident told of it
  let toldTwice = 0; // numbers told to two different residents
  let replies = 0;
  for (const p of phases) {
    sent += p.attempted;
    for (const openid of p.sentPerOpenid.keys()) residents.add(openid);
    for (const r of p.replies) {
      replies++;
      const number = CASE_NUMBER.exec(r.content)![0];
      const before = told.get(number);
      if (before !== undefined && before !== r.openid) toldTwice++;
      told.set(number, r.openid);
    }
  }
  const followUps = replies - told.size;

  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const totals = (
      await c.query<{ rows: number; numbers: number; inbound: number }>(
        `SELECT (SELECT count(*) FROM case_file)::int AS rows,
                (SELECT count(DISTINCT number) FROM case_file)::int AS numbers,
                (SELECT count(*) FROM wechat_inbound)::int AS inbound`,
      )
    ).rows[0];
    const cases = (await c.query<{ number: string; openid: string | null }>(`SELECT number, resident_openid AS openid FROM case_file`))
      .rows;

    const inDb = new Map(cases.map((r) => [r.number, r.openid]));
    let lost = 0; // told, but no such case (or not the resident's)
    for (const [number, openid] of told) if (inDb.get(number) !== openid) lost++;
    const untold = cases.filter((r) => r.openid !== null && residents.has(r.openid) && !told.has(r.number)).length;
    const strangers = cases.filter((r) => r.openid === null || !residents.has(r.openid)).length;

    const rowsLine = `case_file rows ${totals.rows} = messages sent ${sent} (warm-up included)`;
    const checks: Array<[boolean | 'info', string]> = [
      [totals.inbound === sent, `wechat_inbound rows ${totals.inbound} = messages sent ${sent} (each message recorded once)`],
      totals.rows === sent
        ? [true, rowsLine]
        : followUps > 0 && totals.rows === told.size
          ? [
              'info',
              `case_file rows ${totals.rows} < messages sent ${sent}: ${followUps} replies added to a case already filed (follow-ups)`,
            ]
          : [false, rowsLine.replace(' = ', ' ≠ ')],
      [totals.numbers === totals.rows, `distinct case numbers ${totals.numbers} = rows ${totals.rows}`],
      [lost === 0, `case numbers told to residents: ${told.size}, missing from case_file or not theirs: ${lost}`],
      [toldTwice === 0, `case numbers told to two different residents: ${toldTwice}`],
      [
        untold === 0 && strangers === 0,
        `cases nobody was told of (doubled or reply lost): ${untold}; cases of unknown residents: ${strangers}`,
      ],
    ];
    const mark = (ok: boolean | 'info') => (ok === 'info' ? 'info' : ok ? 'ok  ' : 'FAIL');
    return { ok: checks.every(([ok]) => ok !== false), lines: checks.map(([ok, line]) => `${mark(ok)} ${line}`) };
  } finally {
    await c.end();
  }
}

async function benchBaseline(lib: WechatLib, opts: Options): Promise<{ load: LoadResult; stats: Stats }> {
  const port = await freePort();
  const echo: Child = startChild(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, 'co-wechat-echo.ts')],
    {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SWC_NODE_PROJECT: join(__dirname, 'tsconfig.json'),
      PORT: String(port),
      WECHAT_TOKEN: WECHAT.token,
      WECHAT_APPID: WECHAT.appid,
    },
    ROOT,
  );
  onCleanup('stop co-wechat echo', () => echo.stop());
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHealthy(`${base}/healthz`, echo, HEALTH_TIMEOUT_MS);
  } catch (e) {
    console.error(`--- echo server output ---\n${echo.log.text()}\n---`);
    throw e;
  }
  const target: Target = {
    name: 'co-wechat echo',
    url: `${base}/wechat`,
    judge: (sent, reply) =>
      reply?.Content === `收到：${sent.content}` ? null : `wrong echo: ${JSON.stringify((reply?.Content ?? '').slice(0, 24))}`,
  };
  await warmUp(lib, target, opts.warmup, 'oWarmEcho');
  const perMessage = perMessageMeter(echo.proc.pid, () => Promise.resolve([]));
  const cpu = cpuMeter(echo.proc.pid);
  const load = await runLoad(lib, WECHAT, target, {
    residents: opts.residents,
    messages: opts.messages,
    openidPrefix: 'oEcho',
    signal: interrupted.signal,
  });
  const cpuLine = cpu();
  const perMessageLine = await perMessage(load.attempted);
  checkInterrupted();
  const s = stats(load);
  printLoad('\nBaseline: bare co-wechat 2.4.0 echo (plain node http, no database), same load', load, s);
  console.log(`  CPU                ${cpuLine}`);
  console.log(`  CPU per message    ${perMessageLine.replace(/, PostgreSQL[^,]*,/, ',')}`);
  await echo.stop();
  return { load, stats: s };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (!readyBuild(opts.build)) return 1;
  const lib = loadWechat();
  const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const host = new URL(serverUrl).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`DATABASE_URL must point at 127.0.0.1 (got ${host})`);

  // Other work on the machine skews every figure below: measure it for a second first.
  const before = machineCpuSeconds();
  await sleep(1000);
  const after = machineCpuSeconds();
  const otherLoad = after.busy - before.busy;
  console.log(`Machine before start: ${otherLoad.toFixed(2)} of ${os.cpus().length} cores busy with other work`);

  const ours = await benchOurs(lib, opts, serverUrl);
  const bare = opts.baseline ? await benchBaseline(lib, opts) : undefined;

  if (bare) {
    const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : 'n/a');
    console.log('\nOurs vs bare co-wechat');
    console.log(
      `  throughput   ${ours.stats.perSecond.toFixed(1)} vs ${bare.stats.perSecond.toFixed(1)} messages/s = ${ratio(ours.stats.perSecond, bare.stats.perSecond)}`,
    );
    console.log(`  p50          ${ms(ours.stats.p50)} vs ${ms(bare.stats.p50)} = ${ratio(ours.stats.p50, bare.stats.p50)}`);
    console.log(`  p99          ${ms(ours.stats.p99)} vs ${ms(bare.stats.p99)} = ${ratio(ours.stats.p99, bare.stats.p99)}`);
  }

  // A benchmark prints; it does not assert.
  const s = ours.stats;
  const noErrors = ours.load.errors.size === 0;
  const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  const cpuModel = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const nodeVersion = execFileSync(process.execPath, ['-v'], { encoding: 'utf8' }).trim();
  console.log('\nSummary');
  console.log(
    `  machine      ${os.cpus().length} cores (${cpuModel}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${nodeVersion}, ${ours.pgVersion.split(',')[0]}`,
  );
  console.log(
    `  load         ${opts.residents} residents at once × ${opts.messages} messages; load generator on the same machine; ${otherLoad.toFixed(2)} cores busy with other work before start`,
  );
  console.log(
    `  result       ${s.perSecond.toFixed(1)} messages/s, p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)}, ${ours.load.attempted - ours.load.ok} errors`,
  );
  console.log(
    `  ${mark(opts.residents >= TARGETS.residents && noErrors)}  ${TARGETS.residents} residents at once, all answered (ran ${opts.residents}, ${ours.load.ok}/${ours.load.attempted} answered)`,
  );
  console.log(
    `  ${mark(noErrors && s.max < TARGETS.maxReplyMs)}  every reply < 5 s (max ${ms(s.max)}, ${s.over5s} over, ${ours.load.attempted - ours.load.ok} unanswered)`,
  );
  console.log(`  ${mark(s.p99 < TARGETS.p99Ms)}  p99 < ${TARGETS.p99Ms} ms (p99 ${ms(s.p99)})`);
  console.log(`  ${mark(s.perSecond >= TARGETS.perSecond)}  at least ${TARGETS.perSecond} messages/s (${s.perSecond.toFixed(1)})`);
  if (bare) {
    const echoRatio = s.perSecond / bare.stats.perSecond;
    console.log(
      `  ${mark(echoRatio >= TARGETS.echoRatio)}  at least ${TARGETS.echoRatio}× the bare co-wechat echo of this run (${echoRatio.toFixed(2)}× of ${bare.stats.perSecond.toFixed(1)} messages/s)`,
    );
  }
  console.log(`  ${mark(ours.verdict.ok)}  no lost or doubled case`);
  return 0;
}

main()
  .then(async (code) => {
    await cleanupAll();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    if (interrupted.signal.aborted) return; // the signal handler cleans up and exits
    console.error(`\nbench:webhook broke: ${err instanceof Error ? err.message : String(err)}`);
    await cleanupAll();
    process.exit(1);
  });
