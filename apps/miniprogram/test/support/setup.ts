/**
 * setupFilesAfterEnv of the page tests: jest-dom's matchers, a fresh platform and backend before
 * each test, and after it: the page unmounted, and a failure for any request no route answered or
 * any error React logged (act warnings, missing keys…).
 */
import '@testing-library/jest-dom';
import { cleanup } from '@testing-library/react';
import { installBrowserDoubles } from './browser-h5';
import { backend, platform } from './platform';

let consoleErrors: string[] = [];
const originalError = console.error;

beforeEach(() => {
  platform.reset();
  consoleErrors = [];
  console.error = (...args: unknown[]) => {
    consoleErrors.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
    originalError(...args);
  };
});

afterEach(() => {
  cleanup();
  console.error = originalError;
  const unmatched = backend.unmatched.map((r) => `${r.method} ${r.path}`);
  if (unmatched.length) {
    throw new Error(`the page sent requests the test declared no route for: ${unmatched.join(', ')} (backend.on('METHOD /path', …))`);
  }
  if (consoleErrors.length) throw new Error(`console.error during the test:\n${consoleErrors.join('\n')}`);
});

// h5 reads chosen photos through fetch(blobUrl) and records with the browser's MediaRecorder.
if (process.env.TARO_ENV === 'h5') installBrowserDoubles();
