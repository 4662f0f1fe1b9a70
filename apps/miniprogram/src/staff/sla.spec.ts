import { slaBadge } from './sla';

describe('slaBadge', () => {
  it.each([
    ['green', 'sla sla--green', '正常'],
    ['yellow', 'sla sla--yellow', '临期'],
    ['orange', 'sla sla--orange', '今日到期'],
    ['red', 'sla sla--red', '已超期'],
  ])('%s → %s %s', (colour, className, label) => {
    expect(slaBadge(colour)).toEqual({ className, label });
  });
  it.each([null, undefined, '', 'purple', 'toString'])('%p → null', (colour) => {
    expect(slaBadge(colour as string | null | undefined)).toBeNull();
  });
});
