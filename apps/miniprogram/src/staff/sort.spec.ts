import { inboxCases, shortText } from './sort';
import type { CaseStatus } from '../api/staff';

type Row = { number: string; status: CaseStatus; open: boolean; closeBy: string; acceptedAt: string; emergency?: boolean };
// `open` as the server sends it with each case.
const row = (number: string, status: CaseStatus, closeBy: string, acceptedAt = '2026-11-20T01:00:00Z'): Row => ({
  number,
  status,
  open: !['closed', 'invalid', 'merged'].includes(status),
  closeBy,
  acceptedAt,
});

describe('inboxCases', () => {
  it('keeps new and returned cases, returned first, then oldest first', () => {
    const rows = [
      row('N2', 'accepted', '', '2026-11-21T01:00:00Z'),
      row('X', 'assigned', ''),
      row('N1', 'accepted', '', '2026-11-20T01:00:00Z'),
      row('R', 'returned', '', '2026-11-22T01:00:00Z'),
      row('C', 'closed', ''),
    ];
    expect(inboxCases(rows).map((r) => r.number)).toEqual(['R', 'N1', 'N2']);
  });

  it('puts emergencies nobody has acknowledged before everything else', () => {
    const rows = [
      row('N1', 'accepted', '', '2026-11-20T01:00:00Z'),
      { ...row('E', 'accepted', '', '2026-11-23T01:00:00Z'), emergency: true },
      row('R', 'returned', '', '2026-11-22T01:00:00Z'),
      { ...row('Done', 'accepted', '', '2026-11-19T01:00:00Z'), emergency: false },
    ];
    expect(inboxCases(rows).map((r) => r.number)).toEqual(['E', 'R', 'Done', 'N1']);
  });
});

describe('shortText', () => {
  it.each([
    ['路灯坏了', 40, '路灯坏了'],
    ['  路灯\n坏了  ', 40, '路灯 坏了'],
    ['一二三四五六', 4, '一二三四…'],
    [null, 40, ''],
  ] as [string | null, number, string][])('%p (%d) → %p', (text, max, out) => expect(shortText(text, max)).toBe(out));
});
