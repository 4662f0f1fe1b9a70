import { formatCaseNumber, isCaseNumber, parseCaseNumber } from './case-number';
import { DomainError } from '../shared/domain-error';

describe('case numbers', () => {
  it('uses the Beijing date, so 23:30 UTC is already the next day', () => {
    expect(formatCaseNumber('MS', new Date('2026-11-25T16:30:00Z'), 1)).toBe('MS20261126-0001');
    expect(formatCaseNumber('MS', new Date('2026-11-25T15:59:59Z'), 12)).toBe('MS20261125-0012');
  });

  it('keeps counting past 9999 without truncation', () => {
    expect(formatCaseNumber('WY', new Date('2026-01-05T02:00:00Z'), 12345)).toBe('WY20260105-12345');
  });

  it('round-trips through parse', () => {
    expect(parseCaseNumber('MS20261126-0042')).toEqual({ prefix: 'MS', day: '2026-11-26', sequence: 42 });
    expect(isCaseNumber('MS20261126-0042')).toBe(true);
    expect(isCaseNumber('MS2026112-0042')).toBe(false);
  });

  it('refuses bad prefixes and sequences', () => {
    expect(() => formatCaseNumber('ms', new Date(), 1)).toThrow(DomainError);
    expect(() => formatCaseNumber('MS', new Date(), 0)).toThrow(DomainError);
    expect(() => parseCaseNumber('hello')).toThrow(DomainError);
  });
});
