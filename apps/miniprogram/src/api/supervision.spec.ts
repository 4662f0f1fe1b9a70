import type { HttpResponse } from './core';
import { recordingClient } from '../../test/support/recording-client';
import { createSupervisionApi, FLAG_WORDING, ITEM_WORDING, type SupervisionApi } from './supervision';

function setup(reply: HttpResponse = { statusCode: 200, data: {} }) {
  const { client, sent } = recordingClient('inspector', reply);
  return { sut: createSupervisionApi(client), sent };
}

describe(createSupervisionApi.name, () => {
  it.each<[string, (s: SupervisionApi) => Promise<unknown>, { method: string; url: string; data?: unknown }]>([
    ['all flags', (s) => s.flags(), { method: 'GET', url: 'http://api.test/api/anomaly-flags' }],
    ['open flags', (s) => s.flags('open'), { method: 'GET', url: 'http://api.test/api/anomaly-flags?status=open' }],
    ['one flag', (s) => s.flag('f1'), { method: 'GET', url: 'http://api.test/api/anomaly-flags/f1' }],
    ['confirm', (s) => s.reviewFlag('f1', 'confirm', '属实'), { method: 'POST', url: 'http://api.test/api/anomaly-flags/f1/confirm', data: { note: '属实' } }],
    ['dismiss', (s) => s.reviewFlag('f1', 'dismiss', '正常'), { method: 'POST', url: 'http://api.test/api/anomaly-flags/f1/dismiss', data: { note: '正常' } }],
    ['all items', (s) => s.items(), { method: 'GET', url: 'http://api.test/api/supervision/items' }],
    ['items by status, overdue only', (s) => s.items({ status: 'assigned', overdue: true }), { method: 'GET', url: 'http://api.test/api/supervision/items?status=assigned&overdue=true' }],
    ['items, overdue off', (s) => s.items({ overdue: false }), { method: 'GET', url: 'http://api.test/api/supervision/items' }],
    ['one item', (s) => s.item('i/1'), { method: 'GET', url: 'http://api.test/api/supervision/items/i%2F1' }],
    ['the counts', (s) => s.summary(), { method: 'GET', url: 'http://api.test/api/supervision/summary' }],
    [
      'a new item from a flag',
      (s) => s.createItem({ source: 'flag', flagId: 'f1', unitId: 'u1', title: 't', requirement: 'r', dueDate: '2026-12-22', caseIds: ['c1'] }),
      { method: 'POST', url: 'http://api.test/api/supervision/items', data: { source: 'flag', flagId: 'f1', unitId: 'u1', title: 't', requirement: 'r', dueDate: '2026-12-22', caseIds: ['c1'] } },
    ],
    ['a photo', (s) => s.uploadPhoto('i1', 'AAAA'), { method: 'POST', url: 'http://api.test/api/supervision/items/i1/media', data: { base64: 'AAAA' } }],
    ['a report with photos', (s) => s.report('i1', '已修', ['m1']), { method: 'POST', url: 'http://api.test/api/supervision/items/i1/report', data: { text: '已修', mediaIds: ['m1'] } }],
    ['a report without photos', (s) => s.report('i1', '已修', []), { method: 'POST', url: 'http://api.test/api/supervision/items/i1/report', data: { text: '已修' } }],
    ['send back', (s) => s.verify('i1', 'sent_back', '没修好'), { method: 'POST', url: 'http://api.test/api/supervision/items/i1/verify', data: { outcome: 'sent_back', note: '没修好' } }],
    [
      'send back with a new deadline',
      (s) => s.verify('i1', 'sent_back', '没修好', '2026-12-30'),
      { method: 'POST', url: 'http://api.test/api/supervision/items/i1/verify', data: { outcome: 'sent_back', note: '没修好', dueDate: '2026-12-30' } },
    ],
    ['close (a deadline is for send-backs only)', (s) => s.verify('i1', 'closed', '修好了', '2026-12-30'), { method: 'POST', url: 'http://api.test/api/supervision/items/i1/verify', data: { outcome: 'closed', note: '修好了' } }],
    [
      'accountability',
      (s) => s.addAccountability('i1', { person: '张三', role: '副镇长', measure: '诫勉谈话' }),
      { method: 'POST', url: 'http://api.test/api/supervision/items/i1/accountability', data: { person: '张三', role: '副镇长', measure: '诫勉谈话' } },
    ],
    [
      'exposure',
      (s) => s.addExposure('i1', { outlet: '电视台', commitment: '一周修好', commitmentDue: '2026-12-14' }),
      { method: 'POST', url: 'http://api.test/api/supervision/items/i1/exposures', data: { outlet: '电视台', commitment: '一周修好', commitmentDue: '2026-12-14' } },
    ],
    ['the exposures', (s) => s.exposures(), { method: 'GET', url: 'http://api.test/api/supervision/exposures' }],
    ['a follow-up on an exposure', (s) => s.addFollowUp('e1', '已修好'), { method: 'POST', url: 'http://api.test/api/supervision/exposures/e1/follow-ups', data: { text: '已修好' } }],
  ])('%s goes through the one client with the token', async (_name, act, expected) => {
    const { sut, sent } = setup();
    await expect(act(sut)).resolves.toMatchObject({ ok: true });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ ...expected, header: { Authorization: 'Bearer staff-token' } });
    if (expected.data === undefined) expect('data' in sent[0]).toBe(false);
  });

  it('words a missing flag and a missing item by what they are', async () => {
    const { sut } = setup({ statusCode: 404, data: { message: 'Not Found' } });
    await expect(sut.flag('f1')).resolves.toMatchObject({ ok: false, status: 404, message: FLAG_WORDING.not_found });
    await expect(sut.item('i1')).resolves.toMatchObject({ ok: false, status: 404, message: ITEM_WORDING.not_found });
  });

  it('gives the report photo URL with the token', () => {
    const { sut } = setup();
    expect(sut.photoRequest('i1', 'm1')).toEqual({ url: 'http://api.test/api/supervision/items/i1/media/m1', header: { Authorization: 'Bearer staff-token' } });
  });
});
