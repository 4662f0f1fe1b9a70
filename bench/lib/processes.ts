/** Child processes of the benchmark: started on 127.0.0.1, watched, and always stopped. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The last lines a child wrote, for the report when it fails; plus a count of error lines. */
export class LogTail {
  private lines: string[] = [];
  errorLines = 0;
  private partial = '';
  constructor(private readonly keep = 60) {}
  push(chunk: Buffer): void {
    const parts = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) {
      if (/\bERROR\b|Error:|not handled/.test(line)) this.errorLines++;
      this.lines.push(line);
      if (this.lines.length > this.keep) this.lines.shift();
    }
  }
  text(): string {
    return [...this.lines, this.partial].filter(Boolean).join('\n');
  }
  /** Error lines (at most `max`), for the report. */
  grep(re: RegExp, max = 5): string[] {
    return this.lines.filter((l) => re.test(l)).slice(-max);
  }
}

export interface Child {
  proc: ChildProcess;
  log: LogTail;
  /** Resolves with the exit code once the child has gone. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function startChild(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Child {
  const log = new LogTail();
  const proc = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (c: Buffer) => log.push(c));
  proc.stderr!.on('data', (c: Buffer) => log.push(c));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  let stopping: Promise<void> | undefined;
  return {
    proc,
    log,
    exited,
    // SIGTERM, then SIGKILL after 5 s: a stuck shutdown must not outlive the benchmark.
    stop: () =>
      (stopping ??= (async () => {
        if (proc.exitCode !== null || proc.signalCode !== null) return;
        proc.kill('SIGTERM');
        const gone = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
        if (!gone) {
          proc.kill('SIGKILL');
          await Promise.race([exited, sleep(2000)]);
        }
      })()),
  };
}

function getStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** Polls url until it answers 200; throws if the child exits first or timeoutMs passes. */
export async function waitForHealthy(url: string, child: Child, timeoutMs: number): Promise<number> {
  const start = Date.now();
  let exitCode: number | null | undefined;
  void child.exited.then((c) => (exitCode = c));
  while (Date.now() - start < timeoutMs) {
    if (exitCode !== undefined) throw new Error(`server exited (code ${exitCode}) before it was healthy`);
    if ((await getStatus(url)) === 200) return Date.now() - start;
    await sleep(200);
  }
  throw new Error(`server not healthy after ${timeoutMs} ms`);
}

// CPU accounting from /proc (Linux): where the machine's two cores went during a phase.
const CLK_TCK = 100;

/** User+system CPU seconds a process has used so far; NaN when unreadable. */
export function processCpuSeconds(pid: number | undefined): number {
  const { user, system } = processCpuSplit(pid);
  return user + system;
}

/** User and system (kernel) CPU seconds a process has used so far; NaN when unreadable. */
export function processCpuSplit(pid: number | undefined): { user: number; system: number } {
  if (!pid) return { user: NaN, system: NaN };
  try {
    // Fields after the ")" of comm: state is 3rd, utime 14th, stime 15th (1-based, whole line).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / CLK_TCK, system: Number(fields[12]) / CLK_TCK };
  } catch {
    return { user: NaN, system: NaN };
  }
}

/** Busy and total CPU seconds of the whole machine so far. */
export function machineCpuSeconds(): { busy: number; total: number } {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = cpu[3] + (cpu[4] ?? 0);
    const total = cpu.reduce((a, b) => a + b, 0);
    return { busy: (total - idle) / CLK_TCK, total: total / CLK_TCK };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/**
 * CPU seconds of a process and its descendants: the live ones (cluster workers under a primary,
 * which `processCpuSeconds(primary)` does not count) plus the children it has already reaped.
 * NaN when the root is unreadable.
 */
export function treeCpuSeconds(pid: number | undefined): number {
  if (!pid) return NaN;
  const parentOf = new Map<number, number>();
  const cpuOf = new Map<number, { own: number; reaped: number }>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return processCpuSeconds(pid);
  }
  for (const d of entries) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After comm: state 0, ppid 1 … utime 11, stime 12, cutime 13, cstime 14.
      parentOf.set(Number(d), Number(f[1]));
      cpuOf.set(Number(d), { own: (Number(f[11]) + Number(f[12])) / CLK_TCK, reaped: (Number(f[13]) + Number(f[14])) / CLK_TCK });
    } catch {
      // gone meanwhile
    }
  }
  const root = cpuOf.get(pid);
  if (!root) return NaN;
  let total = root.own + root.reaped;
  const inTree = (p: number): boolean => {
    for (let hops = 0, q = parentOf.get(p); q !== undefined && hops < 16; hops++, q = parentOf.get(q)) if (q === pid) return true;
    return false;
  };
  for (const [p, c] of cpuOf) if (p !== pid && inTree(p)) total += c.own;
  return total;
}
