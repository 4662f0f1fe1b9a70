import { closeOpenTestApps } from '@msz/server/testing/test-app';

// Runs after each suite's own afterAll: whatever a failed or timed-out set-up left open is closed here.
afterAll(() => closeOpenTestApps());
