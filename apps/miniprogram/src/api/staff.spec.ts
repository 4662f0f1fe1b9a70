import type { HttpResponse } from './core';
import { recordingClient } from '../../test/support/recording-client';
import { CODE_MESSAGES, ERROR_MESSAGES, messageOf, ApiError } from './errors';
import { CASE_WORDING, createBenchApi, createStaffApi, IDEA_WORDING, MEETING_WORDING, settle, type BenchApi, type StaffApi } from './staff';

function setup(reply: HttpResponse | Error = { statusCode: 200, data: {} }) {
  const { client, sent, session } = recordingClient('handler', reply);
  return { sut: createStaffApi(client), sent, session };
}

describe(createStaffApi.name, () => {
  it.each<[string, (s: StaffApi) => Promise<unknown>, { method: string; url: string; data?: unknown }]>([
    ['listCases', (s) => s.listCases(), { method: 'GET', url: 'http://api.test/api/cases?limit=200' }],
    [
      'listCases by status',
      (s) => s.listCases(['accepted', 'returned']),
      { method: 'GET', url: 'http://api.test/api/cases?limit=200&status=accepted%2Creturned' },
    ],
    [
      'listCases, a later page in deadline order',
      (s) => s.listCases(['assigned'], { order: 'deadline', cursor: 'ab+/=', limit: 50 }),
      { method: 'GET', url: 'http://api.test/api/cases?limit=50&status=assigned&order=deadline&cursor=ab%2B%2F%3D' },
    ],
    ['getCase', (s) => s.getCase('a/b'), { method: 'GET', url: 'http://api.test/api/cases/a%2Fb' }],
    ['signFor', (s) => s.signFor('id1', 3), { method: 'POST', url: 'http://api.test/api/cases/id1/sign-for', data: { expectedVersion: 3 } }],
    ['addNote', (s) => s.addNote('id1', '到现场'), { method: 'POST', url: 'http://api.test/api/cases/id1/notes', data: { text: '到现场' } }],
    ['answer', (s) => s.answer('id1', 4, '已修好'), { method: 'POST', url: 'http://api.test/api/cases/id1/answer', data: { expectedVersion: 4, text: '已修好' } }],
    [
      'evidence',
      (s) => s.addEvidence('id1', 'image/png', 'AAAA'),
      { method: 'POST', url: 'http://api.test/api/cases/id1/evidence', data: { contentType: 'image/png', base64: 'AAAA' } },
    ],
    [
      'extension',
      (s) => s.requestExtension('id1', 3, '等材料'),
      { method: 'POST', url: 'http://api.test/api/cases/id1/extensions', data: { workdays: 3, reason: '等材料' } },
    ],
    [
      'return',
      (s) => s.returnCase('id1', 2, '不归我们'),
      { method: 'POST', url: 'http://api.test/api/cases/id1/return', data: { expectedVersion: 2, reason: '不归我们' } },
    ],
    [
      'classify',
      (s) => s.classify('id1', 1, { kind: 'help', subItem: 'road', urgency: 'urgent' }),
      { method: 'POST', url: 'http://api.test/api/cases/id1/classify', data: { expectedVersion: 1, kind: 'help', subItem: 'road', urgency: 'urgent' } },
    ],
    ['assign alone', (s) => s.assign('id1', 1, 'u1', []), { method: 'POST', url: 'http://api.test/api/cases/id1/assign', data: { expectedVersion: 1, unitId: 'u1' } }],
    [
      'assign with co-units',
      (s) => s.assign('id1', 1, 'u1', ['u2']),
      { method: 'POST', url: 'http://api.test/api/cases/id1/assign', data: { expectedVersion: 1, unitId: 'u1', coUnitIds: ['u2'] } },
    ],
    ['reject', (s) => s.reject('id1', 1, '重复'), { method: 'POST', url: 'http://api.test/api/cases/id1/reject', data: { expectedVersion: 1, reason: '重复' } }],
    [
      'decide',
      (s) => s.decideExtension('id1', 'r1', false),
      { method: 'POST', url: 'http://api.test/api/cases/id1/extensions/r1/decision', data: { approve: false } },
    ],
    [
      'revisit',
      (s) => s.phoneRevisit('id1', { rating: 'satisfied', solved: true, note: '好' }),
      { method: 'POST', url: 'http://api.test/api/cases/id1/revisit', data: { rating: 'satisfied', solved: true, note: '好' } },
    ],
    [
      'file',
      (s) => s.fileCase({ channel: 'phone', residentName: '张三', residentPhone: '13800000001', text: '路灯坏了' }),
      { method: 'POST', url: 'http://api.test/api/cases', data: { channel: 'phone', residentName: '张三', residentPhone: '13800000001', text: '路灯坏了' } },
    ],
    ['routing', (s) => s.routingSuggestion('a/b'), { method: 'GET', url: 'http://api.test/api/cases/a%2Fb/routing-suggestion' }],
    ['unit choices', (s) => s.unitChoices('id1'), { method: 'GET', url: 'http://api.test/api/cases/id1/unit-choices' }],
    ['case extensions', (s) => s.caseExtensions('id1'), { method: 'GET', url: 'http://api.test/api/cases/id1/extensions' }],
    ['pending', (s) => s.pendingExtensions(), { method: 'GET', url: 'http://api.test/api/extensions/pending' }],
    ['dashboard', (s) => s.dashboard(), { method: 'GET', url: 'http://api.test/api/dashboard' }],
    ['units', (s) => s.units(), { method: 'GET', url: 'http://api.test/api/units' }],
    ['taxonomy', (s) => s.taxonomy(), { method: 'GET', url: 'http://api.test/api/taxonomy' }],
    ['warnings', (s) => s.warnings({ open: true }), { method: 'GET', url: 'http://api.test/api/warnings?limit=100&open=true' }],
    ['warning', (s) => s.warning('w/1'), { method: 'GET', url: 'http://api.test/api/warnings/w%2F1' }],
    ['acknowledge a warning', (s) => s.actOnWarning('w1', 'acknowledge', ''), { method: 'POST', url: 'http://api.test/api/warnings/w1/acknowledge', data: {} }],
    ['follow a warning up', (s) => s.actOnWarning('w1', 'follow-ups', '已约谈'), { method: 'POST', url: 'http://api.test/api/warnings/w1/follow-ups', data: { note: '已约谈' } }],
    ['close a warning', (s) => s.actOnWarning('w1', 'close', '已整改'), { method: 'POST', url: 'http://api.test/api/warnings/w1/close', data: { note: '已整改' } }],
    ['heat map', (s) => s.heatmap({ from: '2026-11-01', groupBy: 'subItem' }), { method: 'GET', url: 'http://api.test/api/analytics/heatmap?from=2026-11-01&groupBy=subItem' }],
  ])('%s goes through the one client with the token', async (_name, act, expected) => {
    const { sut, sent } = setup();
    await act(sut);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ ...expected, header: { Authorization: 'Bearer staff-token' } });
    if (expected.data === undefined) expect('data' in sent[0]).toBe(false);
  });

  it('passes the answer through on success', async () => {
    const { sut } = setup({ statusCode: 200, data: { items: [], total: 0, nextCursor: null } });
    await expect(sut.listCases()).resolves.toEqual({ ok: true, data: { items: [], total: 0, nextCursor: null } });
  });

  it.each<[HttpResponse | Error, number, string, boolean]>([
    [{ statusCode: 409, data: { code: 'VERSION_CONFLICT' } }, 409, CASE_WORDING.conflict!, true],
    [{ statusCode: 409, data: { code: 'CASE_ILLEGAL_TRANSITION', message: '这一步现在不能做' } }, 409, CASE_WORDING.conflict!, true],
    [{ statusCode: 409, data: { code: 'EXTENSION_ALREADY_PENDING' } }, 409, CODE_MESSAGES.EXTENSION_ALREADY_PENDING, false],
    [{ statusCode: 409, data: '{"code":"EXTENSION_ALREADY_PENDING"}' }, 409, CODE_MESSAGES.EXTENSION_ALREADY_PENDING, false],
    [{ statusCode: 422, data: { code: 'EXTENSION_LIMIT_EXCEEDED' } }, 422, '延期总共不能超过10个工作日。', false],
    [{ statusCode: 422, data: { code: 'RETURN_WINDOW_PASSED' } }, 422, '已过签收时限，不能退回，请联系民声直达办公室。', false],
    [{ statusCode: 400, data: { code: 'INVALID_REQUEST', message: '请填写原因' } }, 400, '填写的内容有误：请填写原因', false],
    [{ statusCode: 404, data: { code: 'NOT_FOUND' } }, 404, CASE_WORDING.not_found!, false],
    [{ statusCode: 403, data: { code: 'FORBIDDEN' } }, 403, ERROR_MESSAGES.forbidden, false],
    [{ statusCode: 500, data: { code: 'INTERNAL' } }, 500, ERROR_MESSAGES.server, false],
    [new Error('timeout'), 0, ERROR_MESSAGES.network, false],
  ])('failure %# settles with the one error map', async (reply, status, message, conflict) => {
    const { sut } = setup(reply);
    await expect(sut.signFor('id1', 1)).resolves.toEqual({ ok: false, status, message, conflict });
  });

  it('a 401 ends the session, as on the resident pages', async () => {
    const { sut, session } = setup({ statusCode: 401, data: { code: 'UNAUTHENTICATED' } });
    await expect(sut.dashboard()).resolves.toEqual({ ok: false, status: 401, message: ERROR_MESSAGES.unauthorized, conflict: false });
    expect(session()).toBeNull();
  });

  it('gives the attachment URL with the token', () => {
    const { sut } = setup();
    expect(sut.attachmentRequest('k 1', 'a-1')).toEqual({
      url: 'http://api.test/api/cases/k%201/attachments/a-1',
      header: { Authorization: 'Bearer staff-token' },
    });
  });
});

describe(settle.name, () => {
  it('keeps a code with a sentence of its own over the page wording', async () => {
    const err = new ApiError('conflict', 409, CODE_MESSAGES.EXTENSION_ALREADY_PENDING, 'EXTENSION_ALREADY_PENDING');
    await expect(settle(Promise.reject(err))).resolves.toMatchObject({ message: CODE_MESSAGES.EXTENSION_ALREADY_PENDING, conflict: false });
    expect(messageOf(err, { conflict: '别的话' })).toBe(CODE_MESSAGES.EXTENSION_ALREADY_PENDING);
  });

  it('words a failure with no code by the page, else by the map', async () => {
    await expect(settle(Promise.reject(new ApiError('not_found', 404, ERROR_MESSAGES.not_found)), {})).resolves.toMatchObject({
      message: ERROR_MESSAGES.not_found,
    });
    await expect(settle(Promise.reject(new Error('boom')))).resolves.toMatchObject({ status: 0, message: ERROR_MESSAGES.network });
  });
});

describe(createBenchApi.name, () => {
  const bench = (reply?: HttpResponse) => {
    const { client, sent, session } = recordingClient('handler', reply);
    return { sent, session, sut: createBenchApi(client) };
  };

  it.each<[string, (s: BenchApi) => Promise<unknown>, { method: string; url: string; data?: unknown }]>([
    ['kinds', (s) => s.kinds(), { method: 'GET', url: 'http://api.test/api/bench/kinds' }],
    ['meetings', (s) => s.meetings(), { method: 'GET', url: 'http://api.test/api/bench/meetings' }],
    ['where to sit', (s) => s.whereToSit('t1'), { method: 'GET', url: 'http://api.test/api/bench/where-to-sit?townId=t1' }],
    ['meeting', (s) => s.meeting('m/1'), { method: 'GET', url: 'http://api.test/api/bench/meetings/m%2F1' }],
    [
      'plan',
      (s) => s.plan({ kind: 'night_talk', villageUnitId: 'v1', place: '院坝', plannedAt: '2026-12-08T19:00:00+08:00' }),
      { method: 'POST', url: 'http://api.test/api/bench/meetings', data: { kind: 'night_talk', villageUnitId: 'v1', place: '院坝', plannedAt: '2026-12-08T19:00:00+08:00' } },
    ],
    ['hold', (s) => s.hold('m1', 2, { heldAt: 'T', attendance: 35 }), { method: 'POST', url: 'http://api.test/api/bench/meetings/m1/hold', data: { heldAt: 'T', attendance: 35, expectedVersion: 2 } }],
    ['close', (s) => s.close('m1', 3, { report: '小结' }), { method: 'POST', url: 'http://api.test/api/bench/meetings/m1/close', data: { report: '小结', expectedVersion: 3 } }],
    ['cancel', (s) => s.cancel('m1', 1, '下雨'), { method: 'POST', url: 'http://api.test/api/bench/meetings/m1/cancel', data: { reason: '下雨', expectedVersion: 1 } }],
    ['photo', (s) => s.addPhoto('m1', 'AAAA'), { method: 'POST', url: 'http://api.test/api/bench/meetings/m1/photos', data: { base64: 'AAAA' } }],
    [
      'demand',
      (s) => s.addDemand('m1', { clientKey: 'k', text: '水管坏了', residentName: '王大爷', residentPhone: '13800000001' }),
      { method: 'POST', url: 'http://api.test/api/bench/meetings/m1/demands', data: { clientKey: 'k', text: '水管坏了', residentName: '王大爷', residentPhone: '13800000001' } },
    ],
    ['ideas', (s) => s.ideas(), { method: 'GET', url: 'http://api.test/api/ideas' }],
    ['overdue ideas', (s) => s.ideas(true), { method: 'GET', url: 'http://api.test/api/ideas?overdue=true' }],
    ['idea', (s) => s.idea('i1'), { method: 'GET', url: 'http://api.test/api/ideas/i1' }],
    ['take up', (s) => s.takeUp('c1', '建基地'), { method: 'POST', url: 'http://api.test/api/ideas', data: { caseId: 'c1', title: '建基地' } }],
    ['reward', (s) => s.proposeReward('i1', 20000, '奖励'), { method: 'POST', url: 'http://api.test/api/ideas/i1/reward', data: { amountFen: 20000, remark: '奖励' } }],
    ['evaluate', (s) => s.evaluate('i1', 1, 'decline', '没有地'), { method: 'POST', url: 'http://api.test/api/ideas/i1/evaluate', data: { decision: 'decline', expectedVersion: 1, reason: '没有地' } }],
    ['milestone', (s) => s.addMilestone('i1', '选好地', false), { method: 'POST', url: 'http://api.test/api/ideas/i1/milestones', data: { note: '选好地', delivered: false } }],
    ['milestone photo', (s) => s.addMilestonePhoto('i1', 'ms1', 'AAAA'), { method: 'POST', url: 'http://api.test/api/ideas/i1/milestones/ms1/photos', data: { base64: 'AAAA' } }],
  ])('%s goes through the one client with the token', async (_name, act, expected) => {
    const { sut, sent } = bench();
    await act(sut);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ ...expected, header: { Authorization: 'Bearer staff-token' } });
    if (expected.data === undefined) expect('data' in sent[0]).toBe(false);
  });

  it('words a lost meeting or idea by what it is', async () => {
    await expect(bench({ statusCode: 404, data: { code: 'NOT_FOUND' } }).sut.meeting('m1')).resolves.toMatchObject({ ok: false, message: MEETING_WORDING.not_found });
    await expect(bench({ statusCode: 409, data: { code: 'VERSION_CONFLICT' } }).sut.evaluate('i1', 1, 'adopt')).resolves.toMatchObject({ ok: false, message: IDEA_WORDING.conflict, conflict: true });
  });
});
