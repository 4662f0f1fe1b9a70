import { parseRevisitAnswer, revisitCloses } from './revisit';

describe('revisit answers', () => {
  it.each([
    ['1', 'satisfied'],
    ['满意', 'satisfied'],
    [' 满意！', 'satisfied'],
    ['2', 'basically_satisfied'],
    ['基本满意', 'basically_satisfied'],
    ['3', 'unsatisfied'],
    ['不满意', 'unsatisfied'],
    ['还没解决', 'unsatisfied'],
    ['３', 'unsatisfied'],
  ])('reads %j as %s', (text, rating) => {
    expect(parseRevisitAnswer(text)).toBe(rating);
  });

  it.each(['', '4', '明天再说', '路灯又坏了'])('finds %j unclear', (text) => {
    expect(parseRevisitAnswer(text)).toBeNull();
  });

  it('closes only when the resident is at least basically satisfied', () => {
    expect(revisitCloses('satisfied')).toBe(true);
    expect(revisitCloses('basically_satisfied')).toBe(true);
    expect(revisitCloses('unsatisfied')).toBe(false);
  });
});
