/**
 * The offline queue bound to Taro: storage, network status, the API and reading photos.
 * One queue for the whole app (`queue`); app.ts starts it at launch.
 */
import Taro from '@tarojs/taro';
import { api, type PhotoContentType } from '../api/client';
import { readBase64 } from '../staff/photo';
import { OfflineQueue, type KeyValueStore, type NetworkMonitor, type Sender } from './offline-queue';

export const taroStore: KeyValueStore = {
  get: (key) => {
    try {
      return Taro.getStorageSync(key);
    } catch {
      return null;
    }
  },
  set: (key, value) => Taro.setStorageSync(key, value),
  remove: (key) => Taro.removeStorageSync(key),
};

export const taroNetwork: NetworkMonitor = {
  async isOnline() {
    if (process.env.TARO_ENV === 'h5' && typeof navigator !== 'undefined' && navigator.onLine === false) return false;
    try {
      const res = await Taro.getNetworkType();
      return res.networkType !== 'none';
    } catch {
      return true; // unknown: try, the request itself will tell
    }
  },
  onChange(cb) {
    const handler = (res: { isConnected: boolean }) => cb(res.isConnected);
    Taro.onNetworkStatusChange(handler);
    // Browsers: the window's online event is the dependable signal.
    const onOnline = () => cb(true);
    if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') window.addEventListener('online', onOnline);
    return () => {
      const off = (Taro as unknown as { offNetworkStatusChange?: (h: typeof handler) => void }).offNetworkStatusChange;
      if (typeof off === 'function') off(handler);
      if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') window.removeEventListener('online', onOnline);
    };
  },
};

function contentTypeOf(pathOrType: string): PhotoContentType {
  return /png/i.test(pathOrType) ? 'image/png' : 'image/jpeg';
}

/** A chosen photo as base64 (the same reading as the staff's evidence photos). */
export async function readPhoto(path: string): Promise<{ contentType: PhotoContentType; base64: string }> {
  const { base64, mime } = await readBase64(path);
  return { contentType: contentTypeOf(mime ?? path), base64 };
}

/**
 * Keeps a chosen or recorded file past the app's closing (weapp: saveFile; temporary paths are
 * cleaned by WeChat). h5 keeps the blob URL, which lives as long as the page: a draft's files do
 * not survive a reload there.
 */
export async function keepFile(path: string): Promise<string> {
  if (process.env.TARO_ENV !== 'weapp') return path;
  try {
    const saved = (await Taro.saveFile({ tempFilePath: path })) as Taro.saveFile.SuccessCallbackResult;
    return saved.savedFilePath;
  } catch {
    return path; // storage full: keep the temporary path, it lives while the app runs
  }
}

/** Frees a file keepFile saved, once it is sent or removed from the draft. */
export function releaseFile(path: string): void {
  if (process.env.TARO_ENV !== 'weapp') return;
  Taro.removeSavedFile({ filePath: path }).catch(() => undefined); // a temporary path: nothing to free
}

const sender: Sender = {
  async file({ text, clientKey, subItem, place }) {
    const c = await api.fileCase({
      text,
      clientKey,
      ...(subItem ? { subItem } : {}),
      ...(place ? { location: { lat: place.lat, lng: place.lng, ...(place.label ? { label: place.label } : {}) } } : {}),
    });
    return { id: c.id, number: c.number, closeBy: c.closeBy, queryCode: c.queryCode, lifeAtRiskAdvice: c.lifeAtRiskAdvice };
  },
  async upload(caseId, upload, onProgress) {
    if (upload.kind === 'photo') {
      let photo: { contentType: PhotoContentType; base64: string };
      try {
        photo = await readPhoto(upload.path);
      } catch {
        // The temporary file is gone (e.g. the phone cleaned it): skip this photo for good.
        throw { retryable: false, message: '照片找不到了' };
      }
      await api.uploadPhoto(caseId, photo.contentType, photo.base64);
    } else {
      await api.uploadMedia(caseId, upload.kind, upload.path, { durationMs: upload.durationMs, onProgress });
    }
    releaseFile(upload.path);
  },
};

export const queue = new OfflineQueue({ store: taroStore, network: taroNetwork, sender });
