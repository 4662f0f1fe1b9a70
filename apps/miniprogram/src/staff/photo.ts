/** Reading a chosen photo as base64, in the mini-program (file system) and in h5 (blob URL). */
import Taro from '@tarojs/taro';
import { photoContentType, stripDataUrl } from './validate';

export interface PickedPhoto {
  path: string;
  size: number;
  /** jpeg/png, or null when it is neither. */
  contentType: 'image/jpeg' | 'image/png' | null;
}

/** Up to `count` photos from the album or camera, compressed. Cancelling gives []. */
export async function pickPhotos(count: number): Promise<PickedPhoto[]> {
  if (count <= 0) return [];
  try {
    const res = await Taro.chooseImage({ count, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
    const files = res.tempFiles?.length ? res.tempFiles : res.tempFilePaths.map((path) => ({ path, size: 0 }));
    return files.map((f) => {
      const type = (f as { type?: string; originalFileObj?: { type?: string } }).originalFileObj?.type ?? (f as { type?: string }).type;
      return { path: f.path, size: f.size ?? 0, contentType: photoContentType(type) ?? photoContentType(f.path) ?? (process.env.TARO_ENV === 'h5' ? null : 'image/jpeg') };
    });
  } catch {
    return [];
  }
}

/** The photo's bytes as base64 (no data: prefix), and its MIME type when the platform knows it. */
export async function readBase64(path: string): Promise<{ base64: string; mime: string | null }> {
  if (process.env.TARO_ENV === 'h5') {
    const blob = await (await fetch(path)).blob();
    const dataUrl = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result ?? ''));
      reader.onerror = () => reject(reader.error ?? new Error('read failed'));
      reader.readAsDataURL(blob);
    });
    return { base64: stripDataUrl(dataUrl), mime: blob.type || null };
  }
  const fs = Taro.getFileSystemManager();
  const data = await new Promise<string>((resolve, reject) => {
    fs.readFile({
      filePath: path,
      encoding: 'base64',
      success: (r) => resolve(typeof r.data === 'string' ? r.data : ''),
      fail: (e) => reject(new Error(e.errMsg)),
    });
  });
  return { base64: data, mime: null };
}
