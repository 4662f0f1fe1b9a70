import { ApiError, ERROR_MESSAGES } from '../api/errors';
import type { BenchDemandInput, DemandFiled } from '../api/staff';
import { BENCH_KEYS, createBenchQueue, submitBenchDemand, waitingFor } from './bench-demands';
import { QUEUE_KEY, type KeyValueStore, type NetworkMonitor } from './offline-queue';

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

/** The server's side of POST /api/bench/meetings/:id/demands: one case per clientKey, like the real one. */
class FakeServer {
  cases = new Map<string, DemandFiled>();
  requests: Array<{ meetingId: string; body: BenchDemandInput }> = [];
  /** The next answer is lost on the way back (the case is filed all the same). */
  loseNextAnswer = false;
  post = async (meetingId: string, body: BenchDemandInput): Promise<DemandFiled> => {
    this.requests.push({ meetingId, body });
    const earlier = this.cases.get(body.clientKey);
    const filed = earlier
      ? { ...earlier, repeated: true }
      : { caseId: `case-${this.cases.size + 1}`, number: `MS20261208-000${this.cases.size + 1}`, status: 'accepted', statusLabel: '已受理', solvedOnTheSpot: Boolean(body.onTheSpotAnswer), repeated: false };
    if (!earlier) this.cases.set(body.clientKey, filed);
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new ApiError('network', 0, ERROR_MESSAGES.network);
    }
    return filed;
  };
}

function setup() {
  const store = new MemoryStore();
  const network = new FakeNetwork();
  const server = new FakeServer();
  let n = 0;
  const sut = createBenchQueue({ store, network, post: server.post, newKey: () => `key-${++n}` });
  return { store, network, server, sut };
}

const form = { meetingId: 'm1', residentName: '王大爷', residentPhone: '13800001001', text: '五组的饮水池漏水' };

describe('bench demands offline', () => {
  it('queues a demand entered with no signal and sends it once when the network returns', async () => {
    const { store, network, server, sut } = setup();
    network.online = false;
    sut.start();
    const outcome = await submitBenchDemand(sut, form, 'k-1');
    expect(outcome).toMatchObject({ status: 'queued', clientKey: 'k-1' });
    expect(server.requests).toHaveLength(0);
    expect(waitingFor(sut, 'm1')).toHaveLength(1);
    expect(store.data.has(BENCH_KEYS.queue)).toBe(true);
    expect(store.data.has(QUEUE_KEY)).toBe(false); // the residents' queue is another one

    const sent = new Promise((resolve) => sut.onOutcome(resolve));
    network.emit(true);
    expect(await sent).toMatchObject({ status: 'sent', clientKey: 'k-1', case: { id: 'case-1', number: 'MS20261208-0001' } });
    expect(server.requests).toEqual([{ meetingId: 'm1', body: { clientKey: 'k-1', text: '五组的饮水池漏水', residentName: '王大爷', residentPhone: '13800001001' } }]);
    expect(waitingFor(sut, 'm1')).toHaveLength(0);
    await sut.flush();
    expect(server.requests).toHaveLength(1);
    sut.stop();
  });

  it('sends again with the same key when the answer was lost, and the server files it once', async () => {
    const { server, sut } = setup();
    server.loseNextAnswer = true;
    expect(await submitBenchDemand(sut, { ...form, onTheSpotAnswer: '当场疏通了水沟' }, 'k-2')).toMatchObject({ status: 'queued' });
    const [again] = await sut.flush();
    expect(again).toMatchObject({ status: 'sent', case: { id: 'case-1' } });
    expect(server.requests.map((r) => r.body.clientKey)).toEqual(['k-2', 'k-2']);
    expect(server.requests[0].body.onTheSpotAnswer).toBe('当场疏通了水沟');
    expect(server.cases.size).toBe(1);
  });

  it('refuses a form with a bad phone number without queueing it', async () => {
    const { server, sut } = setup();
    const outcome = await submitBenchDemand(sut, { ...form, residentPhone: '12345' }, 'k-3');
    expect(outcome.status).toBe('failed');
    expect(sut.pending()).toHaveLength(0);
    expect(server.requests).toHaveLength(0);
  });

  it('drops a demand the server refuses for good and says why', async () => {
    const { sut } = setup();
    const refused = createBenchQueue({
      store: new MemoryStore(),
      network: new FakeNetwork(),
      post: () => Promise.reject(new ApiError('conflict', 409, '这场板凳会现在不能这样做，请刷新后再看', 'BENCH_ILLEGAL_TRANSITION')),
    });
    const outcome = await submitBenchDemand(refused, form, 'k-4');
    expect(outcome).toMatchObject({ status: 'failed', reason: '这场板凳会现在不能这样做，请刷新后再看' });
    expect(refused.pending()).toHaveLength(0);
    expect(sut.pending()).toHaveLength(0);
  });
});
