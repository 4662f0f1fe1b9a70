import { jsonBodyProblem, MAX_JSON_DEPTH } from './request-guards';

describe(jsonBodyProblem.name, () => {
  it('passes ordinary bodies, brackets and escapes inside strings included', () => {
    for (const body of ['{"text":"路灯坏了"}', '{"a":[1,{"b":[2]}]}', JSON.stringify({ text: '[[[[' + '{'.repeat(100) }), JSON.stringify({ text: 'a\\u0000b' }), '{"t":"\\"[\\\\"}']) {
      expect(jsonBodyProblem(body)).toBeNull();
    }
    expect(jsonBodyProblem('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).toBeNull();
  });

  it('refuses nesting deeper than the limit', () => {
    expect(jsonBodyProblem('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1))).toMatch(/嵌套太深/);
    expect(jsonBodyProblem('['.repeat(50_000))).toMatch(/嵌套太深/);
  });

  it('refuses a NUL character in any string', () => {
    expect(jsonBodyProblem(JSON.stringify({ text: '路灯\u0000坏了' }))).toMatch(/空字符/);
    expect(jsonBodyProblem(JSON.stringify({ ['k\u0000']: 1 }))).toMatch(/空字符/);
  });
});
