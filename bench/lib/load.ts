/**
 * The load: N residents at once, each sending M messages one after another (a resident waits for
 * the reply before typing the next one, as in a chat). Every request is bounded by a timeout.
 */
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { WechatLib } from './workspace';

export const REQUEST_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 64 * 1024;

// node:http with a keep-alive agent rather than fetch: the load generator shares the machine's
// two cores with the server and PostgreSQL, and node:http costs noticeably less CPU per request.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

export function closeClient(): void {
  agent.destroy();
}

interface HttpAnswer {
  status: number;
  body: string;
}

/** One POST, settled within timeoutMs whatever the server does (slow headers, slow body, silence). */
export function post(
  url: string,
  body: string,
  contentType: string,
  timeoutMs = REQUEST_TIMEOUT_MS,
  signal?: AbortSignal,
  onConnected?: () => void,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, answer?: HttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(answer!);
    };
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_RESPONSE_BYTES) {
            req.destroy();
            finish(new Error('response too large'));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => finish(null, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (e) => finish(e));
        res.on('close', () => finish(new Error('connection closed mid-response')));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish(new Error(`timeout after ${timeoutMs} ms`));
    }, timeoutMs);
    const onAbort = () => {
      req.destroy();
      finish(new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort);
    if (onConnected) req.once('socket', (socket) => (socket.connecting ? socket.once('connect', onConnected) : onConnected()));
    req.on('error', (e) => finish(e));
    req.end(body);
  });
}

// Realistic complaints from a county's towns and villages: place × problem, so texts vary.
const PLACES = [
  '井溪镇张家村',
  '八台镇街上',
  '城关镇东门社区',
  '龙潭乡中学门口',
  '白沙镇菜市场旁',
  '石门村三组',
  '河口社区7栋',
  '新华路与人民路路口',
];
const PROBLEMS = [
  '的路灯坏了一个多星期，晚上走路看不见',
  '垃圾没人收，已经堆了好几天，气味很大',
  '自来水停了两天，也没有通知什么时候来水',
  '下水道堵了，一下雨就漫到路上',
  '路面塌了一个坑，电动车已经摔了两个人',
  '有人半夜施工，噪音吵得老人睡不着',
  '小孩上学的路口没有红绿灯，车开得很快',
  '低保材料交上去一个月了还没有消息',
];

export function complaint(resident: number, k: number): string {
  return PLACES[(resident + k) % PLACES.length] + PROBLEMS[(resident * 3 + k) % PROBLEMS.length];
}

export interface SentMessage {
  openid: string;
  content: string;
  msgId: number;
}

export interface Target {
  name: string;
  /** Full URL of the webhook, without query. */
  url: string;
  /** Why a reply is not acceptable, or null. `parsed` is the reply as WeChat would read it. */
  judge(sent: SentMessage, reply: { Content?: string } | null): string | null;
}

export interface LoadOptions {
  residents: number;
  messages: number;
  /** Prefix making openids distinct between phases (warm-up, measured) and targets. */
  openidPrefix: string;
  /** Ctrl-C: residents stop sending and requests in flight are dropped. */
  signal?: AbortSignal;
}

export interface LoadResult {
  latenciesMs: number[];
  /** The latencies of each resident's first message (their first contact: the first wave). */
  firstLatenciesMs: number[];
  /** The latencies of their later messages. */
  laterLatenciesMs: number[];
  wallMs: number;
  attempted: number;
  ok: number;
  errors: Map<string, number>;
  /** Per openid: how many messages it sent (attempted). */
  sentPerOpenid: Map<string, number>;
  /** Accepted replies, for the caller's own checks (e.g. case numbers). */
  replies: Array<{ openid: string; content: string }>;
  /**
   * The first wave from this side: ms from the start until the last resident's first request was
   * handed to node:http (`issuedMs`), and until its connection was established (`connectedMs`).
   */
  firstWave: { issuedMs: number; connectedMs: number };
}

let msgSeq = 0;
// MsgIds unique within a run and across runs on one database (a 64-bit number in WeChat; ≤ 2^53 here).
const msgIdBase = Date.now() * 1000;

/** Runs the load against one target; every resident starts at the same moment. */
export async function runLoad(
  lib: WechatLib,
  cfg: { token: string; appid: string },
  target: Target,
  opts: LoadOptions,
): Promise<LoadResult> {
  const result: LoadResult = {
    latenciesMs: [],
    firstLatenciesMs: [],
    laterLatenciesMs: [],
    wallMs: 0,
    attempted: 0,
    ok: 0,
    errors: new Map(),
    sentPerOpenid: new Map(),
    replies: [],
    firstWave: { issuedMs: 0, connectedMs: 0 },
  };
  let start = 0;
  const fail = (why: string) => result.errors.set(why, (result.errors.get(why) ?? 0) + 1);

  const resident = async (r: number) => {
    // 28 characters like a real openid; [A-Za-z0-9_-] as the fake WeChat requires.
    const openid = `${opts.openidPrefix}${String(r).padStart(5, '0')}`.padEnd(28, 'x');
    for (let k = 0; k < opts.messages && !opts.signal?.aborted; k++) {
      const sent: SentMessage = { openid, content: complaint(r, k), msgId: msgIdBase + ++msgSeq };
      const { query, body } = lib.buildSignedInbound(cfg, {
        ToUserName: 'gh_bench',
        FromUserName: openid,
        CreateTime: Math.floor(Date.now() / 1000),
        MsgType: 'text',
        Content: sent.content,
        MsgId: sent.msgId,
      });
      const url = `${target.url}?${new URLSearchParams(query).toString()}`;
      result.attempted++;
      result.sentPerOpenid.set(openid, (result.sentPerOpenid.get(openid) ?? 0) + 1);
      const t0 = performance.now();
      const wave = result.firstWave;
      if (k === 0) wave.issuedMs = Math.max(wave.issuedMs, t0 - start);
      const connected = k === 0 ? () => (wave.connectedMs = Math.max(wave.connectedMs, performance.now() - start)) : undefined;
      try {
        const answer = await post(url, body, 'text/xml', REQUEST_TIMEOUT_MS, opts.signal, connected);
        const ms = performance.now() - t0;
        if (answer.status !== 200) {
          fail(`HTTP ${answer.status}`);
          continue;
        }
        let parsed: { Content?: string } | null;
        try {
          parsed = lib.readPassiveReply(cfg, answer.body);
        } catch (e) {
          fail(`unreadable reply: ${(e as Error).message}`);
          continue;
        }
        const why = target.judge(sent, parsed);
        if (why) {
          fail(why);
          continue;
        }
        result.ok++;
        result.latenciesMs.push(ms);
        (k === 0 ? result.firstLatenciesMs : result.laterLatenciesMs).push(ms);
        result.replies.push({ openid, content: parsed?.Content ?? '' });
      } catch (e) {
        fail((e as Error).message);
      }
    }
  };

  start = performance.now();
  await Promise.all(Array.from({ length: opts.residents }, (_, r) => resident(r)));
  result.wallMs = performance.now() - start;
  return result;
}

export interface Stats {
  count: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  over5s: number;
}

/** Nearest-rank percentile on a sorted array. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** p50 and p99 of some latencies (e.g. the first wave's). */
export function spread(latenciesMs: readonly number[]): { p50: number; p99: number } {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

export function stats(r: LoadResult): Stats {
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    perSecond: (r.ok / r.wallMs) * 1000,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    over5s: sorted.filter((ms) => ms >= 5000).length,
  };
}
