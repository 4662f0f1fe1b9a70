#!/usr/bin/env node
/**
 * After `pnpm build:weapp`: checks that dist-weapp/app.json exists and lists every page (and
 * sub-package page) declared in src/app.config.ts, and that each page's files were emitted.
 * app.config.ts is transpiled with TypeScript and evaluated with a stub defineAppConfig.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ts = require('typescript');

const problems = [];

function declaredConfig() {
  const file = join(root, 'src', 'app.config.ts');
  const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
    fileName: file,
  });
  const module = { exports: {} };
  vm.runInNewContext(outputText, {
    module,
    exports: module.exports,
    defineAppConfig: (config) => config,
    process: { env: { TARO_ENV: 'weapp' } },
  });
  const config = module.exports.default ?? module.exports;
  if (!config || !Array.isArray(config.pages)) throw new Error('src/app.config.ts has no pages array');
  return config;
}

/** Every page path, sub-package pages prefixed with their root. */
function allPages(config) {
  const pages = [...config.pages];
  for (const pkg of config.subPackages ?? config.subpackages ?? []) {
    for (const page of pkg.pages ?? []) pages.push(`${pkg.root.replace(/\/+$/, '')}/${page}`);
  }
  return pages;
}

const declared = allPages(declaredConfig());
const appJsonPath = join(root, 'dist-weapp', 'app.json');

if (!existsSync(appJsonPath)) {
  problems.push(`missing ${appJsonPath} (run pnpm build:weapp first)`);
} else {
  const built = new Set(allPages(JSON.parse(readFileSync(appJsonPath, 'utf8'))));
  for (const page of declared) {
    if (!built.has(page)) problems.push(`dist-weapp/app.json does not list page ${page}`);
    for (const ext of ['js', 'json', 'wxml']) {
      if (!existsSync(join(root, 'dist-weapp', `${page}.${ext}`))) problems.push(`missing dist-weapp/${page}.${ext}`);
    }
  }
  for (const file of ['app.js', 'project.config.json']) {
    if (!existsSync(join(root, 'dist-weapp', file))) problems.push(`missing dist-weapp/${file}`);
  }
}

if (problems.length > 0) {
  console.error(`verify:weapp failed:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log(`verify:weapp ok: dist-weapp/app.json lists all ${declared.length} page(s): ${declared.join(', ')}`);
