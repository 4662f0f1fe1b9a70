/** How a case's files are listed for the resident. Plain TypeScript (jest). */

export interface CaseFile {
  id: string;
  kind: 'image' | 'voice' | 'video';
  source: 'resident' | 'staff';
}

export interface ListedFile {
  id: string;
  kind: CaseFile['kind'];
  label: string;
  ready: boolean;
}

const NAMES: Record<CaseFile['kind'], string> = { image: '照片', voice: '录音', video: '视频' };

/** The resident's own files first, then the handler's evidence (办理现场), numbered within each kind. */
export function mediaItems(media: readonly CaseFile[]): ListedFile[] {
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
