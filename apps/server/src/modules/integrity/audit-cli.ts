/**
 * `pnpm audit:verify`: recomputes every case's timeline chain and every sealed day's anchor in the
 * database the server is configured for (DATABASE_URL, or the embedded PGlite under DATA_DIR: stop
 * the server first), against the anchor file (ANCHOR_FILE). Prints each edited, deleted or inserted
 * entry by case number; exits 1 when anything is wrong, 0 when all is intact.
 */
import 'reflect-metadata';
import { loadConfig } from '../../config/app-config';
import { createDataSource } from '../../database/data-source';
import { auditTimeline, describeFault } from './timeline-audit';

async function main(): Promise<number> {
  const config = loadConfig();
  const ds = await createDataSource({ url: config.databaseUrl, dataDir: config.dataDir });
  await ds.initialize();
  try {
    const report = await auditTimeline(ds, config.anchorFile);
    console.log(`audit:verify ${report.entries} entries in ${report.cases} cases, ${report.anchors} sealed days (anchor file ${config.anchorFile})`);
    for (const f of report.faults) console.log(`  ${describeFault(f)}`);
    console.log(report.faults.length ? `${report.faults.length} problem(s) found` : 'every chain and anchor is intact');
    return report.faults.length ? 1 : 0;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
