/** How a case's files are listed for the resident. Plain TypeScript (jest). */

export interface CaseFile {
  id: string;
  kind: 'image' | 'voice' | 'video';
  source: 'resident' | 'staff';
}

/** One button of <MediaList>. */
export interface MediaItem {
  id: string;
  kind: CaseFile['kind'];
  /** What the button says, e.g. 「您的照片 1」. */
  label: string;
  /** False while the server is still fetching it from WeChat, or when that failed. */
  ready: boolean;
}

const NAMES: Record<CaseFile['kind'], string> = { image: '照片', voice: '录音', video: '视频' };

/** The resident's own files first, then the handler's evidence (办理现场), numbered within each kind. */
export function mediaItems(media: readonly CaseFile[]): MediaItem[] {
  const count = new Map<string, number>();
  return [...media]
    .sort((a, b) => (a.source === b.source ? 0 : a.source === 'resident' ? -1 : 1))
    .map((m) => {
      const key = `${m.source}:${m.kind}`;
      const n = (count.get(key) ?? 0) + 1;
      count.set(key, n);
      return { id: m.id, kind: m.kind, label: `${m.source === 'staff' ? '办理现场' : '您的'}${NAMES[m.kind]} ${n}`, ready: true };
    });
}
