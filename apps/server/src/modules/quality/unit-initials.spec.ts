import { unitInitials } from './unit-initials';

describe(unitInitials.name, () => {
  it.each([
    ['八台镇', 'btz'],
    ['市水利局', 'sslj'],
    ['井溪镇胜利村', 'jxzslc'],
    ['二村', 'ec'],
    ['G210 养护站', 'g210yhz'],
  ])('%s → %s', (name, initials) => {
    expect(unitInitials(name)).toBe(initials);
  });
});
