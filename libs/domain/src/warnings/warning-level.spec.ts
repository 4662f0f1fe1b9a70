import { caseWarningLevel, compareLevels, type CaseWarningInput, type WarningLevel } from './warning-level';

describe(caseWarningLevel.name, () => {
  const table: Array<[string, CaseWarningInput, WarningLevel | null]> = [
    ['a critical demand is red whatever its deadline', { urgency: 'critical', slaColour: 'green', escalated: false }, 'red'],
    ['a critical demand stays red once closed', { urgency: 'critical', slaColour: null, escalated: false }, 'red'],
    ['an urgent demand is orange', { urgency: 'urgent', slaColour: 'green', escalated: false }, 'orange'],
    ['an urgent overdue demand is still orange, not red', { urgency: 'urgent', slaColour: 'red', escalated: true }, 'orange'],
    ['an ordinary demand on time has no colour', { urgency: 'normal', slaColour: 'green', escalated: false }, null],
    ['an ordinary demand due tomorrow is yellow', { urgency: 'normal', slaColour: 'yellow', escalated: false }, 'yellow'],
    ['an ordinary demand due today is yellow', { urgency: 'normal', slaColour: 'orange', escalated: false }, 'yellow'],
    ['an ordinary overdue demand is yellow', { urgency: 'normal', slaColour: 'red', escalated: false }, 'yellow'],
    ['an ordinary escalated demand is yellow', { urgency: 'normal', slaColour: 'green', escalated: true }, 'yellow'],
    ['an ordinary closed demand has no colour', { urgency: 'normal', slaColour: null, escalated: false }, null],
  ];
  it.each(table)('%s', (_, input, expected) => {
    expect(caseWarningLevel(input)).toBe(expected);
  });
});

describe(compareLevels.name, () => {
  it('orders yellow < orange < red', () => {
    expect(compareLevels('red', 'orange')).toBeGreaterThan(0);
    expect(compareLevels('orange', 'yellow')).toBeGreaterThan(0);
    expect(compareLevels('yellow', 'red')).toBeLessThan(0);
    expect(compareLevels('orange', 'orange')).toBe(0);
  });
});
