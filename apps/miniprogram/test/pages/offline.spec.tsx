/**
 * The offline queue as the app runs it: app.ts starts it at launch, it sends what waited when the
 * network comes back or the app returns to the foreground, and the login page sends what waited for a
 * sign-in. Real queue, real API client; only Taro (network, storage, files) is the double.
 */
import { render, screen, waitFor } from '@testing-library/react';
import App from '../../src/app';
import Login from '../../src/pages/login/index';
import { QUEUE_KEY } from '../../src/services/offline-queue';
import { queue } from '../../src/services/offline-taro';
import { NETWORK_ERROR } from '../support/backend';
import { backend, platform } from '../support/platform';
import { appShow, renderPage, setOnline } from '../support/render';

/** Files a demand through the real queue, starting from a fresh draft so the draft's shape is the queue's own. */
async function fileDemand(text: string, extra: Partial<ReturnType<typeof queue.loadDraft>> = {}) {
  const draft = { ...queue.loadDraft(), text, ...extra };
  const outcome = await queue.submit(draft);
  return { clientKey: draft.clientKey, outcome };
}

const launchApp = () => render(<App>{null}</App>);

// The queue is one object for the app (as in the app): stop it between tests so each launch starts it again.
afterEach(() => queue.stop());

describe('offline queue in the app', () => {
  it('keeps a demand filed without network, sends nothing, and sends it when the network returns', async () => {
    platform.signIn('resident', 'resident-token');
    platform.setOnline(false);
    const { clientKey, outcome } = await fileDemand('桥上的栏杆松了');
    expect(outcome.status).toBe('queued');
    expect(backend.requests).toEqual([]);
    expect(platform.getStored(QUEUE_KEY)).toHaveLength(1);

    backend.on('POST /api/my/cases', { status: 201, body: { id: 'c-7', number: 'MS20261126-0077' } });
    launchApp();
    expect(backend.requests).toEqual([]); // still offline at launch
    await setOnline(true);

    await waitFor(() => expect(platform.callsOf('showModal')).toEqual([expect.objectContaining({ title: '您的诉求已发出', content: '受理编号 MS20261126-0077' })]));
    const sent = backend.last('POST /api/my/cases');
    expect(sent.body).toMatchObject({ text: '桥上的栏杆松了', clientKey });
    expect(sent.headers.Authorization).toBe('Bearer resident-token');
    expect(platform.getStored(QUEUE_KEY)).toBe('');
  });

  it('sends the photo and the recording that came with the demand after filing it', async () => {
    platform.signIn('resident');
    platform.setOnline(false);
    platform.files.set('wxfile://store/photo-1.jpg', '/9j/4AAQSkZJRgABAQ==');
    platform.files.set('wxfile://store/voice-1.mp3', 'SUQzBAAAAAAA');
    await fileDemand('路面塌了一个坑', {
      photos: ['wxfile://store/photo-1.jpg'],
      voices: [{ path: 'wxfile://store/voice-1.mp3', durationMs: 4200 }],
    });

    backend.on('POST /api/my/cases', { status: 201, body: { id: 'c-8', number: 'MS20261126-0078' } });
    backend.on('POST /api/my/cases/:id/photos', { status: 201, body: { id: 'p-1' } });
    backend.on('POST /api/my/cases/:id/media', { status: 201, body: { id: 'm-1', kind: 'voice' } });
    launchApp();
    await setOnline(true);

    await waitFor(() => expect(platform.getStored(QUEUE_KEY)).toBe(''));
    expect(backend.writes()).toEqual(['POST /api/my/cases', 'POST /api/my/cases/c-8/photos', 'POST /api/my/cases/c-8/media']);
    expect(backend.last('POST /api/my/cases/:id/photos').body).toEqual({ contentType: 'image/jpeg', base64: '/9j/4AAQSkZJRgABAQ==' });
    const voice = backend.last('POST /api/my/cases/:id/media');
    expect(voice.kind).toBe('upload');
    expect(voice.body).toMatchObject({ filePath: 'wxfile://store/voice-1.mp3', formData: { kind: 'voice', durationMs: '4200' } });
    expect(voice.headers.Authorization).toBe('Bearer token-resident');
  });

  it('tries again with the same clientKey when an answer was lost, when the app comes back to the foreground', async () => {
    platform.signIn('resident');
    backend.on('POST /api/my/cases', NETWORK_ERROR);
    launchApp();
    const { clientKey, outcome } = await fileDemand('垃圾没人清');
    expect(outcome.status).toBe('queued');

    backend.on('POST /api/my/cases', { status: 201, body: { id: 'c-9', number: 'MS20261126-0079' } });
    await appShow();

    await waitFor(() => expect(platform.getStored(QUEUE_KEY)).toBe(''));
    const keys = backend.calls('POST /api/my/cases').map((r) => (r.body as { clientKey: string }).clientKey);
    expect(keys).toEqual([clientKey, clientKey]);
  });

  it('keeps a demand refused for want of a sign-in, and sends it once the resident signs in', async () => {
    let signedIn = false;
    backend.on('POST /api/my/cases', (req) =>
      req.headers.Authorization === 'Bearer fresh-token' ? { status: 201, body: { id: 'c-10', number: 'MS20261126-0080' } } : { status: 401 },
    );
    const { clientKey, outcome } = await fileDemand('井盖丢了');
    expect(outcome.status).toBe('queued');
    expect(platform.getStored(QUEUE_KEY)).toHaveLength(1);

    backend.on('POST /api/auth/resident/login', () => {
      signedIn = true;
      return { body: { token: 'fresh-token' } };
    });
    const { user } = renderPage(<Login />, { path: '/pages/login/index' });
    await user.click(screen.getByRole('button', { name: '微信一键登录' }));

    await waitFor(() => expect(platform.getStored(QUEUE_KEY)).toBe(''));
    expect(signedIn).toBe(true);
    const attempts = backend.calls('POST /api/my/cases');
    expect(attempts.map((r) => r.headers.Authorization)).toEqual([undefined, 'Bearer fresh-token']);
    expect(attempts[1].body).toMatchObject({ text: '井盖丢了', clientKey });
  });
});
