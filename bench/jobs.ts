/**
 * pnpm bench:jobs [--cases 1000000] [--overdue 100000] [--steps 500,1000,2000,4000] [--build]
 *
 * A benchmark, not a test: what one pass of each periodic job costs over a large open backlog,
 * on a real PostgreSQL server. It loads N open cases (M of them overdue) with COPY into a scratch
 * database, boots the built server's application in this process (workers off, a fake WeChat API),
 * and times one pass of each job when nothing is due and for growing amounts due, next to a bare
 * indexed SELECT of the same rows (what reading the due work costs at the least). It prints; it
 * asserts nothing. Exit 1 only when the run broke (build, database, boot).
 */
import { benchCleanup } from './lib/cleanup';
import { boundedInt, eachFlag } from './lib/cli';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { readyBuild, loadPg, loadScratch, loadWechat, ROOT, type PgLib } from './lib/workspace';

type Domain = typeof import('../libs/domain/src');
type AppFactory = typeof import('../apps/server/src/app.factory');
type AppConfigModule = typeof import('../apps/server/src/config/app-config');
type EscalationModule = typeof import('../apps/server/src/modules/workflow/escalation.service');
type OutboxModule = typeof import('../apps/server/src/modules/notifications/outbox.service');
type CalendarModule = typeof import('../apps/server/src/modules/calendar/calendar.service');

const fromServer = createRequire(join(ROOT, 'apps/server/package.json'));
/** A module of the built server (bench/ is not a workspace package: code from the build, types from the sources). */
const built = <T>(p: string): T => fromServer(join(ROOT, 'apps/server/dist', p)) as T;

// ---------------------------------------------------------------------------------------------
// Arguments

interface Options {
  cases: number;
  overdue: number;
  steps: number[];
  build: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { cases: 1_000_000, overdue: 100_000, steps: [500, 1000, 2000, 4000], build: false };
  eachFlag(argv, (flag, value, arg) => {
    switch (flag) {
      case '--cases':
        opts.cases = boundedInt('cases', value(), 10_000, 5_000_000);
        break;
      case '--overdue':
        opts.overdue = boundedInt('overdue', value(), 1_000, 1_000_000);
        break;
      case '--steps':
        opts.steps = (value() ?? '').split(',').map((s) => boundedInt('steps', s, 1, 50_000));
        break;
      case '--build':
        opts.build = true;
        break;
      case '--':
        break;
      default:
        throw new Error(`unknown argument ${arg} (known: --cases N --overdue M --steps a,b,c --build)`);
    }
  });
  if (opts.overdue * 2 > opts.cases) throw new Error('--overdue must be at most half of --cases');
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Cleanup, as in the other benchmarks: undone in reverse, on success, failure and Ctrl-C.

const { onCleanup, cleanupAll } = benchCleanup(30_000);

// ---------------------------------------------------------------------------------------------
// Helpers

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (s: number) => `${fmt(s, s < 10 ? 2 : s < 100 ? 1 : 0)} ms`;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

interface Row {
  /** For a pass with nothing due: when it was measured. */
  label?: string;
  due: number;
  pass: number;
  peer: number;
  done?: number;
}

/** The machine is shared: each amount is measured twice, on fresh rows, and the faster pass kept (its peer too). */
async function fastest(measure: () => Promise<Row>): Promise<Row> {
  const a = await measure();
  const b = await measure();
  return { due: a.due, pass: Math.min(a.pass, b.pass), peer: Math.min(a.peer, b.peer), done: a.done };
}

/** Least squares time = a + b·n, with R². */
function fit(points: Array<{ n: number; ms: number }>): { a: number; b: number; r2: number } {
  const k = points.length;
  const mx = points.reduce((s, p) => s + p.n, 0) / k;
  const my = points.reduce((s, p) => s + p.ms, 0) / k;
  const sxy = points.reduce((s, p) => s + (p.n - mx) * (p.ms - my), 0);
  const sxx = points.reduce((s, p) => s + (p.n - mx) ** 2, 0);
  const b = sxx === 0 ? 0 : sxy / sxx;
  const a = my - b * mx;
  const ssTot = points.reduce((s, p) => s + (p.ms - my) ** 2, 0);
  const ssRes = points.reduce((s, p) => s + (p.ms - (a + b * p.n)) ** 2, 0);
  return { a, b, r2: ssTot === 0 ? 1 : 1 - ssRes / ssTot };
}

function table(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  console.log('                       due | one pass     | per item  | peer: bare indexed SELECT | pass ÷ peer | effects');
  for (const r of rows) {
    const per = r.due > 0 ? `${fmt(r.pass / r.due, 3)} ms` : '—';
    console.log(
      `${(r.label ? `${r.label}: ${r.due}` : fmt(r.due)).padStart(26)} | ${ms(r.pass).padStart(12)} | ${per.padStart(9)} | ${ms(r.peer).padStart(25)} | ${(r.peer > 0 ? fmt(r.pass / r.peer, r.pass / r.peer < 10 ? 1 : 0) + '×' : '—').padStart(11)} | ${r.done ?? ''}`,
    );
  }
  const due = rows.filter((r) => r.due > 0);
  if (due.length >= 2) {
    const { a, b, r2 } = fit(due.map((r) => ({ n: r.due, ms: r.pass })));
    console.log(`  fit: ${fmt(a, 0)} ms + ${fmt(b, 3)} ms × due   (R² = ${fmt(r2, 4)})`);
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!readyBuild(opts.build)) return 1;

  const pg: PgLib = loadPg();
  const domain = fromServer('@msz/domain') as Domain;
  const { buildApp } = built<AppFactory>('app.factory.js');
  const { loadConfig, SANDBOX_WECHAT } = built<AppConfigModule>('config/app-config.js');
  const { EscalationService } = built<EscalationModule>('modules/workflow/escalation.service.js');
  const { OutboxService } = built<OutboxModule>('modules/notifications/outbox.service.js');
  const { CalendarService } = built<CalendarModule>('modules/calendar/calendar.service.js');

  const scratch = await loadScratch().createScratchDatabase(serverUrl);
  onCleanup('scratch database', () => scratch.drop());
  console.log(`scratch database on ${serverUrl.replace(/\/\/[^@]*@/, '//***@').replace(/\/[^/]*$/, '')}`);

  // The fake WeChat API, and the app booted from the build against the scratch database.
  const wechatLib = loadWechat();
  const creds = { appid: 'wxbenchjobs000001', secret: 'bench-jobs-secret-01', token: 'benchjobs' };
  const fake = new wechatLib.FakeWechat({ appid: creds.appid, secret: creds.secret, templateIds: Object.values(SANDBOX_WECHAT.templates) });
  const fakeServer = await fake.listen();
  onCleanup('fake WeChat', () => fakeServer.close());
  const config = loadConfig({
    DATABASE_URL: scratch.url,
    WECHAT_APPID: creds.appid,
    WECHAT_APPSECRET: creds.secret,
    WECHAT_TOKEN: creds.token,
    WECHAT_API_BASE: fakeServer.baseUrl,
    AUTH_SECRET: 'bench-jobs-auth-secret-bench-jobs-auth-secret-0123',
    WORKER_POLL_MS: '0', // no timers: every pass below is the one we time
  });
  config.seedDemo = true; // units and staff to escalate to, as in the tests
  const { app } = await buildApp(config, { logger: ['error'] });
  onCleanup('app', () => app.close());
  await app.init();
  const escalation = app.get(EscalationService);
  const outbox = app.get(OutboxService);
  const calendar = app.get(CalendarService);

  const db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  onCleanup('bench connection', () => db.end());
  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => (await db.query(sql, params)).rows as T[];

  // -------------------------------------------------------------------------------------------
  // Load: N open cases, M overdue, with COPY.

  const now = new Date();
  const units = await q<{ id: string }>(`SELECT id FROM unit WHERE level IN ('town', 'village', 'department', 'region') ORDER BY code`);
  const revisiting = Math.round(opts.cases * 0.05);
  const onTime = opts.cases - opts.overdue - revisiting;
  const day = 86_400_000;
  // Each kind of case's stored moment, computed once by the domain (the rows share a few deadlines).
  const shapes = {
    // In hand, due in 2..9 calendar days: next is the reminder before the deadline.
    onTime: Array.from({ length: 8 }, (_, i) => {
      const c = {
        status: 'in_progress' as const,
        assignBy: new Date(now.getTime() - 2 * day),
        assignedAt: new Date(now.getTime() - 2 * day),
        closeBy: domain.endOfChinaDay(domain.chinaDate(new Date(now.getTime() + (i + 2) * day))),
        revisitStartedAt: null,
        revisitRating: null,
      };
      return { c, next: domain.nextDueAfter(c, now, calendar) };
    }),
    // Overdue since an hour ago, the handler already warned: next is the unit leader.
    overdue: (() => {
      const c = {
        status: 'in_progress' as const,
        assignBy: new Date(now.getTime() - 9 * day),
        assignedAt: new Date(now.getTime() - 9 * day),
        closeBy: new Date(now.getTime() - 3_600_000),
        revisitStartedAt: null,
        revisitRating: null,
      };
      return { c, next: domain.nextDueAfter(c, now, calendar) };
    })(),
    // Answered today: the phone revisit falls due in 3 working days.
    revisiting: (() => {
      const c = {
        status: 'revisiting' as const,
        assignBy: new Date(now.getTime() - 5 * day),
        assignedAt: new Date(now.getTime() - 5 * day),
        closeBy: new Date(now.getTime() + day),
        revisitStartedAt: new Date(now.getTime() - 3_600_000),
        revisitRating: null,
      };
      return { c, next: domain.nextDueAfter(c, now, calendar) };
    })(),
  };
  const iso = (d: Date | null) => (d ? d.toISOString() : '');
  const columns = 'number, channel, text, kind, status, unit_id, accepted_at, assign_by, close_by, assigned_at, revisit_started_at, query_code, version, next_due_at';
  function* rows(): Generator<string> {
    const chunk: string[] = [];
    for (let i = 0; i < opts.cases; i++) {
      const shape = i < opts.overdue ? shapes.overdue : i < opts.overdue + revisiting ? shapes.revisiting : shapes.onTime[i % shapes.onTime.length];
      const c = shape.c;
      chunk.push(
        `BJ${String(i).padStart(9, '0')},phone,批量载入的诉求第${i}号,complaint,${c.status},${units[i % units.length].id},${iso(new Date(c.assignBy.getTime() - day))},${iso(c.assignBy)},${iso(c.closeBy)},${iso(c.assignedAt)},${iso(c.revisitStartedAt)},ABCDEFGH,1,${iso(shape.next)}`,
      );
      if (chunk.length === 10_000) {
        yield chunk.join('\n') + '\n';
        chunk.length = 0;
      }
    }
    if (chunk.length) yield chunk.join('\n') + '\n';
  }
  console.log(`loading ${fmt(opts.cases)} open cases (${fmt(opts.overdue)} overdue, ${fmt(revisiting)} awaiting revisit, ${fmt(onTime)} on time) with COPY…`);
  const load = await timed(async () => {
    await pipeline(Readable.from(rows()), db.query(copyFrom(`COPY case_file (${columns}) FROM STDIN (FORMAT csv)`)));
    await db.query('ANALYZE case_file');
  });
  const [{ open }] = await q<{ open: number }>(`SELECT count(*)::int AS open FROM case_file WHERE status NOT IN ('closed', 'invalid', 'merged')`);
  console.log(`loaded in ${fmt(load.ms / 1000, 1)} s: ${fmt(open)} open cases`);

  // A backlog in the outbox too: delivered messages, and retries waiting out their backoff.
  await q(
    `INSERT INTO outbox_message (kind, touser, payload, idempotency_key, status, next_attempt_at, sent_at)
     SELECT 'case_assigned', 'o_bench_' || g, '{"channels":[]}', 'bench:old:' || g, CASE WHEN g % 10 = 0 THEN 'pending' ELSE 'sent' END,
            CASE WHEN g % 10 = 0 THEN now() + interval '1 hour' ELSE now() - interval '1 day' END, CASE WHEN g % 10 = 0 THEN NULL ELSE now() - interval '1 day' END
     FROM generate_series(1, 200000) g`,
  );
  await db.query('ANALYZE outbox_message');

  // The day's reports, made once, so the passes below time the case work.
  const first = await timed(() => escalation.runAt(now));
  console.log(`first pass (the day's reports for ${units.length} units): ${ms(first.ms)}, ${first.value} effects`);
  await outbox.drain();

  const peerSelect = (sql: string, params: unknown[]) => timed(() => q(sql, params));
  // The peers read the n due rows (LIMIT n, at least 1) in the claim's order, so the planner takes the same index.
  const duePeer = `SELECT * FROM case_file WHERE next_due_at <= $1 ORDER BY next_due_at LIMIT $2`;

  // -------------------------------------------------------------------------------------------
  // Escalation and phone revisits: one pass of runAt.

  const escalationRows: Row[] = [];
  const revisitRows: typeof escalationRows = [];
  {
    const idle = await timed(() => escalation.runAt(now));
    const peer = await peerSelect(duePeer, [now, 1]);
    escalationRows.push({ label: 'idle', due: 0, pass: idle.ms, peer: peer.ms, done: idle.value });
    revisitRows.push({ label: 'idle', due: 0, pass: idle.ms, peer: peer.ms, done: idle.value });
  }
  let nextOverdue = 0;
  let nextRevisit = opts.overdue;
  for (const n of opts.steps) {
    escalationRows.push(
      await fastest(async () => {
        // n overdue cases reach their next moment (as if the clock had moved to it).
        const ids = Array.from({ length: n }, (_, k) => `BJ${String(nextOverdue + k).padStart(9, '0')}`);
        nextOverdue += n;
        await q(`UPDATE case_file SET next_due_at = 'epoch' WHERE number = ANY($1)`, [ids]);
        const peer = await peerSelect(duePeer, [now, n]);
        const pass = await timed(() => escalation.runAt(now));
        await outbox.drain();
        return { due: n, pass: pass.ms, peer: peer.ms, done: pass.value };
      }),
    );
  }
  for (const n of opts.steps) {
    revisitRows.push(
      await fastest(async () => {
        const ids = Array.from({ length: n }, (_, k) => `BJ${String(nextRevisit + k).padStart(9, '0')}`);
        nextRevisit += n;
        await q(`UPDATE case_file SET revisit_started_at = revisit_started_at - interval '10 days', next_due_at = 'epoch' WHERE number = ANY($1)`, [ids]);
        const peer = await peerSelect(duePeer, [now, n]);
        const pass = await timed(() => escalation.runAt(now));
        return { due: n, pass: pass.ms, peer: peer.ms, done: pass.value };
      }),
    );
  }

  // Nothing due again: right after the bursts (their dead row versions still in the index), then once VACUUM (autovacuum's job) has run.
  for (const label of ['idle after the bursts', 'idle after VACUUM']) {
    if (label.endsWith('VACUUM')) await q('VACUUM case_file');
    const idle = await timed(() => escalation.runAt(now));
    const peer = await peerSelect(duePeer, [now, 1]);
    escalationRows.push({ label, due: 0, pass: idle.ms, peer: peer.ms, done: idle.value });
  }

  // What the passes used to read every minute: every open case in a unit's hands (scanned in the server, not sent).
  const oldRead = await timed(
    async () =>
      (await q<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT * FROM case_file WHERE status IN ('assigned', 'in_progress', 'reopened', 'returned') OFFSET 0) s`))[0].n,
  );

  // -------------------------------------------------------------------------------------------
  // Outbox delivery: one drain, to the fake WeChat API.

  const outboxRows: typeof escalationRows = [];
  const outboxPeer = `SELECT * FROM outbox_message WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at, id LIMIT $1`;
  {
    const idle = await timed(() => outbox.drain());
    const peer = await peerSelect(outboxPeer, [1]);
    outboxRows.push({ label: 'idle', due: 0, pass: idle.ms, peer: peer.ms, done: idle.value });
  }
  let batch = 0;
  for (const n of opts.steps) {
    outboxRows.push(
      await fastest(async () => {
        batch += 1;
        const body = JSON.stringify({
          channels: [{ via: 'template', body: { template_id: SANDBOX_WECHAT.templates.assigned, data: { thing1: { value: '路灯坏了' } } } }],
          optional: false,
        });
        await q(
          `INSERT INTO outbox_message (kind, touser, payload, idempotency_key) SELECT 'case_assigned', 'o_bench_due_' || g, $1::jsonb, 'bench:${batch}:' || g FROM generate_series(1, $2) g`,
          [body, n],
        );
        await q('ANALYZE outbox_message');
        const peer = await peerSelect(outboxPeer, [n]);
        const pass = await timed(() => outbox.drain());
        return { due: n, pass: pass.ms, peer: peer.ms, done: pass.value };
      }),
    );
  }

  for (const label of ['idle after the bursts', 'idle after VACUUM']) {
    if (label.endsWith('VACUUM')) await q('VACUUM outbox_message');
    const idle = await timed(() => outbox.drain());
    const peer = await peerSelect(outboxPeer, [1]);
    outboxRows.push({ label, due: 0, pass: idle.ms, peer: peer.ms, done: idle.value });
  }

  // -------------------------------------------------------------------------------------------
  // Reports (日提醒/周对账): a pass with every unit's reports made, then with some units' missing.

  const reportRows: typeof escalationRows = [];
  // The peer: one bare count over the same units' cases, the least the figures can cost.
  const reportPeer = (n: number) =>
    peerSelect(`SELECT unit_id, count(*) FILTER (WHERE close_by < now())::int AS overdue, count(*)::int AS open FROM case_file WHERE unit_id = ANY($1) GROUP BY unit_id`, [
      units.slice(0, n).map((u) => u.id),
    ]);
  {
    const idle = await timed(() => escalation.runAt(now));
    reportRows.push({ label: 'idle', due: 0, pass: idle.ms, peer: (await reportPeer(0)).ms, done: idle.value });
  }
  const today = domain.dailyDigestDay(now);
  const reportSteps = [...new Set([1, 2, 4, 8].map((n) => Math.min(n, units.length)))];
  for (const n of reportSteps) {
    await q(`DELETE FROM unit_report WHERE kind = 'daily' AND period = $1 AND unit_id = ANY($2)`, [today, units.slice(0, n).map((u) => u.id)]);
    const peer = await reportPeer(n);
    const pass = await timed(() => escalation.runAt(now));
    reportRows.push({ due: n, pass: pass.ms, peer: peer.ms, done: pass.value });
  }
  const reportable = (now.getUTCHours() + 8) % 24 >= 8 && calendar.isWorkday(domain.chinaDate(now));

  // -------------------------------------------------------------------------------------------
  // Report

  const cpus = os.cpus();
  let pgVersion = '';
  try {
    pgVersion = (await q<{ v: string }>(`SELECT current_setting('server_version') AS v`))[0].v;
  } catch {
    /* printed as unknown */
  }
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  } catch {
    /* not a checkout */
  }
  console.log(`\n=== pnpm bench:jobs — ${fmt(open)} open cases, ${fmt(opts.overdue)} overdue ===`);
  console.log(
    `machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, node ${process.version}, PostgreSQL ${pgVersion || 'unknown'}, commit ${commit || 'unknown'}, at ${now.toISOString()}`,
  );
  console.log(`load: ${fmt(opts.cases)} cases by COPY in ${fmt(load.ms / 1000, 1)} s`);
  table('escalation pass (runAt: due cases claimed in batches of 500, one escalation each):', escalationRows);
  table('phone-revisit tasks (the same pass: due revisits, one task each):', revisitRows);
  table('outbox delivery (drain: due messages sent to the fake WeChat API, 5 at a time):', outboxRows);
  table(`reports (the same pass; "due" = units missing today's 日提醒${reportable ? '' : ' — outside working hours no report is made, so these are idle passes'}):`, reportRows);
  console.log(
    `\nfor comparison: scanning every open case in a unit's hands, as each pass read them before (in the server, none sent): ${ms(oldRead.ms)} (${fmt(oldRead.value)} rows)`,
  );
  console.log('\nPeers are a bare SELECT of the same due rows through the same index, on its own connection: the least that reading the work can cost.');
  console.log(
    'A pass does the work too (a transaction per escalation with its timeline entry and notifications; one INSERT per batch of revisit tasks; an HTTP call per message).',
  );
  return 0;
}

void main()
  .catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    return 1;
  })
  .then(async (code) => {
    await cleanupAll();
    process.exit(code);
  });
