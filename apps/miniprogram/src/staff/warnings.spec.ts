import { seesWarnings, warningBadge, warningButtons, warningPlace } from './warnings';

describe('warningBadge', () => {
  it.each([
    ['red', '红色预警'],
    ['orange', '橙色预警'],
    ['yellow', '黄色预警'],
  ])('%s says %s in words', (level, label) => {
    expect(warningBadge(level)).toEqual({ className: `warn warn--${level}`, label });
  });
  it.each([null, undefined, '', 'purple', 'toString'])('%s has no badge', (level) => {
    expect(warningBadge(level)).toBeNull();
  });
});

describe('warningPlace', () => {
  it('names the town, the towns, or the first three and how many', () => {
    expect(warningPlace({ scope: 'town', towns: ['八台镇'] })).toBe('八台镇');
    expect(warningPlace({ scope: 'city', towns: ['井溪镇', '八台镇', '青岗镇'] })).toBe('井溪镇、八台镇、青岗镇');
    expect(warningPlace({ scope: 'city', towns: ['井溪镇', '八台镇', '青岗镇', '花园镇', '石窝镇'] })).toBe('井溪镇、八台镇、青岗镇等5个乡镇');
  });
});

describe('warningButtons', () => {
  it.each([
    ['open', 'town', 'unit_leader', ['acknowledge']],
    ['acknowledged', 'town', 'unit_leader', ['follow-ups', 'close']],
    ['following_up', 'city', 'unit_leader', ['follow-ups']],
    ['following_up', 'city', 'city_leader', ['follow-ups', 'close']],
    ['acknowledged', 'city', 'dispatcher', ['follow-ups', 'close']],
    ['closed', 'town', 'city_leader', []],
    ['open', 'town', 'inspector', []],
    ['open', 'town', 'handler', []],
  ] as const)('%s %s warning for a %s: %j', (status, scope, role, expected) => {
    expect(warningButtons({ status, scope }, role)).toEqual(expected);
  });
});

describe('seesWarnings', () => {
  it.each([
    ['dispatcher', true],
    ['unit_leader', true],
    ['city_leader', true],
    ['inspector', true],
    ['handler', false],
    [null, false],
  ] as const)('%s: %s', (role, expected) => {
    expect(seesWarnings(role)).toBe(expected);
  });
});
