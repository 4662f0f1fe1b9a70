import { ApiError } from './errors';
import { buildRequest, buildUrl, createApi, createClient, type HttpRequest, type HttpResponse, type Session, type UploadRequest } from './core';

function setup(reply: (req: HttpRequest) => HttpResponse | Promise<HttpResponse> = () => ({ statusCode: 200, data: {} })) {
  const sent: HttpRequest[] = [];
  let session: Session | null = null;
  const onUnauthorized = jest.fn();
  const client = createClient({
    base: 'https://12345.example.gov.cn/',
    transport: async (req) => {
      sent.push(req);
      return reply(req);
    },
    session: { get: () => session, set: (s) => (session = s) },
    timeoutMs: 5000,
    onUnauthorized,
  });
  return { sent, client, api: createApi(client), getSession: () => session, setSession: (s: Session | null) => (session = s), onUnauthorized };
}

describe('buildUrl / buildRequest', () => {
  it('fills and encodes path parameters and the query', () => {
    expect(buildUrl('http://h/', '/api/my/cases/{id}', { id: 'a b/c' })).toBe('http://h/api/my/cases/a%20b%2Fc');
    expect(buildUrl('http://h', '/api/my/contacts', undefined, { unitId: 'u1', empty: '', none: undefined })).toBe('http://h/api/my/contacts?unitId=u1');
    expect(() => buildUrl('http://h', '/api/my/cases/{id}', {})).toThrow(/missing path parameter id/);
  });

  it('sets method, JSON headers, token and body', () => {
    expect(buildRequest('http://h', 'post', '/api/my/cases', { body: { text: 't' } }, 'tok', 1000)).toEqual({
      url: 'http://h/api/my/cases',
      method: 'POST',
      header: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: 'Bearer tok' },
      data: { text: 't' },
      timeout: 1000,
    });
    const get = buildRequest('http://h', 'get', '/api/my/cases', undefined, null);
    expect(get.method).toBe('GET');
    expect(get.header).toEqual({ Accept: 'application/json' });
    expect('data' in get).toBe(false);
  });
});

describe('client', () => {
  it('builds typed calls: GET with path param and bearer token', async () => {
    const { sent, api, setSession } = setup(() => ({ statusCode: 200, data: { id: 'c1' } }));
    setSession({ token: 'T1', role: 'resident' });
    await api.myCase('c1');
    expect(sent[0]).toMatchObject({
      url: 'https://12345.example.gov.cn/api/my/cases/c1',
      method: 'GET',
      header: { Authorization: 'Bearer T1' },
      timeout: 5000,
    });
  });

  it('posts the revisit with rating and solved; query for contacts; photo body', async () => {
    const { sent, api } = setup();
    await api.revisit('c1', 'satisfied', true);
    await api.revisit('c1', 'unsatisfied');
    await api.contacts('u-1');
    await api.uploadPhoto('c1', 'image/png', 'AAAA');
    await api.fileCase({ text: '路灯坏了', clientKey: 'key' });
    await api.fileCase({ text: '路灯坏了', clientKey: 'key2', subItem: 'light', location: { lat: 32.06, lng: 108.03, label: '三村' } });
    await api.suggest('村口路灯坏了');
    expect(sent.map((r) => [r.method, r.url.replace('https://12345.example.gov.cn', ''), r.data])).toEqual([
      ['POST', '/api/my/cases/c1/revisit', { rating: 'satisfied', solved: true }],
      ['POST', '/api/my/cases/c1/revisit', { rating: 'unsatisfied' }],
      ['GET', '/api/my/contacts?unitId=u-1', undefined],
      ['POST', '/api/my/cases/c1/photos', { contentType: 'image/png', base64: 'AAAA' }],
      ['POST', '/api/my/cases', { text: '路灯坏了', clientKey: 'key' }],
      ['POST', '/api/my/cases', { text: '路灯坏了', clientKey: 'key2', subItem: 'light', location: { lat: 32.06, lng: 108.03, label: '三村' } }],
      ['POST', '/api/my/suggestion', { text: '村口路灯坏了' }],
    ]);
    expect(sent[0].header['Authorization']).toBeUndefined();
  });

  it('stores the session on login, with the staff role', async () => {
    const { api, getSession, sent } = setup((req) =>
      req.url.endsWith('/api/auth/login')
        ? { statusCode: 200, data: { token: 'S', name: '张三', role: 'dispatcher', unitId: 'u', unitLevel: 'city' } }
        : { statusCode: 200, data: '{"token":"R"}' },
    );
    await api.residentLogin('code-o_demo_resident_01');
    expect(sent[0].data).toEqual({ code: 'code-o_demo_resident_01' });
    expect(getSession()).toEqual({ token: 'R', role: 'resident' });
    await api.staffLogin('dispatcher', 'pw');
    expect(sent[1]).toMatchObject({ method: 'POST', data: { username: 'dispatcher', password: 'pw' } });
    expect(getSession()).toEqual({ token: 'S', role: 'dispatcher', name: '张三', unitId: 'u', unitLevel: 'city' });
    api.logout();
    expect(getSession()).toBeNull();
  });

  it('401 clears the session and says 请重新登录', async () => {
    const { api, setSession, getSession, onUnauthorized } = setup(() => ({ statusCode: 401, data: { code: 'HTTP_401', message: 'Unauthorized' } }));
    setSession({ token: 'old', role: 'resident' });
    await expect(api.myCases()).rejects.toMatchObject({ kind: 'unauthorized', status: 401, message: '请重新登录。' });
    expect(getSession()).toBeNull();
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('a network failure becomes ApiError network', async () => {
    const { api } = setup(() => Promise.reject({ errMsg: 'request:fail timeout' }));
    const err = await api.myCases().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ kind: 'network', status: 0, message: '网络不通，请检查网络后再试。', retryable: true });
  });

  it('uploads a file as multipart with the token and the kind, and maps a refusal like any answer', async () => {
    const uploads: UploadRequest[] = [];
    let session: Session | null = { token: 'T', role: 'resident' };
    let status = 200;
    const client = createClient({
      base: 'http://h',
      transport: async () => ({ statusCode: 200, data: {} }),
      session: { get: () => session, set: (s) => (session = s) },
      uploader: async (req) => {
        uploads.push(req);
        req.onProgress?.(100);
        return { statusCode: status, data: status === 200 ? '{"id":"m1","kind":"voice","sizeBytes":12}' : '{"code":"MEDIA_TYPE","message":"not a voice"}' };
      },
    });
    const api = createApi(client);
    const seen: number[] = [];
    await expect(api.uploadMedia('c1', 'voice', 'blob:v', { durationMs: 4200.4, onProgress: (p) => seen.push(p) })).resolves.toEqual({ id: 'm1', kind: 'voice', sizeBytes: 12 });
    expect(uploads[0]).toMatchObject({ url: 'http://h/api/my/cases/c1/media', filePath: 'blob:v', name: 'file', formData: { kind: 'voice', durationMs: '4200' }, header: { Authorization: 'Bearer T' } });
    expect(seen).toEqual([100]);
    status = 415;
    await expect(api.uploadMedia('c1', 'video', 'blob:x')).rejects.toMatchObject({ kind: 'unsupported_media', status: 415, retryable: false });
    expect(api.mediaRequest('c1', 'a1')).toEqual({ url: 'http://h/api/my/cases/c1/media/a1', header: { Authorization: 'Bearer T' } });
    session = null;
    expect(api.mediaRequest('c1', 'a1').header).toEqual({});
  });

  it('the untyped request works for any path', async () => {
    const { client, sent } = setup(() => ({ statusCode: 200, data: [1, 2] }));
    await expect(client.request<number[]>('get', '/api/cases', { query: { status: 'accepted' } })).resolves.toEqual([1, 2]);
    expect(sent[0].url).toBe('https://12345.example.gov.cn/api/cases?status=accepted');
  });
});

describe('types (checked by tsc in `pnpm check`)', () => {
  it('infers answers and rejects wrong paths, methods and bodies', async () => {
    const { client, api } = setup(() => ({ statusCode: 200, data: [] }));
    const cases: Array<{ id: string; number: string; statusLabel: string }> = await api.myCases();
    const one = await client.call('/api/my/cases/{id}', 'get', { params: { id: 'x' } });
    const n: string = one.number;
    // @ts-expect-error unknown path
    await client.call('/api/nope', 'get').catch(() => null);
    // @ts-expect-error method not defined for this path
    await client.call('/api/my/cases/{id}', 'delete', { params: { id: 'x' } }).catch(() => null);
    // @ts-expect-error missing required body field clientKey
    await client.call('/api/my/cases', 'post', { body: { text: 't' } }).catch(() => null);
    // @ts-expect-error missing path params
    await client.call('/api/my/cases/{id}', 'get').catch(() => null);
    expect(cases).toBeDefined();
    expect(typeof n === 'string' || n === undefined).toBe(true);
  });
});
