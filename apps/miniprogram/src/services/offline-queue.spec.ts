import { ApiError, ERROR_MESSAGES } from '../api/errors';
import { DRAFT_KEY, OfflineQueue, QUEUE_KEY, VOICE_ONLY_TEXT, type FileRequest, type KeyValueStore, type NetworkMonitor, type Sender, type SubmitDraft, type Upload } from './offline-queue';

class MemoryStore implements KeyValueStore {
  data = new Map<string, string>();
  get(key: string): unknown {
    const v = this.data.get(key);
    return v === undefined ? '' : JSON.parse(v); // Taro returns '' for a missing key
  }
  set(key: string, value: unknown): void {
    this.data.set(key, JSON.stringify(value));
  }
  remove(key: string): void {
    this.data.delete(key);
  }
}

class FakeNetwork implements NetworkMonitor {
  online = true;
  private cbs: Array<(online: boolean) => void> = [];
  isOnline = async () => this.online;
  onChange(cb: (online: boolean) => void) {
    this.cbs.push(cb);
    return () => {
      this.cbs = this.cbs.filter((c) => c !== cb);
    };
  }
  emit(online: boolean) {
    this.online = online;
    this.cbs.forEach((cb) => cb(online));
  }
}

const networkDown = () => new ApiError('network', 0, ERROR_MESSAGES.network);

function setup() {
  const store = new MemoryStore();
  const network = new FakeNetwork();
  const calls: FileRequest[] = [];
  const photoCalls: Array<{ caseId: string; path: string; kind: Upload['kind'] }> = [];
  let seq = 0;
  const sender: Sender & { fileImpl?: () => Promise<void> } = {
    async file(req) {
      calls.push(req);
      if (sender.fileImpl) await sender.fileImpl();
      seq += 1;
      return { id: `case-${seq}`, number: `MS20261126-000${seq}`, closeBy: `2026-12-0${seq}T09:00:00.000Z` };
    },
    async upload(caseId, upload) {
      photoCalls.push({ caseId, path: upload.path, kind: upload.kind });
    },
  };
  let keys = 0;
  const queue = new OfflineQueue({ store, network, sender, newKey: () => `key-${++keys}`, now: () => new Date('2026-11-26T01:00:00Z') });
  return { store, network, sender, calls, photoCalls, queue };
}

const flushPromises = () => new Promise((r) => setTimeout(r, 0));

/** A draft to submit: words only unless the test adds more. */
function d(clientKey: string, text: string, more: Partial<SubmitDraft> = {}): SubmitDraft {
  return { clientKey, text, place: null, photos: [], voices: [], video: null, ...more };
}

describe('draft', () => {
  it('keeps the draft across restarts with the same clientKey', () => {
    const { store, network, sender, queue } = setup();
    const draft = queue.loadDraft();
    expect(draft.text).toBe('');
    const place = { lat: 32.06, lng: 108.03, label: '万源市某村' };
    const voices = [{ path: 'v1.mp3', durationMs: 4200 }];
    const video = { path: 'clip.mp4', durationMs: 9000, sizeBytes: 1_000_000 };
    queue.saveDraft({ ...draft, text: '路灯坏了', place, photos: ['a.jpg'], voices, video });
    // a new queue over the same storage = the app opened again
    const again = new OfflineQueue({ store, network, sender, newKey: () => 'other' });
    expect(again.loadDraft()).toMatchObject({ clientKey: draft.clientKey, text: '路灯坏了', place, photos: ['a.jpg'], voices, video });
  });

  it('gives a fresh key when there is no draft', () => {
    const { queue } = setup();
    expect(queue.loadDraft().clientKey).toBe('key-1');
    expect(queue.loadDraft().clientKey).toBe('key-2');
  });
});

describe('submit', () => {
  it('sends at once when online, clears draft and queue, uploads photos', async () => {
    const { store, queue, calls, photoCalls } = setup();
    const place = { lat: 32.06, lng: 108.03, label: '三村' };
    const draft = {
      ...queue.loadDraft(),
      text: ' 路灯坏了 ',
      place,
      photos: ['a.jpg', 'b.png'],
      voices: [{ path: 'v1.mp3', durationMs: 3000 }],
      video: { path: 'clip.mp4' },
    };
    queue.saveDraft(draft);
    const out = await queue.submit(draft);
    expect(out).toEqual({ status: 'sent', clientKey: draft.clientKey, case: { id: 'case-1', number: 'MS20261126-0001', closeBy: '2026-12-01T09:00:00.000Z' }, failedUploads: [] });
    expect(calls).toEqual([{ text: '路灯坏了', clientKey: draft.clientKey, place }]);
    // photos first, then the voice, then the video
    expect(photoCalls).toEqual([
      { caseId: 'case-1', path: 'a.jpg', kind: 'photo' },
      { caseId: 'case-1', path: 'b.png', kind: 'photo' },
      { caseId: 'case-1', path: 'v1.mp3', kind: 'voice' },
      { caseId: 'case-1', path: 'clip.mp4', kind: 'video' },
    ]);
    expect(store.data.has(DRAFT_KEY)).toBe(false);
    expect(store.data.has(QUEUE_KEY)).toBe(false);
  });

  it('refuses empty and over-long text without queuing', async () => {
    const { queue, calls } = setup();
    expect((await queue.submit(d('k', '  '))).status).toBe('failed');
    expect((await queue.submit(d('k', 'x'.repeat(2001)))).status).toBe('failed');
    expect(calls).toHaveLength(0);
    expect(queue.pending()).toHaveLength(0);
  });

  it('queues when offline without calling the server', async () => {
    const { network, queue, calls } = setup();
    network.online = false;
    const out = await queue.submit(d('k1', '水管漏了'));
    expect(out.status).toBe('queued');
    expect(calls).toHaveLength(0);
    expect(queue.pending()).toMatchObject([{ clientKey: 'k1', text: '水管漏了' }]);
  });

  it('keeps the chosen category in the draft and through the offline queue', async () => {
    const { store, network, sender, queue } = setup();
    const subItems: Array<string | undefined> = [];
    const file = sender.file.bind(sender);
    sender.file = async (req) => {
      subItems.push(req.subItem);
      return file(req);
    };
    const draft = { ...queue.loadDraft(), text: '路灯坏了三天', subItem: 'light' };
    queue.saveDraft(draft);
    expect(new OfflineQueue({ store, network, sender }).loadDraft().subItem).toBe('light');
    network.online = false;
    expect((await queue.submit(draft)).status).toBe('queued');
    expect(queue.pending()).toMatchObject([{ clientKey: draft.clientKey, subItem: 'light' }]);
    // the app opened again, then the network came back
    const again = new OfflineQueue({ store, network, sender });
    network.online = true;
    await again.flush();
    expect(subItems).toEqual(['light']);
    expect(again.pending()).toHaveLength(0);
  });

  it('sends no category when none was chosen', async () => {
    const { sender, queue } = setup();
    const subItems: Array<string | undefined> = [];
    const file = sender.file.bind(sender);
    sender.file = async (req) => {
      subItems.push(req.subItem);
      return file(req);
    };
    await queue.submit(d('k9', '水管漏了'));
    expect(subItems).toEqual([undefined]);
  });

  it('queues when the request fails on the network, retries with the same clientKey', async () => {
    const { network, sender, queue, calls } = setup();
    sender.fileImpl = async () => {
      throw networkDown();
    };
    const out = await queue.submit(d('k1', '水管漏了'));
    expect(out).toMatchObject({ status: 'queued', reason: ERROR_MESSAGES.network });
    expect(queue.pending()).toHaveLength(1);

    sender.fileImpl = undefined;
    queue.start();
    network.emit(true);
    await flushPromises();
    expect(calls.map((c) => c.clientKey)).toEqual(['k1', 'k1']);
    expect(queue.pending()).toHaveLength(0);
    queue.stop();
  });

  it('sends once when online fires twice', async () => {
    const { network, sender, queue, calls } = setup();
    network.online = false;
    await queue.submit(d('k1', '水管漏了'));
    queue.start();
    await flushPromises();
    expect(calls).toHaveLength(0);

    let release!: () => void;
    sender.fileImpl = () => new Promise<void>((r) => (release = r));
    network.emit(true);
    network.emit(true); // a second event while the first send is in flight
    await flushPromises();
    expect(calls).toHaveLength(1);
    release();
    await flushPromises();
    await flushPromises();
    network.emit(true); // and again after it was sent
    await flushPromises();
    expect(calls).toHaveLength(1);
    expect(queue.pending()).toHaveLength(0);
    queue.stop();
  });

  it('does not queue the same clientKey twice when submit is tapped twice offline', async () => {
    const { network, queue, calls } = setup();
    network.online = false;
    const draft = d('k1', '水管漏了');
    await queue.submit(draft);
    await queue.submit(draft);
    expect(queue.pending()).toHaveLength(1);
    network.emit(true);
    await queue.flush();
    expect(calls).toHaveLength(1);
  });

  it('sends what was queued before the app closed, when it starts again', async () => {
    const { store, network, sender, queue, calls } = setup();
    network.online = false;
    await queue.submit(d('k1', '一'));
    network.online = true;
    const restarted = new OfflineQueue({ store, network, sender });
    const seen: string[] = [];
    restarted.onOutcome((o) => seen.push(`${o.status}:${o.clientKey}`));
    restarted.start();
    await flushPromises();
    await flushPromises();
    expect(calls).toEqual([{ text: '一', clientKey: 'k1' }]);
    expect(seen).toEqual(['sent:k1']);
    restarted.stop();
  });

  it('does not file again when only a photo upload failed; resumes the photos', async () => {
    const { network, sender, queue, calls, photoCalls } = setup();
    let failOnce = true;
    sender.upload = async (caseId, upload) => {
      if (upload.path === 'b.jpg' && failOnce) {
        failOnce = false;
        throw networkDown();
      }
      photoCalls.push({ caseId, path: upload.path, kind: upload.kind });
    };
    const out = await queue.submit(d('k1', '一', { photos: ['a.jpg', 'b.jpg', 'c.jpg'] }));
    expect(out.status).toBe('queued');
    expect(queue.pending()[0]).toMatchObject({ caseId: 'case-1', uploadsDone: 1 });
    network.emit(true);
    await queue.flush();
    expect(calls).toHaveLength(1);
    expect(photoCalls.map((p) => p.path)).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
    expect(queue.pending()).toHaveLength(0);
  });

  it('skips a photo the server refuses for good and drops an item refused for good', async () => {
    const { sender, queue } = setup();
    sender.upload = async () => {
      throw new ApiError('too_large', 413, ERROR_MESSAGES.too_large);
    };
    const out = await queue.submit(d('k1', '一', { photos: ['a.jpg'] }));
    expect(out).toMatchObject({ status: 'sent', failedUploads: ['photo'] });

    sender.file = async () => {
      throw new ApiError('invalid', 422, '填写的内容有误：text too long');
    };
    const bad = await queue.submit(d('k2', '二'));
    expect(bad).toMatchObject({ status: 'failed', reason: '填写的内容有误：text too long' });
    expect(queue.pending()).toHaveLength(0);
    // Nothing was filed: the draft is back in storage, with its key, for the resident to fix.
    expect(queue.loadDraft()).toMatchObject({ clientKey: 'k2', text: '二' });
  });

  it('keeps the item when the session expired (401)', async () => {
    const { sender, queue } = setup();
    sender.file = async () => {
      throw new ApiError('unauthorized', 401, ERROR_MESSAGES.unauthorized);
    };
    const out = await queue.submit(d('k1', '一'));
    expect(out).toMatchObject({ status: 'queued', reason: '请重新登录。' });
    expect(queue.pending()).toHaveLength(1);
  });

  it('files a voice-only demand with a note for staff, and the voice goes up', async () => {
    const { queue, calls, photoCalls } = setup();
    const out = await queue.submit(d('k1', '  ', { voices: [{ path: 'v.webm', durationMs: 5000 }] }));
    expect(out.status).toBe('sent');
    expect(calls).toEqual([{ text: VOICE_ONLY_TEXT, clientKey: 'k1' }]);
    expect(photoCalls).toEqual([{ caseId: 'case-1', path: 'v.webm', kind: 'voice' }]);
  });

  it('refuses more than 3 recordings and a video over 30 MB, without queuing', async () => {
    const { queue, calls } = setup();
    const voice = { path: 'v', durationMs: 1000 };
    expect(await queue.submit(d('k1', '一', { voices: [voice, voice, voice, voice] }))).toMatchObject({ status: 'failed', reason: '录音最多 3 段。' });
    const big = await queue.submit(d('k2', '一', { video: { path: 'big.mp4', sizeBytes: 31 * 1024 * 1024 } }));
    expect(big).toMatchObject({ status: 'failed', reason: '视频太大了，请拍短一点（一分钟以内）。' });
    expect(calls).toHaveLength(0);
    expect(queue.pending()).toHaveLength(0);
  });

  it('reports the progress of each upload, with its number and kind', async () => {
    const { sender, queue } = setup();
    sender.upload = async (_caseId, _upload, onProgress) => {
      onProgress?.(50);
      onProgress?.(100);
    };
    const seen: string[] = [];
    queue.onProgress((p) => seen.push(`${p.index}/${p.total} ${p.kind} ${p.percent}`));
    await queue.submit(d('k1', '一', { photos: ['a.jpg'], video: { path: 'c.mp4' } }));
    expect(seen).toEqual(['1/2 photo 0', '1/2 photo 50', '1/2 photo 100', '2/2 video 0', '2/2 video 50', '2/2 video 100']);
  });

  it('sends an item an older version queued (photos only, location in the text) without filing it twice', async () => {
    const { store, queue, calls, photoCalls } = setup();
    store.set(QUEUE_KEY, [
      { clientKey: 'old', text: '路灯坏了\n【位置】三村', photos: ['a.jpg', 'b.jpg'], photosDone: 1, caseId: 'case-9', caseNumber: 'N9', queuedAt: 'x', attempts: 1 },
    ]);
    const [out] = await queue.flush();
    expect(out).toMatchObject({ status: 'sent', case: { id: 'case-9', number: 'N9' } });
    expect(calls).toHaveLength(0);
    expect(photoCalls).toEqual([{ caseId: 'case-9', path: 'b.jpg', kind: 'photo' }]);
  });
});

describe('who shows an outcome', () => {
  it('marks what submit() is sending, so only items sent in the background need telling about', async () => {
    const { network, queue } = setup();
    const seen: Array<[string, boolean]> = [];
    queue.onOutcome((o) => seen.push([o.clientKey, queue.isSubmitting(o.clientKey)]));
    network.online = false;
    await queue.submit(d('k1', '一'));
    network.online = true;
    await queue.submit(d('k2', '二'));
    // k1 waited offline and went out with k2's run: in the background; k2 is the page's own.
    expect(seen).toEqual([
      ['k1', false],
      ['k2', true],
    ]);
    expect(queue.isSubmitting('k2')).toBe(false);
  });

  it('hands on the deadline the server gave with the number, also after waiting offline', async () => {
    const { network, queue } = setup();
    network.online = false;
    await queue.submit(d('k1', '一'));
    network.online = true;
    const [out] = await queue.flush();
    expect(out).toMatchObject({ status: 'sent', case: { number: 'MS20261126-0001', closeBy: '2026-12-01T09:00:00.000Z' } });
  });
});
