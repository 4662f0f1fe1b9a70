import { spreadsheetSafe } from './exports.service';

describe(spreadsheetSafe.name, () => {
  it.each(['=HYPERLINK("http://x.example","点我")', "=cmd|' /C calc'!A0", '+1+2', '-2+3', '@SUM(A1:A2)', '\t=1+2', '\r=1+2'])('defuses a cell a spreadsheet would evaluate: %j', (cell) => {
    expect(spreadsheetSafe(cell)).toBe(`'${cell}`);
  });

  it.each(['村口路灯坏了', '', '138****0001', 'MS20261126-0001', '2026-11-26 09:00', ' =1'])('leaves other cells as they are: %j', (cell) => {
    expect(spreadsheetSafe(cell)).toBe(cell);
  });
});
