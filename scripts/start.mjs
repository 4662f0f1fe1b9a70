// `pnpm start`: builds the server, starts it, and keeps the mini-program's h5 build (served at /app/)
// current. The h5 build takes a minute or two on a small machine, so it runs beside the server,
// which answers /app/ with a "being prepared" page until it is done; it is rebuilt only when the
// mini-program's sources changed since the last build (a hash of them is kept in the build folder).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const mini = join(root, 'apps/miniprogram');
const h5Dir = join(mini, 'dist-h5');
const stampFile = join(h5Dir, '.source-hash');
const say = (line) => console.log(`[start] ${line}`);

function sourceHash() {
  const hash = createHash('sha256');
  const add = (path) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) add(join(path, name));
      return;
    }
    hash.update(relative(mini, path)).update('\0').update(readFileSync(path)).update('\0');
  };
  for (const part of ['src', 'config', 'package.json', 'babel.config.js', 'tsconfig.json', 'project.config.json']) add(join(mini, part));
  return hash.digest('hex');
}

const building = spawnSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (building.status !== 0) process.exit(building.status ?? 1);

const children = new Set();
let stopping = false;
/**
 * Ctrl-C reaches every process of the terminal's group, the server and the h5 build included, so
 * SIGINT is not passed on (the server would take a second signal as "stop now"); a SIGTERM sent to
 * this process alone is. Whatever still runs after 15 s is killed. Either way a stop is not a failure.
 */
function stop(code, forward) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (forward) child.kill(forward);
  const deadline = Date.now() + 15_000;
  const leave = () => {
    if (children.size === 0) process.exit(code);
    if (Date.now() > deadline) for (const child of children) child.kill('SIGKILL');
    setTimeout(leave, 50);
  };
  leave();
}
process.on('SIGINT', () => stop(0, null));
process.on('SIGTERM', () => stop(0, 'SIGTERM'));

function child(cmd, args, opts) {
  const proc = spawn(cmd, args, { cwd: root, ...opts });
  children.add(proc);
  proc.on('exit', () => children.delete(proc));
  return proc;
}

const hash = sourceHash();
const current = existsSync(join(h5Dir, 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash;
if (current) {
  say('mini-program h5 build is current: /app/ is ready');
} else {
  mkdirSync(join(root, 'data'), { recursive: true });
  const logPath = join(root, 'data/h5-build.log');
  say(`building the mini-program for /app/ in the background (a minute or two; log: ${relative(root, logPath)})`);
  const log = createWriteStream(logPath);
  const started = Date.now();
  const h5 = child('pnpm', ['--filter', '@msz/miniprogram', 'run', 'build:h5'], { stdio: ['ignore', 'pipe', 'pipe'] });
  h5.stdout.pipe(log);
  h5.stderr.pipe(log);
  h5.on('exit', (code) => {
    if (stopping) return;
    if (code === 0) {
      writeFileSync(stampFile, hash);
      say(`mini-program h5 build done in ${Math.round((Date.now() - started) / 1000)} s: /app/ is ready`);
    } else {
      say(`mini-program h5 build failed (exit ${code}); see ${relative(root, logPath)}. The server keeps running.`);
    }
  });
}

const server = child(process.execPath, [join(root, 'apps/server/dist/main.js')], { stdio: 'inherit' });
server.on('exit', (code, signal) => {
  if (!stopping) stop(code ?? (signal ? 1 : 0), 'SIGTERM');
});
