/**
 * Voice recording for the filing page: WeChat's RecorderManager on weapp, the browser's
 * MediaRecorder on h5 (Taro's h5 build has no recorder). Both stop by themselves at 60 s.
 */
import Taro from '@tarojs/taro';
import { VOICE_MAX_MS, type VoiceClip } from './offline-queue';

export interface VoiceRecorder {
  /** Starts recording; rejects with a plain-Chinese Error when the microphone is refused or missing. */
  start(): Promise<void>;
  /** Stops and gives the recording (also when it stopped by itself at the limit). */
  stop(): Promise<VoiceClip>;
  /** Calls back when the recorder stopped by itself (limit reached), with the clip. */
  onAutoStop(cb: (clip: VoiceClip) => void): void;
}

export const MIC_REFUSED = '没法录音：请允许使用麦克风，或者直接打字。';
export const TOO_SHORT = '录音太短了，请按住多说几句。';
/** Shorter than this is a tap by mistake. */
export const MIN_VOICE_MS = 1000;

class WeappRecorder implements VoiceRecorder {
  private readonly manager = Taro.getRecorderManager();
  private waiting: ((clip: VoiceClip) => void) | null = null;
  private failed: ((err: Error) => void) | null = null;
  private auto: ((clip: VoiceClip) => void) | null = null;

  constructor() {
    this.manager.onStop((res) => {
      const clip = { path: res.tempFilePath, durationMs: res.duration };
      if (this.waiting) this.waiting(clip);
      else this.auto?.(clip);
      this.waiting = null;
    });
    this.manager.onError(() => this.failed?.(new Error(MIC_REFUSED)));
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.failed = reject;
      this.manager.onStart(() => resolve());
      // mp3 at 16 kHz mono: small, and every phone and browser plays it.
      this.manager.start({ duration: VOICE_MAX_MS, format: 'mp3', sampleRate: 16000, numberOfChannels: 1, encodeBitRate: 48000 });
    });
  }

  stop(): Promise<VoiceClip> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.manager.stop();
    });
  }

  onAutoStop(cb: (clip: VoiceClip) => void): void {
    this.auto = cb;
  }
}

class BrowserRecorder implements VoiceRecorder {
  private recorder: MediaRecorder | null = null;
  private chunks: Blob[] = [];
  private startedAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private auto: ((clip: VoiceClip) => void) | null = null;

  async start(): Promise<void> {
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      throw new Error(MIC_REFUSED);
    }
    this.chunks = [];
    const recorder = new MediaRecorder(stream);
    recorder.ondataavailable = (e) => {
      if (e.data.size > 0) this.chunks.push(e.data);
    };
    recorder.start();
    this.recorder = recorder;
    this.startedAt = Date.now();
    this.timer = setTimeout(() => void this.stop().then((clip) => this.auto?.(clip)), VOICE_MAX_MS);
  }

  stop(): Promise<VoiceClip> {
    const recorder = this.recorder;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!recorder) return Promise.reject(new Error(TOO_SHORT));
    this.recorder = null;
    return new Promise((resolve) => {
      recorder.onstop = () => {
        recorder.stream.getTracks().forEach((t) => t.stop());
        const blob = new Blob(this.chunks, { type: recorder.mimeType || 'audio/webm' });
        resolve({ path: URL.createObjectURL(blob), durationMs: Math.min(Date.now() - this.startedAt, VOICE_MAX_MS) });
      };
      recorder.stop();
    });
  }

  onAutoStop(cb: (clip: VoiceClip) => void): void {
    this.auto = cb;
  }
}

let shared: VoiceRecorder | null = null;

/** One recorder for the app (WeChat allows one RecorderManager). */
export function voiceRecorder(): VoiceRecorder {
  shared ??= process.env.TARO_ENV === 'h5' ? new BrowserRecorder() : new WeappRecorder();
  return shared;
}

/** 「12 秒」 */
export function secondsText(ms: number): string {
  return `${Math.max(1, Math.round(ms / 1000))} 秒`;
}
