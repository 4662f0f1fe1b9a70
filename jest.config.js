/** One jest run over every package; libs are mapped to their sources so tests need no build. */

// The product runs on Beijing time; chinese-days (used to cross-check the calendar) is wrong west of UTC.
process.env.TZ = 'Asia/Shanghai';
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  transform: { '^.+\\.tsx?$': swc },
  moduleNameMapper: {
    '^@msz/domain$': '<rootDir>/libs/domain/src',
    '^@msz/wechat$': '<rootDir>/libs/wechat/src',
    '^@msz/wechat/(.*)$': '<rootDir>/libs/wechat/src/$1',
    '^@msz/server/(.*)$': '<rootDir>/apps/server/src/$1',
  },
  testEnvironment: 'node',
};

// Suites that need a PostgreSQL server (several real connections at once) run only where one is named.
const onServer = Boolean(process.env.DATABASE_URL);

// The mini-program's h5 build driven by headless Chromium runs only where both are present
// (CI installs chromium and builds h5 first; scripts/test.mjs says when they are not run).
const fs = require('node:fs');
const path = require('node:path');
const withBrowser = fs.existsSync('/usr/bin/chromium') && fs.existsSync(path.join(__dirname, 'apps/miniprogram/dist-h5/index.html'));

// Timeouts (tests and hooks alike) sized for a busy 2-core machine: a suite that boots the app
// starts PGlite and NestJS cold, which takes 10 s or more while a build runs beside it.
// testTimeout is global in jest; suites that boot the app raise it in test/support/app-timeout.ts.
const appTimeout = ['<rootDir>/test/support/app-timeout.ts'];
// ...and close every test app they started, even when a set-up timed out (no open handles).
const closeApps = [...appTimeout, '<rootDir>/test/support/close-apps.ts'];

module.exports = {
  testTimeout: 30_000,
  projects: [
    { ...shared, displayName: 'domain', rootDir: __dirname, testMatch: ['<rootDir>/libs/domain/src/**/*.spec.ts'] },
    { ...shared, displayName: 'wechat', rootDir: __dirname, testMatch: ['<rootDir>/libs/wechat/src/**/*.spec.ts'] },
    { ...shared, displayName: 'server', rootDir: __dirname, setupFilesAfterEnv: appTimeout, testMatch: ['<rootDir>/apps/server/src/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', rootDir: __dirname, setupFilesAfterEnv: closeApps, testMatch: ['<rootDir>/test/**/*.e2e.ts'] },
    ...(onServer ? [{ ...shared, displayName: 'postgres-server', rootDir: __dirname, setupFilesAfterEnv: closeApps, testMatch: ['<rootDir>/test/**/*.pg-e2e.ts'] }] : []),
    ...(withBrowser ? [{ ...shared, displayName: 'browser', rootDir: __dirname, setupFilesAfterEnv: closeApps, testMatch: ['<rootDir>/test/**/*.browser.ts'] }] : []),
  ],
};
