/**
 * The cadre at a bench meeting with a weak signal: demands written down offline wait on the phone
 * and go out once when the network returns; the meeting's page then shows them with their progress.
 * Real page, real queue, real API client; only Taro and the server are doubles.
 */
import { screen, waitFor } from '@testing-library/react';
import MeetingPage from '../../src/pages/staff/meeting/index';
import { BENCH_KEYS } from '../../src/services/bench-demands';
import { benchQueue } from '../../src/services/bench-taro';
import { backend, platform } from '../support/platform';
import { renderPage, setOnline } from '../support/render';

const meeting = (over: Record<string, unknown> = {}) => ({
  id: 'm-1',
  kind: 'night_talk',
  kindName: '板凳夜谈',
  status: 'held',
  statusLabel: '已开',
  villageUnitId: 'v-1',
  villageName: '胜利村',
  townUnitId: 't-1',
  townName: '井溪镇',
  place: '村委会院坝',
  hostStaffId: 's-1',
  hostName: '江主任',
  plannedAt: '2026-12-08T11:00:00.000Z',
  heldAt: '2026-12-08T11:00:00.000Z',
  attendance: 35,
  topics: [],
  outcomes: null,
  report: null,
  cancelReason: null,
  demandCount: 0,
  version: 2,
  allowedActions: ['close', 'add_demand'],
  demands: [],
  photos: [],
  ...over,
});
const demand = { caseId: 'c-1', number: 'MS20261208-0001', text: '五组的饮水池漏水', residentName: '王大爷', residentPhone: '138****1001', status: 'accepted', statusLabel: '已受理', unitName: null, solvedOnTheSpot: false, settled: false, enteredAt: '2026-12-08T11:10:00.000Z' };

afterEach(() => benchQueue.stop());

async function writeDown(user: Awaited<ReturnType<typeof renderPage>>['user']) {
  await user.type(screen.getByPlaceholderText('例如：王大爷'), '王大爷');
  await user.type(screen.getByPlaceholderText('手机或座机（带区号）'), '13800001001');
  await user.type(screen.getByPlaceholderText('什么事，在哪里'), '五组的饮水池漏水');
  await user.click(screen.getByRole('button', { name: '记下' }));
}

describe('bench meeting page (板凳会)', () => {
  it('keeps a demand written down with no signal and sends it once when the network returns', async () => {
    platform.signIn('handler', 'cadre-token');
    backend.on('GET /api/bench/meetings/:id', { status: 200, body: meeting() });
    const { user } = renderPage(<MeetingPage />, { path: '/pages/staff/meeting/index', params: { id: 'm-1' } });
    await screen.findByText('板凳夜谈 · 已开');

    await setOnline(false);
    await writeDown(user);
    await screen.findByText('没有信号，已存在手机上，有信号后自动发送');
    expect(screen.getByText('还有 1 件等信号发送')).toBeInTheDocument();
    expect(backend.writes()).toEqual([]);
    expect(platform.getStored(BENCH_KEYS.queue)).toHaveLength(1);

    backend.on('POST /api/bench/meetings/:id/demands', { status: 201, body: { caseId: 'c-1', number: 'MS20261208-0001', status: 'accepted', statusLabel: '已受理', solvedOnTheSpot: false, repeated: false } });
    backend.on('GET /api/bench/meetings/:id', { status: 200, body: meeting({ demandCount: 1, demands: [demand] }) });
    await setOnline(true);

    await screen.findByText('MS20261208-0001');
    expect(backend.writes()).toEqual(['POST /api/bench/meetings/m-1/demands']);
    const sent = backend.last('POST /api/bench/meetings/:id/demands');
    expect(sent.body).toMatchObject({ text: '五组的饮水池漏水', residentName: '王大爷', residentPhone: '13800001001', clientKey: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(sent.headers.Authorization).toBe('Bearer cadre-token');
    await waitFor(() => expect(platform.getStored(BENCH_KEYS.queue)).toBe(''));
    expect(screen.getByText('群众反映的事（1 件）')).toBeInTheDocument();
    // The 「没有信号」 notice gives way to the number it was filed under.
    expect(screen.getByText('已发送，编号 MS20261208-0001')).toBeInTheDocument();
    expect(screen.queryByText('没有信号，已存在手机上，有信号后自动发送')).toBeNull();
  });

  it('says what is wrong with the form and sends nothing', async () => {
    platform.signIn('handler');
    backend.on('GET /api/bench/meetings/:id', { status: 200, body: meeting() });
    const { user } = renderPage(<MeetingPage />, { path: '/pages/staff/meeting/index', params: { id: 'm-1' } });
    await screen.findByText('板凳夜谈 · 已开');
    await user.type(screen.getByPlaceholderText('例如：王大爷'), '王大爷');
    await user.type(screen.getByPlaceholderText('手机或座机（带区号）'), '12345');
    await user.click(screen.getByRole('button', { name: '记下' }));
    expect(screen.getByRole('alert')).toHaveTextContent('电话不对');
    expect(backend.writes()).toEqual([]);
  });

  it('adds a photo taken at the meeting', async () => {
    platform.signIn('handler');
    platform.images = [{ path: 'wxfile://tmp/meeting-1.jpg', size: 120_000 }];
    platform.files.set('wxfile://tmp/meeting-1.jpg', '/9j/4AAQSkZJRg==');
    backend.on('GET /api/bench/meetings/:id', { status: 200, body: meeting() });
    backend.on('POST /api/bench/meetings/:id/photos', () => {
      backend.on('GET /api/bench/meetings/:id', { status: 200, body: meeting({ photos: [{ id: 'p-1', contentType: 'image/jpeg', sizeBytes: 10, createdAt: '2026-12-08T11:20:00.000Z' }] }) });
      return { status: 201, body: { id: 'p-1' } };
    });
    const { user } = renderPage(<MeetingPage />, { path: '/pages/staff/meeting/index', params: { id: 'm-1' } });
    await screen.findByText('照片：0 张');
    await user.click(screen.getByRole('button', { name: '添加照片' }));
    await screen.findByText('照片：1 张');
    expect(backend.last('POST /api/bench/meetings/:id/photos').body).toEqual({ base64: '/9j/4AAQSkZJRg==' });
  });
});
