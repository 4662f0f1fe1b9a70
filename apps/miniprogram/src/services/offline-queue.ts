/**
 * Filing a demand (words or voice, photos, a video, the place) on a weak network: the draft is kept as the resident types, a submission is
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
/** Voice recordings per demand, and each one's length (WeChat's recorder stops at 60 s too). */
export const VOICES_MAX = 3;
export const VOICE_MAX_MS = 60_000;
/** The server takes a video up to 30 MB (about a minute of compressed phone video). */
export const VIDEO_MAX_BYTES = 30 * 1024 * 1024;
/** The case text when the resident only spoke: staff listen to the recording. */
export const VOICE_ONLY_TEXT = '（群众留了语音，请听录音）';

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

/** Where the problem is: picked on the map or the phone's position. */
export interface Place {
  lat: number;
  lng: number;
  /** The place's name or address, when the map gave one. */
  label: string | null;
}

export interface VoiceClip {
  path: string;
  durationMs: number;
}

export interface VideoClip {
  path: string;
  durationMs?: number;
  sizeBytes?: number;
}

export interface Draft {
  clientKey: string;
  text: string;
  place: Place | null;
  /** Local file paths from chooseImage. */
  photos: string[];
  voices: VoiceClip[];
  video: VideoClip | null;
  /** The category (sub-item code) the resident kept or chose; sent as a hint. */
  subItem?: string;
  updatedAt: string;
}

export type UploadKind = 'photo' | 'voice' | 'video';

/** One file to send after the case is filed. */
export interface Upload {
  kind: UploadKind;
  path: string;
  durationMs?: number;
}

export interface QueuedSubmission {
  clientKey: string;
  text: string;
  place?: Place;
  /** Photos first, then voice, then the video: the small ones reach staff soonest. */
  uploads: Upload[];
  /** The category the resident chose, sent with the case. */
  subItem?: string;
  queuedAt: string;
  attempts: number;
  /** Set once the case is filed; then only the remaining uploads are sent. */
  caseId?: string;
  caseNumber?: string;
  /** The case's deadline (ISO), as the server promised it when filing. */
  caseCloseBy?: string;
  caseQueryCode?: string | null;
  /** The server read it as a danger to life: what the resident must read first (110/119/120). */
  caseLifeAtRiskAdvice?: string | null;
  /** How many of `uploads` went up (or were given up on). */
  uploadsDone: number;
  lastError?: string;
  /** What another queue's sender needs besides the words (a bench meeting's demand: the meeting, the resident). */
  extra?: Record<string, string>;
}

/** What the server files: the words, the resident's category and the place. */
export interface FileRequest {
  text: string;
  clientKey: string;
  subItem?: string;
  place?: Place;
  extra?: Record<string, string>;
}

/** Progress of one item's uploads, for the page to show. */
export interface UploadProgress {
  clientKey: string;
  /** 1-based number of the upload under way, of `total`. */
  index: number;
  total: number;
  kind: UploadKind;
  /** 0–100 for this file, when the transport reports it. */
  percent: number;
}

export interface FiledCase {
  id: string;
  number: string;
  /** The deadline (ISO), when the server gave one. */
  closeBy?: string;
  /** 查询码: with the number, looks the case up on the home page. */
  queryCode?: string | null;
  /** Set when the server read it as a danger to life: shown before anything else. */
  lifeAtRiskAdvice?: string | null;
}

/** The error a sender throws; `retryable` false means the server refused it for good. */
export interface SendError {
  retryable?: boolean;
  kind?: string;
  message?: string;
}

export interface Sender {
  file(req: FileRequest): Promise<FiledCase>;
  upload(caseId: string, upload: Upload, onProgress?: (percent: number) => void): Promise<void>;
}

export type SendOutcome =
  | { status: 'sent'; clientKey: string; case: FiledCase; failedUploads: UploadKind[] }
  | { status: 'queued'; clientKey: string; reason: string }
  | { status: 'failed'; clientKey: string; reason: string };

export interface QueueDeps {
  store: KeyValueStore;
  network: NetworkMonitor;
  sender: Sender;
  now?: () => Date;
  newKey?: () => string;
  /** Where this queue keeps its draft and items; a second queue (the cadre's bench demands) names its own. */
  keys?: { draft: string; queue: string };
}

export const DRAFT_KEY = 'msz.draft';
export const QUEUE_KEY = 'msz.queue';

export type SubmitDraft = Pick<Draft, 'clientKey' | 'text' | 'place' | 'photos' | 'voices' | 'video' | 'subItem'> & { extra?: Record<string, string> };

/** The text filed: what the resident wrote, or a note that they spoke instead. */
export function composeText(text: string, voices: readonly VoiceClip[]): string {
  const t = text.trim();
  return t || (voices.length ? VOICE_ONLY_TEXT : '');
}

export function validateDraft(draft: Pick<Draft, 'text' | 'photos' | 'voices' | 'video'>): string | null {
  if (!composeText(draft.text, draft.voices)) return '请写下或说出您要反映的事。';
  if (draft.text.trim().length > TEXT_MAX) return `字数太多了，请少于 ${TEXT_MAX} 字。`;
  if (draft.photos.length > PHOTOS_MAX) return `照片最多 ${PHOTOS_MAX} 张。`;
  if (draft.voices.length > VOICES_MAX) return `录音最多 ${VOICES_MAX} 段。`;
  if (draft.video?.sizeBytes && draft.video.sizeBytes > VIDEO_MAX_BYTES) return '视频太大了，请拍短一点（一分钟以内）。';
  return null;
}

/** The files of a draft in the order they are sent. */
export function uploadsOf(draft: Pick<Draft, 'photos' | 'voices' | 'video'>): Upload[] {
  return [
    ...draft.photos.slice(0, PHOTOS_MAX).map((path): Upload => ({ kind: 'photo', path })),
    ...draft.voices.slice(0, VOICES_MAX).map((v): Upload => ({ kind: 'voice', path: v.path, durationMs: v.durationMs })),
    ...(draft.video ? [{ kind: 'video', path: draft.video.path, ...(draft.video.durationMs ? { durationMs: draft.video.durationMs } : {}) } as Upload] : []),
  ];
}

function isPlace(p: unknown): p is Place {
  if (!p || typeof p !== 'object') return false;
  const { lat, lng, label } = p as Place;
  return Number.isFinite(lat) && Number.isFinite(lng) && (label === null || typeof label === 'string');
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string') : [];
}

/** A stored item as it is now; an item queued by an older version (photos only) is read as uploads. */
function readItem(raw: unknown): QueuedSubmission | null {
  if (!raw || typeof raw !== 'object' || typeof (raw as QueuedSubmission).clientKey !== 'string') return null;
  const item = raw as QueuedSubmission & { photos?: unknown; photosDone?: unknown };
  if (Array.isArray(item.uploads)) return item;
  const { photos, photosDone, ...rest } = item;
  return {
    ...rest,
    uploads: strings(photos).map((path): Upload => ({ kind: 'photo', path })),
    uploadsDone: typeof photosDone === 'number' ? photosDone : 0,
  };
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
  private readonly keys: { draft: string; queue: string };
  private flushing: Promise<SendOutcome[]> | null = null;
  private unsubscribe: (() => void) | null = null;
  private listeners = new Set<(outcome: SendOutcome) => void>();
  private readonly submitting = new Set<string>();
  private progressListeners = new Set<(progress: UploadProgress) => void>();

  constructor(deps: QueueDeps) {
    this.store = deps.store;
    this.network = deps.network;
    this.sender = deps.sender;
    this.now = deps.now ?? (() => new Date());
    this.newKey = deps.newKey ?? (() => uuidV4());
    this.keys = deps.keys ?? { draft: DRAFT_KEY, queue: QUEUE_KEY };
  }

  // ---- draft ----

  /** The saved draft, or a fresh empty one with a new clientKey. */
  loadDraft(): Draft {
    const raw = this.store.get(this.keys.draft) as Partial<Draft> | null | undefined;
    if (raw && typeof raw === 'object' && typeof raw.clientKey === 'string') {
      const voices = Array.isArray(raw.voices) ? raw.voices.filter((v): v is VoiceClip => Boolean(v) && typeof v.path === 'string') : [];
      const video = raw.video && typeof raw.video.path === 'string' ? raw.video : null;
      return {
        clientKey: raw.clientKey,
        text: typeof raw.text === 'string' ? raw.text : '',
        place: isPlace(raw.place) ? raw.place : null,
        photos: strings(raw.photos),
        voices,
        video,
        ...(typeof raw.subItem === 'string' && raw.subItem ? { subItem: raw.subItem } : {}),
        updatedAt: typeof raw.updatedAt === 'string' ? raw.updatedAt : this.now().toISOString(),
      };
    }
    return { clientKey: this.newKey(), text: '', place: null, photos: [], voices: [], video: null, updatedAt: this.now().toISOString() };
  }

  saveDraft(draft: Omit<Draft, 'updatedAt'>): void {
    this.store.set(this.keys.draft, { ...draft, updatedAt: this.now().toISOString() });
  }

  clearDraft(): void {
    this.store.remove(this.keys.draft);
  }

  // ---- queue ----

  pending(): QueuedSubmission[] {
    const raw = this.store.get(this.keys.queue);
    return Array.isArray(raw) ? raw.map(readItem).filter((i): i is QueuedSubmission => i !== null) : [];
  }

  private write(items: QueuedSubmission[]): void {
    if (items.length) this.store.set(this.keys.queue, items);
    else this.store.remove(this.keys.queue);
  }

  private update(clientKey: string, patch: Partial<QueuedSubmission>): void {
    this.write(this.pending().map((i) => (i.clientKey === clientKey ? { ...i, ...patch } : i)));
  }

  private drop(clientKey: string): void {
    this.write(this.pending().filter((i) => i.clientKey !== clientKey));
  }

  /** Whether `clientKey` is being sent by submit(): its caller shows the outcome itself. */
  isSubmitting(clientKey: string): boolean {
    return this.submitting.has(clientKey);
  }

  onOutcome(cb: (outcome: SendOutcome) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Calls back as files go up (a video can take a minute on a village network). */
  onProgress(cb: (progress: UploadProgress) => void): () => void {
    this.progressListeners.add(cb);
    return () => this.progressListeners.delete(cb);
  }

  /**
   * Files the draft: validates, queues it (with its clientKey) in storage, clears the draft, then
   * sends the queue. Submitting the same clientKey again does not queue it twice.
   */
  async submit(draft: SubmitDraft): Promise<SendOutcome> {
    const problem = validateDraft(draft);
    if (problem) return { status: 'failed', clientKey: draft.clientKey, reason: problem };
    const items = this.pending();
    if (!items.some((i) => i.clientKey === draft.clientKey)) {
      items.push({
        clientKey: draft.clientKey,
        text: composeText(draft.text, draft.voices),
        ...(draft.place ? { place: draft.place } : {}),
        uploads: uploadsOf(draft),
        ...(draft.subItem ? { subItem: draft.subItem } : {}),
        ...(draft.extra ? { extra: draft.extra } : {}),
        queuedAt: this.now().toISOString(),
        attempts: 0,
        uploadsDone: 0,
      });
      this.write(items);
    }
    this.clearDraft();
    this.submitting.add(draft.clientKey);
    let outcomes: SendOutcome[];
    try {
      outcomes = await this.flush();
      // A run already under way may have started before this item was queued: run once more.
      if (!outcomes.some((o) => o.clientKey === draft.clientKey) && this.pending().some((i) => i.clientKey === draft.clientKey)) {
        outcomes = await this.flush();
      }
    } finally {
      this.submitting.delete(draft.clientKey);
    }
    const outcome = outcomes.find((o) => o.clientKey === draft.clientKey) ?? {
      status: 'queued',
      clientKey: draft.clientKey,
      reason: '网络不通，已保存，有网后自动发送。',
    };
    // Refused for good (nothing was filed): the draft comes back, so it survives leaving the page.
    if (outcome.status === 'failed') this.saveDraft(draft);
    return outcome;
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
    let { caseId, caseNumber, caseCloseBy, caseQueryCode, caseLifeAtRiskAdvice } = item;
    if (!caseId) {
      this.update(item.clientKey, { attempts: item.attempts + 1 });
      try {
        const filed = await this.sender.file({
          text: item.text,
          clientKey: item.clientKey,
          ...(item.subItem ? { subItem: item.subItem } : {}),
          ...(item.place ? { place: item.place } : {}),
          ...(item.extra ? { extra: item.extra } : {}),
        });
        caseId = filed.id;
        caseNumber = filed.number;
        caseCloseBy = filed.closeBy;
        caseQueryCode = filed.queryCode;
        caseLifeAtRiskAdvice = filed.lifeAtRiskAdvice;
        this.update(item.clientKey, { caseId, caseNumber, caseCloseBy, caseQueryCode, caseLifeAtRiskAdvice, lastError: undefined });
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
    let done = item.uploadsDone;
    const failedUploads: UploadKind[] = [];
    const total = item.uploads.length;
    while (done < total) {
      const upload = item.uploads[done];
      const index = done + 1;
      const report = (percent: number) => this.progressListeners.forEach((cb) => cb({ clientKey: item.clientKey, index, total, kind: upload.kind, percent }));
      report(0);
      try {
        await this.sender.upload(caseId, upload, report);
      } catch (err) {
        if (isRetryable(err)) {
          const reason = reasonOf(err);
          this.update(item.clientKey, { uploadsDone: done, lastError: reason });
          return { status: 'queued', clientKey: item.clientKey, reason };
        }
        failedUploads.push(upload.kind); // refused for good (too large, unreadable): skip it
      }
      done += 1;
      this.update(item.clientKey, { uploadsDone: done });
    }
    this.drop(item.clientKey);
    return {
      status: 'sent',
      clientKey: item.clientKey,
      case: { id: caseId, number: caseNumber ?? '', ...(caseCloseBy ? { closeBy: caseCloseBy } : {}), ...(caseQueryCode ? { queryCode: caseQueryCode } : {}), ...(caseLifeAtRiskAdvice ? { lifeAtRiskAdvice: caseLifeAtRiskAdvice } : {}) },
      failedUploads,
    };
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
