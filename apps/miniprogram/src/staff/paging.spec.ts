import { appendPage } from './paging';
import type { StaffCase } from '../api/staff';

const item = (id: string) => ({ id, number: id }) as StaffCase;

describe('appendPage', () => {
  it('keeps the first page total and adds later pages in the order they came', () => {
    const first = appendPage(null, { items: [item('a'), item('b')], total: 5, nextCursor: 'c1' });
    const second = appendPage(first, { items: [item('c'), item('d')], total: null, nextCursor: 'c2' });
    expect(second).toEqual({ items: [item('a'), item('b'), item('c'), item('d')], total: 5, nextCursor: 'c2' });
    expect(first.items.map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('shows a case that moved between two pages once, where it was first shown, and stops at the last page', () => {
    const first = appendPage(null, { items: [item('a'), item('b')], total: 3, nextCursor: 'c1' });
    expect(appendPage(first, { items: [item('b'), item('c')], total: null, nextCursor: null })).toEqual({ items: [item('a'), item('b'), item('c')], total: 3, nextCursor: null });
  });
});
