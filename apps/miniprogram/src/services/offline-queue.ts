/**
 * Filing a demand on a weak network: the draft is kept as the resident types, a submission is
 * written to storage BEFORE it is sent, and sent again when the network returns or the app starts.
 * Every submission carries one clientKey for its whole life, and the server files a clientKey once,
 * so a retry after a lost answer never makes a second case. Within the app, one flush runs at a time
 * and a sent item leaves the queue at once, so it is never sent twice.
 *
 * Plain TypeScript: storage, network and sending are injected (offline-taro.ts binds them to Taro).
 */
import { uuidV4 } from '../utils/uuid';

export const TEXT_MAX = 2000;
export const PHOTOS_MAX = 9;

/** Key-value storage (Taro.getStorageSync / setStorageSync). Values are JSON-safe. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

export interface NetworkMonitor {
  isOnline(): Promise<boolean>;
  /** Calls back on every change; returns an unsubscribe function. */
  onChange(cb: (online: boolean) => void): () => void;
}

export interface Draft {
  clientKey: string;
  text: string;
  location: string;
  /** Local file paths from chooseImage. */
  photos: string[];
  /** The category (sub-item code) the resident kept or chose; sent as a hint. */
  subItem?: string;
  updatedAt: string;
}

export interface QueuedSubmission {
  clientKey: string;
  text: string;
  photos: string[];
  /** The category the resident chose, sent with the case. */
  subItem?: string;
  queuedAt: string;
  attempts: number;
  /** Set once the case is filed; then only the remaining photos are sent. */
  caseId?: string;
  caseNumber?: string;
  /** How many of `photos` went up (or were given up on). */
  photosDone: number;
  lastError?: string;
}

export interface FiledCase {
  id: string;
  number: string;
}

/** The error a sender throws; `retryable` false means the server refused it for good. */
export interface SendError {
  retryable?: boolean;
  kind?: string;
  message?: string;
}

export interface Sender {
  file(text: string, clientKey: string, subItem?: string): Promise<FiledCase>;
  uploadPhoto(caseId: string, photoPath: string): Promise<void>;
}

export type SendOutcome =
  | { status: 'sent'; clientKey: string; case: FiledCase; photosFailed: number }
  | { status: 'queued'; clientKey: string; reason: string }
  | { status: 'failed'; clientKey: string; reason: string };

export interface QueueDeps {
  store: KeyValueStore;
  network: NetworkMonitor;
  sender: Sender;
  now?: () => Date;
  newKey?: () => string;
}

export const DRAFT_KEY = 'msz.draft';
export const QUEUE_KEY = 'msz.queue';

/** The text filed: the demand, plus the place as a line of text (the API has no location field yet). */
export function composeText(text: string, location: string): string {
  const t = text.trim();
  const loc = location.trim();
  return loc ? `${t}\n【位置】${loc}` : t;
}

export function validateDraft(draft: Pick<Draft, 'text' | 'location' | 'photos'>): string | null {
  const text = draft.text.trim();
  if (!text) return '请先写下您要反映的事。';
  if (composeText(draft.text, draft.location).length > TEXT_MAX) return `字数太多了，请少于 ${TEXT_MAX} 字。`;
  if (draft.photos.length > PHOTOS_MAX) return `照片最多 ${PHOTOS_MAX} 张。`;
  return null;
}

function isRetryable(err: unknown): boolean {
  if (typeof err === 'object' && err !== null) {
    const e = err as SendError;
    // A 401 waits for the resident to sign in again; the item is kept.
    if (e.kind === 'unauthorized') return true;
    if (typeof e.retryable === 'boolean') return e.retryable;
  }
  return true;
}

function reasonOf(err: unknown): string {
  if (typeof err === 'object' && err !== null && typeof (err as SendError).message === 'string') return (err as SendError).message as string;
  return '发送失败';
}

export class OfflineQueue {
  private readonly store: KeyValueStore;
  private readonly network: NetworkMonitor;
  private readonly sender: Sender;
  private readonly now: () => Date;
  private readonly newKey: () => string;
  private flushing: Promise<SendOutcome[]> | null = null;
  private unsubscribe: (() => void) | null = null;
  private listeners = new Set<(outcome: SendOutcome) => void>();

  constructor(deps: QueueDeps) {
    this.store = deps.store;
    this.network = deps.network;
    this.sender = deps.sender;
    this.now = deps.now ?? (() => new Date());
    this.newKey = deps.newKey ?? (() => uuidV4());
  }

  // ---- draft ----

  /** The saved draft, or a fresh empty one with a new clientKey. */
  loadDraft(): Draft {
    const raw = this.store.get(DRAFT_KEY) as Partial<Draft> | null | undefined;
    if (raw && typeof raw === 'object' && typeof raw.clientKey === 'string') {
      return {
        clientKey: raw.clientKey,
        text: typeof raw.text === 'string' ? raw.text : '',
        location: typeof raw.location === 'string' ? raw.location : '',
        photos: Array.isArray(raw.photos) ? raw.photos.filter((p): p is string => typeof p === 'string') : [],
        ...(typeof raw.subItem === 'string' && raw.subItem ? { subItem: raw.subItem } : {}),
        updatedAt: typeof raw.updatedAt === 'string' ? raw.updatedAt : this.now().toISOString(),
      };
    }
    return { clientKey: this.newKey(), text: '', location: '', photos: [], updatedAt: this.now().toISOString() };
  }

  saveDraft(draft: Omit<Draft, 'updatedAt'>): void {
    this.store.set(DRAFT_KEY, { ...draft, updatedAt: this.now().toISOString() });
  }

  clearDraft(): void {
    this.store.remove(DRAFT_KEY);
  }

  // ---- queue ----

  pending(): QueuedSubmission[] {
    const raw = this.store.get(QUEUE_KEY);
    return Array.isArray(raw) ? (raw as QueuedSubmission[]).filter((i) => i && typeof i.clientKey === 'string') : [];
  }

  private write(items: QueuedSubmission[]): void {
    if (items.length) this.store.set(QUEUE_KEY, items);
    else this.store.remove(QUEUE_KEY);
  }

  private update(clientKey: string, patch: Partial<QueuedSubmission>): void {
    this.write(this.pending().map((i) => (i.clientKey === clientKey ? { ...i, ...patch } : i)));
  }

  private drop(clientKey: string): void {
    this.write(this.pending().filter((i) => i.clientKey !== clientKey));
  }

  onOutcome(cb: (outcome: SendOutcome) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /**
   * Files the draft: validates, queues it (with its clientKey) in storage, clears the draft, then
   * sends the queue. Submitting the same clientKey again does not queue it twice.
   */
  async submit(draft: Pick<Draft, 'clientKey' | 'text' | 'location' | 'photos' | 'subItem'>): Promise<SendOutcome> {
    const problem = validateDraft(draft);
    if (problem) return { status: 'failed', clientKey: draft.clientKey, reason: problem };
    const items = this.pending();
    if (!items.some((i) => i.clientKey === draft.clientKey)) {
      items.push({
        clientKey: draft.clientKey,
        text: composeText(draft.text, draft.location),
        photos: draft.photos.slice(0, PHOTOS_MAX),
        ...(draft.subItem ? { subItem: draft.subItem } : {}),
        queuedAt: this.now().toISOString(),
        attempts: 0,
        photosDone: 0,
      });
      this.write(items);
    }
    this.clearDraft();
    let outcomes = await this.flush();
    // A run already under way may have started before this item was queued: run once more.
    if (!outcomes.some((o) => o.clientKey === draft.clientKey) && this.pending().some((i) => i.clientKey === draft.clientKey)) {
      outcomes = await this.flush();
    }
    return (
      outcomes.find((o) => o.clientKey === draft.clientKey) ??
      { status: 'queued', clientKey: draft.clientKey, reason: '网络不通，已保存，有网后自动发送。' }
    );
  }

  /** Sends every queued item once; concurrent calls share one run. */
  flush(): Promise<SendOutcome[]> {
    if (this.flushing) return this.flushing;
    this.flushing = this.run().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async run(): Promise<SendOutcome[]> {
    const outcomes: SendOutcome[] = [];
    if (!this.pending().length) return outcomes;
    if (!(await this.network.isOnline())) {
      return this.pending().map((i) => ({ status: 'queued', clientKey: i.clientKey, reason: '网络不通，已保存，有网后自动发送。' }));
    }
    for (const queued of this.pending()) {
      const outcome = await this.sendOne(queued);
      outcomes.push(outcome);
      this.listeners.forEach((cb) => cb(outcome));
      // The network went away: leave the rest for the next run.
      if (outcome.status === 'queued') {
        for (const rest of this.pending()) {
          if (!outcomes.some((o) => o.clientKey === rest.clientKey)) {
            outcomes.push({ status: 'queued', clientKey: rest.clientKey, reason: outcome.reason });
          }
        }
        break;
      }
    }
    return outcomes;
  }

  private async sendOne(item: QueuedSubmission): Promise<SendOutcome> {
    let { caseId, caseNumber } = item;
    if (!caseId) {
      this.update(item.clientKey, { attempts: item.attempts + 1 });
      try {
        const filed = await this.sender.file(item.text, item.clientKey, item.subItem || undefined);
        caseId = filed.id;
        caseNumber = filed.number;
        this.update(item.clientKey, { caseId, caseNumber, lastError: undefined });
      } catch (err) {
        const reason = reasonOf(err);
        if (isRetryable(err)) {
          this.update(item.clientKey, { lastError: reason });
          return { status: 'queued', clientKey: item.clientKey, reason };
        }
        this.drop(item.clientKey);
        return { status: 'failed', clientKey: item.clientKey, reason };
      }
    }
    let done = item.photosDone;
    let photosFailed = 0;
    while (done < item.photos.length) {
      try {
        await this.sender.uploadPhoto(caseId, item.photos[done]);
      } catch (err) {
        if (isRetryable(err)) {
          const reason = reasonOf(err);
          this.update(item.clientKey, { photosDone: done, lastError: reason });
          return { status: 'queued', clientKey: item.clientKey, reason };
        }
        photosFailed += 1; // refused for good (too large, unreadable): skip it
      }
      done += 1;
      this.update(item.clientKey, { photosDone: done });
    }
    this.drop(item.clientKey);
    return { status: 'sent', clientKey: item.clientKey, case: { id: caseId, number: caseNumber ?? '' }, photosFailed };
  }

  /** Sends on start and whenever the network comes back. */
  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.network.onChange((online) => {
      if (online) void this.flush();
    });
    void this.flush();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
