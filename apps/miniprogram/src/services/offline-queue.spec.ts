import { ApiError, ERROR_MESSAGES } from '../api/errors';
import { DRAFT_KEY, OfflineQueue, QUEUE_KEY, type KeyValueStore, type NetworkMonitor, type Sender } from './offline-queue';

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
  const calls: Array<{ text: string; clientKey: string }> = [];
  const photoCalls: Array<{ caseId: string; path: string }> = [];
  let seq = 0;
  const sender: Sender & { fileImpl?: () => Promise<void> } = {
    async file(text, clientKey) {
      calls.push({ text, clientKey });
      if (sender.fileImpl) await sender.fileImpl();
      seq += 1;
      return { id: `case-${seq}`, number: `MS20261126-000${seq}` };
    },
    async uploadPhoto(caseId, path) {
      photoCalls.push({ caseId, path });
    },
  };
  let keys = 0;
  const queue = new OfflineQueue({ store, network, sender, newKey: () => `key-${++keys}`, now: () => new Date('2026-11-26T01:00:00Z') });
  return { store, network, sender, calls, photoCalls, queue };
}

const flushPromises = () => new Promise((r) => setTimeout(r, 0));

describe('draft', () => {
  it('keeps the draft across restarts with the same clientKey', () => {
    const { store, network, sender, queue } = setup();
    const draft = queue.loadDraft();
    expect(draft.text).toBe('');
    queue.saveDraft({ ...draft, text: '路灯坏了', location: '万源市某村', photos: ['a.jpg'] });
    // a new queue over the same storage = the app opened again
    const again = new OfflineQueue({ store, network, sender, newKey: () => 'other' });
    expect(again.loadDraft()).toMatchObject({ clientKey: draft.clientKey, text: '路灯坏了', location: '万源市某村', photos: ['a.jpg'] });
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
    const draft = { ...queue.loadDraft(), text: ' 路灯坏了 ', location: '三村', photos: ['a.jpg', 'b.png'] };
    queue.saveDraft(draft);
    const out = await queue.submit(draft);
    expect(out).toEqual({ status: 'sent', clientKey: draft.clientKey, case: { id: 'case-1', number: 'MS20261126-0001' }, photosFailed: 0 });
    expect(calls).toEqual([{ text: '路灯坏了\n【位置】三村', clientKey: draft.clientKey }]);
    expect(photoCalls).toEqual([
      { caseId: 'case-1', path: 'a.jpg' },
      { caseId: 'case-1', path: 'b.png' },
    ]);
    expect(store.data.has(DRAFT_KEY)).toBe(false);
    expect(store.data.has(QUEUE_KEY)).toBe(false);
  });

  it('refuses empty and over-long text without queuing', async () => {
    const { queue, calls } = setup();
    expect((await queue.submit({ clientKey: 'k', text: '  ', location: '', photos: [] })).status).toBe('failed');
    expect((await queue.submit({ clientKey: 'k', text: 'x'.repeat(2001), location: '', photos: [] })).status).toBe('failed');
    expect(calls).toHaveLength(0);
    expect(queue.pending()).toHaveLength(0);
  });

  it('queues when offline without calling the server', async () => {
    const { network, queue, calls } = setup();
    network.online = false;
    const out = await queue.submit({ clientKey: 'k1', text: '水管漏了', location: '', photos: [] });
    expect(out.status).toBe('queued');
    expect(calls).toHaveLength(0);
    expect(queue.pending()).toMatchObject([{ clientKey: 'k1', text: '水管漏了' }]);
  });

  it('keeps the chosen category in the draft and through the offline queue', async () => {
    const { store, network, sender, queue } = setup();
    const subItems: Array<string | undefined> = [];
    const file = sender.file.bind(sender);
    sender.file = async (text, clientKey, subItem) => {
      subItems.push(subItem);
      return file(text, clientKey, subItem);
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
    sender.file = async (text, clientKey, subItem) => {
      subItems.push(subItem);
      return file(text, clientKey);
    };
    await queue.submit({ clientKey: 'k9', text: '水管漏了', location: '', photos: [] });
    expect(subItems).toEqual([undefined]);
  });

  it('queues when the request fails on the network, retries with the same clientKey', async () => {
    const { network, sender, queue, calls } = setup();
    sender.fileImpl = async () => {
      throw networkDown();
    };
    const out = await queue.submit({ clientKey: 'k1', text: '水管漏了', location: '', photos: [] });
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
    await queue.submit({ clientKey: 'k1', text: '水管漏了', location: '', photos: [] });
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
    const d = { clientKey: 'k1', text: '水管漏了', location: '', photos: [] };
    await queue.submit(d);
    await queue.submit(d);
    expect(queue.pending()).toHaveLength(1);
    network.emit(true);
    await queue.flush();
    expect(calls).toHaveLength(1);
  });

  it('sends what was queued before the app closed, when it starts again', async () => {
    const { store, network, sender, queue, calls } = setup();
    network.online = false;
    await queue.submit({ clientKey: 'k1', text: '一', location: '', photos: [] });
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
    sender.uploadPhoto = async (caseId, path) => {
      if (path === 'b.jpg' && failOnce) {
        failOnce = false;
        throw networkDown();
      }
      photoCalls.push({ caseId, path });
    };
    const out = await queue.submit({ clientKey: 'k1', text: '一', location: '', photos: ['a.jpg', 'b.jpg', 'c.jpg'] });
    expect(out.status).toBe('queued');
    expect(queue.pending()[0]).toMatchObject({ caseId: 'case-1', photosDone: 1 });
    network.emit(true);
    await queue.flush();
    expect(calls).toHaveLength(1);
    expect(photoCalls.map((p) => p.path)).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
    expect(queue.pending()).toHaveLength(0);
  });

  it('skips a photo the server refuses for good and drops an item refused for good', async () => {
    const { sender, queue } = setup();
    sender.uploadPhoto = async () => {
      throw new ApiError('too_large', 413, ERROR_MESSAGES.too_large);
    };
    const out = await queue.submit({ clientKey: 'k1', text: '一', location: '', photos: ['a.jpg'] });
    expect(out).toMatchObject({ status: 'sent', photosFailed: 1 });

    sender.file = async () => {
      throw new ApiError('invalid', 422, '填写的内容有误：text too long');
    };
    const bad = await queue.submit({ clientKey: 'k2', text: '二', location: '', photos: [] });
    expect(bad).toMatchObject({ status: 'failed', reason: '填写的内容有误：text too long' });
    expect(queue.pending()).toHaveLength(0);
  });

  it('keeps the item when the session expired (401)', async () => {
    const { sender, queue } = setup();
    sender.file = async () => {
      throw new ApiError('unauthorized', 401, ERROR_MESSAGES.unauthorized);
    };
    const out = await queue.submit({ clientKey: 'k1', text: '一', location: '', photos: [] });
    expect(out).toMatchObject({ status: 'queued', reason: '请重新登录。' });
    expect(queue.pending()).toHaveLength(1);
  });
});
