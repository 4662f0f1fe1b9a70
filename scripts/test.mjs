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
const begun = Date.now();
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
const results = reports.filter((f) => existsSync(f)).map((f) => JSON.parse(readFileSync(f, 'utf8')));

// Time per project: files run in parallel workers, so this is the time its files took, added up.
const projectOf = (file) =>
  file.includes('/apps/miniprogram/') ? 'mini-program'
  : file.includes('/libs/domain/') ? 'domain'
  : file.includes('/libs/wechat/') ? 'wechat'
  : file.includes('/apps/server/') ? 'server'
  : file.endsWith('.pg-e2e.ts') ? 'postgres-server'
  : file.endsWith('.browser.ts') ? 'browser'
  : 'e2e';
const perProject = new Map();
for (const r of results) {
  for (const file of r.testResults) {
    const p = perProject.get(projectOf(file.name)) ?? { files: 0, tests: 0, ms: 0 };
    p.files += 1;
    p.tests += file.assertionResults.length;
    p.ms += Math.max(0, (file.endTime ?? 0) - (file.startTime ?? 0));
    perProject.set(projectOf(file.name), p);
  }
}
console.log('\nTime per project (its files added up; they run in parallel):');
for (const [name, p] of perProject) console.log(`  ${name.padEnd(16)} ${String(p.files).padStart(3)} files ${String(p.tests).padStart(4)} tests ${(p.ms / 1000).toFixed(1).padStart(7)} s`);
console.log(`  wall clock       ${((Date.now() - begun) / 1000).toFixed(1)} s`);

// One closing line for whoever reads the log: both jest runs together.
const totals = results
  .reduce((t, r) => ({ passed: t.passed + r.numPassedTests, failed: t.failed + r.numFailedTests, skipped: t.skipped + r.numPendingTests }), { passed: 0, failed: 0, skipped: 0 });
// The closing line stands alone (CI reads it): the workspace's and the mini-program's tests together.
console.log('\nWorkspace and mini-program together:');
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(status);
