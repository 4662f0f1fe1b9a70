/**
 * The cadre's demands at a bench meeting, on a phone that may have no signal: the same offline
 * queue as residents' filings (written to storage before it is sent, sent again when the network
 * returns, one clientKey for its whole life), under its own storage keys. The server files a
 * clientKey once, so a send whose answer was lost and is sent again files nothing new.
 * Plain TypeScript: storage, network and the call are injected (bench-taro.ts binds them to Taro).
 */
import type { BenchDemandInput, DemandFiled } from '../api/staff';
import { checkStaffFile } from '../staff/validate';
import { OfflineQueue, type KeyValueStore, type NetworkMonitor, type SendOutcome, type Sender } from './offline-queue';

export const BENCH_KEYS = { draft: 'msz.bench.draft', queue: 'msz.bench.queue' } as const;

/** What the cadre writes down for one resident at the meeting. */
export interface BenchDemandForm {
  meetingId: string;
  residentName: string;
  residentPhone: string;
  text: string;
  /** 当场解决: what was done there and then (empty when it was not). */
  onTheSpotAnswer?: string;
}

/** The server's call: files the demand, or throws (an ApiError says whether to try again). */
export type PostDemand = (meetingId: string, input: BenchDemandInput) => Promise<DemandFiled>;

/** Sends a queued demand to its meeting; a demand has no files to upload. */
export function benchSender(post: PostDemand): Sender {
  return {
    async file({ clientKey, text, extra }) {
      if (!extra?.meetingId) throw { retryable: false, message: '不知道是哪一场板凳会，请重新填写' };
      const filed = await post(extra.meetingId, {
        clientKey,
        text,
        residentName: extra.residentName,
        residentPhone: extra.residentPhone,
        ...(extra.onTheSpotAnswer ? { onTheSpotAnswer: extra.onTheSpotAnswer } : {}),
      });
      return { id: filed.caseId, number: filed.number };
    },
    upload() {
      return Promise.reject({ retryable: false, message: '板凳会诉求不带附件' });
    },
  };
}

export function createBenchQueue(deps: { store: KeyValueStore; network: NetworkMonitor; post: PostDemand; newKey?: () => string }): OfflineQueue {
  return new OfflineQueue({ store: deps.store, network: deps.network, sender: benchSender(deps.post), newKey: deps.newKey, keys: BENCH_KEYS });
}

/** The demands still waiting to be sent for this meeting (shown on its page as 待发送). */
export function waitingFor(queue: OfflineQueue, meetingId: string) {
  return queue.pending().filter((i) => i.extra?.meetingId === meetingId);
}

/**
 * Checks the form (the same rules as any staff filing), queues it with a fresh key and sends what
 * the queue holds. A refused form is not queued; its message says what to fix.
 */
export async function submitBenchDemand(queue: OfflineQueue, form: BenchDemandForm, clientKey: string): Promise<SendOutcome> {
  const c = checkStaffFile({
    channel: 'bench_meeting',
    residentName: form.residentName,
    residentPhone: form.residentPhone,
    text: form.text,
    solvedOnTheSpot: Boolean(form.onTheSpotAnswer?.trim()),
    onTheSpotAnswer: form.onTheSpotAnswer,
  });
  if (!c.ok) return { status: 'failed', clientKey, reason: c.message };
  const extra: Record<string, string> = { meetingId: form.meetingId, residentName: c.value.residentName, residentPhone: c.value.residentPhone };
  if (c.value.onTheSpotAnswer) extra.onTheSpotAnswer = c.value.onTheSpotAnswer;
  const outcome = await queue.submit({ clientKey, text: c.value.text, place: null, photos: [], voices: [], video: null, extra });
  // The queue keeps a refused item as the residents' draft; the cadre's form stays on the page instead.
  queue.clearDraft();
  return outcome;
}
