/**
 * Where the benchmark finds the built workspace. bench/ is not a workspace package, so it borrows
 * the resolution of the packages that own each dependency: @msz/wechat and pg as the server sees
 * them, co-wechat as libs/wechat sees it. Types come from the sources; code from the builds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

const fromServer = createRequire(join(ROOT, 'apps/server/package.json'));
const fromWechatLib = createRequire(join(ROOT, 'libs/wechat/package.json'));

export const SERVER_MAIN = join(ROOT, 'apps/server/dist/main.js');
const SCRATCH_DB = join(ROOT, 'apps/server/dist/database/scratch-database.js');
const WECHAT_DIST = join(ROOT, 'libs/wechat/dist/index.js');

/** Each source folder and the build output made from it. */
const BUILDS: Array<[source: string, output: string]> = [
  ['apps/server/src', SERVER_MAIN],
  ['libs/wechat/src', WECHAT_DIST],
  ['libs/domain/src', join(ROOT, 'libs/domain/dist/index.js')],
];

/**
 * A benchmark's first step: builds libs and server when a build output is missing (or when forced),
 * and says when sources were edited after their build (the benchmark would measure older code than
 * the tree holds). False, said on stderr, when the build failed.
 */
export function readyBuild(force: boolean): boolean {
  const outputs = [SCRATCH_DB, ...BUILDS.map(([, output]) => output)];
  const missing = outputs.filter((f) => !existsSync(f));
  if (force || missing.length > 0) {
    console.log(force ? 'Building (--build)…' : `Building: missing ${missing.map((f) => f.slice(ROOT.length + 1)).join(', ')}`);
    const r = spawnSync('pnpm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', timeout: 10 * 60_000 });
    if (r.status !== 0 || !outputs.every((f) => existsSync(f))) {
      console.error('build failed: run `pnpm run build` and read its errors');
      return false;
    }
  }
  const stale = BUILDS.filter(([source, output]) => newestMtime(join(ROOT, source)) > statSync(output).mtimeMs).map(([source]) => source);
  if (stale.length) console.log(`note: ${stale.join(', ')} changed after the last build; --build measures the current code`);
  return true;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

export type WechatLib = typeof import('../../libs/wechat/src');
export const loadWechat = (): WechatLib => fromServer('@msz/wechat') as WechatLib;

export type PgLib = typeof import('pg');
export const loadPg = (): PgLib => fromServer('pg') as PgLib;

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}
type ScratchModule = { createScratchDatabase(serverUrl: string, options?: { tablespace?: string }): Promise<ScratchDatabase> };
export const loadScratch = (): ScratchModule =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(SCRATCH_DB) as ScratchModule;

/** co-wechat has no types: only the part the echo server calls. */
export type CoWechatFactory = (config: { token: string; appid?: string }) => {
  middleware(
    handle: (message: Record<string, unknown>, ctx: unknown) => Promise<unknown>,
  ): (ctx: unknown, next: () => Promise<void>) => Promise<void>;
};
export const loadCoWechat = (): CoWechatFactory => fromWechatLib('co-wechat') as CoWechatFactory;
