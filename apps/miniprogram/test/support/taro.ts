/**
 * Test double of `@tarojs/taro` (jest maps the import here). Only the platform is replaced: the
 * pages' own code (src/api, src/services, src/staff…) runs as is, and its Taro.request goes to the
 * fake backend in platform.ts. APIs answer as Taro's do: a promise, plus success/fail/complete
 * callbacks; a failure rejects with { errMsg: '<api>:fail …' }. Calling an API this double does not
 * have throws, naming it, so a page that starts using one is noticed rather than silently passing.
 */
import { useEffect, useRef } from 'react';
import { platform, backend, type Choice } from './platform';

type Options = Record<string, any> & {
  success?: (res: any) => void;
  fail?: (err: any) => void;
  complete?: (res: any) => void;
};

/** Runs an API the way Taro does: promise + callbacks; `run` throws/rejects with { errMsg } on failure. */
function taroApi<R>(name: string, options: Options | undefined, run: () => R | Promise<R>): Promise<R> {
  const opts = options ?? {};
  platform.record(name, withoutCallbacks(opts));
  const p = Promise.resolve()
    .then(run)
    .then(
      (res) => {
        const out = res && typeof res === 'object' && !('errMsg' in (res as object)) ? { errMsg: `${name}:ok`, ...(res as object) } : res;
        opts.success?.(out);
        opts.complete?.(out);
        return out as R;
      },
      (err: unknown) => {
        const e = err && typeof err === 'object' && 'errMsg' in (err as object) ? err : { errMsg: `${name}:fail ${String(err)}` };
        opts.fail?.(e);
        opts.complete?.(e);
        throw e;
      },
    );
  return p;
}

function withoutCallbacks(options: Options): Record<string, unknown> {
  const { success: _s, fail: _f, complete: _c, ...rest } = options;
  return rest;
}

function fail(name: string, reason: string): never {
  throw { errMsg: `${name}:fail ${reason}` };
}

/** A chosen file the test gave no content for reads as a few bytes of base64, as a real one would. */
function ensureFile(path: string): void {
  if (!platform.files.has(path)) platform.files.set(path, /\.png$/i.test(path) ? 'iVBORw0KGgo=' : '/9j/4AAQSkZJRg==');
}

function chosen<T>(name: string, choice: Choice<T>): T {
  if (choice === 'cancel') fail(name, 'cancel');
  if (choice === 'deny') fail(name, 'auth deny');
  return choice;
}

// ---- network ----

async function send(kind: 'request' | 'upload' | 'download', name: string, method: string, url: string, body: unknown, header?: Record<string, string>) {
  if (!platform.online) fail(name, 'network is down');
  const res = await backend.handle(kind, method, url, body, header);
  if (res.failed) fail(name, 'timeout');
  return res;
}

function request(options: Options) {
  const method = String(options.method ?? 'GET').toUpperCase();
  const p = taroApi('request', options, async () => {
    const res = await send('request', 'request', method, String(options.url), options.data, options.header);
    return { statusCode: res.status, data: res.body, header: res.header, cookies: [] };
  });
  return Object.assign(p, { abort: () => undefined, onHeadersReceived: () => undefined, offHeadersReceived: () => undefined });
}

function uploadFile(options: Options) {
  const progress = new Set<(res: { progress: number; totalBytesSent: number; totalBytesExpectedToSend: number }) => void>();
  const p = taroApi('uploadFile', options, async () => {
    const size = platform.files.get(String(options.filePath))?.length ?? 0;
    const body = { filePath: options.filePath, name: options.name, formData: options.formData ?? {} };
    // While the server has not answered, the test can report progress (platform.uploadProgress).
    const report = (percent: number) => {
      for (const cb of progress) cb({ progress: percent, totalBytesSent: Math.round((size * percent) / 100), totalBytesExpectedToSend: size });
    };
    platform.uploadsInFlight.add(report);
    let res: Awaited<ReturnType<typeof send>>;
    try {
      res = await send('upload', 'uploadFile', 'POST', String(options.url), body, options.header);
    } finally {
      platform.uploadsInFlight.delete(report);
    }
    report(100);
    // Like the real one: the answer's body comes back as text.
    return { statusCode: res.status, data: typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '') };
  });
  return Object.assign(p, {
    abort: () => undefined,
    onProgressUpdate: (cb: Parameters<typeof progress.add>[0]) => void progress.add(cb),
    offProgressUpdate: (cb: Parameters<typeof progress.add>[0]) => void progress.delete(cb),
  });
}

let downloads = 0;
function downloadFile(options: Options) {
  const p = taroApi('downloadFile', options, async () => {
    const res = await send('download', 'downloadFile', 'GET', String(options.url), undefined, options.header);
    downloads += 1;
    const tempFilePath = `wxfile://tmp/download-${downloads}`;
    if (res.status === 200) platform.files.set(tempFilePath, typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? ''));
    return { statusCode: res.status, tempFilePath };
  });
  return Object.assign(p, { abort: () => undefined, onProgressUpdate: () => undefined });
}

// ---- storage ----

function getStorageSync(key: string): unknown {
  return platform.getStored(key);
}
function setStorageSync(key: string, value: unknown): void {
  platform.setStored(key, value);
}
function removeStorageSync(key: string): void {
  platform.storage.delete(key);
}

// ---- files, media, location ----

function readFileContent(name: string, path: string): string {
  const data = platform.files.get(path);
  if (data === undefined) fail(name, `no such file or directory ${path}`);
  return data;
}

const fileSystemManager = {
  readFileSync(path: string) {
    platform.record('readFileSync', { path });
    return readFileContent('readFileSync', path);
  },
  readFile(options: Options) {
    void taroApi('readFile', options, () => ({ data: readFileContent('readFile', String(options.filePath)) })).catch(() => undefined);
  },
  getFileInfo(options: Options) {
    void taroApi('getFileInfo', options, () => ({ size: Math.floor((readFileContent('getFileInfo', String(options.filePath)).length * 3) / 4) })).catch(
      () => undefined,
    );
  },
};

interface RecorderListeners {
  start?: () => void;
  stop?: (res: unknown) => void;
  error?: (err: unknown) => void;
}
const recorderListeners: RecorderListeners = {};
const recorderManager = {
  start(options?: Record<string, unknown>) {
    platform.record('recorder.start', options ?? {});
    if (platform.recording === 'deny') recorderListeners.error?.({ errMsg: 'operateRecorder:fail auth deny' });
    else recorderListeners.start?.();
  },
  stop() {
    platform.record('recorder.stop', {});
    const r = platform.recording;
    if (r === 'cancel' || r === 'deny') return;
    platform.files.set(r.tempFilePath, 'AAAA');
    recorderListeners.stop?.({ ...r });
  },
  pause: () => undefined,
  resume: () => undefined,
  onStart: (cb: () => void) => void (recorderListeners.start = cb),
  onStop: (cb: (res: unknown) => void) => void (recorderListeners.stop = cb),
  onError: (cb: (err: unknown) => void) => void (recorderListeners.error = cb),
  onPause: () => undefined,
  onResume: () => undefined,
  onFrameRecorded: () => undefined,
  onInterruptionBegin: () => undefined,
  onInterruptionEnd: () => undefined,
};

/** Taro.createInnerAudioContext: play/pause/stop are recorded with the src; the test ends playback with platform.audioEnded(). */
function audioContext() {
  const ended = new Set<() => void>();
  const ctx = {
    src: '',
    autoplay: false,
    play: () => platform.record('audio.play', { src: ctx.src }),
    pause: () => platform.record('audio.pause', { src: ctx.src }),
    stop: () => platform.record('audio.stop', { src: ctx.src }),
    seek: () => undefined,
    destroy: () => platform.record('audio.destroy', { src: ctx.src }),
    onEnded: (cb: () => void) => void ended.add(cb),
    offEnded: (cb: () => void) => void ended.delete(cb),
    onPlay: () => undefined,
    onPause: () => undefined,
    onStop: () => undefined,
    onError: () => undefined,
    onCanplay: () => undefined,
    onTimeUpdate: () => undefined,
  };
  platform.audioEndedListeners.push(() => ended.forEach((cb) => cb()));
  return ctx;
}

// ---- the API object ----

const api = {
  request,
  uploadFile,
  downloadFile,

  getStorageSync,
  setStorageSync,
  removeStorageSync,
  clearStorageSync: () => platform.storage.clear(),
  getStorage: (o: Options) => taroApi('getStorage', o, () => (platform.storage.has(o.key) ? { data: getStorageSync(o.key) } : fail('getStorage', 'data not found'))),
  setStorage: (o: Options) => taroApi('setStorage', o, () => setStorageSync(o.key, o.data)),
  removeStorage: (o: Options) => taroApi('removeStorage', o, () => removeStorageSync(o.key)),

  navigateTo: (o: Options) => taroApi('navigateTo', o, () => ({})),
  redirectTo: (o: Options) => taroApi('redirectTo', o, () => ({})),
  reLaunch: (o: Options) => taroApi('reLaunch', o, () => ({})),
  switchTab: (o: Options) => taroApi('switchTab', o, () => ({})),
  navigateBack: (o?: Options) => taroApi('navigateBack', o, () => ({})),
  getCurrentPages: () => Array.from({ length: platform.pageStack }, (_, i) => ({ route: i === platform.pageStack - 1 ? platform.router.path.replace(/^\//, '') : `pages/page-${i}` })),
  getCurrentInstance: () => ({ router: { path: platform.router.path, params: { ...platform.router.params } }, page: {}, app: {} }),

  showToast: (o: Options) => taroApi('showToast', o, () => ({})),
  hideToast: (o?: Options) => taroApi('hideToast', o, () => ({})),
  showLoading: (o: Options) => taroApi('showLoading', o, () => ({})),
  hideLoading: (o?: Options) => taroApi('hideLoading', o, () => ({})),
  showModal: (o: Options) => taroApi('showModal', o, () => ({ confirm: platform.modalConfirms, cancel: !platform.modalConfirms })),
  showActionSheet: (o: Options) => taroApi('showActionSheet', o, () => fail('showActionSheet', 'cancel')),
  setNavigationBarTitle: (o: Options) => taroApi('setNavigationBarTitle', o, () => ({})),
  stopPullDownRefresh: (o?: Options) => taroApi('stopPullDownRefresh', o, () => ({})),
  startPullDownRefresh: (o?: Options) => taroApi('startPullDownRefresh', o, () => ({})),
  pageScrollTo: (o: Options) => taroApi('pageScrollTo', o, () => ({})),
  makePhoneCall: (o: Options) => taroApi('makePhoneCall', o, () => ({})),
  setClipboardData: (o: Options) => taroApi('setClipboardData', o, () => ({})),
  previewImage: (o: Options) => taroApi('previewImage', o, () => ({})),
  vibrateShort: (o?: Options) => taroApi('vibrateShort', o, () => ({})),
  requestSubscribeMessage: (o: Options) =>
    taroApi('requestSubscribeMessage', o, () => Object.fromEntries(((o.tmplIds as string[]) ?? []).map((t) => [t, 'accept']))),

  login: (o?: Options) => taroApi('login', o, () => ({ code: chosen('login', platform.loginCode) })),
  getSetting: (o?: Options) => taroApi('getSetting', o, () => ({ authSetting: { 'scope.userLocation': platform.location !== 'deny', 'scope.record': platform.recording !== 'deny' } })),
  authorize: (o: Options) => taroApi('authorize', o, () => ({})),
  openSetting: (o?: Options) => taroApi('openSetting', o, () => ({ authSetting: {} })),

  chooseImage: (o: Options) =>
    taroApi('chooseImage', o, () => {
      const files = chosen('chooseImage', platform.images).slice(0, Number(o?.count ?? 9));
      files.forEach((f) => ensureFile(f.path));
      return { tempFilePaths: files.map((f) => f.path), tempFiles: files.map((f) => ({ ...f })) };
    }),
  chooseMedia: (o: Options) =>
    taroApi('chooseMedia', o, () => {
      const files = chosen('chooseMedia', platform.media).slice(0, Number(o?.count ?? 9));
      files.forEach((f) => ensureFile(f.path));
      return { type: files.some((f) => f.fileType === 'video') ? 'mix' : 'image', tempFiles: files.map((f) => ({ tempFilePath: f.path, size: f.size, fileType: f.fileType, duration: f.duration })) };
    }),
  chooseVideo: (o: Options) =>
    taroApi('chooseVideo', o, () => {
      const v = chosen('chooseVideo', platform.video);
      ensureFile(v.path);
      return { tempFilePath: v.path, size: v.size, duration: v.duration, width: 720, height: 1280 };
    }),
  getLocation: (o: Options) => taroApi('getLocation', o, () => ({ ...chosen('getLocation', platform.location), accuracy: 30 })),
  openLocation: (o: Options) => taroApi('openLocation', o, () => ({})),
  chooseLocation: (o: Options) => taroApi('chooseLocation', o, () => ({ name: '', address: '', ...chosen('chooseLocation', platform.chosenLocation) })),
  getFileSystemManager: () => fileSystemManager,
  /** Keeps a temporary file: its content moves to a wxfile://store/ path. */
  saveFile: (o: Options) =>
    taroApi('saveFile', o, () => {
      const from = String(o.tempFilePath);
      const savedFilePath = from.replace(/^wxfile:\/\/tmp\//, 'wxfile://store/');
      platform.files.set(savedFilePath, readFileContent('saveFile', from));
      return { savedFilePath };
    }),
  removeSavedFile: (o: Options) =>
    taroApi('removeSavedFile', o, () => {
      if (!platform.files.delete(String(o.filePath))) fail('removeSavedFile', 'file not exist');
      return {};
    }),
  getRecorderManager: () => recorderManager,
  createInnerAudioContext: audioContext,
  compressImage: (o: Options) => taroApi('compressImage', o, () => ({ tempFilePath: String(o.src) })),
  getImageInfo: (o: Options) => taroApi('getImageInfo', o, () => ({ width: 800, height: 600, path: String(o.src), type: /png$/i.test(String(o.src)) ? 'png' : 'jpeg' })),

  getNetworkType: (o?: Options) => taroApi('getNetworkType', o, () => ({ networkType: platform.networkType })),
  onNetworkStatusChange: (cb: (res: { isConnected: boolean; networkType: string }) => void) => {
    platform.networkListeners.add(cb);
  },
  offNetworkStatusChange: (cb?: (res: { isConnected: boolean; networkType: string }) => void) => {
    if (cb) platform.networkListeners.delete(cb);
    else platform.networkListeners.clear();
  },
  onAppShow: (cb: (res: unknown) => void) => {
    platform.lifecycle.appShow.add(cb);
  },
  offAppShow: (cb: (res: unknown) => void) => {
    platform.lifecycle.appShow.delete(cb);
  },

  getSystemInfoSync: () => ({ platform: 'devtools', windowWidth: 375, windowHeight: 667, pixelRatio: 2, language: 'zh_CN', version: '8.0.0', SDKVersion: '3.0.0' }),
  getWindowInfo: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2, statusBarHeight: 20 }),
  getEnv: () => (process.env.TARO_ENV === 'h5' ? 'WEB' : 'WEAPP'),
  ENV_TYPE: { WEAPP: 'WEAPP', WEB: 'WEB' },
  nextTick: (cb: () => void) => void Promise.resolve().then(cb),
  pxTransform: (n: number) => `${n / 2}px`,
};

/** Taro's default export: the APIs above; any other name throws when called, saying so. */
const Taro: typeof api = new Proxy(api, {
  get(target, key) {
    if (typeof key === 'symbol' || key in target || key === 'then' || key === '__esModule') return (target as Record<string | symbol, unknown>)[key];
    return () => {
      throw new Error(`Taro.${String(key)} is not in the test double: add it to apps/miniprogram/test/support/taro.ts`);
    };
  },
});

export default Taro;

// ---- hooks: as Taro's, driven by the test through test/support/render.tsx ----

function useLatest<T>(value: T) {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}

/** Registers `cb` in a lifecycle set for as long as the page is mounted; `now` also runs it once on mount. */
function useLifecycle(set: () => Set<() => void>, cb: () => void, now: boolean) {
  const ref = useLatest(cb);
  useEffect(() => {
    const run = () => ref.current();
    const target = set();
    target.add(run);
    if (now) run();
    return () => {
      target.delete(run);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}

/** Runs on mount (the page's first show) and again whenever the test calls showPage(). */
export function useDidShow(cb: () => void): void {
  useLifecycle(() => platform.lifecycle.show, cb, true);
}
export function useDidHide(cb: () => void): void {
  useLifecycle(() => platform.lifecycle.hide, cb, false);
}
export function usePullDownRefresh(cb: () => void): void {
  useLifecycle(() => platform.lifecycle.pullDown, cb, false);
}
export function useReachBottom(cb: () => void): void {
  useLifecycle(() => platform.lifecycle.reachBottom, cb, false);
}
export function useLoad(cb: (params: Record<string, string>) => void): void {
  const ref = useLatest(cb);
  useEffect(() => {
    ref.current({ ...platform.router.params });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
export function useReady(cb: () => void): void {
  useLifecycle(() => new Set(), cb, true);
}
export function useUnload(cb: () => void): void {
  const ref = useLatest(cb);
  useEffect(() => () => ref.current(), [ref]);
}
export function useLaunch(cb: (options: Record<string, unknown>) => void): void {
  const ref = useLatest(cb);
  useEffect(() => {
    ref.current({ path: platform.router.path, query: { ...platform.router.params }, scene: 1001 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
export function useRouter() {
  return { path: platform.router.path, params: { ...platform.router.params } };
}
export function useShareAppMessage(_cb: () => unknown): void {}
export function useShareTimeline(_cb: () => unknown): void {}
export function usePageScroll(_cb: (res: { scrollTop: number }) => void): void {}
export function useTabItemTap(_cb: () => void): void {}
export function useResize(_cb: () => void): void {}

export const getCurrentInstance = api.getCurrentInstance;
export const ENV_TYPE = api.ENV_TYPE;
export const getEnv = api.getEnv;
