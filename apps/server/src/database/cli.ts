/**
 * Schema tools. `check` fails when the entities and the committed migrations disagree;
 * `generate <Name>` writes the migration that would reconcile them.
 * Uses a scratch database on the DATABASE_URL server when set, otherwise a throwaway in-memory PGlite.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/app-config';
import { createDataSource, migrate, pendingSchemaChanges } from './data-source';
import { createScratchDatabase } from './scratch-database';

async function main(): Promise<number> {
  const [command, name] = process.argv.slice(2);
  const config = loadConfig();
  // On a server, compare in a database of our own: the one named may hold real data.
  const scratch = config.databaseUrl ? await createScratchDatabase(config.databaseUrl) : null;
  const ds = await createDataSource({ url: scratch?.url, dataDir: null });
  await ds.initialize();
  try {
    await migrate(ds, Boolean(config.databaseUrl));
    const log = await ds.driver.createSchemaBuilder().log();
    if (command === 'check') {
      const pending = await pendingSchemaChanges(ds);
      if (pending.length === 0) {
        console.log('migration:check: entities and migrations agree');
        return 0;
      }
      console.error(`migration:check: the entities need ${pending.length} change(s) no migration makes:\n${pending.join(';\n')}`);
      return 1;
    }
    if (command === 'generate' && name && /^[A-Z][A-Za-z0-9]+$/.test(name)) {
      if (log.upQueries.length === 0) {
        console.log('nothing to generate');
        return 0;
      }
      const stamp = Date.now();
      const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/`/g, '\\`');
      const up = log.upQueries.map((q) => `    await q.query(\`${esc(q.query)}\`);`).join('\n');
      const down = log.downQueries.reverse().map((q) => `    await q.query(\`${esc(q.query)}\`);`).join('\n');
      const file = join(__dirname, 'migrations', `${stamp}-${name}.ts`);
      writeFileSync(
        file,
        `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${stamp} implements MigrationInterface {\n  name = '${name}${stamp}';\n\n  async up(q: QueryRunner): Promise<void> {\n${up}\n  }\n\n  async down(q: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
      );
      console.log(`wrote ${file}; add it to migrations/index.ts`);
      return 0;
    }
    console.error('usage: cli check | cli generate <PascalCaseName>');
    return 2;
  } finally {
    await ds.destroy();
    await scratch?.drop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
