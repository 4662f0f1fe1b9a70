import { OfficialCalendar } from '../calendar/work-calendar';
import { chinaDate } from '../shared/china-time';
import { LATE_REVISIT_DAYS, lateRevisitSince, parseRevisitAnswer, revisitAnswerBy, revisitCloses } from './revisit';

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

describe('revisit windows', () => {
  const calendar = new OfficialCalendar();
  it.each<[string, string]>([
    // revisit sent (Beijing)   answer by (Beijing date)
    ['2026-11-02T10:00:00', '2026-11-05'],
    ['2026-11-06T16:00:00', '2026-11-11'], // Friday: Mon, Tue, Wed
    ['2026-09-30T10:00:00', '2026-10-10'], // National Day: 10-08, 10-09, Sat 10-10 worked
  ])('a revisit sent %s waits for the resident until the end of %s', (sent, day) => {
    expect(chinaDate(revisitAnswerBy(new Date(`${sent}+08:00`), calendar))).toBe(day);
  });

  it('keeps late answers for LATE_REVISIT_DAYS after closing', () => {
    expect(lateRevisitSince(new Date('2026-11-30T00:00:00Z')).toISOString()).toBe(new Date(Date.parse('2026-11-30T00:00:00Z') - LATE_REVISIT_DAYS * 86_400_000).toISOString());
  });

  it('an unsolved problem reopens even a satisfied answer', () => {
    expect(revisitCloses('satisfied', false)).toBe(false);
    expect(revisitCloses('satisfied', true)).toBe(true);
  });
});
