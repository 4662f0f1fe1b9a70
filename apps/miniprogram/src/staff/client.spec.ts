import { createStaffClient, type HttpRequest, type HttpResponse } from './client';
import { CONFLICT_MESSAGE } from './errors';

function fake(res: HttpResponse | Error) {
  const calls: HttpRequest[] = [];
  const client = createStaffClient(async (req) => {
    calls.push(req);
    if (res instanceof Error) throw res;
    return res;
  });
  return { client, calls };
}

describe('staff client', () => {
  it.each([
    ['listCases', (c: ReturnType<typeof createStaffClient>) => c.listCases(), { method: 'GET', path: '/api/cases?limit=200' }],
    ['listCases by status', (c: ReturnType<typeof createStaffClient>) => c.listCases(['accepted', 'returned']), { method: 'GET', path: '/api/cases?limit=200&status=accepted,returned' }],
    [
      'listCases, a later page in deadline order',
      (c: ReturnType<typeof createStaffClient>) => c.listCases(['assigned'], { order: 'deadline', cursor: 'ab+/=', limit: 50 }),
      { method: 'GET', path: '/api/cases?limit=50&status=assigned&order=deadline&cursor=ab%2B%2F%3D' },
    ],
    ['signFor', (c: ReturnType<typeof createStaffClient>) => c.signFor('id1', 3), { method: 'POST', path: '/api/cases/id1/sign-for', body: { expectedVersion: 3 } }],
    ['addNote', (c: ReturnType<typeof createStaffClient>) => c.addNote('id1', '到现场'), { method: 'POST', path: '/api/cases/id1/notes', body: { text: '到现场' } }],
    ['answer', (c: ReturnType<typeof createStaffClient>) => c.answer('id1', 4, '已修好'), { method: 'POST', path: '/api/cases/id1/answer', body: { expectedVersion: 4, text: '已修好' } }],
    ['evidence', (c: ReturnType<typeof createStaffClient>) => c.addEvidence('id1', 'image/png', 'AAAA'), { method: 'POST', path: '/api/cases/id1/evidence', body: { contentType: 'image/png', base64: 'AAAA' } }],
    ['extension', (c: ReturnType<typeof createStaffClient>) => c.requestExtension('id1', 3, '等材料'), { method: 'POST', path: '/api/cases/id1/extensions', body: { workdays: 3, reason: '等材料' } }],
    ['return', (c: ReturnType<typeof createStaffClient>) => c.returnCase('id1', 2, '不归我们'), { method: 'POST', path: '/api/cases/id1/return', body: { expectedVersion: 2, reason: '不归我们' } }],
    ['classify', (c: ReturnType<typeof createStaffClient>) => c.classify('id1', 1, { kind: 'help', subItem: 'road', urgency: 'urgent' }), { method: 'POST', path: '/api/cases/id1/classify', body: { expectedVersion: 1, kind: 'help', subItem: 'road', urgency: 'urgent' } }],
    ['assign alone', (c: ReturnType<typeof createStaffClient>) => c.assign('id1', 1, 'u1', []), { method: 'POST', path: '/api/cases/id1/assign', body: { expectedVersion: 1, unitId: 'u1' } }],
    ['assign with co-units', (c: ReturnType<typeof createStaffClient>) => c.assign('id1', 1, 'u1', ['u2']), { method: 'POST', path: '/api/cases/id1/assign', body: { expectedVersion: 1, unitId: 'u1', coUnitIds: ['u2'] } }],
    ['reject', (c: ReturnType<typeof createStaffClient>) => c.reject('id1', 1, '重复'), { method: 'POST', path: '/api/cases/id1/reject', body: { expectedVersion: 1, reason: '重复' } }],
    ['decide', (c: ReturnType<typeof createStaffClient>) => c.decideExtension('id1', 'r1', false), { method: 'POST', path: '/api/cases/id1/extensions/r1/decision', body: { approve: false } }],
    ['revisit', (c: ReturnType<typeof createStaffClient>) => c.phoneRevisit('id1', { rating: 'satisfied', solved: true, note: '好' }), { method: 'POST', path: '/api/cases/id1/revisit', body: { rating: 'satisfied', solved: true, note: '好' } }],
    ['file', (c: ReturnType<typeof createStaffClient>) => c.fileCase({ channel: 'phone', residentName: '张三', residentPhone: '13800000001', text: '路灯坏了' }), { method: 'POST', path: '/api/cases', body: { channel: 'phone', residentName: '张三', residentPhone: '13800000001', text: '路灯坏了' } }],
    ['routing', (c: ReturnType<typeof createStaffClient>) => c.routingSuggestion('a/b'), { method: 'GET', path: '/api/cases/a%2Fb/routing-suggestion' }],
    ['pending', (c: ReturnType<typeof createStaffClient>) => c.pendingExtensions(), { method: 'GET', path: '/api/extensions/pending' }],
    ['dashboard', (c: ReturnType<typeof createStaffClient>) => c.dashboard(), { method: 'GET', path: '/api/dashboard' }],
  ])('%s', async (_name, run, expected) => {
    const { client, calls } = fake({ statusCode: 200, data: {} });
    await run(client);
    expect(calls).toEqual([expected.method === 'GET' ? { method: 'GET', path: expected.path } : expected]);
  });

  it('passes data through on success', async () => {
    const { client } = fake({ statusCode: 200, data: { items: [], total: 0 } });
    expect(await client.listCases()).toEqual({ ok: true, data: { items: [], total: 0 } });
  });

  it.each([
    [{ statusCode: 409, data: { code: 'CONFLICT' } }, 409, CONFLICT_MESSAGE, true],
    [{ statusCode: 409, data: { code: 'EXTENSION_ALREADY_PENDING' } }, 409, '已有延期申请在等待审批', false],
    [{ statusCode: 422, data: { code: 'EXTENSION_LIMIT_EXCEEDED' } }, 422, '延期总共不能超过10个工作日', false],
    [new Error('timeout'), 0, '网络不通，请稍后再试', false],
  ] as [HttpResponse | Error, number, string, boolean][])('failure %#', async (res, status, message, conflict) => {
    const { client } = fake(res);
    expect(await client.signFor('id1', 1)).toEqual({ ok: false, status, message, conflict });
  });
});
