import 'reflect-metadata';
import type { PGlite } from '@electric-sql/pglite';
import {
  Column,
  CreateDateColumn,
  DataSource,
  Entity,
  type MigrationInterface,
  PrimaryGeneratedColumn,
  QueryFailedError,
  type QueryRunner,
  Unique,
} from 'typeorm';
import { createPgliteDriver, openPglite, PgliteCheckoutTimeoutError, type PgliteDriverOptions } from './index';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pg = require('pg') as { DatabaseError: new (...args: never[]) => Error };

jest.setTimeout(60_000);

interface Payload {
  a: number;
  nested: { list: Array<number | string | null>; ok: boolean };
  text: string;
}

@Entity('pglite_item')
@Unique('uq_pglite_item_name', ['name'])
class Item {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_pglite_item' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'timestamptz' })
  happenedAt!: Date;

  @Column({ type: 'jsonb' })
  payload!: Payload;

  @Column({ type: 'bigint' })
  big!: string;

  @Column({ type: 'boolean' })
  flag!: boolean;

  @Column({ type: 'text', array: true })
  tags!: string[];

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  amount!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** Written by hand the way the project's migrations are; several statements in one query. */
class CreateTables1700000000000 implements MigrationInterface {
  name = 'CreateTables1700000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "pglite_item" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "happenedAt" TIMESTAMP WITH TIME ZONE NOT NULL,
        "payload" jsonb NOT NULL,
        "big" bigint NOT NULL,
        "flag" boolean NOT NULL,
        "tags" text array NOT NULL,
        "amount" numeric(12,2) NOT NULL,
        "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "uq_pglite_item_name" UNIQUE ("name"),
        CONSTRAINT "pk_pglite_item" PRIMARY KEY ("id")
      );
      CREATE TABLE "pglite_counter" (
        "key" text NOT NULL,
        "value" integer NOT NULL,
        CONSTRAINT "pk_pglite_counter" PRIMARY KEY ("key")
      );
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "pglite_counter"; DROP TABLE "pglite_item"');
  }
}

function dataSourceOn(db: PGlite, opts?: PgliteDriverOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    driver: createPgliteDriver(db, opts),
    database: 'postgres',
    entities: [Item],
    migrations: [CreateTables1700000000000],
    synchronize: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type NewItem = Pick<Item, 'name' | 'happenedAt' | 'payload' | 'big' | 'flag' | 'tags' | 'amount'>;

function newItem(name: string): NewItem {
  return {
    name,
    happenedAt: new Date('2024-05-06T07:08:09.123Z'),
    payload: { a: 1, nested: { list: [1, 'two', null], ok: true }, text: 'caf\u00e9 \u6c11\u751f' },
    big: '9007199254740993', // 2^53 + 1: not representable as a JS number
    flag: true,
    tags: ['a', 'b,c', '"quoted"', 'with space', ''],
    amount: '1234.50',
  };
}

describe('PGlite driver for TypeORM', () => {
  let db: PGlite;
  let ds: DataSource;

  beforeAll(async () => {
    db = await openPglite();
    ds = dataSourceOn(db, { checkoutTimeoutMs: 10_000 });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    expect(db.closed).toBe(true); // the last DataSource on it closed it

  });

  beforeEach(async () => {
    await ds.query('DELETE FROM pglite_item; DELETE FROM pglite_counter');
  });

  it('initialises, runs a migration and agrees with the entities', async () => {
    expect(ds.isInitialized).toBe(true);
    expect(ds.driver.version).toMatch(/^1[5-9]/);
    expect(ds.driver.database).toBe('postgres');
    const applied = await ds.query('SELECT name FROM migrations');
    expect(applied).toEqual([{ name: 'CreateTables1700000000000' }]);
    // TypeORM reads the schema back through the adapter and finds nothing to change.
    const log = await ds.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('round-trips typed values like node-postgres', async () => {
    const repo = ds.getRepository(Item);
    const saved = await repo.save(repo.create(newItem('typed')));
    expect(saved.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(saved.createdAt).toBeInstanceOf(Date);

    const read = await repo.findOneByOrFail({ id: saved.id });
    expect(read.happenedAt).toBeInstanceOf(Date);
    expect(read.happenedAt.toISOString()).toBe('2024-05-06T07:08:09.123Z');
    expect(read.payload).toEqual(newItem('typed').payload);
    expect(read.big).toBe('9007199254740993');
    expect(read.flag).toBe(true);
    expect(read.tags).toEqual(['a', 'b,c', '"quoted"', 'with space', '']);
    expect(read.amount).toBe('1234.50');

    const [raw] = await ds.query(
      `SELECT id, "happenedAt", payload, big, flag, tags, amount, count(*) OVER () AS n,
              '{1,2,3}'::int[] AS ints, 7::int4 AS i4, 1.5::float8 AS f8, NULL::text AS nothing
         FROM pglite_item WHERE id = $1`,
      [saved.id],
    );
    expect(raw).toEqual({
      id: saved.id,
      happenedAt: new Date('2024-05-06T07:08:09.123Z'),
      payload: newItem('typed').payload,
      big: '9007199254740993',
      flag: true,
      tags: ['a', 'b,c', '"quoted"', 'with space', ''],
      amount: '1234.50',
      n: '1', // count(*) is int8: a string, as with pg
      ints: [1, 2, 3],
      i4: 7,
      f8: 1.5,
      nothing: null,
    });
  });

  it('gives results the shape of pg: UPDATE counts, multi-statement arrays, ON CONFLICT … RETURNING', async () => {
    const day = '2024-05-06';
    const bump = () =>
      ds.query(
        `INSERT INTO pglite_counter ("key", "value") VALUES ($1, 1)
         ON CONFLICT ("key") DO UPDATE SET "value" = pglite_counter."value" + 1
         RETURNING "value"`,
        [day],
      );
    expect(await bump()).toEqual([{ value: 1 }]);
    expect(await bump()).toEqual([{ value: 2 }]);
    expect(await bump()).toEqual([{ value: 3 }]);

    // TypeORM returns [rows, rowCount] for UPDATE/DELETE: it needs pg's `command`.
    const updated = await ds.query(`UPDATE pglite_counter SET "value" = "value" * 10 WHERE "key" = $1 RETURNING "value"`, [day]);
    expect(updated).toEqual([[{ value: 30 }], 1]);
    const runner = ds.createQueryRunner();
    try {
      const structured = await runner.query('DELETE FROM pglite_counter WHERE "key" = $1', [day], true);
      expect(structured.affected).toBe(1);
    } finally {
      await runner.release();
    }

    // Several statements without parameters go through the simple protocol, as with pg.
    const qr = ds.createQueryRunner();
    try {
      const conn = (await qr.connect()) as { query(sql: string): Promise<unknown> };
      const results = (await conn.query("SELECT 1 AS one; INSERT INTO pglite_counter VALUES ('x', 5)")) as Array<{
        command: string;
        rowCount: number;
        rows: unknown[];
        fields: Array<{ name: string; dataTypeID: number }>;
      }>;
      expect(results.map((r) => [r.command, r.rowCount, r.rows])).toEqual([
        ['SELECT', 1, [{ one: 1 }]],
        ['INSERT', 1, []],
      ]);
      expect(results[0].fields.map((f) => [f.name, f.dataTypeID])).toEqual([['one', 23]]);
    } finally {
      await qr.release();
    }
  });

  it('surfaces a unique violation as QueryFailedError with code 23505, like pg', async () => {
    const repo = ds.getRepository(Item);
    await repo.insert(newItem('dup'));
    const error = await repo.insert(newItem('dup')).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(QueryFailedError);
    const failed = error as QueryFailedError & { code?: string; detail?: string; constraint?: string };
    const driverError = failed.driverError as unknown as { code: string; detail: string; constraint: string; table: string };
    expect(driverError).toBeInstanceOf(pg.DatabaseError);
    expect(driverError.code).toBe('23505');
    expect(driverError.detail).toBe('Key (name)=(dup) already exists.');
    expect(driverError.constraint).toBe('uq_pglite_item_name');
    expect(driverError.table).toBe('pglite_item');
    expect(failed.code).toBe('23505');
    expect(failed.detail).toBe('Key (name)=(dup) already exists.');
    expect(failed.message).toBe('duplicate key value violates unique constraint "uq_pglite_item_name"');
    expect(await repo.countBy({ name: 'dup' })).toBe(1);
  });

  describe.each([
    ['rolls back', false, 0],
    ['commits', true, 1],
  ])('transaction A %s while runner B waits', (_label, commit, expected) => {
    it(`B sees ${expected} row(s)`, async () => {
      const a = ds.createQueryRunner();
      await a.connect();
      await a.startTransaction();
      await a.query(
        `INSERT INTO pglite_item (name, "happenedAt", payload, big, flag, tags, amount)
         VALUES ($1, now(), '{}', 1, false, '{}', 0)`,
        ['isolated'],
      );
      expect(await a.query('SELECT count(*)::int AS n FROM pglite_item')).toEqual([{ n: 1 }]);

      const b = ds.createQueryRunner();
      let bDone = false;
      const bWork = (async () => {
        await b.startTransaction();
        const rows = await b.query('SELECT count(*)::int AS n FROM pglite_item WHERE name = $1', ['isolated']);
        await b.commitTransaction();
        return rows as Array<{ n: number }>;
      })().finally(() => {
        bDone = true;
      });

      await sleep(200);
      expect(bDone).toBe(false); // B waits for A's connection

      if (commit) await a.commitTransaction();
      else await a.rollbackTransaction();
      await a.release();

      expect(await bWork).toEqual([{ n: expected }]);
      await b.release();
      expect(await ds.getRepository(Item).countBy({ name: 'isolated' })).toBe(expected);
    });
  });

  it('serialises two concurrent dataSource.transaction() read-modify-write loops exactly', async () => {
    await ds.query(`INSERT INTO pglite_counter ("key", "value") VALUES ('c', 0)`);
    const started: string[] = [];
    const loop = (who: string) =>
      ds.transaction(async (em) => {
        started.push(who);
        for (let i = 0; i < 50; i++) {
          const [{ value }] = (await em.query(`SELECT "value" FROM pglite_counter WHERE "key" = 'c'`)) as Array<{
            value: number;
          }>;
          await sleep(0);
          await em.query(`UPDATE pglite_counter SET "value" = $1 WHERE "key" = 'c'`, [value + 1]);
        }
      });
    await Promise.all([loop('first'), loop('second')]);
    expect(started.sort()).toEqual(['first', 'second']);
    expect(await ds.query(`SELECT "value" FROM pglite_counter WHERE "key" = 'c'`)).toEqual([{ value: 100 }]);
  });

  it('rolls back a failed transaction and keeps the connection usable', async () => {
    const repo = ds.getRepository(Item);
    await expect(
      ds.transaction(async (em) => {
        await em.getRepository(Item).insert(newItem('first'));
        await em.getRepository(Item).insert(newItem('first')); // 23505 aborts the transaction
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await repo.countBy({ name: 'first' })).toBe(0);
    expect(db.isInTransaction()).toBe(false);
    await repo.insert(newItem('after'));
    expect(await repo.countBy({ name: 'after' })).toBe(1);
  });

  it('rolls back a transaction left open by a released runner, so the next one does not inherit it', async () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const leaky = ds.createQueryRunner();
      await leaky.startTransaction();
      await leaky.query(
        `INSERT INTO pglite_item (name, "happenedAt", payload, big, flag, tags, amount)
         VALUES ('leaked', now(), '{}', 1, false, '{}', 0)`,
      );
      await leaky.release(); // without commit or rollback
      expect(await ds.getRepository(Item).countBy({ name: 'leaked' })).toBe(0);
      expect(db.isInTransaction()).toBe(false);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/released inside an open transaction/), expect.anything());
    } finally {
      warn.mockRestore();
    }
  });

  it('fails a checkout that waits too long with an error naming the likely cause', async () => {
    const impatient = dataSourceOn(db, { checkoutTimeoutMs: 300 });
    await impatient.initialize();
    try {
      let caught: unknown;
      const startedAt = Date.now();
      await impatient.transaction(async (em) => {
        await em.query('SELECT 1');
        // The mistake: a second connection from inside the transaction.
        caught = await impatient.query('SELECT 1').catch((err: unknown) => err);
      });
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(300);
      expect(caught).toBeInstanceOf(PgliteCheckoutTimeoutError);
      const err = caught as PgliteCheckoutTimeoutError;
      expect(err.code).toBe('PGLITE_CHECKOUT_TIMEOUT');
      expect(err.message).toMatch(/after 300 ms/);
      expect(err.message).toMatch(/second connection requested while one is already held in the same flow/);
      expect(err.holderStack).toMatch(/\S/);
      // The gate is not stuck afterwards.
      expect(await impatient.query('SELECT 2 AS two')).toEqual([{ two: 2 }]);
    } finally {
      await impatient.destroy();
    }
  });

  it('passes PostgreSQL notices to TypeORM when logNotifications is on', async () => {
    const infos: string[] = [];
    const noisy = new DataSource({
      type: 'postgres',
      driver: createPgliteDriver(db),
      logNotifications: true,
      logger: {
        log: (level: string, message: unknown) => void (level === 'info' && infos.push(String(message))),
        logQuery: () => undefined,
        logQueryError: () => undefined,
        logQuerySlow: () => undefined,
        logSchemaBuild: () => undefined,
        logMigration: () => undefined,
      },
    });
    await noisy.initialize();
    try {
      await noisy.query(`DO $$ BEGIN RAISE NOTICE 'hello from plpgsql'; END $$`);
      expect(infos).toContain('hello from plpgsql');
    } finally {
      await noisy.destroy();
    }
    // Its listeners went with it: notices from other DataSources on the instance do not reach it.
    await ds.query(`DO $$ BEGIN RAISE NOTICE 'not for noisy'; END $$`);
    expect(infos).not.toContain('not for noisy');
  });

  it('checks out in arrival order and refuses a released client', async () => {
    const driver = createPgliteDriver(db);
    const pool = new driver.Pool();
    const first = await pool.connect();
    const order: number[] = [];
    const waiting = [1, 2, 3].map((n) =>
      pool.connect().then(async (client) => {
        order.push(n);
        await sleep(5);
        client.release();
      }),
    );
    await sleep(20);
    expect(order).toEqual([]);
    expect(pool.waitingCount).toBe(3);
    first.release();
    await Promise.all(waiting);
    expect(order).toEqual([1, 2, 3]);
    await expect(first.query('SELECT 1')).rejects.toThrow(/already released/);
    expect(() => first.release()).toThrow(/already been released/);
    await pool.end();
    await expect(pool.connect()).rejects.toThrow(/after calling end/);
  });

  it('prepares a named statement again after a client was dropped (the session kept the old one)', async () => {
    const driver = createPgliteDriver(db);
    const pool = new driver.Pool();
    type Named = { query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }> };
    const statement = { name: 'pglite_named_twice', text: 'SELECT $1::int + 1 AS n' };
    try {
      const first = await pool.connect();
      expect((await (first as unknown as Named).query({ ...statement, values: [1] })).rows).toEqual([{ n: 2 }]);
      first.release(new Error('dropped')); // an error drops the client, not the session
      const second = await pool.connect();
      expect((await (second as unknown as Named).query({ ...statement, values: [2] })).rows).toEqual([{ n: 3 }]);
      second.release();
    } finally {
      await pool.end();
    }
  });

  it('with closeOnEnd false, lets a DataSource be destroyed and initialised again on the same instance', async () => {
    const other = dataSourceOn(db, { closeOnEnd: false });
    await other.initialize();
    await ds.destroy(); // not the last pool on the instance: it stays open
    expect(db.closed).toBe(false);
    await other.destroy(); // the last one, but it does not own the instance
    expect(db.closed).toBe(false);
    await other.initialize();
    expect(await other.query('SELECT count(*)::int AS n FROM migrations')).toEqual([{ n: 1 }]);
    await other.destroy();
    expect(db.closed).toBe(false);
    await ds.initialize(); // closeOnEnd defaults to true: destroying it in afterAll closes the instance
  });
});
