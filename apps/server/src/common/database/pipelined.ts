import type { QueryRunner } from 'typeorm';

/** node-postgres' client as a query runner holds it: its pipeline switch and its socket. */
interface PipelinableClient {
  pipeline?: boolean;
  getTransactionStatus?: () => string | null;
  query: (...args: unknown[]) => unknown;
  connection?: { stream?: { cork?: () => void; uncork?: () => void } };
}

/** Settles when the connection is next given a statement (not when it is answered). */
export type NextIssued = () => Promise<void>;

/**
 * Runs `work` with the runner's connection in node-postgres' pipeline mode: statements issued by
 * several concurrent callers in the same turn of the event loop are written to the socket at once
 * (one write, one round trip) instead of each waiting for the one before it to be answered.
 * PostgreSQL still runs them one after the other, in the order written. `work` learns whether the
 * connection pipelines: one that cannot (PGlite's stand-in) should be given one statement at a
 * time. With pipelining, `nextIssued` tells when a statement is on its way: what is issued after
 * it runs after it, without waiting for its answer. The connection is idle before and after.
 */
export async function pipelined<T>(runner: QueryRunner, work: (pipelining: boolean, nextIssued: NextIssued) => Promise<T>): Promise<T> {
  const client = (await runner.connect()) as PipelinableClient;
  const stream = client.connection?.stream;
  if (typeof client.pipeline !== 'boolean' || !stream?.cork || !stream.uncork) return work(false, () => Promise.reject(new Error('the connection does not pipeline')));
  const query = client.query;
  let corked = false;
  let issuing: Array<() => void> = [];
  client.pipeline = true;
  // Held until the callers of this turn have issued theirs: one write for all of them.
  client.query = (...args: unknown[]) => {
    if (issuing.length > 0) {
      const waiting = issuing;
      issuing = [];
      // After the statement is queued on the connection: whatever the waiters issue next goes behind it.
      queueMicrotask(() => waiting.forEach((resolve) => resolve()));
    }
    if (!corked) {
      corked = true;
      stream.cork!();
      setImmediate(() => {
        corked = false;
        stream.uncork!();
      });
    }
    return query.apply(client, args);
  };
  try {
    return await work(true, () => new Promise<void>((resolve) => issuing.push(resolve)));
  } finally {
    client.query = query;
    client.pipeline = false;
  }
}

/**
 * Whether the runner's transaction is aborted: a failed statement whose error was caught leaves it
 * so, and COMMIT then rolls it back without an error. (False where the client cannot tell.)
 */
export async function transactionAborted(runner: QueryRunner): Promise<boolean> {
  const client = (await runner.connect()) as PipelinableClient;
  return client.getTransactionStatus?.() === 'E';
}
