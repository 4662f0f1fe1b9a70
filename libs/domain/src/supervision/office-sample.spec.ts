import { drawSample, sampleDisagrees, satisfactionGapAnomaly, mondayOf } from './office-sample';

describe(mondayOf.name, () => {
  it('gives the Beijing Monday of the week', () => {
    expect(mondayOf(new Date('2026-12-07T10:00:00+08:00'))).toBe('2026-12-07'); // a Monday
    expect(mondayOf(new Date('2026-12-13T23:30:00+08:00'))).toBe('2026-12-07'); // Sunday night
    expect(mondayOf(new Date('2026-12-13T16:30:00Z'))).toBe('2026-12-14'); // Monday 00:30 in Beijing
  });
});

describe(drawSample.name, () => {
  const ids = Array.from({ length: 40 }, (_, i) => `case-${i}`);
  it('draws the same cases again from the same seed, whatever their order, and others from another seed', () => {
    const a = drawSample(ids, '2026-11-30', 10);
    expect(a).toHaveLength(10);
    expect(new Set(a).size).toBe(10);
    expect(drawSample([...ids].reverse(), '2026-11-30', 10)).toEqual(a);
    expect(drawSample(ids, '2026-12-07', 10)).not.toEqual(a);
    expect(drawSample(ids.slice(0, 3), 'x', 10)).toHaveLength(3);
  });
});

describe(sampleDisagrees.name, () => {
  it('disagrees when one answer would close the case and the other not', () => {
    expect(sampleDisagrees({ rating: 'satisfied', solved: null }, { rating: 'unsatisfied', solved: false })).toBe(true);
    expect(sampleDisagrees({ rating: 'satisfied', solved: null }, { rating: 'satisfied', solved: false })).toBe(true);
    expect(sampleDisagrees({ rating: 'satisfied', solved: null }, { rating: 'basically_satisfied', solved: true })).toBe(false);
  });
});

describe(satisfactionGapAnomaly.name, () => {
  const happy = { rating: 'satisfied' as const, solved: true };
  const unhappy = { rating: 'unsatisfied' as const, solved: false };
  it('flags residents 100% satisfied when the office found 60%, with enough calls', () => {
    const office = [happy, happy, happy, unhappy, unhappy];
    expect(satisfactionGapAnomaly('u1', '2026-11-30', [happy, happy, happy], office)).toMatchObject({ kind: 'satisfaction_gap', key: 'u1@2026-11-30', evidence: { residentRate: 1, officeRate: 0.6 } });
    expect(satisfactionGapAnomaly('u1', '2026-11-30', [happy, happy, happy], office.slice(0, 4))).toBeNull();
    expect(satisfactionGapAnomaly('u1', '2026-11-30', [happy, unhappy], office)).toBeNull();
  });
});
