/**
 * pnpm bench:uploads [--uploads 24] [--mb 29]
 *
 * A benchmark, not a test: starts the built server (embedded PGlite in a temporary directory),
 * sends N parallel video uploads of M MB from mini-program residents, and prints the server's
 * resident memory (RSS, sampled every 20 ms) before, at its peak and after. Two rounds: all to
 * one case (which takes 1 video: the rest are refused before their file is read), and one per case
 * (all accepted, streamed to disk). Beside each rise it prints the bytes the clients had sent when
 * the round ended (measured on their sockets): what a server buffering whole bodies would hold.
 * The bound: a rise under 100 MB. It asserts nothing.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import * as os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, startChild, waitForHealthy } from './lib/processes';
import { loadWechat, readyBuild, ROOT, SERVER_MAIN } from './lib/workspace';

const WECHAT = { appid: 'wxbench0000000001', secret: 'bench-secret-000001', token: 'benchtoken' };
const MINI = { appid: 'wxbenchmini000001', secret: 'bench-mini-secret-01' };
const MB = 1024 * 1024;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const n = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new Error(`--${name} must be an integer from 1 to 200`);
  return n;
}

const rssMb = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

/** RSS once it has stopped moving (start-up garbage collected), at most 15 s of waiting. */
async function settled(pid: number): Promise<number> {
  let last = rssMb(pid);
  for (let i = 0; i < 15; i++) {
    await sleep(1000);
    const now = rssMb(pid);
    if (Math.abs(now - last) < 2) return now;
    last = now;
  }
  return last;
}

async function main(): Promise<number> {
  const uploads = arg('uploads', 24);
  const size = arg('mb', 29) * MB;
  if (!readyBuild(false)) return 1;

  const dir = mkdtempSync(join(os.tmpdir(), 'msz-bench-uploads-'));
  const lib = loadWechat();
  const fake = new lib.FakeWechat({ appid: WECHAT.appid, secret: WECHAT.secret, templateIds: [], miniprogram: MINI });
  const fakeServer = await fake.listen();
  const port = await freePort();
  const server = startChild(
    process.execPath,
    [SERVER_MAIN],
    {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NO_COLOR: '1',
      PORT: String(port),
      DATA_DIR: dir,
      WECHAT_APPID: WECHAT.appid,
      WECHAT_APPSECRET: WECHAT.secret,
      WECHAT_TOKEN: WECHAT.token,
      MINIPROGRAM_APPID: MINI.appid,
      MINIPROGRAM_SECRET: MINI.secret,
      AUTH_SECRET: 'bench-auth-secret-0123456789abcdef0123456789',
      WECHAT_API_BASE: fakeServer.baseUrl,
      WORKER_POLL_MS: '0',
      SEED_DEMO: 'false',
    },
    ROOT,
  );
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHealthy(`${base}/healthz`, server, 90_000);
    const pid = server.proc.pid!;
    const login = async (openid: string): Promise<string> => {
      const res = await fetch(`${base}/api/auth/resident/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: `code-${openid}.${randomUUID()}` }) });
      return ((await res.json()) as { token: string }).token;
    };
    const fileCase = async (token: string): Promise<string> => {
      const res = await fetch(`${base}/api/my/cases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: '河边的护栏断了一大截', clientKey: randomUUID() }),
      });
      return ((await res.json()) as { id: string }).id;
    };
    // A real MP4 start, padded: typed as video/mp4 from its bytes.
    const video = Buffer.concat([readFileSync(join(ROOT, 'test/fixtures/media/video.mp4'))]);
    const body = Buffer.concat([video, Buffer.alloc(size - video.length)]);
    // Each upload on a connection of its own, as 24 phones would send them.
    const boundary = `----msz${randomUUID()}`;
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nvideo\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="clip.mp4"\r\nContent-Type: video/mp4\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    let sent = 0;
    const send = (token: string, caseId: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const req = request(`${base}/api/my/cases/${caseId}/media`, {
          method: 'POST',
          agent: false,
          headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + body.length + tail.length },
        });
        req.on('response', (res) => {
          sent += req.socket?.bytesWritten ?? 0;
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.write(head);
        req.write(body);
        req.end(tail);
      });

    console.log(`Server pid ${pid} on ${base}; ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB, Node ${process.version}`);
    console.log(`${uploads} parallel uploads of ${size / MB} MB each\n`);
    console.log('| round | statuses | sent | RSS before | RSS peak | rise | RSS after | time |');
    console.log('|---|---|---|---|---|---|---|---|');
    const tokens = await Promise.all(Array.from({ length: uploads }, (_, i) => login(`o_bench_up_${i}`)));
    const rounds: Array<[string, () => Promise<number[]>]> = [
      ['one case', async () => {
        const caseId = await fileCase(tokens[0]);
        return Promise.all(tokens.map(() => send(tokens[0], caseId)));
      }],
      ['a case each', async () => {
        const cases = await Promise.all(tokens.map((t) => fileCase(t)));
        return Promise.all(tokens.map((t, i) => send(t, cases[i])));
      }],
    ];
    for (const [name, run] of rounds) {
      const before = await settled(pid);
      sent = 0;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
      const t0 = Date.now();
      const statuses = await run();
      const ms = Date.now() - t0;
      clearInterval(sampler);
      await sleep(1000);
      const after = rssMb(pid);
      const counts = Object.entries(statuses.reduce<Record<number, number>>((c, s) => ({ ...c, [s]: (c[s] ?? 0) + 1 }), {}))
        .map(([s, n]) => `${n}× ${s}`)
        .join(', ');
      console.log(`| ${name} | ${counts} | ${(sent / MB).toFixed(0)} MB | ${before.toFixed(0)} MB | ${peak.toFixed(0)} MB | ${(peak - before).toFixed(0)} MB | ${after.toFixed(0)} MB | ${(ms / 1000).toFixed(1)} s |`);
    }
    return 0;
  } finally {
    await server.stop();
    await fakeServer.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
