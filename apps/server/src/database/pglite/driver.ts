import { EventEmitter } from 'node:events';
import type { PGlite } from '@electric-sql/pglite';
import { loadPgliteNodePostgres } from './load';

/*
 * A stand-in for the `pg` module that TypeORM's postgres driver loads, for one PGlite instance.
 *
 * PGlite is one PostgreSQL backend: one session, one transaction at a time. node-postgres does the
 * talking (its Client over PGlite's wire-protocol connection, so rows, types, results and errors
 * are exactly what `pg` gives against a server); this file decides who may talk. A checkout
 * (TypeORM: one query runner) holds the session exclusively until it is released; other checkouts
 * wait their turn in order, or fail after `checkoutTimeoutMs` with an error that names the
 * likely cause. That is what keeps one runner's transaction from seeing or committing another's.
 */

/* ---------------------------------------------------------------- node-postgres, as used here */

type Callback = (err: unknown, result?: unknown) => void;

interface PgClient extends EventEmitter {
  connect(): Promise<void>;
  query(...args: unknown[]): unknown;
  end(): Promise<void>;
  escapeIdentifier(value: string): string;
  escapeLiteral(value: string): string;
}

interface PgDatabaseErrorCtor {
  new (message: string, length: number, name: string): Error & Record<string, unknown>;
}

interface PgModule {
  Client: new (config: Record<string, unknown>) => PgClient;
  types: unknown;
  defaults: unknown;
  DatabaseError: PgDatabaseErrorCtor;
}

// `pg` ships no types and @types/pg is not a dependency: the shapes above are all this file needs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pg = require('pg') as PgModule;

/* ---------------------------------------------------------------------------- public types */

export interface PgliteDriverOptions {
  /**
   * How long a checkout may wait for the single connection before it fails, in ms.
   * Default 30 000; 0 waits forever.
   */
  checkoutTimeoutMs?: number;
  /**
   * Close the PGlite instance when the last pool on it ends (`dataSource.destroy()`). Default
   * true: the DataSource owns the instance, so destroying it shuts PostgreSQL down cleanly (files
   * on disk left consistent; no 10 s idle-stats timer keeping Node alive). Pass false to keep
   * the instance open, e.g. to initialise another DataSource on it later; then close it yourself.
   */
  closeOnEnd?: boolean;
}

/** What `createPgliteDriver` returns: the subset of the `pg` module TypeORM uses. */
export interface PgliteDriver {
  Pool: new (options?: Record<string, unknown>) => PglitePool;
  /** node-postgres' own type parsers (`pg.types`), used for every value read. */
  types: unknown;
  /** node-postgres' defaults; TypeORM's `parseInt8` option is applied here, as with `pg`. */
  defaults: unknown;
  DatabaseError: PgDatabaseErrorCtor;
}

export const DEFAULT_CHECKOUT_TIMEOUT_MS = 30_000;

/** Thrown by a checkout that waited longer than `checkoutTimeoutMs`. */
export class PgliteCheckoutTimeoutError extends Error {
  readonly code = 'PGLITE_CHECKOUT_TIMEOUT';
  constructor(
    message: string,
    /** Where the connection's current holder checked it out. */
    readonly holderStack: string | undefined,
  ) {
    super(message);
    this.name = 'PgliteCheckoutTimeoutError';
  }
}

/* ------------------------------------------------------------------------------------ gate */

interface Holder {
  since: number;
  /** Captured at checkout; formatted only if a timeout needs it (formatting is the costly part). */
  trace: { stack?: string };
}

function checkoutSite(holder: Holder | null): string | undefined {
  return holder?.trace.stack?.split('\n').slice(1, 12).join('\n') || undefined;
}

interface Waiter {
  owner: PglitePool;
  holder: Holder;
  resolve(holder: Holder): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout | undefined;
}

/** One per PGlite instance, shared by every pool on it: the session and who holds it. */
class Gate {
  private holder: Holder | null = null;
  private readonly queue: Waiter[] = [];
  private client: PgClient | undefined;
  private clientsMade = 0;
  readonly pools = new Set<PglitePool>();

  constructor(readonly db: PGlite) {}

  get waiting(): number {
    return this.queue.length;
  }

  get busy(): boolean {
    return this.holder !== null;
  }

  acquire(owner: PglitePool, timeoutMs: number, trace: { stack?: string }): Promise<Holder> {
    const holder: Holder = { since: 0, trace };
    if (this.holder === null) {
      holder.since = Date.now();
      this.holder = holder;
      return Promise.resolve(holder);
    }
    return new Promise<Holder>((resolve, reject) => {
      const waiter: Waiter = { owner, holder, resolve, reject, timer: undefined };
      if (timeoutMs > 0) {
        waiter.timer = setTimeout(() => {
          const i = this.queue.indexOf(waiter);
          if (i === -1) return;
          this.queue.splice(i, 1);
          reject(this.timeoutError(timeoutMs));
        }, timeoutMs);
        waiter.timer.unref?.();
      }
      this.queue.push(waiter);
    });
  }

  /** Ends a checkout that never got a client. */
  abandon(): void {
    this.handOff();
  }

  /** Gives the session to the next waiter, in arrival order. */
  private handOff(): void {
    this.holder = null;
    const next = this.queue.shift();
    if (!next) return;
    if (next.timer) clearTimeout(next.timer);
    next.holder.since = Date.now();
    this.holder = next.holder;
    next.resolve(next.holder);
  }

  rejectWaiters(owner: PglitePool, err: Error): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const waiter = this.queue[i];
      if (waiter.owner !== owner) continue;
      this.queue.splice(i, 1);
      if (waiter.timer) clearTimeout(waiter.timer);
      waiter.reject(err);
    }
  }

  private timeoutError(timeoutMs: number): PgliteCheckoutTimeoutError {
    const holder = this.holder;
    const heldFor = holder ? `${Date.now() - holder.since} ms` : 'an unknown time';
    const others = this.queue.length;
    const site = checkoutSite(holder);
    const where = site ? `\nThe holder checked the connection out at:\n${site}` : '';
    return new PgliteCheckoutTimeoutError(
      `PGlite: gave up waiting for the database connection after ${timeoutMs} ms. ` +
        `PGlite has a single connection and another query runner has held it for ${heldFor}` +
        `${others ? ` (${others} more request(s) waiting)` : ''}. ` +
        'The likely cause is a second connection requested while one is already held in the same flow: ' +
        'e.g. using dataSource.query(), dataSource.manager or a repository inside dataSource.transaction() ' +
        "or while a QueryRunner is connected, instead of that transaction's EntityManager " +
        '(or queryRunner.manager); or a QueryRunner that was connected but never released.' +
        where,
      site,
    );
  }

  /** The session's node-postgres client; made (again) when missing or broken. Holder only. */
  async getClient(): Promise<PgClient> {
    if (this.client) return this.client;
    const { PglitePgConnection } = loadPgliteNodePostgres();
    const client = new pg.Client({
      connection: new PglitePgConnection({ pglite: this.db }),
      user: 'postgres',
      database: 'postgres',
    });
    const drop = () => {
      if (this.client === client) this.client = undefined;
    };
    // Without a listener an 'error' on an idle client would crash the process; pg-pool does the same.
    client.on('error', (err: unknown) => {
      drop();
      if (!this.busy) this.emitPoolError(toLocalError(err));
    });
    client.on('end', drop);
    await client.connect();
    // The session outlives a dropped client, and so do its prepared statements; the new client
    // knows none, so it would prepare them again under the same names and fail.
    if (this.clientsMade++ > 0) await client.query('DEALLOCATE ALL');
    this.client = client;
    return client;
  }

  /** Closes the PGlite instance (nothing may hold the session). */
  async close(): Promise<void> {
    if (this.client) this.discardClient(this.client);
    if (!this.db.closed) await this.db.close();
  }

  private discardClient(client: PgClient): void {
    if (this.client === client) this.client = undefined;
    try {
      client.end().catch(() => undefined);
    } catch {
      // already unusable: nothing to end
    }
  }

  private emitPoolError(err: Error): void {
    for (const pool of this.pools) if (pool.listenerCount('error') > 0) pool.emit('error', err);
  }

  /**
   * Ends a checkout: waits for its queries, rolls back a transaction it left open (the next holder
   * must not inherit it), then hands the session on.
   */
  async finish(client: PgClient, err: unknown, settled: Promise<void>): Promise<void> {
    try {
      await settled;
      if (err) this.discardClient(client);
      if (!this.db.closed && this.db.isInTransaction()) {
        const current = await this.getClient();
        await current.query('ROLLBACK');
        if (!err) {
          process.emitWarning(
            'PGlite: a connection was released inside an open transaction; it was rolled back.',
            { code: 'PGLITE_RELEASED_IN_TRANSACTION' },
          );
        }
      }
    } catch (cleanupError) {
      if (this.client) this.discardClient(this.client);
      this.emitPoolError(toLocalError(cleanupError));
    } finally {
      this.handOff();
    }
  }
}

const gates = new WeakMap<PGlite, Gate>();

function gateFor(db: PGlite): Gate {
  let gate = gates.get(db);
  if (!gate) {
    gate = new Gate(db);
    gates.set(db, gate);
  }
  return gate;
}

/* --------------------------------------------------------------------------------- errors */

const DATABASE_ERROR_FIELDS = [
  'severity',
  'code',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
] as const;

/**
 * PostgreSQL errors arrive as PGlite's copy of pg-protocol's DatabaseError (from another realm
 * under jest). Re-create them as node-postgres' own `DatabaseError`, so `instanceof`, `code`,
 * `detail`, `constraint`… are exactly what `pg` gives; other errors become local `Error`s.
 */
function toLocalError(err: unknown): Error {
  if (err instanceof pg.DatabaseError) return err;
  if (typeof err !== 'object' || err === null) return new Error(String(err));
  const source = err as Record<string, unknown> & { message?: unknown; stack?: unknown };
  const message = typeof source.message === 'string' ? source.message : String(err);
  let local: Error & Record<string, unknown>;
  if (typeof source.severity === 'string' && typeof source.code === 'string') {
    local = new pg.DatabaseError(message, Number(source.length) || 0, 'error');
    for (const field of DATABASE_ERROR_FIELDS) local[field] = source[field];
  } else if (err instanceof Error) {
    return err;
  } else {
    local = new Error(message) as Error & Record<string, unknown>;
    for (const [key, value] of Object.entries(source)) if (!(key in local)) local[key] = value;
  }
  if (typeof source.stack === 'string') local.stack = source.stack;
  return local;
}

/* ---------------------------------------------------------------------------------- lease */

class Lease {
  active = true;
  private inflight = 0;
  private readonly onSettled: Array<() => void> = [];

  constructor(
    readonly pool: PglitePool,
    readonly client: PgClient,
  ) {}

  /** Counts a query in flight; returns its idempotent "done". */
  track(): () => void {
    this.inflight++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inflight--;
      if (this.inflight === 0) for (const resolve of this.onSettled.splice(0)) resolve();
    };
  }

  settled(): Promise<void> {
    if (this.inflight === 0) return Promise.resolve();
    return new Promise((resolve) => this.onSettled.push(resolve));
  }
}

function releasedError(): Error {
  return new Error(
    'PGlite: this connection was already released; a released client must not run queries ' +
      '(another query runner may hold the connection now).',
  );
}

/**
 * What a checkout hands out: node-postgres' client, usable only while the checkout lasts.
 * Offers what TypeORM uses (query, on/removeListener, release) plus pg's escape helpers.
 */
export class PgliteLeasedClient {
  constructor(private readonly lease: Lease) {}

  /** pg-pool's `client.release(err?)`; an error drops the client (the session stays). */
  readonly release = (err?: unknown): void => this.lease.pool.releaseLease(this.lease, err);

  query(...args: unknown[]): unknown {
    const last = args[args.length - 1];
    const callback = typeof last === 'function' ? (last as Callback) : undefined;
    if (!this.lease.active) {
      const err = releasedError();
      if (callback) {
        process.nextTick(callback, err);
        return undefined;
      }
      return Promise.reject(err);
    }
    const done = this.lease.track();
    const { client } = this.lease;
    try {
      if (callback) {
        args[args.length - 1] = (err: unknown, result: unknown) => {
          done();
          callback(err ? toLocalError(err) : err, result);
        };
        return client.query(...args);
      }
      const first = args[0] as { submit?: unknown } | undefined;
      if (first && typeof first.submit === 'function') {
        // A Submittable (e.g. pg-query-stream): held until it ends.
        const submittable = client.query(...args) as EventEmitter;
        for (const event of ['end', 'error', 'close']) submittable.once(event, done);
        return submittable;
      }
      return (client.query(...args) as Promise<unknown>).then(
        (result) => {
          done();
          return result;
        },
        (err: unknown) => {
          done();
          throw toLocalError(err);
        },
      );
    } catch (err) {
      done();
      throw toLocalError(err);
    }
  }

  /**
   * Listens on the session's client. As with pg-pool, a listener stays on the client after
   * release, until removed or until the pool ends (TypeORM removes its 'error' listener; its
   * logNotifications listeners are meant to stay).
   */
  on(event: string | symbol, listener: (...args: unknown[]) => void): this {
    this.lease.client.on(event, listener);
    this.lease.pool.listenersAdded.push([this.lease.client, event, listener]);
    return this;
  }

  addListener(event: string | symbol, listener: (...args: unknown[]) => void): this {
    return this.on(event, listener);
  }

  removeListener(event: string | symbol, listener: (...args: unknown[]) => void): this {
    this.lease.client.removeListener(event, listener);
    const added = this.lease.pool.listenersAdded;
    const i = added.findIndex(([c, e, l]) => c === this.lease.client && e === event && l === listener);
    if (i !== -1) added.splice(i, 1);
    return this;
  }

  off(event: string | symbol, listener: (...args: unknown[]) => void): this {
    return this.removeListener(event, listener);
  }

  escapeIdentifier(value: string): string {
    return this.lease.client.escapeIdentifier(value);
  }

  escapeLiteral(value: string): string {
    return this.lease.client.escapeLiteral(value);
  }
}

/* ----------------------------------------------------------------------------------- pool */

interface PoolSettings {
  checkoutTimeoutMs: number;
  closeOnEnd: boolean;
}

/**
 * pg-pool's interface over the one PGlite session. Pool options from TypeORM (host, port, max…)
 * are accepted and ignored.
 */
export class PglitePool extends EventEmitter {
  private ending = false;
  private readonly leases = new Set<Lease>();
  private readonly finishing = new Set<Promise<void>>();
  private endPromise: Promise<void> | undefined;
  /** @internal Listeners its clients added; removed when the pool ends, as if its clients closed. */
  readonly listenersAdded: Array<[PgClient, string | symbol, (...args: unknown[]) => void]> = [];

  constructor(
    private readonly gate: Gate,
    private readonly settings: PoolSettings,
    readonly options: Record<string, unknown> = {},
  ) {
    super();
    gate.pools.add(this);
  }

  /** Clients of this pool checked out now (0 or 1). */
  get totalCount(): number {
    return this.leases.size;
  }

  get idleCount(): number {
    return 0;
  }

  /** Checkouts waiting for the connection, from every pool on this PGlite instance. */
  get waitingCount(): number {
    return this.gate.waiting;
  }

  get ended(): boolean {
    return this.ending;
  }

  connect(): Promise<PgliteLeasedClient>;
  connect(callback: (err: Error | undefined, client?: PgliteLeasedClient, release?: (err?: unknown) => void) => void): void;
  connect(
    callback?: (err: Error | undefined, client?: PgliteLeasedClient, release?: (err?: unknown) => void) => void,
  ): Promise<PgliteLeasedClient> | void {
    const checkout = this.checkout();
    if (!callback) return checkout;
    checkout.then(
      (client) => callback(undefined, client, client.release),
      (err: Error) => callback(err, undefined, () => undefined),
    );
  }

  /** pg-pool's `pool.query`: checks out, runs one query, releases. */
  query(...args: unknown[]): unknown {
    const last = args[args.length - 1];
    const callback = typeof last === 'function' ? (last as Callback) : undefined;
    const queryArgs = callback ? args.slice(0, -1) : args;
    const run = this.checkout().then(async (client) => {
      try {
        return await (client.query(...queryArgs) as Promise<unknown>);
      } finally {
        client.release();
      }
    });
    if (!callback) return run;
    run.then(
      (result) => callback(undefined, result),
      (err: unknown) => callback(err),
    );
    return undefined;
  }

  end(): Promise<void>;
  end(callback: (err?: Error) => void): void;
  end(callback?: (err?: Error) => void): Promise<void> | void {
    if (this.endPromise) {
      const err = new Error('Called end on pool more than once');
      if (callback) return void process.nextTick(callback, err);
      return Promise.reject(err);
    }
    this.ending = true;
    this.gate.rejectWaiters(this, new Error('Cannot use a pool after calling end on the pool'));
    this.endPromise = this.drain().then(async () => {
      for (const [client, event, listener] of this.listenersAdded.splice(0)) client.removeListener(event, listener);
      this.gate.pools.delete(this);
      if (this.settings.closeOnEnd && this.gate.pools.size === 0) await this.gate.close();
    });
    if (!callback) return this.endPromise;
    this.endPromise.then(
      () => callback(),
      (err: Error) => callback(err),
    );
  }

  private async drain(): Promise<void> {
    // pg-pool waits for checked-out clients to come back before it ends.
    while (this.leases.size > 0 || this.finishing.size > 0) {
      if (this.leases.size > 0) {
        await new Promise<void>((resolve) => this.once('drained', resolve));
      } else {
        await Promise.all(this.finishing);
      }
    }
  }

  private async checkout(): Promise<PgliteLeasedClient> {
    if (this.ending) throw new Error('Cannot use a pool after calling end on the pool');
    const trace: { stack?: string } = {};
    Error.captureStackTrace(trace, PglitePool.prototype.checkout);
    await this.gate.acquire(this, this.settings.checkoutTimeoutMs, trace);
    let client: PgClient;
    try {
      if (this.ending) throw new Error('Cannot use a pool after calling end on the pool');
      client = await this.gate.getClient();
    } catch (err) {
      this.gate.abandon();
      throw toLocalError(err);
    }
    const lease = new Lease(this, client);
    this.leases.add(lease);
    return new PgliteLeasedClient(lease);
  }

  /** @internal Called by `PgliteLeasedClient.release`. */
  releaseLease(lease: Lease, err: unknown): void {
    if (!lease.active) throw new Error('Release called on client which has already been released to the pool.');
    lease.active = false;
    this.track(this.gate.finish(lease.client, err, lease.settled()));
    this.leases.delete(lease);
    if (this.leases.size === 0) this.emit('drained');
  }

  private track(finishing: Promise<void>): void {
    this.finishing.add(finishing);
    void finishing.finally(() => this.finishing.delete(finishing));
  }
}

/**
 * The `driver` for TypeORM's postgres driver, on one PGlite instance:
 * `new DataSource({ type: 'postgres', driver: createPgliteDriver(db), … })`.
 * Every pool made from it (and from any other driver on the same instance) shares the one session.
 */
export function createPgliteDriver(db: PGlite, opts: PgliteDriverOptions = {}): PgliteDriver {
  const timeout = opts.checkoutTimeoutMs ?? DEFAULT_CHECKOUT_TIMEOUT_MS;
  if (!(timeout >= 0)) throw new RangeError(`checkoutTimeoutMs must be >= 0, got ${String(opts.checkoutTimeoutMs)}`);
  const settings: PoolSettings = {
    checkoutTimeoutMs: timeout === Infinity ? 0 : timeout,
    closeOnEnd: opts.closeOnEnd ?? true,
  };
  const gate = gateFor(db);
  class Pool extends PglitePool {
    constructor(options?: Record<string, unknown>) {
      super(gate, settings, options);
    }
  }
  return { Pool, types: pg.types, defaults: pg.defaults, DatabaseError: pg.DatabaseError };
}
