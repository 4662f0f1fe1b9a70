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

      // Undone: the three go again while no case uses them.
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
});
