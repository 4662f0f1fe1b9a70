/**
 * Two kinds of tests:
 * - miniprogram: unit tests of the Taro-free logic (src/**\/*.spec.ts), in node, no Taro involved.
 * - pages / pages-h5: component tests of the pages (test/pages/**\/*.spec.tsx) in jsdom. The page and all
 *   of our code run as they are; only the platform is a test double (test/support/taro.ts for
 *   @tarojs/taro, test/support/components.tsx for @tarojs/components), and Taro.request answers from
 *   a fake backend each test declares. *.h5.spec.tsx files run as the h5 build, the rest as weapp.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2020',
    },
    module: { type: 'commonjs' },
  },
];

const common = {
  rootDir: __dirname,
  transform: { '^.+\\.tsx?$': swc },
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
};

const pages = {
  ...common,
  testEnvironment: 'jsdom',
  // API_BASE is replaced at build time (config/index.ts); the fake backend answers this one.
  globals: { API_BASE: 'http://api.test' },
  moduleNameMapper: {
    ...common.moduleNameMapper,
    '^@tarojs/taro$': '<rootDir>/test/support/taro.ts',
    '^@tarojs/components$': '<rootDir>/test/support/components.tsx',
    '\\.(css|scss|sass|less)$': '<rootDir>/test/support/style.js',
  },
  setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
};

module.exports = {
  // jsdom page tests on a busy 2-core machine can take seconds each (testTimeout is global in jest).
  testTimeout: 30_000,
  projects: [
    { ...common, displayName: 'miniprogram', testEnvironment: 'node', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...pages,
      displayName: 'pages',
      testMatch: ['<rootDir>/test/pages/**/*.spec.tsx'],
      testPathIgnorePatterns: ['/node_modules/', '\\.h5\\.spec\\.tsx$'],
      setupFiles: ['<rootDir>/test/support/env-weapp.js'],
    },
    {
      ...pages,
      displayName: 'pages-h5',
      testMatch: ['<rootDir>/test/pages/**/*.h5.spec.tsx'],
      setupFiles: ['<rootDir>/test/support/env-h5.js'],
    },
  ],
};
