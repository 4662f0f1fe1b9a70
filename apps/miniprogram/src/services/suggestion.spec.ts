import { choiceName, readSuggestion, shouldSuggest } from './suggestion';

describe('shouldSuggest', () => {
  it.each([
    ['', false],
    ['路灯坏了', false],
    ['  路灯坏了  ', false],
    ['路灯坏了三天', true],
    ['村口路灯坏了三天了', true],
  ])('%p → %s', (text, ok) => expect(shouldSuggest(text)).toBe(ok));
});

describe('readSuggestion', () => {
  const choices = [
    { code: 'road', name: '道路', category: '城建' },
    { code: 'light', name: '路灯', category: '城建' },
  ];
  it.each([
    [null, null],
    ['x', null],
    [{ subItem: 'light', subItemName: '路灯', kind: 'report', choices: [] }, null],
    [{ subItem: 'light', subItemName: '路灯', kind: 'report' }, null],
    [
      { subItem: 'light', subItemName: '路灯', kind: 'report', choices },
      { subItem: 'light', subItemName: '路灯', choices: [{ code: 'road', name: '道路' }, { code: 'light', name: '路灯' }] },
    ],
    [
      { subItem: null, subItemName: null, kind: 'help', choices: [{ code: 'road', name: '道路' }, { name: '没有编码' }] },
      { subItem: null, subItemName: null, choices: [{ code: 'road', name: '道路' }] },
    ],
  ])('%j → %j', (data, out) => expect(readSuggestion(data)).toEqual(out));
});

describe('choiceName', () => {
  const s = { subItem: 'light', subItemName: '路灯', choices: [{ code: 'road', name: '道路' }, { code: 'light', name: '路灯' }] };
  it.each([
    ['road', '道路'],
    ['light', '路灯'],
    [undefined, '路灯'],
    ['nope', '路灯'],
  ])('%p → %p', (code, name) => expect(choiceName(s, code)).toBe(name));
});
