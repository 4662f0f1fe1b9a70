import type { HttpResponse } from './core';
import { recordingClient } from '../../test/support/recording-client';
import { createJointMeetingsApi, JOINT_WORDING, type JointMeetingsApi } from './joint-meetings';

function setup(reply: HttpResponse = { statusCode: 200, data: {} }) {
  const { client, sent } = recordingClient('dispatcher', reply);
  return { sut: createJointMeetingsApi(client), sent };
}

describe(createJointMeetingsApi.name, () => {
  it.each<[string, (s: JointMeetingsApi) => Promise<unknown>, { method: string; url: string; data?: unknown }]>([
    ['meetings', (s) => s.meetings(), { method: 'GET', url: 'http://api.test/api/joint-meetings' }],
    ['one meeting', (s) => s.meeting('m-1'), { method: 'GET', url: 'http://api.test/api/joint-meetings/m-1' }],
    ['all tasks', (s) => s.tasks(), { method: 'GET', url: 'http://api.test/api/joint-meetings/tasks' }],
    ['open tasks', (s) => s.tasks('assigned'), { method: 'GET', url: 'http://api.test/api/joint-meetings/tasks?status=assigned' }],
    ['totals', (s) => s.totals(), { method: 'GET', url: 'http://api.test/api/joint-meetings/totals' }],
    ['totals over a period', (s) => s.totals({ from: '2026-01-01', to: '2026-12-31' }), { method: 'GET', url: 'http://api.test/api/joint-meetings/totals?from=2026-01-01&to=2026-12-31' }],
    [
      'convene without tasks',
      (s) => s.convene({ title: 't', place: 'p', heldAt: '2026-12-12T09:30:00+08:00', caseIds: ['c-1'], unitIds: ['u-1', 'u-2'], tasks: [] }),
      { method: 'POST', url: 'http://api.test/api/joint-meetings', data: { title: 't', place: 'p', heldAt: '2026-12-12T09:30:00+08:00', caseIds: ['c-1'], unitIds: ['u-1', 'u-2'] } },
    ],
    [
      'convene with tasks (one about a case, one about all)',
      (s) =>
        s.convene({
          title: 't',
          place: 'p',
          heldAt: '2026-12-12T09:30:00+08:00',
          caseIds: ['c-1'],
          unitIds: ['u-1', 'u-2'],
          tasks: [{ unitId: 'u-1', caseId: 'c-1', text: 'a', dueDate: '2026-12-20' }, { unitId: 'u-2', text: 'b', dueDate: '2026-12-21' }],
        }),
      {
        method: 'POST',
        url: 'http://api.test/api/joint-meetings',
        data: {
          title: 't',
          place: 'p',
          heldAt: '2026-12-12T09:30:00+08:00',
          caseIds: ['c-1'],
          unitIds: ['u-1', 'u-2'],
          tasks: [{ unitId: 'u-1', caseId: 'c-1', text: 'a', dueDate: '2026-12-20' }, { unitId: 'u-2', text: 'b', dueDate: '2026-12-21' }],
        },
      },
    ],
    ['record tasks', (s) => s.recordTasks('m-1', [{ unitId: 'u-1', text: 'a', dueDate: '2026-12-20' }]), { method: 'POST', url: 'http://api.test/api/joint-meetings/m-1/tasks', data: { tasks: [{ unitId: 'u-1', text: 'a', dueDate: '2026-12-20' }] } }],
    ['done with a note', (s) => s.complete('t-1', '已清理'), { method: 'POST', url: 'http://api.test/api/joint-meetings/tasks/t-1/done', data: { note: '已清理' } }],
  ])('%s goes through the one client with the token', async (_name, act, expected) => {
    const { sut, sent } = setup();
    await expect(act(sut)).resolves.toMatchObject({ ok: true });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ ...expected, header: { Authorization: 'Bearer staff-token' } });
    if (expected.data === undefined) expect('data' in sent[0]).toBe(false);
    else expect(sent[0].data).toEqual(expected.data);
  });

  it('words a meeting or task outside the unit', async () => {
    const { sut } = setup({ statusCode: 404, data: { message: 'Not Found' } });
    await expect(sut.meeting('m-1')).resolves.toMatchObject({ ok: false, status: 404, message: JOINT_WORDING.not_found });
  });
});
