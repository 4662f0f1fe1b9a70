import { isSameProblem, repeatedProblem, textSimilarity, type ProblemReport } from './same-problem';

const base: ProblemReport = {
  id: 'a',
  subItem: 'water-supply',
  placeUnitId: 'village-1',
  location: null,
  text: '井溪镇二村停水三天了，没人来修水管',
  acceptedAt: new Date('2026-11-20T10:00:00+08:00'),
};
const report = (over: Partial<ProblemReport>): ProblemReport => ({ ...base, ...over });

describe('the same problem reported again', () => {
  it('measures text similarity on character pairs', () => {
    expect(textSimilarity('二村停水三天了', '二村停水三天了')).toBe(1);
    expect(textSimilarity('二村停水了', '路灯坏了很久')).toBe(0);
    expect(textSimilarity('二村又停水了', '二村停水好几天')).toBeGreaterThan(0.2);
  });

  it.each<[string, Partial<ProblemReport>, boolean]>([
    ['same village, similar words', { id: 'b', text: '二村又停水了，水管破了没人修' }, true],
    ['another place, one of them without a location', { id: 'b', placeUnitId: 'village-2', location: { lat: 32.1603, lng: 108.0602 }, text: '二村停水三天了' }, false],
    ['another sub-item', { id: 'b', subItem: 'roads-transport', text: '二村停水三天了' }, false],
    ['far apart in time', { id: 'b', acceptedAt: new Date('2026-09-01T10:00:00+08:00'), text: '二村停水三天了' }, false],
    ['different words', { id: 'b', text: '学校门口的红绿灯坏了' }, false],
    ['no sub-item yet', { id: 'b', subItem: null }, false],
  ])('%s: %#', (_, over, expected) => {
    expect(isSameProblem(base, report(over))).toBe(expected);
  });

  it('counts places by distance when both have a location', () => {
    const here = report({ placeUnitId: null, location: { lat: 32.16, lng: 108.06 } });
    expect(isSameProblem(here, report({ id: 'b', placeUnitId: null, location: { lat: 32.1630, lng: 108.06 }, text: '二村停水三天了' }))).toBe(true); // ~330 m
    expect(isSameProblem(here, report({ id: 'c', placeUnitId: null, location: { lat: 32.17, lng: 108.06 }, text: '二村停水三天了' }))).toBe(false); // ~1.1 km
  });

  it('opens governance at the third report, not the second', () => {
    const second = report({ id: 'b', text: '二村停水了，水管破了' });
    const third = report({ id: 'c', text: '二村还是停水，水管没人修' });
    expect(repeatedProblem(second, [base])).toEqual([]);
    expect(repeatedProblem(third, [base, second]).map((r) => r.id)).toEqual(['a', 'b']);
  });
});
