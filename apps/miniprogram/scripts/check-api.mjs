#!/usr/bin/env node
/**
 * CI: regenerates the API types from src/api/openapi.json into a temp file and fails when they
 * differ from the committed src/api/schema.d.ts (run `pnpm gen:api` and commit the result).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const committed = join(root, 'src', 'api', 'schema.d.ts');
const dir = mkdtempSync(join(tmpdir(), 'msz-api-'));
const fresh = join(dir, 'schema.d.ts');
try {
  const bin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'openapi-typescript.cmd' : 'openapi-typescript');
  execFileSync(bin, [join(root, 'src', 'api', 'openapi.json'), '-o', fresh], { stdio: ['ignore', 'ignore', 'inherit'] });
  let current = '';
  try {
    current = readFileSync(committed, 'utf8');
  } catch {
    console.error('check:api failed: src/api/schema.d.ts is missing; run `pnpm gen:api`.');
    process.exit(1);
  }
  if (readFileSync(fresh, 'utf8') !== current) {
    console.error('check:api failed: src/api/schema.d.ts is out of date with src/api/openapi.json; run `pnpm gen:api` and commit it.');
    process.exit(1);
  }
  console.log('check:api ok: src/api/schema.d.ts matches src/api/openapi.json');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
