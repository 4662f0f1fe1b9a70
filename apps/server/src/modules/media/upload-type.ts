import { fromBuffer, fromFile } from 'file-type';
import { open } from 'node:fs/promises';

/** What a resident may attach from the mini-program: photos (JSON, base64), voice and video (multipart). */
export type MediaKind = 'image' | 'voice' | 'video';
/** The kinds sent as a multipart file. */
export type UploadKind = Exclude<MediaKind, 'image'>;

export const UPLOAD_LIMITS: Record<MediaKind, { maxBytes: number; perCase: number; label: string }> = {
  image: { maxBytes: 4 * 1024 * 1024, perCase: 9, label: '照片' },
  voice: { maxBytes: 5 * 1024 * 1024, perCase: 3, label: '语音' },
  video: { maxBytes: 30 * 1024 * 1024, perCase: 1, label: '视频' },
};

/** The largest upload of any kind: what the multipart parser stops at. */
export const MAX_UPLOAD_BYTES = Math.max(...Object.values(UPLOAD_LIMITS).map((l) => l.maxBytes));

/**
 * Accepted formats by file-type's extension, with the content type kept for each. An MP4 or WebM
 * container may carry sound only or a picture too; the bytes cannot tell cheaply, so the
 * container is accepted for the kind asked and labelled audio/… or video/… accordingly.
 */
const ACCEPTED: Record<MediaKind, Partial<Record<string, string>>> = {
  image: {
    jpg: 'image/jpeg',
    png: 'image/png',
  },
  voice: {
    mp3: 'audio/mpeg',
    aac: 'audio/aac',
    m4a: 'audio/mp4',
    mp4: 'audio/mp4',
    webm: 'audio/webm',
    ogg: 'audio/ogg',
    oga: 'audio/ogg',
    opus: 'audio/ogg',
    wav: 'audio/wav',
    amr: 'audio/amr',
  },
  video: {
    mp4: 'video/mp4',
    m4v: 'video/mp4',
    mov: 'video/quicktime',
    webm: 'video/webm',
  },
};

/** Every content type an upload is stored with. */
export const UPLOAD_CONTENT_TYPES = [...new Set(Object.values(ACCEPTED).flatMap((m) => Object.values(m) as string[]))];

/** The formats (file extensions) each kind takes, for messages and the API document. */
export function acceptedFormats(kind: MediaKind): string[] {
  return Object.keys(ACCEPTED[kind]);
}

/**
 * The content type of an upload, decided from its bytes (never from what the client says), or
 * null when they are not an accepted format for that kind.
 */
export async function uploadContentType(kind: MediaKind, data: Buffer): Promise<string | null> {
  if (data.length === 0 || id3TagOverruns(data)) return null;
  const found = await fromBuffer(data);
  return (found && ACCEPTED[kind][found.ext]) ?? null;
}

/** The same, for an upload streamed to disk: only the bytes file-type asks for are read. */
export async function uploadFileContentType(kind: MediaKind, path: string, size: number): Promise<string | null> {
  if (size === 0) return null;
  const handle = await open(path, 'r');
  const head = Buffer.alloc(Math.min(10, size));
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  if (id3TagOverruns(head, size)) return null;
  const found = await fromFile(path);
  return (found && ACCEPTED[kind][found.ext]) ?? null;
}

/**
 * file-type looks past an ID3 tag at what follows it, but guesses mp3 when the tag claims to run
 * past the end of the data: then there is no audio to look at, and such bytes are refused.
 */
function id3TagOverruns(data: Buffer, size = data.length): boolean {
  if (data.length < 10 || data.toString('latin1', 0, 3) !== 'ID3') return false;
  // The tag size is 4 bytes of 7 bits each (synchsafe), after the 10-byte header.
  const tag = ((data[6] & 0x7f) << 21) | ((data[7] & 0x7f) << 14) | ((data[8] & 0x7f) << 7) | (data[9] & 0x7f);
  return 10 + tag >= size;
}
