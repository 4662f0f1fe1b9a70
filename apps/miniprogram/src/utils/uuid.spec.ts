import { UUID_PATTERN, uuidV4 } from './uuid';

describe('uuidV4', () => {
  it('makes a version-4 UUID, different each time', () => {
    const a = uuidV4();
    expect(a).toMatch(UUID_PATTERN);
    expect(uuidV4()).not.toBe(a);
  });
  it('sets version and variant bits from fixed bytes', () => {
    expect(uuidV4((n) => new Uint8Array(n).fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });
});
