import { setTimeout as sleep } from 'node:timers/promises';

/**
 * What a benchmark sets up (a scratch database, a server) is undone in reverse on success, failure
 * and Ctrl-C; each step is bounded, so a hung cleanup cannot keep the benchmark alive.
 */
export function benchCleanup(stepTimeoutMs: number): { onCleanup: (what: string, run: () => Promise<unknown>) => void; cleanupAll: () => Promise<void> } {
  const cleanups: Array<{ what: string; run: () => Promise<unknown> }> = [];
  let cleaning: Promise<void> | undefined;
  const cleanupAll = (): Promise<void> =>
    (cleaning ??= (async () => {
      while (cleanups.length > 0) {
        const step = cleanups.pop()!;
        const outcome = await Promise.race([step.run().then(() => 'ok'), sleep(stepTimeoutMs).then(() => 'timed out')]).catch((e: unknown) => `failed: ${(e as Error).message}`);
        if (outcome !== 'ok') console.error(`cleanup (${step.what}) ${outcome}`);
      }
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: closing the app, dropping the scratch database…`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }
  return { onCleanup: (what, run) => cleanups.push({ what, run }), cleanupAll };
}
