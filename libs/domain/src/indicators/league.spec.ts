import { DomainError } from '../shared/domain-error';
import { emptyCounters, type Counters } from './counters';
import { leagueLines, NOTHING_DUE_NOTE, rankLeague, type LeagueUnit } from './league';
import { defaultLeagueStandards, parseLeagueStandards, type LeagueStandards } from './league-standards';

/** A unit's week: n cases due, `late` of them overdue, all revisited, `unhappy` of them unsatisfied. */
function week(n: number, late = 0, unhappy = 0): Counters {
  return {
    ...emptyCounters(),
    accepted: n,
    valid: n,
    signDue: n,
    signOnTime: n,
    closeDue: n,
    closeOnTime: n - late,
    answered: n,
    cycleWorkdays: 2 * n,
    answeredRevisited: n,
    revisited: n,
    satisfied: n - unhappy,
    solved: n - unhappy,
    firstSatisfied: n - unhappy,
    revisitAnswers: n,
    unsatisfied: unhappy,
    unsatisfiedAnswers: unhappy,
    reopens: unhappy,
  };
}

const town = (name: string, counters: Counters): LeagueUnit => ({ unitId: name, name, group: 'town', counters });
const standards = defaultLeagueStandards();

describe(rankLeague.name, () => {
  it('ranks towns best first, marks the best and worst N, and lists units with nothing due apart', () => {
    const sut = rankLeague(
      'town',
      [town('甲镇', week(40)), town('乙镇', week(40, 10, 8)), town('丙镇', week(40, 2, 1)), town('丁镇', week(40, 20, 15)), town('戊镇', emptyCounters())],
      { ...standards, red: 1, black: 1 },
    );
    expect(sut.rows.map((r) => [r.name, r.rank, r.list])).toEqual([
      ['甲镇', 1, 'red'],
      ['丙镇', 2, null],
      ['乙镇', 3, null],
      ['丁镇', 4, 'black'],
    ]);
    expect(sut.nothingDue).toEqual([{ unitId: '戊镇', name: '戊镇' }]);
    expect(sut.rows[0].score).toBeGreaterThan(sut.rows[1].score);
  });

  it('costs a unit the findings an inspector confirmed against it (核实问题率), leaned toward the table like the rest', () => {
    const flagged = { ...town('乙镇', week(40)), verifiedFindings: 4 };
    const sut = rankLeague('town', [town('甲镇', week(40)), flagged], standards);
    const [first, second] = sut.rows;
    expect([first.name, second.name]).toEqual(['甲镇', '乙镇']);
    const finding = second.standards.find((s) => s.code === 'verified_findings')!;
    expect(finding).toMatchObject({ name: '核实问题率', numerator: 4, denominator: 80 });
    expect(finding.lost).toBeGreaterThan(0);
    expect(first.standards.find((s) => s.code === 'verified_findings')).toMatchObject({ numerator: 0, denominator: 80 });
    expect(second.explanation).toContain('核实问题率');
    // Nobody flagged: the standard is measured (every unit has cases due) and costs no one anything.
    const clean = rankLeague('town', [town('甲镇', week(40)), town('乙镇', week(40))], standards);
    expect(clean.rows.every((r) => r.standards.find((s) => s.code === 'verified_findings')!.lost === 0)).toBe(true);
  });

  it('refuses a league-only measure the wrong way round, like any other', () => {
    const doc = JSON.parse(JSON.stringify(standards)) as { cores: Array<{ standards: Array<{ indicator: string; full: number; zero: number }> }> };
    const finding = doc.cores.flatMap((c) => c.standards).find((s) => s.indicator === 'verifiedFindingRate')!;
    Object.assign(finding, { full: 0.2, zero: 0 });
    expect(() => parseLeagueStandards(doc)).toThrow(/verifiedFindingRate is better lower/);
  });

  it('explains each score: what each standard earned and cost, the biggest costs in words', () => {
    const sut = rankLeague('town', [town('甲镇', week(50)), town('丁镇', week(50, 25, 0))], standards);
    const worst = sut.rows.find((r) => r.name === '丁镇')!;
    // No complaints in the table: 重复投诉率 cannot be measured, and the other 11 share its points.
    expect(worst.standards.map((s) => s.code)).not.toContain('repeat_complaint');
    expect(worst.standards).toHaveLength(11);
    expect(worst.standards.reduce((n, s) => n + s.weight, 0)).toBeCloseTo(100, 1);
    const onTime = worst.standards.find((s) => s.code === 'close_on_time')!;
    expect(onTime).toMatchObject({ numerator: 25, denominator: 50, value: 0.5 });
    expect(onTime.lost).toBeGreaterThan(0);
    expect(onTime.points + onTime.lost).toBeCloseTo(onTime.weight, 1);
    expect(worst.explanation).toContain('按时办结率');
    expect(worst.score).toBeCloseTo(worst.standards.reduce((n, s) => n + s.points, 0), 1);
  });

  it('leans small units toward the mean: two perfect cases do not beat forty good ones', () => {
    const sut = rankLeague('town', [town('小镇', week(2)), town('大镇', week(40, 3, 2)), town('差镇', week(40, 16, 12))], standards);
    const small = sut.rows.find((r) => r.name === '小镇')!;
    const big = sut.rows.find((r) => r.name === '大镇')!;
    expect(big.rank).toBeLessThan(small.rank);
    // With no smoothing the two perfect cases would top the table.
    const raw = rankLeague('town', [town('小镇', week(2)), town('大镇', week(40, 3, 2)), town('差镇', week(40, 16, 12))], { ...standards, pseudoCount: 0 });
    expect(raw.rows[0].name).toBe('小镇');
  });

  it('gives tied units the same rank and never puts a unit on both lists', () => {
    const sut = rankLeague('town', [town('甲镇', week(30)), town('乙镇', week(30)), town('丙镇', week(30, 10, 10))], { ...standards, red: 2, black: 2 });
    expect(sut.rows.map((r) => [r.rank, r.list])).toEqual([
      [1, 'red'],
      [1, 'red'],
      [3, 'black'],
    ]);
  });

  it('never lets a list take more than half the table', () => {
    const two = rankLeague('town', [town('甲镇', week(30)), town('乙镇', week(30, 5, 5))], standards);
    expect(two.rows.map((r) => r.list)).toEqual(['red', 'black']);
    const one = rankLeague('town', [town('甲镇', week(30))], standards);
    expect(one.rows.map((r) => r.list)).toEqual([null]);
  });

  it('ranks only its own group', () => {
    const dept: LeagueUnit = { unitId: '水务局', name: '水务局', group: 'department', counters: week(10) };
    expect(rankLeague('town', [town('甲镇', week(10)), dept], standards).rows.map((r) => r.name)).toEqual(['甲镇']);
  });
});

describe(leagueLines.name, () => {
  it('flattens the tables into lines a picture or a spreadsheet is made from', () => {
    const table = rankLeague('town', [town('甲镇', week(30)), town('乙镇', week(30, 10, 5)), town('丙镇', emptyCounters())], standards);
    const lines = leagueLines([table]);
    expect(lines.map((l) => [l.unitName, l.rank, l.listLabel])).toEqual([
      ['甲镇', 1, '红榜'],
      ['乙镇', 2, '黑榜'],
      ['丙镇', null, ''],
    ]);
    expect(lines[0]).toMatchObject({ groupLabel: '乡镇（街道）', score: table.rows[0].score });
    expect(Object.values(lines[1].points).reduce((a, b) => a + b, 0)).toBeCloseTo(table.rows[1].score, 1);
    expect(lines[2]).toMatchObject({ score: null, points: {}, explanation: NOTHING_DUE_NOTE });
  });
});

describe(parseLeagueStandards.name, () => {
  it('ships 4 core indicators of 3 standards each, weighing 100 in all', () => {
    expect(standards.cores).toHaveLength(4);
    expect(standards.cores.flatMap((c) => c.standards)).toHaveLength(12);
  });

  it.each<[string, (s: LeagueStandards) => unknown]>([
    ['weights not adding up to 100', (s) => ({ ...s, cores: s.cores.map((c, i) => (i ? c : { ...c, standards: c.standards.map((x, j) => (j ? x : { ...x, weight: x.weight + 1 })) })) })],
    ['a count used as a standard', (s) => ({ ...s, cores: s.cores.map((c, i) => (i ? c : { ...c, standards: c.standards.map((x, j) => (j ? x : { ...x, indicator: 'volume' })) })) })],
    ['full and zero the wrong way round', (s) => ({ ...s, cores: s.cores.map((c, i) => (i ? c : { ...c, standards: c.standards.map((x, j) => (j ? x : { ...x, full: x.zero, zero: x.full })) })) })],
    ['three cores', (s) => ({ ...s, cores: s.cores.slice(1) })],
    ['a negative list size', (s) => ({ ...s, red: -1 })],
  ])('refuses %s', (_, edit) => {
    expect(() => parseLeagueStandards(edit(standards))).toThrow(DomainError);
  });
});
