import { formatChinaDateTime } from './format';

describe('formatChinaDateTime', () => {
  it('shows Beijing wall-clock time', () => {
    expect(formatChinaDateTime('2026-12-03T09:00:00.000Z')).toBe('2026年12月3日 17:00');
  });

  it('crosses midnight into the next Beijing day', () => {
    expect(formatChinaDateTime('2026-11-25T16:30:00Z')).toBe('2026年11月26日 00:30');
  });

  it.each([null, undefined, '', 'not a date'])('returns null for %j', (input) => {
    expect(formatChinaDateTime(input)).toBeNull();
  });
});
