import { beijingToday, signedPoints, yuan } from './points';

describe('points wording', () => {
  it('signs points and reads fen as yuan', () => {
    expect(signedPoints(15)).toBe('+15 分');
    expect(signedPoints(-40)).toBe('-40 分');
    expect(yuan(5000)).toBe('50 元');
    expect(yuan(30)).toBe('0.3 元');
    expect(yuan(12345)).toBe('123.45 元');
  });

  it('dates a review by the Beijing day', () => {
    expect(beijingToday(new Date('2026-03-14T16:30:00Z'))).toBe('2026-03-15');
  });
});
