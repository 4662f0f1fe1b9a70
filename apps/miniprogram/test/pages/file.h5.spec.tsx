/**
 * The resident filing page as the h5 build runs it: the browser's microphone (getUserMedia +
 * MediaRecorder, doubled in test/support/browser-h5.ts), blob URLs, and the browser's position.
 */
import { screen } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import FileCase from '../../src/pages/file/index';
import { VOICE_ONLY_TEXT } from '../../src/services/offline-queue';
import { UUID_PATTERN } from '../../src/utils/uuid';
import { residentCase } from '../support/fixtures';
import { backend, platform } from '../support/platform';
import { renderPage, wholeText } from '../support/render';

const SUGGEST = 'POST /api/my/suggestion';
const FILE = 'POST /api/my/cases';
const MEDIA = 'POST /api/my/cases/:id/media';

const open = () => renderPage(<FileCase />, { path: '/pages/file/index' });
const submit = (user: UserEvent) => user.click(screen.getByRole('button', { name: '提交' }));
const filing = () => backend.writes().filter((w) => w !== SUGGEST);

function signIn() {
  platform.signIn('resident', 'resident-token');
  backend.on(SUGGEST, { body: { kind: 'complaint', subItem: null, subItemName: null, choices: [] } });
}

/** The browser recorder times a recording with Date.now(): the test moves this clock. */
let clock = Date.UTC(2026, 10, 26, 2, 0, 0);
beforeEach(() => {
  jest.spyOn(Date, 'now').mockImplementation(() => clock);
});
afterEach(() => jest.restoreAllMocks());

describe('resident filing page (h5)', () => {
  it('records with the browser microphone and uploads the recording from its blob URL', async () => {
    signIn();
    backend.on(FILE, { status: 201, body: residentCase({ id: 'c-11', number: 'MS20261126-0011' }) });
    backend.on(MEDIA, { status: 201, body: { id: 'm-1', kind: 'voice' } });
    const { user } = open();

    await user.click(screen.getByRole('button', { name: '点一下，开始说话' }));
    const recording = await screen.findByRole('button', { name: /^正在录音 \d+ 秒，说完点一下$/ });
    expect(platform.callsOf('getUserMedia')).toEqual([{ constraints: { audio: true } }]);
    expect(platform.callsOf('MediaRecorder.start')).toHaveLength(1);
    expect(platform.callsOf('recorder.start')).toEqual([]); // not WeChat's recorder

    clock += 3600;
    await user.click(recording);

    expect(await screen.findByRole('button', { name: '听第 1 段（4 秒）' })).toBeInTheDocument();
    expect(platform.callsOf('MediaRecorder.stop')).toHaveLength(1);
    expect(platform.callsOf('mediaTrack.stop')).toHaveLength(1); // the microphone is let go

    await submit(user);

    expect(await screen.findByText(wholeText('已收到！受理编号 MS20261126-0011。'))).toBeInTheDocument();
    expect(filing()).toEqual(['POST /api/my/cases', 'POST /api/my/cases/c-11/media']);
    expect(backend.last(FILE).body).toEqual({ text: VOICE_ONLY_TEXT, clientKey: expect.stringMatching(UUID_PATTERN) });
    const media = backend.last(MEDIA);
    expect(media.kind).toBe('upload');
    expect(media.body).toEqual({
      filePath: expect.stringMatching(/^blob:http:\/\/localhost\/\d+$/),
      name: 'file',
      formData: { kind: 'voice', durationMs: '3600' },
    });
    expect(media.headers.Authorization).toBe('Bearer resident-token');
  });

  it('says how to go on when the microphone is refused, and records nothing', async () => {
    signIn();
    platform.recording = 'deny';
    const { user } = open();

    await user.click(screen.getByRole('button', { name: '点一下，开始说话' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('没法录音：请允许使用麦克风，或者直接打字。');
    expect(platform.callsOf('getUserMedia')).toHaveLength(1);
    expect(platform.callsOf('MediaRecorder.start')).toEqual([]);
    expect(screen.getByRole('button', { name: '点一下，开始说话' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^听第/ })).not.toBeInTheDocument();
    expect(backend.requests).toEqual([]);
  });

  it('takes the browser’s GPS position, says so in words (no coordinates) and sends it with the case', async () => {
    signIn();
    platform.location = { latitude: 31.123456, longitude: 104.987654 };
    backend.on(FILE, { status: 201, body: residentCase({ id: 'c-12', number: 'MS20261126-0012' }) });
    const { user } = open();

    await user.type(screen.getByPlaceholderText('例如：村口的路灯坏了三天了'), '这里的井盖丢了');
    await user.click(screen.getByRole('button', { name: '选位置' }));

    expect(await screen.findByText('已记下您现在的位置（提交后会写上是哪个镇、哪个村）')).toBeInTheDocument();
    expect(document.body.textContent).not.toMatch(/经度|纬度|104\.98|31\.12/);
    expect(platform.callsOf('getLocation')).toEqual([{ type: 'wgs84' }]);
    expect(platform.callsOf('chooseLocation')).toEqual([]);

    await submit(user);
    expect(await screen.findByText(wholeText('已收到！受理编号 MS20261126-0012。'))).toBeInTheDocument();
    expect(backend.last(FILE).body).toEqual({
      text: '这里的井盖丢了',
      clientKey: expect.stringMatching(UUID_PATTERN),
      location: { lat: 31.123456, lng: 104.987654 },
    });
  });

  it('says so when the position cannot be had, and sends no place', async () => {
    signIn();
    platform.location = 'deny';
    const { user } = open();

    await user.click(screen.getByRole('button', { name: '选位置' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('没拿到位置。可以直接在上面写清楚地方。');
    expect(screen.getByText('还没选位置（可不选）')).toBeInTheDocument();
    expect(backend.requests).toEqual([]);
  });
});
