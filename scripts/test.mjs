// Runs every test: the jest projects (domain, wechat, server, e2e), then the mini-program's own.
// Extra arguments go to jest, e.g. `pnpm test --selectProjects domain`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';

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
let status = run(process.execPath, ['node_modules/jest/bin/jest.js', '--ci', '--json', '--outputFile=test-output/jest.json', ...args]);
const totals = JSON.parse(readFileSync('test-output/jest.json', 'utf8'));
if (status === 0 && args.length === 0) status = run('pnpm', ['--filter', '@msz/miniprogram', 'test']);
// One closing line for whoever reads the log: the workspace's jest run (the mini-program's is above).
console.log(`\n${totals.numPassedTests} passed, ${totals.numFailedTests} failed, ${totals.numPendingTests} skipped`);
process.exit(status);
