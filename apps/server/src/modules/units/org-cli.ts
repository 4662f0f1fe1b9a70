/**
 * `pnpm org:load <dir> [--update]`: loads a city's units.json and staff.json (format:
 * apps/server/data/org/README.md) into the database the server is configured for: DATABASE_URL,
 * or the embedded PGlite under DATA_DIR (stop the server first: one process at a time may open it).
 * Migrates first, like the server at boot. All or nothing; problems are listed by file, record and field.
 */
import 'reflect-metadata';
import { resolve } from 'node:path';
import { loadConfig } from '../../config/app-config';
import { createDataSource, migrate } from '../../database/data-source';
import { OrganisationLoadError } from './organisation-files';
import { loadOrganisation } from './organisation-loader';

const USAGE = 'usage: pnpm org:load <folder with units.json and/or staff.json> [--update]';

async function main(args: string[]): Promise<number> {
  const flags = args.filter((a) => a.startsWith('--'));
  const dirs = args.filter((a) => !a.startsWith('--'));
  const unknown = flags.filter((f) => f !== '--update');
  if (dirs.length !== 1 || unknown.length > 0) {
    console.error(unknown.length > 0 ? `unknown option ${unknown.join(', ')}\n${USAGE}` : USAGE);
    return 2;
  }
  // pnpm runs scripts from the workspace root; a relative folder means where the user typed it.
  // Root scripts run at the repository root: the folder is given relative to it.
  const dir = resolve(process.cwd(), dirs[0]);
  const update = flags.includes('--update');
  const config = loadConfig();
  const ds = await createDataSource({ url: config.databaseUrl, dataDir: config.dataDir });
  await ds.initialize();
  try {
    await migrate(ds, Boolean(config.databaseUrl));
    const r = await loadOrganisation(ds, dir, { update });
    console.log(`org:load ${dir}${update ? ' (--update)' : ''}`);
    console.log(`  units: ${r.units.inserted} added, ${r.units.updated} updated, ${r.units.unchanged} ${update ? 'unchanged' : 'already present (left as they are)'}`);
    console.log(`  staff: ${r.staff.inserted} added, ${r.staff.updated} updated, ${r.staff.unchanged} ${update ? 'unchanged' : 'already present (left as they are)'}`);
    if (r.staff.withoutPassword > 0) {
      console.log(`  ${r.staff.withoutPassword} new account(s) had no initialPassword and cannot log in with a password yet`);
    }
    return 0;
  } catch (err) {
    if (err instanceof OrganisationLoadError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await ds.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
