/**
 * The baseline: bare co-wechat 2.4.0 answering every text message with an echo, no database, no
 * framework. It runs as its own process (like the real server) so both are measured the same way.
 * co-wechat is Koa middleware; a plain http server hands it the few parts of Koa's ctx it reads.
 *
 *   PORT=… WECHAT_TOKEN=… WECHAT_APPID=… node -r @swc-node/register bench/co-wechat-echo.ts
 */
import * as http from 'node:http';
import { loadCoWechat } from './lib/workspace';

const MAX_BODY = 1024 * 1024;

interface KoaLikeCtx {
  method: string;
  query: Record<string, string>;
  req: http.IncomingMessage;
  request: { body: string };
  status: number;
  body: unknown;
  type: string;
}

const echo = loadCoWechat()({ token: process.env.WECHAT_TOKEN ?? '', appid: process.env.WECHAT_APPID }).middleware(async (message) =>
  message.MsgType === 'text' ? `收到：${String(message.Content)}` : '',
);

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const server = http.createServer((req, res) => {
  void (async () => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (url.pathname !== '/wechat') {
      res.writeHead(404).end();
      return;
    }
    const body = req.method === 'POST' ? await readBody(req) : '';
    if (body === null) {
      res.writeHead(413).end();
      return;
    }
    const ctx: KoaLikeCtx = {
      method: req.method ?? 'GET',
      query: Object.fromEntries(url.searchParams),
      req,
      request: { body },
      status: 200,
      body: '',
      type: 'text/plain',
    };
    await echo(ctx, async () => undefined);
    res.writeHead(ctx.status, { 'content-type': ctx.type }).end(typeof ctx.body === 'string' ? ctx.body : '');
  })().catch((err: unknown) => {
    console.error('echo failed:', err);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`co-wechat echo listening on ${JSON.stringify(server.address())}`);
});
// Stop promptly when the benchmark says so.
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
