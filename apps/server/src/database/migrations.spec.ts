import { defaultTaxonomy, parseTaxonomy } from '@msz/domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { createDataSource, migrate, pendingSchemaChanges } from './data-source';
import { ENTITIES } from './entities';
import { createScratchDatabase } from './scratch-database';

@Entity('drift_probe')
class DriftProbe {
  @PrimaryColumn({ type: 'int' }) id!: number;
  @Column({ type: 'text' }) note!: string;
}

/** A fresh database on the server named by DATABASE_URL, or an in-memory PGlite. */
async function freshTarget() {
  const server = loadConfig().databaseUrl;
  const scratch = server ? await createScratchDatabase(server) : null;
  return { target: { url: scratch?.url, dataDir: null }, onServer: Boolean(scratch), drop: () => scratch?.drop() };
}

describe('committed migrations', () => {
  it('build exactly the schema the entities describe, and undo cleanly', async () => {
    const { target, onServer, drop } = await freshTarget();
    const sut = await createDataSource(target);
    await sut.initialize();
    try {
      await migrate(sut, onServer);
      expect(await pendingSchemaChanges(sut)).toEqual([]);

      for (let i = 0; i < sut.migrations.length; i++) await sut.undoLastMigration();
      const tables: Array<{ table_name: string }> = await sut.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      );
      expect(tables).toEqual([]);
    } finally {
      await sut.destroy();
      await drop();
    }
  });

  it('notice when an entity changes without a migration', async () => {
    const { target, onServer, drop } = await freshTarget();
    const base = await createDataSource(target);
    // Same database, one entity more than the migrations know.
    const sut = new (base.constructor as typeof import('typeorm').DataSource)({ ...base.options, entities: [...ENTITIES, DriftProbe] } as never);
    await sut.initialize();
    try {
      await migrate(sut, onServer);
      const pending = await pendingSchemaChanges(sut);
      expect(pending.some((q) => q.includes('"drift_probe"'))).toBe(true);
    } finally {
      await sut.destroy();
      await drop();
    }
  });

  it('leave a phone number that several accounts held with the latest binding only', async () => {
    const { target, onServer, drop } = await freshTarget();
    const sut = await createDataSource(target);
    await sut.initialize();
    try {
      await migrate(sut, onServer);
      // Back to before PhoneOneAccount, when one number could be bound by several accounts.
      while (sut.migrations.length > 0 && (await sut.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`))[0].name !== 'InboundDedupPerSender1795686200000') {
        await sut.undoLastMigration();
      }
      await sut.query(
        `INSERT INTO resident_account (openid, phone, phone_bound_at) VALUES
           ('o_old_binding', '13800009999', '2026-11-01T00:00:00Z'), ('o_new_binding', '13800009999', '2026-12-01T00:00:00Z'), ('o_other', '13900009999', '2026-11-15T00:00:00Z')`,
      );
      await migrate(sut, onServer);
      expect(await sut.query(`SELECT openid, phone FROM resident_account ORDER BY openid`)).toEqual([
        { openid: 'o_new_binding', phone: '13800009999' },
        { openid: 'o_other', phone: '13900009999' },
      ]);
    } finally {
      await sut.destroy();
      await drop();
    }
  });

  it('add the safety, property and fire sub-items to a taxonomy stored before them, keeping the city’s edits', async () => {
    const { target, onServer, drop } = await freshTarget();
    const sut = await createDataSource(target);
    await sut.initialize();
    try {
      await migrate(sut, onServer);
      while ((await sut.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`))[0].name !== 'TaxonomySafetyItems1795686880000') await sut.undoLastMigration();
      await sut.undoLastMigration();
      // A city's document from before: 16 sub-items, one renamed by the office.
      const shipped = defaultTaxonomy();
      const old = {
        ...shipped,
        departments: shipped.departments.filter((d) => !['dept-emergency', 'dept-housing', 'dept-fire-rescue'].includes(d.code)),
        subItems: shipped.subItems.filter((s) => !['safety-hazards', 'property-management', 'fire-safety'].includes(s.code)).map((s) => (s.code === 'water-supply' ? { ...s, name: '吃水问题' } : s)),
      };
      expect(old.subItems).toHaveLength(16);
      await sut.query(`INSERT INTO taxonomy_document (id, document, updated_by) VALUES (1, $1, 'office')`, [JSON.stringify(old)]);

      await migrate(sut, onServer);
      const [{ document }] = await sut.query(`SELECT document FROM taxonomy_document WHERE id = 1`);
      const migrated = parseTaxonomy(document);
      expect(migrated.subItems.map((s) => s.code)).toEqual([...old.subItems.map((s) => s.code), 'safety-hazards', 'property-management', 'fire-safety']);
      expect(migrated.subItems.find((s) => s.code === 'water-supply')?.name).toBe('吃水问题');
      expect(migrated.departments.map((d) => d.code)).toEqual(expect.arrayContaining(['dept-emergency', 'dept-housing', 'dept-fire-rescue']));

      // Undone (with any later migration first): the three go again while no case uses them.
      while ((await sut.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`))[0].name !== 'TaxonomySafetyItems1795686880000') await sut.undoLastMigration();
      await sut.undoLastMigration();
      const [{ document: undone }] = await sut.query(`SELECT document FROM taxonomy_document WHERE id = 1`);
      expect(parseTaxonomy(undone).subItems).toHaveLength(16);
    } finally {
      await sut.destroy();
      await drop();
    }
  });

  it('keep the case timeline insert-only', async () => {
    const { target, onServer, drop } = await freshTarget();
    const sut = await createDataSource(target);
    await sut.initialize();
    try {
      await migrate(sut, onServer);
      await sut.query(
        `INSERT INTO case_timeline (case_id, action, to_status, actor_kind) VALUES (gen_random_uuid(), 'file', 'accepted', 'resident')`,
      );
      await expect(sut.query(`UPDATE case_timeline SET note = 'rewritten'`)).rejects.toThrow(/insert-only/);
      await expect(sut.query(`DELETE FROM case_timeline`)).rejects.toThrow(/insert-only/);
      expect(await sut.query(`SELECT count(*)::int AS n FROM case_timeline`)).toEqual([{ n: 1 }]);
    } finally {
      await sut.destroy();
      await drop();
    }
  });

  it('give the rollups already kept the extended cases answered in time, from each case’s contribution', async () => {
    const { target, onServer, drop } = await freshTarget();
    const sut = await createDataSource(target);
    await sut.initialize();
    try {
      await migrate(sut, onServer);
      for (;;) {
        const [last] = await sut.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`);
        await sut.undoLastMigration();
        if (last.name === 'ExtendedOnTime1795687100000') break;
      }
      // Three cases due on 10 November as the job kept them: extended and answered in time, extended and late, in time without an extension.
      const ids = (
        await sut.query(
          `INSERT INTO case_file (number, channel, text, kind, status, sub_item, accepted_at, assign_by, close_by, version) VALUES
             ('T1', 'phone', '一', 'complaint', 'closed', 'roads-transport', '2026-11-02T02:00:00Z', now(), now(), 1),
             ('T2', 'phone', '二', 'complaint', 'in_progress', 'roads-transport', '2026-11-02T02:00:00Z', now(), now(), 1),
             ('T3', 'phone', '三', 'complaint', 'closed', 'roads-transport', '2026-11-02T02:00:00Z', now(), now(), 1)
           RETURNING id`,
        )
      ).map((r: { id: string }) => r.id);
      const due = [{ closeDue: 1, closeOnTime: 1, extendedCases: 1 }, { closeDue: 1, extendedCases: 1 }, { closeDue: 1, closeOnTime: 1 }];
      for (const [i, id] of ids.entries()) {
        const contribution = { event: { '2026-11-02': { accepted: 1, valid: 1 }, '2026-11-10': due[i] }, due: { '2026-11-10': { accepted: 1, valid: 1, ...due[i] } } };
        await sut.query(`INSERT INTO indicator_case (case_id, keys, contribution, last_step_id) VALUES ($1, 'k', $2::jsonb, $3)`, [id, JSON.stringify(contribution), i + 1]);
      }
      const zeros = `ARRAY[${new Array(22).fill(0).join(', ')}]`;
      for (const basis of ['event', 'due']) {
        await sut.query(`INSERT INTO indicator_daily (basis, day, keys, kind, channel, close_due, close_on_time, extended_cases, cycle_histogram) VALUES ($1, '2026-11-10', 'k', 'complaint', 'phone', 3, 2, 2, ${zeros})`, [basis]);
        await sut.query(`INSERT INTO indicator_monthly (basis, month, keys, kind, channel, close_due, close_on_time, extended_cases, cycle_histogram) VALUES ($1, '2026-11-01', 'k', 'complaint', 'phone', 3, 2, 2, ${zeros})`, [basis]);
        for (const [grouping, value] of [['none', ''], ['kind', 'complaint'], ['unit', '']]) {
          await sut.query(`INSERT INTO indicator_group_daily (basis, grouping, day, value, close_due, close_on_time, extended_cases, cycle_histogram) VALUES ($1, $2, '2026-11-10', $3, 3, 2, 2, ${zeros})`, [basis, grouping, value]);
          await sut.query(`INSERT INTO indicator_group_monthly (basis, grouping, month, value, close_due, close_on_time, extended_cases, cycle_histogram) VALUES ($1, $2, '2026-11-01', $3, 3, 2, 2, ${zeros})`, [basis, grouping, value]);
        }
      }
      await migrate(sut, onServer);
      for (const table of ['indicator_daily', 'indicator_monthly', 'indicator_group_daily', 'indicator_group_monthly']) {
        expect({ table, rows: await sut.query(`SELECT DISTINCT basis, extended_on_time FROM ${table} ORDER BY basis`) }).toEqual({
          table,
          rows: [
            { basis: 'due', extended_on_time: 1 },
            { basis: 'event', extended_on_time: 1 },
          ],
        });
      }
      const contributions: Array<{ c: Record<string, Record<string, Record<string, number>>> }> = await sut.query(
        `SELECT contribution AS c FROM indicator_case ORDER BY (SELECT number FROM case_file WHERE id = case_id)`,
      );
      expect(contributions.map(({ c }) => [c.event['2026-11-10'].extendedOnTime, c.due['2026-11-10'].extendedOnTime, c.event['2026-11-02']])).toEqual([
        [1, 1, { accepted: 1, valid: 1 }],
        [undefined, undefined, { accepted: 1, valid: 1 }],
        [undefined, undefined, { accepted: 1, valid: 1 }],
      ]);

      // Undone (with any later migration first): the column goes and the contributions are as they were.
      for (;;) {
        const [last] = await sut.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`);
        await sut.undoLastMigration();
        if (last.name === 'ExtendedOnTime1795687100000') break;
      }
      expect(await sut.query(`SELECT column_name FROM information_schema.columns WHERE column_name = 'extended_on_time'`)).toEqual([]);
      expect(await sut.query(`SELECT count(*)::int AS n FROM indicator_case WHERE contribution::text LIKE '%extendedOnTime%'`)).toEqual([{ n: 0 }]);
    } finally {
      await sut.destroy();
      await drop();
    }
  });

  it('carry the rollups already kept into the monthly, narrow and heat map rollups, and take them away again', async () => {
    const { target, onServer, drop } = await freshTarget();
    const sut = await createDataSource(target);
    await sut.initialize();
    try {
      await migrate(sut, onServer);
      while (sut.migrations.length > 0 && (await sut.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`))[0].name !== 'RewardIdea1795686820000') {
        await sut.undoLastMigration();
      }
      // Two days of November and one of December, as the rollup job kept them; two cases it counted, one of them rejected.
      /** One case answered in `workdays` working days. */
      const histogram = (workdays: number) => `ARRAY[${Array.from({ length: 22 }, (_, i) => (i === workdays ? 1 : 0)).join(', ')}]`;
      await sut.query(
        `INSERT INTO indicator_daily (basis, day, keys, kind, channel, accepted, valid, cycle_histogram) VALUES
           ('event', '2026-11-03', 'k', 'complaint', 'phone', 2, 1, ${histogram(0)}), ('event', '2026-11-30', 'k', 'complaint', 'phone', 1, 1, ${histogram(2)}),
           ('event', '2026-12-01', 'k', 'complaint', 'phone', 5, 4, ${histogram(0)})`,
      );
      const [kept, rejected] = (
        await sut.query(
          `INSERT INTO case_file (number, channel, text, kind, status, sub_item, accepted_at, assign_by, close_by, version) VALUES
             ('T1', 'phone', '路灯坏了', 'complaint', 'closed', 'roads-transport', '2026-11-02T17:00:00Z', now(), now(), 1),
             ('T2', 'phone', '重复的', 'complaint', 'invalid', 'roads-transport', '2026-11-02T17:00:00Z', now(), now(), 1)
           RETURNING id`,
        )
      ).map((r: { id: string }) => r.id);
      await sut.query(`INSERT INTO indicator_case (case_id, keys, contribution, last_step_id) VALUES ($1, 'k', '{}', 1), ($2, 'k', '{}', 2)`, [kept, rejected]);
      await migrate(sut, onServer);
      expect(await sut.query(`SELECT to_char(month, 'YYYY-MM-DD') AS month, accepted, valid, cycle_histogram[1:3] AS h FROM indicator_monthly ORDER BY month`)).toEqual([
        { month: '2026-11-01', accepted: 3, valid: 2, h: [1, 0, 1] },
        { month: '2026-12-01', accepted: 5, valid: 4, h: [1, 0, 0] },
      ]);
      // Accepted at 01:00 Beijing time on 3 November: counted on that day.
      expect(await sut.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, keys, cases FROM heatmap_daily`)).toEqual([{ day: '2026-11-03', keys: '|roads-transport||complaint|phone', cases: 1 }]);
      expect(await sut.query(`SELECT to_char(month, 'YYYY-MM-DD') AS month, cases FROM heatmap_monthly`)).toEqual([{ month: '2026-11-01', cases: 1 }]);
      expect(await sut.query(`SELECT case_id, heat_keys IS NOT NULL AS counted FROM indicator_case ORDER BY case_id = $1 DESC`, [kept])).toEqual([
        { case_id: kept, counted: true },
        { case_id: rejected, counted: false },
      ]);
      // The narrow rollups, carried over from the wide rows per grouping: one value each here (no unit, town, village or category on the rows).
      expect(
        await sut.query(`SELECT grouping, value, to_char(day, 'YYYY-MM-DD') AS day, accepted, valid FROM indicator_group_daily WHERE grouping IN ('none', 'unit', 'kind') ORDER BY grouping, day`),
      ).toEqual(
        ['kind', 'none', 'unit'].flatMap((grouping) =>
          [
            ['2026-11-03', 2, 1],
            ['2026-11-30', 1, 1],
            ['2026-12-01', 5, 4],
          ].map(([day, accepted, valid]) => ({ grouping, value: grouping === 'kind' ? 'complaint' : '', day, accepted, valid })),
        ),
      );
      expect(await sut.query(`SELECT count(DISTINCT grouping)::int AS n FROM indicator_group_daily`)).toEqual([{ n: 7 }]);
      expect(
        await sut.query(`SELECT to_char(month, 'YYYY-MM-DD') AS month, accepted, valid, cycle_histogram[1:3] AS h FROM indicator_group_monthly WHERE grouping = 'channel' ORDER BY month`),
      ).toEqual([
        { month: '2026-11-01', accepted: 3, valid: 2, h: [1, 0, 1] },
        { month: '2026-12-01', accepted: 5, valid: 4, h: [1, 0, 0] },
      ]);
      // Undone (with any later migration first): the tables go, the daily rows stay.
      const undoneUpTo = async (name: string) => {
        for (;;) {
          const [last] = await sut.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`);
          await sut.undoLastMigration();
          if (last.name === name) return;
        }
      };
      await undoneUpTo('NarrowIndicatorRollups1795686910000');
      expect(await sut.query(`SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'indicator_group_%'`)).toEqual([]);
      expect(await sut.query(`SELECT count(*)::int AS n FROM indicator_monthly`)).toEqual([{ n: 2 }]);
      await undoneUpTo('AnalyticsRollups1795686860000');
      expect(await sut.query(`SELECT table_name FROM information_schema.tables WHERE table_name IN ('indicator_monthly', 'heatmap_daily', 'heatmap_monthly')`)).toEqual([]);
      expect(await sut.query(`SELECT count(*)::int AS n FROM indicator_daily`)).toEqual([{ n: 3 }]);
    } finally {
      await sut.destroy();
      await drop();
    }
  });
});
