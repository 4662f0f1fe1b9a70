/**
 * pnpm bench:notify [--messages 10000] [--workers 1] [--warmup 200] [--faults] [--latency MS] [--timeout 600] [--build]
 *
 * A benchmark, not a test: how many notifications a minute the real server's outbox delivers
 * to a fake WeChat API when a backlog of N pending messages lands in outbox_message at once.
 * It prints figures and checks (exactly once, nothing failed); it exits non-zero only when the
 * run itself broke (build, database, server start, server died…).
 */
import { boundedInt, eachFlag } from './lib/cli';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { complaint } from './lib/load';
import { freePort, machineCpuSeconds, startChild, treeCpuSeconds, waitForHealthy } from './lib/processes';
import { readyBuild, loadPg, loadScratch, loadWechat, ROOT, SERVER_MAIN, type PgLib } from './lib/workspace';

const WECHAT = { appid: 'wxbench0000000001', secret: 'bench-secret-000001', token: 'benchtoken' };
const TEMPLATE_ID = 'TPL_BENCH_CASE_ASSIGNED';
const TEMPLATE_PATH = '/cgi-bin/message/template/send';
const HEALTH_TIMEOUT_MS = 60_000;
const POLL_MS = 250;
const PROGRESS_EVERY_MS = 2000;
const WORKER_POLL_MS = 200;
const STATS_FLUSH_MS = 11_000;
const OUTBOX_DIST = join(ROOT, 'apps/server/dist/modules/notifications/outbox.service.js');

// ---------------------------------------------------------------------------------------------
// Arguments

interface Options {
  messages: number;
  workers: number;
  /** Messages sent through the server before the backlog (not counted): warms the JIT and the pool. */
  warmup: number;
  faults: boolean;
  /** Every template/send of the backlog waits this long in the fake (WeChat's round trip; the fake alone answers at once). */
  latencyMs: number;
  timeoutS: number;
  build: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { messages: 10_000, workers: 1, warmup: 200, faults: false, latencyMs: 0, timeoutS: 600, build: false };
  eachFlag(argv, (flag, value, arg) => {
    switch (flag) {
      case '--messages':
        opts.messages = boundedInt('messages', value(), 1, 200_000);
        break;
      case '--workers':
        opts.workers = boundedInt('workers', value(), 1, 8);
        break;
      case '--warmup':
        opts.warmup = boundedInt('warmup', value(), 0, 5000);
        break;
      case '--timeout':
        opts.timeoutS = boundedInt('timeout', value(), 10, 3600);
        break;
      case '--latency':
        opts.latencyMs = boundedInt('latency', value(), 0, 5000);
        break;
      case '--faults':
        opts.faults = true;
        break;
      case '--build':
        opts.build = true;
        break;
      case '--':
        break;
      default:
        throw new Error(`unknown argument ${arg} (known: --messages N --workers K --warmup W --faults --latency MS --timeout SECONDS --build)`);
    }
  });
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Cleanup: everything started is registered here and undone in reverse order, on success,
// on failure and on Ctrl-C (same scheme as webhook.ts).

const cleanups: Array<{ what: string; run: () => Promise<void> }> = [];
let cleaning: Promise<void> | undefined;

function onCleanup(what: string, run: () => Promise<void>): void {
  cleanups.push({ what, run });
}

function cleanupAll(): Promise<void> {
  return (cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const step = cleanups.pop()!;
      const outcome = await Promise.race([step.run().then(() => 'ok'), sleep(15_000).then(() => 'timed out')]).catch(
        (e: unknown) => `failed: ${(e as Error).message}`,
      );
      if (outcome !== 'ok') console.error(`cleanup (${step.what}) ${outcome}`);
    }
  })());
}

const interrupted = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the server, dropping the scratch database…`);
    interrupted.abort();
    void cleanupAll().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// Helpers

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';
const perMin = (count: number, ms: number) => (ms > 0 ? (count / ms) * 60_000 : NaN);

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
    const machine = (machineCpuSeconds().busy - machine0.busy) / wall;
    const rest = machine - server - bench;
    const rough = wall < 2 ? ` (rough: ${wall.toFixed(2)} s phase)` : '';
    return `machine ${machine.toFixed(2)} cores busy: node server ${server.toFixed(2)}, bench (fake WeChat + DB polling) ${bench.toFixed(2)}, PostgreSQL & rest ${rest.toFixed(2)}${rough}`;
  };
}

/** A 28-character openid like WeChat's, distinct per message; [A-Za-z0-9_-] as the fake requires. */
const openidOf = (prefix: string, i: number) => `${prefix}${String(i).padStart(7, '0')}`.padEnd(28, 'x');

interface Rows {
  tousers: string[];
  keys: string[];
  payloads: string[];
}

/** Rows as the server's enqueue() writes them for case_assigned; keys are `${keyPrefix}${i}`. */
function backlog(n: number, keyPrefix: string, openidPrefix: string): Rows {
  const tousers: string[] = [];
  const keys: string[] = [];
  const payloads: string[] = [];
  for (let i = 1; i <= n; i++) {
    tousers.push(openidOf(openidPrefix, i));
    keys.push(`${keyPrefix}${i}`);
    const body = {
      template_id: TEMPLATE_ID,
      data: {
        character_string1: { value: `MS20261126-${String(i).padStart(4, '0')}` },
        thing2: { value: complaint(i, 0).slice(0, 20) },
        time3: { value: '2026-12-03' },
        thing4: { value: '请及时签收办理' },
      },
    };
    payloads.push(JSON.stringify({ channels: [{ via: 'template', body }], optional: false }));
  }
  return { tousers, keys, payloads };
}

/** All rows in one statement (one transaction: the workers see them all at once). */
async function insertRows(db: InstanceType<PgLib['Client']>, rows: Rows): Promise<void> {
  await db.query(
    `INSERT INTO outbox_message (kind, case_id, touser, payload, idempotency_key)
     SELECT 'case_assigned', NULL, t, p::jsonb, k FROM unnest($1::text[], $2::text[], $3::text[]) AS r(t, p, k)`,
    [rows.tousers, rows.payloads, rows.keys],
  );
}

const CLAIM_SELECT = `SELECT id FROM outbox_message
  WHERE status = 'pending' AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until < now())
  ORDER BY next_attempt_at LIMIT 20`;

/** The claim's inner SELECT under EXPLAIN ANALYZE (no FOR UPDATE: it locks nothing), in one line. */
async function explainClaim(db: InstanceType<PgLib['Client']>): Promise<string> {
  const lines = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${CLAIM_SELECT}`)).rows.map((x) => x['QUERY PLAN']);
  const scan = lines.find((l) => / Scan /.test(l) && /rows=\d+/.test(l)) ?? '';
  const node = /(?:->\s*)?([A-Za-z ]*Scan)(?: using \S+)? on/.exec(scan)?.[1]?.trim() ?? '?';
  const scanned = /rows=(\d+)/.exec(scan)?.[1] ?? '?';
  const sort = lines.some((l) => /Sort Method/.test(l)) ? ' + sort' : '';
  const ms = /Execution Time: ([\d.]+) ms/.exec(lines.join('\n'))?.[1] ?? '?';
  return `${ms} ms (${node}${sort}: ${fmt(Number(scanned))} rows read for 20)`;
}

/** Table and database counters of PostgreSQL's cumulative statistics (flushed by backends about once a second). */
async function pgCounters(c: InstanceType<PgLib['Client']>) {
  const { rows } = await c.query<{
    xact: string;
    outbox_seq: string;
    outbox_idx: string;
    outbox_upd: string;
    token_scans: string;
  }>(
    `SELECT (SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database())::text AS xact,
            (SELECT coalesce(seq_scan, 0) FROM pg_stat_user_tables WHERE relname = 'outbox_message')::text AS outbox_seq,
            (SELECT coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = 'outbox_message')::text AS outbox_idx,
            (SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'outbox_message')::text AS outbox_upd,
            (SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = 'wechat_access_token')::text AS token_scans`,
  );
  const r = rows[0];
  return {
    xact: Number(r.xact),
    outboxSeq: Number(r.outbox_seq),
    outboxIdx: Number(r.outbox_idx),
    outboxUpd: Number(r.outbox_upd),
    tokenScans: Number(r.token_scans),
  };
}

// ---------------------------------------------------------------------------------------------

interface Sample {
  t: number; // DB clock, ms since epoch
  sent: number;
  failed: number;
  pending: number;
  active: number;
  lock: number;
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (!readyBuild(opts.build)) return 1;
  // The backlog is written in the channels format ({channels: [{via, body}]}); a build from
  // before that format would send every row without a template_id and fail it.
  if (!readFileSync(OUTBOX_DIST, 'utf8').includes('channel_index')) {
    console.error(`${OUTBOX_DIST.slice(ROOT.length + 1)} predates the channels payload of outbox_message: run with --build`);
    return 1;
  }
  const lib = loadWechat();
  const pg = loadPg();
  const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const host = new URL(serverUrl).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`DATABASE_URL must point at 127.0.0.1 (got ${host})`);

  // Other work on the machine skews every figure below: measure it for a second first.
  const before = machineCpuSeconds();
  await sleep(1000);
  const otherLoad = machineCpuSeconds().busy - before.busy;
  console.log(`Machine before start: ${otherLoad.toFixed(2)} of ${os.cpus().length} cores busy with other work`);

  const { createScratchDatabase } = loadScratch();
  const scratch = await createScratchDatabase(serverUrl);
  onCleanup('drop scratch database', () => scratch.drop());
  console.log(`Scratch database: ${new URL(scratch.url).pathname.slice(1)}`);

  const fake = new lib.FakeWechat({ appid: WECHAT.appid, secret: WECHAT.secret, templateIds: [TEMPLATE_ID] });
  const fakeServer = await fake.listen();
  onCleanup('close fake WeChat', () => fakeServer.close());

  const port = await freePort();
  const server = startChild(
    process.execPath,
    [SERVER_MAIN],
    {
      // A clean environment: nothing from the caller's shell changes the server.
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NO_COLOR: '1',
      PORT: String(port),
      DATABASE_URL: scratch.url,
      WECHAT_APPID: WECHAT.appid,
      WECHAT_APPSECRET: WECHAT.secret,
      WECHAT_TOKEN: WECHAT.token,
      AUTH_SECRET: 'bench-auth-secret-0123456789abcdef0123456789',
      WECHAT_API_BASE: fakeServer.baseUrl,
      WORKER_POLL_MS: String(WORKER_POLL_MS),
      WEB_CONCURRENCY: String(opts.workers),
      SEED_DEMO: 'false',
    },
    ROOT,
  );
  onCleanup('stop server', () => server.stop());
  const started = { n: 0 };
  const outboxLog = { retried: 0, failed: 0 };
  const count = (text: string, what: string) => text.split(what).length - 1;
  for (const stream of [server.proc.stdout!, server.proc.stderr!]) {
    stream.on('data', (c: Buffer) => {
      const text = c.toString('utf8');
      started.n += count(text, 'application successfully started');
      outboxLog.retried += count(text, 'will be retried');
      outboxLog.failed += count(text, 'failed for good');
    });
  }
  let serverGone: number | null | undefined;
  void server.exited.then((code) => (serverGone = code));
  const base = `http://127.0.0.1:${port}`;
  try {
    const bootMs = await waitForHealthy(`${base}/healthz`, server, HEALTH_TIMEOUT_MS);
    console.log(`Server up on ${base} in ${(bootMs / 1000).toFixed(1)} s (${opts.workers} process${opts.workers > 1 ? 'es' : ''}, migrations included)`);
  } catch (e) {
    console.error(`--- server output (last lines) ---\n${server.log.text()}\n---`);
    throw e;
  }

  const db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  onCleanup('close database client', () => db.end());
  const pgVersion = (await db.query<{ version: string }>('SELECT version()')).rows[0].version;

  // With several processes, /healthz answers once the first is up: wait for every one of them
  // (Nest says so once per process), so the run does not measure boot.
  if (opts.workers > 1) {
    const deadline = Date.now() + HEALTH_TIMEOUT_MS;
    while (started.n < opts.workers && Date.now() < deadline && serverGone === undefined) await sleep(100);
    if (started.n < opts.workers) console.log(`note: only ${started.n} of ${opts.workers} server processes said they started`);
  }

  const templateRequests = () => fake.requests.filter((r) => r.path === TEMPLATE_PATH).length;
  // Counted from before the warm-up: its statistics may reach the views only seconds later.
  const counters0 = await pgCounters(db);
  let ownQueries = 1; // the read of counters0 commits after it
  const runId = Date.now().toString(36);
  const warm = { sent: 0, failed: 0 };
  if (opts.warmup > 0) {
    // Not counted: the server's JIT, its pool and its token are warm when the backlog lands.
    const t = Date.now();
    await insertRows(db, backlog(opts.warmup, `case_assigned:bench-${runId}-warm:`, 'oWarm'));
    const deadline = Date.now() + 60_000;
    let sent = 0;
    while (sent < opts.warmup && Date.now() < deadline && serverGone === undefined && !interrupted.signal.aborted) {
      await sleep(100);
      sent = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_message WHERE status <> 'pending'`)).rows[0].n;
      ownQueries++;
    }
    console.log(`Warm-up: ${sent}/${opts.warmup} messages delivered in ${((Date.now() - t) / 1000).toFixed(1)} s (not counted)`);
    if (sent < opts.warmup) throw new Error('warm-up did not finish within 60 s');
    Object.assign(
      warm,
      (
        await db.query<{ sent: number; failed: number }>(
          `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM outbox_message`,
        )
      ).rows[0],
    );
    ownQueries += 2;
    if (warm.failed > 0) console.log(`  note: ${warm.failed} warm-up messages failed`);
  }
  const warmTemplateRequests = templateRequests();
  const warmSent = fake.sent.length;
  const keyPrefix = `case_assigned:bench-${runId}:`;
  const rows = backlog(opts.messages, keyPrefix, 'oNotify');
  const faultsInjected = { e45009: 0, e40001: 0 };
  if (opts.faults) {
    // At the start: 50 quota errors, then three invalid-token answers (the client expires the
    // token, takes a current one and tries again once; two in a row fail the attempt).
    fake.failNext(TEMPLATE_PATH, 45009, 50);
    fake.failNext(TEMPLATE_PATH, 40001, 3);
    faultsInjected.e45009 = 50;
    faultsInjected.e40001 = 3;
    console.log(`Faults: the next 50 template/send answer 45009 (daily quota), then 3 answer 40001 (invalid token)`);
  }

  if (opts.latencyMs > 0) {
    // Each call of the backlog (retries included, hence the margin) waits before the fake answers.
    fake.delayNext(TEMPLATE_PATH, opts.latencyMs, opts.messages * 2);
    console.log(`Latency: every template/send waits ${opts.latencyMs} ms in the fake before its answer`);
  }

  // ---- the backlog, in one statement
  console.log(`\nBacklog: ${fmt(opts.messages)} pending template messages in one INSERT…`);
  const cpu = cpuMeter(server.proc.pid);
  const insertStart = Date.now();
  await insertRows(db, rows);
  const t0 = Number((await db.query<{ t: string }>(`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::text AS t`)).rows[0].t);
  const claimAtStart = await explainClaim(db);
  ownQueries += 3;
  console.log(`  inserted in ${fmt(Date.now() - insertStart)} ms; delivering (poll every ${POLL_MS} ms, timeout ${opts.timeoutS} s)…`);

  // ---- drain, watched
  const samples: Sample[] = [];
  let lastPrint = { t: t0, sent: 0 };
  let claimHalfway: string | undefined;
  const deadline = Date.now() + opts.timeoutS * 1000;
  let outcome: 'done' | 'timeout' = 'timeout';
  while (Date.now() < deadline) {
    if (interrupted.signal.aborted) throw new Error('interrupted');
    if (serverGone !== undefined) {
      console.error(`--- server output (last lines) ---\n${server.log.text()}\n---`);
      throw new Error(`server exited (code ${serverGone}) during the run`);
    }
    await sleep(POLL_MS);
    const r = (
      await db.query<{ t: string; sent: number; failed: number; pending: number; active: number; lock: number }>(
        `SELECT (extract(epoch FROM clock_timestamp()) * 1000)::text AS t,
                count(*) FILTER (WHERE status = 'sent')::int AS sent,
                count(*) FILTER (WHERE status = 'failed')::int AS failed,
                count(*) FILTER (WHERE status = 'pending')::int AS pending,
                (SELECT count(*) FROM pg_stat_activity
                  WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active')::int AS active,
                (SELECT count(*) FROM pg_stat_activity
                  WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock')::int AS lock
           FROM outbox_message`,
      )
    ).rows[0];
    ownQueries++;
    const s: Sample = { ...r, sent: r.sent - warm.sent, failed: r.failed - warm.failed, t: Number(r.t) };
    samples.push(s);
    if (s.t - lastPrint.t >= PROGRESS_EVERY_MS - POLL_MS / 2 || s.pending === 0) {
      const dt = s.t - lastPrint.t;
      console.log(
        `  ${((s.t - t0) / 1000).toFixed(1).padStart(6)} s  sent ${fmt(s.sent).padStart(7)}/${fmt(opts.messages)}  ` +
          `${fmt(perMin(s.sent - lastPrint.sent, dt)).padStart(7)}/min over the last ${(dt / 1000).toFixed(1)} s, ` +
          `${fmt(perMin(s.sent, s.t - t0)).padStart(7)}/min since the insert; ${s.failed} failed, ${fmt(s.pending)} pending`,
      );
      lastPrint = { t: s.t, sent: s.sent };
    }
    // Half-way: how PostgreSQL runs the claim's inner query over a half-drained backlog
    // (read-only, no FOR UPDATE: it locks nothing).
    if (!claimHalfway && s.sent >= opts.messages / 2 && s.pending > 0) {
      claimHalfway = await explainClaim(db);
      ownQueries++;
    }
    if (s.pending === 0) {
      outcome = 'done';
      break;
    }
  }
  const cpuLine = cpu();
  if (outcome === 'timeout') console.log(`  TIMEOUT after ${opts.timeoutS} s: stopped watching`);

  // PostgreSQL 15 flushes a backend's statistics at most once a second, and a backend that then
  // goes idle (a pool connection the server no longer uses) only after 10 s: wait for them.
  console.log(`  (waiting ${STATS_FLUSH_MS / 1000} s for PostgreSQL's statistics of the server's sessions)`);
  await sleep(STATS_FLUSH_MS);
  const counters1 = await pgCounters(db);

  // ---- figures from the rows
  const fig = (
    await db.query<{
      sent: number;
      failed: number;
      pending: number;
      first_sent: string | null;
      last_sent: string | null;
      p50: number | null;
      p99: number | null;
      max: number | null;
      retried: number;
      attempts: number;
      no_msgid: number;
      via_template: number;
    }>(
      `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status = 'pending')::int AS pending,
              (extract(epoch FROM min(sent_at)) * 1000)::text AS first_sent,
              (extract(epoch FROM max(sent_at)) * 1000)::text AS last_sent,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - created_at) * 1000)::float8 AS p50,
              percentile_disc(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - created_at) * 1000)::float8 AS p99,
              max(extract(epoch FROM sent_at - created_at) * 1000)::float8 AS max,
              count(*) FILTER (WHERE attempts > 1)::int AS retried,
              coalesce(sum(attempts), 0)::int AS attempts,
              count(*) FILTER (WHERE status = 'sent' AND wechat_msgid IS NULL)::int AS no_msgid,
              count(*) FILTER (WHERE sent_via = 'template')::int AS via_template
         FROM outbox_message WHERE left(idempotency_key, length($1)) = $1`,
      [keyPrefix],
    )
  ).rows[0];
  const lastErrors = (
    await db.query<{ last_error: string; n: number }>(
      `SELECT regexp_replace(last_error, ' rid: .*$', '') AS last_error, count(*)::int AS n
         FROM outbox_message WHERE last_error IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 5`,
    )
  ).rows;
  const msgids = (
    await db.query<{ k: string; m: string | null }>(
      `SELECT idempotency_key AS k, wechat_msgid AS m FROM outbox_message WHERE status = 'sent' AND left(idempotency_key, length($1)) = $1`,
      [keyPrefix],
    )
  ).rows;

  const firstSent = Number(fig.first_sent);
  const lastSent = Number(fig.last_sent);
  const totalMs = lastSent - t0;
  const first = samples[0];
  const steadyMs = first ? lastSent - first.t : NaN;
  const steadyCount = first ? fig.sent - first.sent : NaN;

  // ---- what the fake saw
  const templates = fake.sent.slice(warmSent).filter((m) => m.kind === 'template');
  const byKey = new Map<string, { touser: string; msgid: number; n: number }>();
  for (const m of templates) {
    const k = m.client_msg_id ?? '';
    const seen = byKey.get(k);
    if (seen) seen.n++;
    else byKey.set(k, { touser: m.touser, msgid: m.msgid, n: 1 });
  }
  const expected = new Map(rows.keys.map((k, i) => [k, rows.tousers[i]]));
  const strangers = [...byKey.keys()].filter((k) => !expected.has(k)).length;
  const wrongUser = [...byKey].filter(([k, v]) => expected.has(k) && expected.get(k) !== v.touser).length;
  const msgidMismatch = msgids.filter((r) => String(byKey.get(r.k)?.msgid) !== r.m).length;
  const stableTokenCalls = fake.requests.filter((r) => r.path === '/cgi-bin/stable_token').length;

  // ---- print
  const n = opts.messages;
  console.log(`\nOutbox drain: ${fmt(n)} template messages, ${opts.workers} server process${opts.workers > 1 ? 'es' : ''}, WORKER_POLL_MS=${WORKER_POLL_MS}${opts.faults ? ', faults injected' : ''}${opts.latencyMs ? `, WeChat latency ${opts.latencyMs} ms` : ''}`);
  console.log(`  outcome            ${outcome === 'done' ? 'nothing left pending' : `TIMEOUT (${fig.pending} still pending)`}`);
  console.log(`  total time         ${(totalMs / 1000).toFixed(2)} s from the insert's commit to the last sent_at (first sent after ${fmt(firstSent - t0)} ms)`);
  console.log(`  throughput         ${fmt(perMin(fig.sent, totalMs))} notifications/min overall (${fmt((fig.sent / totalMs) * 1000, 1)}/s)`);
  console.log(
    `                     ${fmt(perMin(steadyCount, steadyMs))} notifications/min steady-state (after the first poll at ${first ? fmt(first.t - t0) : 'n/a'} ms: ${fmt(steadyCount)} in ${(steadyMs / 1000).toFixed(2)} s)`,
  );
  console.log(`  queue latency      p50 ${(Number(fig.p50) / 1000).toFixed(2)} s   p99 ${(Number(fig.p99) / 1000).toFixed(2)} s   max ${(Number(fig.max) / 1000).toFixed(2)} s   (sent_at − created_at; all ${fmt(n)} rows created at once)`);
  console.log(`  CPU                ${cpuLine}`);
  if (samples.length) {
    const avg = (f: (s: Sample) => number) => (samples.reduce((a, s) => a + f(s), 0) / samples.length).toFixed(1);
    console.log(
      `  PostgreSQL         server sessions on average ${avg((s) => s.active)} active, ${avg((s) => s.lock)} waiting on a lock (max ${Math.max(...samples.map((s) => s.lock))}); ${samples.length} samples`,
    );
  }
  const all = n + opts.warmup;
  const d = {
    xact: counters1.xact - counters0.xact - ownQueries,
    seq: counters1.outboxSeq - counters0.outboxSeq,
    idx: counters1.outboxIdx - counters0.outboxIdx,
    upd: counters1.outboxUpd - counters0.outboxUpd,
    token: counters1.tokenScans - counters0.tokenScans,
  };
  console.log(
    `  per message        ${(d.xact / all).toFixed(2)} PostgreSQL transactions (idle polling included), ${(d.upd / all).toFixed(2)} outbox_message row updates, ${(d.token / all).toFixed(2)} reads of wechat_access_token${opts.warmup ? ' (warm-up included)' : ''}`,
  );
  console.log(`  outbox_message     ${fmt(d.idx)} index scans, ${fmt(d.seq)} sequential scans (the bench's own counts included)`);
  console.log(`  claim query        at the start ${claimAtStart}; at half-way ${claimHalfway ?? 'n/a'}`);
  console.log(`  WeChat calls       ${fmt(templateRequests() - warmTemplateRequests)} template/send requests for ${fmt(n)} messages, ${stableTokenCalls} stable_token, ${fake.issuedTokens()} token(s) issued`);
  console.log(
    `  retries            ${fmt(fig.retried)} rows needed more than one attempt (${fmt(fig.attempts)} attempts in all); server log: ${outboxLog.retried} "will be retried", ${outboxLog.failed} "failed for good"`,
  );
  if (lastErrors.length) console.log(`  last errors        ${lastErrors.map((e) => `${e.n}× ${e.last_error}`).join('; ')}`);
  const serverErrors = server.log.grep(/ERROR|not handled|Error:/);
  if (serverErrors.length) console.log(`  server errors      ${server.log.errorLines} lines, e.g.\n    ${serverErrors.join('\n    ')}`);

  // Calls beyond one per message and one per injected fault: a message sent again (a lease that
  // ran out while the row waited in a worker's batch, or an ack lost after the send). WeChat's
  // client_msg_id de-duplication absorbs those; the fake does it as WeChat is assumed to.
  const repeats = templateRequests() - warmTemplateRequests - n - faultsInjected.e45009 - faultsInjected.e40001;
  const checks: Array<[boolean | 'warn', string]> = [
    [fig.sent === n, `rows sent ${fmt(fig.sent)} = messages ${fmt(n)}`],
    [fig.failed === 0, `failed rows ${fig.failed} = 0`],
    [fig.via_template === fig.sent, `sent_via 'template' on ${fmt(fig.via_template)} of ${fmt(fig.sent)} sent rows`],
    [templates.length === n, `template messages recorded by the fake ${fmt(templates.length)} = ${fmt(n)}`],
    [byKey.size === n && strangers === 0, `distinct client_msg_id ${fmt(byKey.size)} = ${fmt(n)}, none unknown (${strangers})`],
    [wrongUser === 0, `client_msg_id delivered to another openid than its row's: ${wrongUser}`],
    [fig.no_msgid === 0 && msgidMismatch === 0, `sent rows whose wechat_msgid is not the fake's msgid: ${msgidMismatch} (${fig.no_msgid} without one)`],
    [
      repeats <= 0 || 'warn',
      `template/send calls repeating a message already sent: ${Math.max(0, repeats)}${repeats > 0 ? " (only WeChat's client_msg_id de-duplication kept them from residents)" : ''}`,
    ],
  ];
  const consistent = checks.every(([ok]) => ok !== false);
  console.log(`\nDelivery check (${consistent ? 'every message delivered exactly once' : 'NOT exactly once'}):`);
  for (const [ok, line] of checks) console.log(`  ${ok === 'warn' ? 'WARN' : ok ? 'ok  ' : 'FAIL'} ${line}`);
  if (opts.faults) {
    console.log(
      `  info injected ${faultsInjected.e45009}× 45009 and ${faultsInjected.e40001}× 40001 on template/send: ${consistent ? 'all still delivered exactly once' : 'NOT all delivered exactly once'}, ` +
        `last delivery ${(Number(fig.max) / 1000).toFixed(1)} s after the insert`,
    );
  }

  await server.stop();

  const cpuModel = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const nodeVersion = execFileSync(process.execPath, ['-v'], { encoding: 'utf8' }).trim();
  console.log('\nSummary');
  console.log(`  machine      ${os.cpus().length} cores (${cpuModel}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${nodeVersion}, ${pgVersion.split(',')[0]}`);
  console.log(
    `  setup        ${fmt(n)} pending rows at once, ${opts.workers} server process${opts.workers > 1 ? 'es' : ''}, fake WeChat in the bench process (${opts.latencyMs ? `${opts.latencyMs} ms` : 'no'} added latency${opts.faults ? ', faults' : ''}), all on one machine; ${otherLoad.toFixed(2)} cores busy with other work before start`,
  );
  console.log(
    `  result       ${fmt(perMin(fig.sent, totalMs))}/min overall, ${fmt(perMin(steadyCount, steadyMs))}/min steady; ${(totalMs / 1000).toFixed(1)} s for the backlog; queue latency p50 ${(Number(fig.p50) / 1000).toFixed(1)} s, p99 ${(Number(fig.p99) / 1000).toFixed(1)} s`,
  );
  console.log(`  delivery     ${consistent ? 'exactly once' : 'NOT exactly once'}: ${fmt(fig.sent)} sent, ${fig.failed} failed, ${fig.pending} pending${opts.faults ? ' (faults injected)' : ''}`);
  return 0;
}

main()
  .then(async (code) => {
    await cleanupAll();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    if (interrupted.signal.aborted) return; // the signal handler cleans up and exits
    console.error(`\nbench:notify broke: ${err instanceof Error ? err.message : String(err)}`);
    await cleanupAll();
    process.exit(1);
  });
