import { chainHeadsOfDay, dailyAnchorHash, timelineContentHash, timelineLink, verifyTimelineChain, type StoredTimelineEntry } from './timeline-chain';

const CASE = '0b6c1f4e-2d7a-4c1e-9d55-1c2b3a4d5e6f';

/** A chain written the way the repository writes it. */
function chain(notes: string[], caseId = CASE): StoredTimelineEntry[] {
  let prev: string | null = null;
  return notes.map((note, i) => {
    const content = { action: i === 0 ? 'file' : 'note', fromStatus: i === 0 ? null : 'accepted', toStatus: 'accepted', actorKind: 'staff', actorId: 's1', actorName: '张三', note, at: new Date(Date.UTC(2026, 11, 6, 2, i)) };
    const contentHash = timelineContentHash(content);
    const hash = timelineLink(caseId, prev, contentHash);
    const entry = { ...content, id: String(i + 1), caseId, contentHash, prevHash: prev, hash };
    prev = hash;
    return entry;
  });
}

describe(verifyTimelineChain.name, () => {
  it('finds nothing wrong with a chain as written', () => {
    expect(verifyTimelineChain(CASE, chain(['a', 'b', 'c']))).toEqual([]);
  });

  it('names an entry whose note was edited', () => {
    const entries = chain(['a', 'b', 'c']);
    entries[1] = { ...entries[1], note: 'changed' };
    expect(verifyTimelineChain(CASE, entries)).toEqual([{ kind: 'edited', caseId: CASE, entryId: '2', detail: 'content no longer matches its hash' }]);
  });

  it('names an entry whose time was moved, and one whose hashes were rewritten to match an edit', () => {
    const entries = chain(['a', 'b', 'c']);
    entries[0] = { ...entries[0], at: new Date(entries[0].at.getTime() - 86_400_000) };
    const edited = { ...entries[2], note: 'x' };
    entries[2] = { ...edited, contentHash: timelineContentHash(edited) };
    expect(verifyTimelineChain(CASE, entries).map((f) => [f.kind, f.entryId, f.detail])).toEqual([
      ['edited', '1', 'content no longer matches its hash'],
      ['edited', '3', 'its hashes were changed'],
    ]);
  });

  it('names the entry after a deleted one', () => {
    const entries = chain(['a', 'b', 'c', 'd']);
    expect(verifyTimelineChain(CASE, [entries[0], entries[2], entries[3]])).toEqual([{ kind: 'missing', caseId: CASE, entryId: '3', detail: 'an entry before it is missing' }]);
  });

  it('names the first entry missing', () => {
    const entries = chain(['a', 'b']);
    expect(verifyTimelineChain(CASE, [entries[1]]).map((f) => f.kind)).toEqual(['missing']);
  });

  it('names an entry slipped in without hashes, or with hashes the next entry does not link to', () => {
    const entries = chain(['a', 'b']);
    const bare = { ...entries[1], id: '9', contentHash: null, prevHash: null, hash: null };
    expect(verifyTimelineChain(CASE, [entries[0], bare, entries[1]]).map((f) => [f.kind, f.entryId])).toEqual([['inserted', '9']]);
    // A forger who knows the scheme links their entry to the first one; the second still links past it.
    const forged = chain(['a', 'forged'])[1];
    expect(verifyTimelineChain(CASE, [entries[0], { ...forged, id: '5' }, { ...entries[1], id: '6' }]).map((f) => [f.kind, f.entryId])).toEqual([['inserted', '5']]);
    const restart = { ...chain(['z'])[0], id: '7' };
    expect(verifyTimelineChain(CASE, [entries[0], restart, entries[1]]).map((f) => [f.kind, f.entryId])).toEqual([['inserted', '7']]);
  });

  it('names an entry moved from another case', () => {
    const other = chain(['x'], '11111111-2222-4333-8444-555555555555');
    expect(verifyTimelineChain(CASE, [...chain(['a']), { ...other[0], caseId: CASE, id: '8' }]).map((f) => f.kind)).toEqual(['edited', 'inserted']);
  });
});

describe(dailyAnchorHash.name, () => {
  const heads = [
    { caseId: 'b', hash: '2' },
    { caseId: 'a', hash: '1' },
  ];

  it('does not depend on the order of the heads but on each head, the day and the previous anchor', () => {
    const anchor = dailyAnchorHash('2026-12-06', null, heads);
    expect(dailyAnchorHash('2026-12-06', null, [...heads].reverse())).toBe(anchor);
    expect(dailyAnchorHash('2026-12-06', null, [heads[0], { caseId: 'a', hash: '3' }])).not.toBe(anchor);
    expect(dailyAnchorHash('2026-12-07', null, heads)).not.toBe(anchor);
    expect(dailyAnchorHash('2026-12-06', 'f00', heads)).not.toBe(anchor);
    expect(anchor).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe(chainHeadsOfDay.name, () => {
  it("takes each case's last entry of the Beijing day", () => {
    const entries = [
      { id: '1', caseId: 'a', hash: 'h1', at: new Date('2026-12-05T16:30:00Z') }, // 12-06 00:30 in Beijing
      { id: '2', caseId: 'a', hash: 'h2', at: new Date('2026-12-06T15:00:00Z') }, // 12-06 23:00
      { id: '3', caseId: 'b', hash: 'h3', at: new Date('2026-12-06T16:00:00Z') }, // 12-07 00:00
      { id: '10', caseId: 'c', hash: 'h10', at: new Date('2026-12-06T01:00:00Z') },
      { id: '9', caseId: 'c', hash: 'h9', at: new Date('2026-12-06T02:00:00Z') },
    ];
    expect(chainHeadsOfDay('2026-12-06', entries)).toEqual([
      { caseId: 'a', hash: 'h2' },
      { caseId: 'c', hash: 'h10' },
    ]);
  });
});
