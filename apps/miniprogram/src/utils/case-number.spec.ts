import { checkCaseNumber, isCaseNumber, normalizeCaseNumber } from './case-number';

describe('normalizeCaseNumber', () => {
  it.each([
    ['MS20261126-0001', 'MS20261126-0001'],
    ['  ms20261126-0001 ', 'MS20261126-0001'],
    ['ＭＳ２０２６１１２６－０００１', 'MS20261126-0001'],
    ['MS 2026 1126 — 0001', 'MS20261126-0001'],
    ['MS20261126_0001', 'MS20261126-0001'],
    ['MS202611260001', 'MS20261126-0001'],
    ['\u3000MS20261126-0001\u3000', 'MS20261126-0001'],
  ])('%j -> %s', (input, expected) => {
    expect(normalizeCaseNumber(input)).toBe(expected);
  });
});

describe('checkCaseNumber', () => {
  it.each(['MS20261126-0001', 'MS20261126-12345', 'ABC20240229-0042', 'ms20261126-0001'])('accepts %s', (input) => {
    expect(checkCaseNumber(input)).toEqual({ ok: true, number: normalizeCaseNumber(input) });
    expect(isCaseNumber(input)).toBe(true);
  });

  it.each(['', '   ', '\u3000'])('reports empty input %j', (input) => {
    expect(checkCaseNumber(input)).toEqual({ ok: false, reason: 'empty' });
  });

  it.each([
    'MS2026112-0001', // 7-digit date
    'MS20261126-001', // 3-digit sequence
    '20261126-0001', // no prefix
    'ABCDEFGHI20261126-0001', // prefix too long
    'MS20261326-0001', // month 13
    'MS20250229-0001', // 29 Feb in a common year
    'MS19991231-0001', // before the service existed
    'MS20261126-0001; DROP', // trailing junk
    '我的编号', // words
    'MS20261126/0001',
  ])('rejects %s', (input) => {
    expect(checkCaseNumber(input)).toEqual({ ok: false, reason: 'bad_format' });
    expect(isCaseNumber(input)).toBe(false);
  });
});
