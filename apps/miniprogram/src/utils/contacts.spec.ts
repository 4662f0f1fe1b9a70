import { contactPhone, sortContacts } from './contacts';

describe('contacts', () => {
  it('orders village, town, city', () => {
    const list = [{ level: 'city', n: 1 }, { level: 'village', n: 2 }, { level: 'town', n: 3 }, { level: 'village', n: 4 }];
    expect(sortContacts(list).map((c) => c.n)).toEqual([2, 4, 3, 1]);
  });
  it('reads the phone or null', () => {
    expect(contactPhone({ level: 'town', phone: ' 0818-123 ' })).toBe('0818-123');
    expect(contactPhone({ level: 'town', phone: null })).toBeNull();
    expect(contactPhone({ level: 'town', phone: {} })).toBeNull();
  });
});
