/**
 * What the h5 build takes from the browser and jsdom lacks: blob URLs, fetch of a blob URL or of a
 * file the test gave the platform, and the microphone (getUserMedia + MediaRecorder). The
 * microphone answers from platform.recording ('deny' refuses it).
 */
import { platform } from './platform';

const blobs = new Map<string, Blob>();
let urls = 0;

export function installBrowserDoubles(): void {
  URL.createObjectURL = (obj: Blob | MediaSource) => {
    urls += 1;
    const url = `blob:http://localhost/${urls}`;
    if (obj instanceof Blob) blobs.set(url, obj);
    return url;
  };
  URL.revokeObjectURL = (url: string) => {
    blobs.delete(url);
  };

  (globalThis as { fetch?: unknown }).fetch = async (input: string) => {
    const url = String(input);
    let blob = blobs.get(url);
    if (!blob) {
      const data = platform.files.get(url);
      if (data === undefined) throw new TypeError(`fetch: ${url} is not a blob URL nor a file the test gave the platform (platform.files)`);
      // The type a browser would give the blob, from the content's first bytes.
      const type = data.startsWith('iVBOR') ? 'image/png' : data.startsWith('/9j/') ? 'image/jpeg' : 'application/octet-stream';
      blob = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type });
    }
    const found = blob;
    return { ok: true, status: 200, blob: async () => found };
  };

  const track = { stop: () => platform.record('mediaTrack.stop', {}) };
  Object.defineProperty(window.navigator, 'mediaDevices', {
    configurable: true,
    value: {
      getUserMedia: async (constraints: unknown) => {
        platform.record('getUserMedia', { constraints });
        if (platform.recording === 'deny' || platform.recording === 'cancel') throw new DOMException('Permission denied', 'NotAllowedError');
        return { getTracks: () => [track] };
      },
    },
  });

  class FakeMediaRecorder {
    readonly mimeType = 'audio/webm';
    state: 'inactive' | 'recording' = 'inactive';
    ondataavailable: ((e: { data: Blob }) => void) | null = null;
    onstop: (() => void) | null = null;
    constructor(readonly stream: { getTracks(): { stop(): void }[] }) {}
    start() {
      this.state = 'recording';
      platform.record('MediaRecorder.start', {});
    }
    stop() {
      this.state = 'inactive';
      platform.record('MediaRecorder.stop', {});
      this.ondataavailable?.({ data: new Blob([new Uint8Array([26, 69, 223, 163])], { type: this.mimeType }) });
      this.onstop?.();
    }
  }
  (globalThis as { MediaRecorder?: unknown }).MediaRecorder = FakeMediaRecorder;
}
