import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { loadPglite } from './load';

/**
 * Starts a PGlite instance (about 2 s). `dataDir` undefined: in memory, gone when closed.
 * Otherwise the database lives in that folder (created if missing) and survives restarts.
 * Only one instance may open a folder at a time. It must be closed to leave the files clean and
 * to let Node exit promptly: the driver does that when its DataSource is destroyed (closeOnEnd).
 */
export async function openPglite(dataDir?: string, opts: { snapshot?: Blob } = {}): Promise<PGlite> {
  const { PGlite } = loadPglite();
  // A snapshot (PGlite's dumpDataDir) skips initdb: an in-memory start in about half the time.
  if (dataDir === undefined) return PGlite.create(opts.snapshot ? { loadDataDir: opts.snapshot } : {});
  if (!dataDir.trim()) throw new Error('openPglite: dataDir must be a folder path, or undefined for an in-memory database');
  const folder = resolve(dataDir);
  await mkdir(folder, { recursive: true });
  // An absolute path without a scheme is PGlite's Node filesystem.
  return PGlite.create({ dataDir: folder });
}
