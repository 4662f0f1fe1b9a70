import * as vm from 'node:vm';
import type { PGlite } from '@electric-sql/pglite';

/** The parts of `@electric-sql/pglite` this folder uses. */
export interface PgliteModule {
  PGlite: typeof PGlite;
}

/** The parts of `@electric-sql/pglite/node-postgres` this folder uses (its types need node16 resolution). */
export interface PgliteNodePostgresModule {
  /** A node-postgres `connection` that speaks the wire protocol to a PGlite instance. */
  PglitePgConnection: new (config: { pglite: PGlite }) => object;
}

type Require = (id: string) => unknown;

let hostRequire: Require | undefined;

/**
 * A `require` that loads PGlite in the host realm.
 *
 * PGlite's CommonJS build calls `import()` while it starts (its Emscripten loader imports
 * `node:module`). Node only allows that in code it loaded itself: inside a `vm` sandbox such as
 * a jest test it kills the process with ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG
 * (electric-sql/pglite#224). When this module runs in such a sandbox, PGlite is loaded with the
 * host's own `require` instead; everywhere else this is the ordinary `require`.
 * Values that cross realms (PGlite's error objects) are re-created by the driver, so callers see
 * the same classes as with node-postgres.
 */
function requireInHostRealm(): Require {
  if (hostRequire) return hostRequire;
  const hostGlobal = vm.runInThisContext('globalThis') as typeof globalThis;
  if (hostGlobal === globalThis) {
    hostRequire = require;
  } else {
    // jest replaces the sandbox's `process.getBuiltinModule` and `module`; the host's are untouched.
    const hostModule = vm.runInThisContext(
      'process.getBuiltinModule ? process.getBuiltinModule("node:module") : process.mainModule && process.mainModule.constructor',
    ) as { createRequire?: (filename: string) => Require } | undefined;
    hostRequire = hostModule?.createRequire ? hostModule.createRequire(__filename) : require;
  }
  return hostRequire;
}

export function loadPglite(): PgliteModule {
  return requireInHostRealm()('@electric-sql/pglite') as PgliteModule;
}

export function loadPgliteNodePostgres(): PgliteNodePostgresModule {
  return requireInHostRealm()('@electric-sql/pglite/node-postgres') as PgliteNodePostgresModule;
}
