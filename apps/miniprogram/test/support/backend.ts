/**
 * The fake server behind the Taro double's request / uploadFile / downloadFile.
 *
 * A test declares the routes it expects ("METHOD /path", `:name` matches one path segment) and what
 * each answers; every request that reaches it is recorded with its method, path, query, body and
 * headers. A request no route matches is answered 404 and listed in `unmatched`; the setup fails the
 * test when any is left, so a page that sends something the test did not expect is noticed.
 */

export interface RecordedRequest {
  /** 'request' (Taro.request), 'upload' (Taro.uploadFile) or 'download' (Taro.downloadFile). */
  kind: 'request' | 'upload' | 'download';
  method: string;
  /** The full URL as the page built it. */
  url: string;
  /** The path without API_BASE and without the query, e.g. /api/my/cases/c-1. */
  path: string;
  query: Record<string, string>;
  /** Taro.request's `data`; for an upload { filePath, name, formData }. JSON-cloned. */
  body: unknown;
  headers: Record<string, string>;
  /** The `:name` segments of the route that answered. */
  params: Record<string, string>;
  /** The route key that answered ("POST /api/cases/:id/answer"), or null when none did. */
  route: string | null;
}

export interface Reply {
  /** HTTP status, 200 when left out. */
  status?: number;
  body?: unknown;
  header?: Record<string, string>;
}

/** Answer with this to make the request fail as if no answer came back (request:fail). */
export const NETWORK_ERROR = Symbol('network error');

export type Answer = Reply | typeof NETWORK_ERROR;
export type Handler = Answer | ((req: RecordedRequest) => Answer | Promise<Answer>);

interface Route {
  key: string;
  method: string;
  segments: string[];
  handler: Handler;
}

function splitPath(path: string): string[] {
  return path.split('/').filter(Boolean);
}

function match(route: Route, method: string, path: string): Record<string, string> | null {
  if (route.method !== method) return null;
  const parts = splitPath(path);
  if (parts.length !== route.segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const want = route.segments[i];
    if (want.startsWith(':')) params[want.slice(1)] = decodeURIComponent(parts[i]);
    else if (want !== decodeURIComponent(parts[i])) return null;
  }
  return params;
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export interface BackendAnswer {
  failed: boolean;
  status: number;
  body: unknown;
  header: Record<string, string>;
}

export class FakeBackend {
  /** Every request that reached the server, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Requests no route matched (answered 404). */
  readonly unmatched: RecordedRequest[] = [];
  private routes: Route[] = [];

  constructor(private readonly base: string) {}

  reset(): void {
    this.routes = [];
    this.requests.length = 0;
    this.unmatched.length = 0;
  }

  /**
   * Declares a route: `on('GET /api/my/cases', { body: [...] })`, `on('POST /api/x/:id', { status: 409, body })`,
   * or a function of the request. Declaring the same key again replaces the answer (later answers win).
   */
  on(key: string, handler: Handler): this {
    const [method, path] = key.trim().split(/\s+/);
    if (!method || !path) throw new Error(`route "${key}" must look like "GET /api/path"`);
    this.routes = this.routes.filter((r) => r.key !== key);
    this.routes.push({ key, method: method.toUpperCase(), segments: splitPath(path), handler });
    return this;
  }

  /** The recorded requests a route answered, e.g. calls('POST /api/cases/:id/answer'). */
  calls(key: string): RecordedRequest[] {
    return this.requests.filter((r) => r.route === key);
  }

  /** The last request a route answered; fails when there was none. */
  last(key: string): RecordedRequest {
    const all = this.calls(key);
    if (!all.length) {
      const seen = this.requests.map((r) => `${r.method} ${r.path}`).join(', ') || 'none';
      throw new Error(`no request answered by "${key}" (requests seen: ${seen})`);
    }
    return all[all.length - 1];
  }

  /** Only the requests that change something (everything but GET), as "METHOD /path". */
  writes(): string[] {
    return this.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
  }

  async handle(
    kind: RecordedRequest['kind'],
    method: string,
    url: string,
    body: unknown,
    headers: Record<string, string> | undefined,
  ): Promise<BackendAnswer> {
    const parsed = new URL(url, this.base);
    const basePath = new URL(this.base).pathname.replace(/\/+$/, '');
    const path = parsed.pathname.startsWith(basePath) ? parsed.pathname.slice(basePath.length) || '/' : parsed.pathname;
    const query: Record<string, string> = {};
    parsed.searchParams.forEach((v, k) => {
      query[k] = v;
    });
    const req: RecordedRequest = {
      kind,
      method: method.toUpperCase(),
      url,
      path,
      query,
      body: clone(body),
      headers: { ...(headers ?? {}) },
      params: {},
      route: null,
    };
    this.requests.push(req);
    // The latest declaration of a route wins, so search from the end.
    for (let i = this.routes.length - 1; i >= 0; i--) {
      const route = this.routes[i];
      const params = match(route, req.method, path);
      if (!params) continue;
      req.params = params;
      req.route = route.key;
      const answer = typeof route.handler === 'function' ? await route.handler(req) : route.handler;
      if (answer === NETWORK_ERROR) return { failed: true, status: 0, body: undefined, header: {} };
      return { failed: false, status: answer.status ?? 200, body: clone(answer.body), header: answer.header ?? {} };
    }
    this.unmatched.push(req);
    return { failed: false, status: 404, body: { code: 'NOT_FOUND', message: `fake backend: no route for ${req.method} ${path}` }, header: {} };
  }
}

/** A promise the test resolves when it wants: `const gate = deferred<Answer>(); on(key, () => gate.promise)`. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (err: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
