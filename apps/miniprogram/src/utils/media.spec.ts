import { mediaItems } from './media';

describe('mediaItems', () => {
  it("lists the resident's files first, numbered per kind, then the handler's evidence", () => {
    const items = mediaItems([
      { id: 's1', kind: 'image', source: 'staff' },
      { id: 'r1', kind: 'image', source: 'resident' },
      { id: 'r2', kind: 'voice', source: 'resident' },
      { id: 'r3', kind: 'image', source: 'resident' },
      { id: 'r4', kind: 'video', source: 'resident' },
    ]);
    expect(items.map((i) => [i.id, i.label])).toEqual([
      ['r1', '您的照片 1'],
      ['r2', '您的录音 1'],
      ['r3', '您的照片 2'],
      ['r4', '您的视频 1'],
      ['s1', '办理现场照片 1'],
    ]);
    expect(items.every((i) => i.ready)).toBe(true);
  });

  it('is empty for a case without files', () => {
    expect(mediaItems([])).toEqual([]);
  });
});
