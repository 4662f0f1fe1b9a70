/**
 * The state behind the Taro double (test/support/taro.ts): storage, the fake backend, the network,
 * the router, what the page asked the platform to do (navigation, toasts, calls…) and what the
 * platform answers (wx.login's code, chosen photos, the location…). Tests import `platform` and
 * `backend` from here; setup.ts resets everything before each test.
 */
import { FakeBackend } from './backend';

export const API_BASE_FOR_TESTS = 'http://api.test';

export const backend = new FakeBackend(API_BASE_FOR_TESTS);

/** Something the page asked the platform to do, e.g. { api: 'navigateTo', options: { url } }. */
export interface PlatformCall {
  api: string;
  options: Record<string, unknown>;
}

export interface ChosenFile {
  path: string;
  size: number;
  /** h5 only: the File's MIME type. */
  type?: string;
}

export interface Location {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
}

export interface RecordingResult {
  tempFilePath: string;
  duration: number;
  fileSize: number;
}

/** What a chooser answers: a value, or 'cancel' (the user closed it) / 'deny' (no permission). */
export type Choice<T> = T | 'cancel' | 'deny';

type Listener<A> = (arg: A) => void;

interface Lifecycle {
  show: Set<() => void>;
  hide: Set<() => void>;
  pullDown: Set<() => void>;
  reachBottom: Set<() => void>;
  appShow: Set<Listener<unknown>>;
}

function freshLifecycle(): Lifecycle {
  return { show: new Set(), hide: new Set(), pullDown: new Set(), reachBottom: new Set(), appShow: new Set() };
}

class Platform {
  /** Taro storage, kept as JSON text like the real one (so values are copies, not shared objects). */
  readonly storage = new Map<string, string>();
  readonly calls: PlatformCall[] = [];
  /** Files the page can read (getFileSystemManager): path -> base64 content. */
  readonly files = new Map<string, string>();

  router: { path: string; params: Record<string, string> } = { path: '/pages/index/index', params: {} };
  /** How many pages are on the stack (Taro.getCurrentPages().length). */
  pageStack = 1;
  online = true;
  networkType = 'wifi';

  /** wx.login: the code it gives, or 'deny' to make it fail. */
  loginCode: Choice<string> = 'wx-login-code';
  images: Choice<ChosenFile[]> = 'cancel';
  media: Choice<(ChosenFile & { fileType: 'image' | 'video'; duration?: number })[]> = 'cancel';
  video: Choice<ChosenFile & { duration: number }> = 'cancel';
  location: Choice<Location> = 'deny';
  chosenLocation: Choice<Location> = 'cancel';
  recording: Choice<RecordingResult> = { tempFilePath: 'wxfile://tmp/voice-1.mp3', duration: 3000, fileSize: 24_000 };
  modalConfirms = true;
  /** A Button with openType getPhoneNumber: the code WeChat gives, or 'deny' (the user refused). */
  phoneNumberCode: Choice<string> = 'phone-number-code';
  /** A Button with openType chooseAvatar: the chosen picture's path. */
  avatar: Choice<string> = 'cancel';

  lifecycle = freshLifecycle();
  /** Playback of every InnerAudioContext reaching its end (see audioEnded). */
  readonly audioEndedListeners: (() => void)[] = [];
  readonly networkListeners = new Set<Listener<{ isConnected: boolean; networkType: string }>>();
  /** The uploadFile calls the server has not answered yet, each taking a progress report (see uploadProgress). */
  readonly uploadsInFlight = new Set<(percent: number) => void>();

  reset(): void {
    this.storage.clear();
    this.calls.length = 0;
    this.files.clear();
    this.router = { path: '/pages/index/index', params: {} };
    this.pageStack = 1;
    this.online = true;
    this.networkType = 'wifi';
    this.loginCode = 'wx-login-code';
    this.images = 'cancel';
    this.media = 'cancel';
    this.video = 'cancel';
    this.location = 'deny';
    this.chosenLocation = 'cancel';
    this.recording = { tempFilePath: 'wxfile://tmp/voice-1.mp3', duration: 3000, fileSize: 24_000 };
    this.modalConfirms = true;
    this.phoneNumberCode = 'phone-number-code';
    this.avatar = 'cancel';
    this.lifecycle = freshLifecycle();
    this.networkListeners.clear();
    this.audioEndedListeners.length = 0;
    this.uploadsInFlight.clear();
    backend.reset();
  }

  record(api: string, options: unknown): void {
    this.calls.push({ api, options: (options && typeof options === 'object' ? { ...(options as object) } : { value: options }) as Record<string, unknown> });
  }

  /** The calls to one API, e.g. callsOf('navigateTo'). */
  callsOf(api: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.api === api).map((c) => c.options);
  }

  /** Every URL the page navigated to with navigateTo/redirectTo/reLaunch/switchTab, in order. */
  get navigations(): string[] {
    return this.calls
      .filter((c) => ['navigateTo', 'redirectTo', 'reLaunch', 'switchTab'].includes(c.api))
      .map((c) => `${c.api} ${String(c.options.url)}`);
  }

  /** Every toast title shown. */
  get toasts(): string[] {
    return this.callsOf('showToast').map((o) => String(o.title));
  }

  // ---- storage as the page sees it ----

  getStored(key: string): unknown {
    const raw = this.storage.get(key);
    return raw === undefined ? '' : JSON.parse(raw);
  }

  setStored(key: string, value: unknown): void {
    this.storage.set(key, JSON.stringify(value));
  }

  /** Signs in as the API client does: msz.session plus msz.token and msz.role. */
  signIn(role: string, token = `token-${role}`, extra: Record<string, unknown> = {}): void {
    this.setStored('msz.session', { token, role, ...extra });
    this.setStored('msz.token', token);
    this.setStored('msz.role', role);
  }

  /** Every audio being played reaches its end (onEnded listeners run). */
  audioEnded(): void {
    for (const cb of [...this.audioEndedListeners]) cb();
  }

  /** Every upload under way reports this much sent (0–100) to its onProgressUpdate listeners, as WeChat does while sending. */
  uploadProgress(percent: number): void {
    for (const report of [...this.uploadsInFlight]) report(percent);
  }

  // ---- the network ----

  /** Goes on or offline: requests fail while offline, and network listeners (and h5's window events) hear it. */
  setOnline(online: boolean): void {
    this.online = online;
    this.networkType = online ? 'wifi' : 'none';
    if (typeof window !== 'undefined' && process.env.TARO_ENV === 'h5') {
      Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => online });
      window.dispatchEvent(new Event(online ? 'online' : 'offline'));
    }
    for (const cb of [...this.networkListeners]) cb({ isConnected: online, networkType: this.networkType });
  }
}

export const platform = new Platform();
