// Runs every test: the jest projects (domain, wechat, server, e2e), then the mini-program's own.
// Extra arguments go to jest, e.g. `pnpm test --selectProjects domain`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';

const url = process.env.DATABASE_URL;
console.log(
  url
    ? `Database tests run on the PostgreSQL server at ${url.replace(/\/\/[^@]*@/, '//***@')} (a scratch database per suite).`
    : 'Database tests run on embedded PGlite. Tests of PostgreSQL-server behaviour (several connections at once) run only with DATABASE_URL set, as in CI.',
);
if (!url) {
  const serverOnly = readdirSync('test').filter((f) => f.endsWith('.pg-e2e.ts'));
  console.log(`NOT RUN here (need a PostgreSQL server): ${serverOnly.map((f) => `test/${f}`).join(', ') || 'none'}`);
}
// Same condition as the `browser` project in jest.config.js.
if (!existsSync('/usr/bin/chromium') || !existsSync('apps/miniprogram/dist-h5/index.html')) {
  const browserTests = readdirSync('test').filter((f) => f.endsWith('.browser.ts'));
  console.log(`NOT RUN here (need chromium and the h5 build: pnpm run build:miniprogram): ${browserTests.map((f) => `test/${f}`).join(', ') || 'none'}`);
}

const args = process.argv.slice(2);
const run = (cmd, argv) => spawnSync(cmd, argv, { stdio: 'inherit', env: process.env }).status ?? 1;

mkdirSync('test-output', { recursive: true });
// A report left by an earlier run must not be counted as this one's.
for (const f of ['test-output/jest.json', 'test-output/miniprogram-jest.json']) rmSync(f, { force: true });
let status = run(process.execPath, ['node_modules/jest/bin/jest.js', '--ci', '--json', '--outputFile=test-output/jest.json', ...args]);
const reports = ['test-output/jest.json'];
if (status === 0 && args.length === 0) {
  // The mini-program's own jest (unit tests and page tests in jsdom).
  status = run('pnpm', ['--filter', '@msz/miniprogram', 'exec', 'jest', '--ci', '--json', '--outputFile=../../test-output/miniprogram-jest.json']);
  reports.push('test-output/miniprogram-jest.json');
}
// One closing line for whoever reads the log: both jest runs together.
const totals = reports
  .filter((f) => existsSync(f))
  .map((f) => JSON.parse(readFileSync(f, 'utf8')))
  .reduce((t, r) => ({ passed: t.passed + r.numPassedTests, failed: t.failed + r.numFailedTests, skipped: t.skipped + r.numPendingTests }), { passed: 0, failed: 0, skipped: 0 });
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped (workspace and mini-program)`);
process.exit(status);
