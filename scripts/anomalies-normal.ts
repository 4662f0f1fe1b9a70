// False-flag rates of the anomaly flags on normal activity (issue 16). It prints figures; it asserts nothing.
//   pnpm anomalies:normal [--cases=500] [--weeks=4] [--seed=16]
// Weeks of honest handling (test/support/normal-activity.ts) are filed and handled through the
// real HTTP API of the real server, in this process, on a simulated clock; then the real anomaly
// job scans it and the office's weekly sample is drawn and called. Every flag raised on it is a
// false flag by construction. PGlite in memory, or a scratch database on the server DATABASE_URL names.
process.env.TZ = 'Asia/Shanghai';

import { cpus, hostname } from 'node:os';
import { ANOMALY_KINDS, formatProportion, wilsonInterval } from '@msz/domain';
import { createTestApp, onPostgresServer } from '@msz/server/testing/test-app';
import { runNormalActivity, scanAfter } from '../test/support/normal-activity';
import { SimClock } from '../test/support/sim-clock';

const arg = (name: string, fallback: number): number => {
  const raw = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 5000) throw new Error(`--${name} must be an integer from 1 to 5000`);
  return n;
};

/** Monday 2026-10-12, 00:00 Beijing time (after the National Day holiday). */
const START = new Date('2026-10-12T00:00:00+08:00');

async function main(): Promise<void> {
  const cases = arg('cases', 500);
  const weeks = arg('weeks', 4);
  const seed = arg('seed', 16);
  const ranAt = new Date();
  const began = Date.now();
  const clock = SimClock.install(START);
  const sut = await createTestApp();
  try {
    const r = await runNormalActivity(sut.app, sut.baseUrl, clock, { start: START, weeks, cases, seed });
    await scanAfter(sut.app, clock);
    const rows = (await sut.ds.query(`SELECT kind, count(*)::int AS n FROM anomaly_flag GROUP BY kind`)) as Array<{ kind: string; n: number }>;
    const raised = new Map(rows.map((x) => [x.kind, x.n]));
    clock.restore();
    const seconds = ((Date.now() - began) / 1000).toFixed(0);
    console.log(`anomalies:normal — ${r.cases} cases over ${weeks} week(s) from 2026-10-12 (Beijing) (seed ${seed}), ${r.answers} answers`);
    console.log(`${ranAt.toISOString().slice(0, 10)} on ${hostname()}: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}, ${onPostgresServer() ? 'PostgreSQL server' : 'PGlite'}, ${seconds} s`);
    console.log('');
    console.log(`${'flag'.padEnd(26)} ${'raised'.padStart(6)}  ${'examined'.padEnd(42)} false-flag rate [95% interval]`);
    let total = 0;
    for (const kind of ANOMALY_KINDS) {
      const hits = raised.get(kind) ?? 0;
      total += hits;
      const { n, of } = r.examined[kind];
      // A pair of copied answers is one flag; the rate is per answer examined, capped at n.
      const p = wilsonInterval(Math.min(hits, n), n);
      console.log(`${kind.padEnd(26)} ${String(hits).padStart(6)}  ${`${n} ${of}`.padEnd(42)} ${formatProportion(p)}`);
    }
    console.log('');
    console.log(`${total} flag(s) in all; every one of them is false (the activity is honest by construction).`);
    const evidence = (await sut.ds.query(`SELECT kind, evidence FROM (SELECT kind, evidence, row_number() OVER (PARTITION BY kind ORDER BY created_at) AS i FROM anomaly_flag) f WHERE i <= 3 ORDER BY kind`)) as Array<{ kind: string; evidence: unknown }>;
    for (const f of evidence) console.log(`  ${f.kind}: ${JSON.stringify(f.evidence)}`);
  } finally {
    clock.restore();
    await sut.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
