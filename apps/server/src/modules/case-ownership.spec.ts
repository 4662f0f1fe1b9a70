import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The case's tables have one writer, and features depend on cases, never the other way. */
const MODULES = __dirname;
const CASE_ENTITIES = ['CaseEntity', 'TimelineEntryEntity', 'CaseCoUnitEntity'];
const CASE_TABLES = ['case_file', 'case_timeline', 'case_co_unit'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

const outsideCases = sources(MODULES).filter((f) => !relative(MODULES, f).startsWith('cases/'));

describe('case ownership', () => {
  it.each(outsideCases.map((f) => [relative(MODULES, f), f]))('%s writes no case table', (_, file) => {
    const code = readFileSync(file, 'utf8');
    for (const entity of CASE_ENTITIES) {
      expect(code).not.toMatch(new RegExp(`\\.(insert|update|delete|upsert)\\(\\s*${entity}\\b`));
      expect(code).not.toMatch(new RegExp(`getRepository\\(${entity}\\)\\s*\\.(save|insert|update|delete|upsert|remove)\\(`));
    }
    for (const table of CASE_TABLES) expect(code).not.toMatch(new RegExp(`(INSERT INTO|UPDATE|DELETE FROM)\\s+"?${table}\\b`, 'i'));
  });

  it('the cases module imports no feature that reacts to it', () => {
    const imports = sources(join(MODULES, 'cases')).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/from '\.\.\/(\w+)\//g)].map((m) => m[1]));
    expect([...new Set(imports)].filter((m) => ['notifications', 'quality', 'workflow', 'wechat', 'residents', 'exports'].includes(m))).toEqual([]);
  });
});
