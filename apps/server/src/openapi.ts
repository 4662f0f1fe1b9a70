/**
 * Writes the OpenAPI document to a file (default: the mini-program's src/api/openapi.json), from
 * the real application on a throwaway in-memory database. CI regenerates it and fails when the
 * committed copy differs.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildApp, openApiDocument } from './app.factory';
import { loadConfig } from './config/app-config';

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? resolve(__dirname, '../../miniprogram/src/api/openapi.json'));
  const config = loadConfig({ SEED_DEMO: 'false', WORKER_POLL_MS: '0' });
  config.dataDir = null;
  const { app } = await buildApp(config, { logger: ['error'] });
  await app.init();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(openApiDocument(app), null, 2)}\n`);
  await app.close();
  console.log(`wrote ${out}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
