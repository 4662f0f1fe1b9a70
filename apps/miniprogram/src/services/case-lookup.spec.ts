import {
  LOOKUP_MESSAGES,
  caseStatusUrl,
  lookupCase,
  mapCaseResponse,
  mapRequestFailure,
  type HttpGet,
} from './case-lookup';

const BODY = {
  number: 'MS20261126-0001',
  status: 'in_progress',
  statusLabel: '办理中',
  deadline: '2026-12-03T09:00:00.000Z',
};

describe('mapCaseResponse', () => {
  it('passes a well-formed 200 through', () => {
    expect(mapCaseResponse({ statusCode: 200, data: BODY })).toEqual({ ok: true, data: BODY });
  });

  it('parses a JSON string body', () => {
    expect(mapCaseResponse({ statusCode: 200, data: JSON.stringify(BODY) })).toEqual({ ok: true, data: BODY });
  });

  it.each([
    [404, { code: 'NOT_FOUND', message: 'case not found' }, 'not_found'],
    [422, { code: 'CASE_NUMBER_INVALID' }, 'bad_format'],
    [400, { code: 'INVALID_REQUEST' }, 'bad_format'],
    [429, '', 'rate_limited'],
    [500, { code: 'INTERNAL' }, 'server'],
    [502, '<html>Bad Gateway</html>', 'server'],
    [503, '', 'server'],
    [401, {}, 'bad_response'],
    [200, { number: 'MS20261126-0001' }, 'bad_response'],
    [200, 'not json', 'bad_response'],
    [200, null, 'bad_response'],
  ])('status %i -> %s', (statusCode, data, kind) => {
    expect(mapCaseResponse({ statusCode, data })).toEqual({ ok: false, kind, message: LOOKUP_MESSAGES[kind as keyof typeof LOOKUP_MESSAGES] });
  });
});

describe('mapRequestFailure', () => {
  it.each([
    { errMsg: 'request:fail timeout' },
    { errMsg: 'request:fail net::ERR_CONNECTION_REFUSED' },
    new TypeError('Failed to fetch'),
    undefined,
    'boom',
  ])('network failure %j', (err) => {
    expect(mapRequestFailure(err)).toEqual({ ok: false, kind: 'network', message: LOOKUP_MESSAGES.network });
  });

  it('honours an HTTP status carried by the rejection', () => {
    expect(mapRequestFailure({ statusCode: 404, data: {} })).toMatchObject({ ok: false, kind: 'not_found' });
  });
});

describe('lookupCase', () => {
  it('does not call the server for a bad number', async () => {
    const get = jest.fn<ReturnType<HttpGet>, Parameters<HttpGet>>();
    expect(await lookupCase(get, 'http://api', 'MS123', '123456')).toMatchObject({ ok: false, kind: 'bad_format' });
    expect(await lookupCase(get, 'http://api', '  ', '123456')).toMatchObject({ ok: false, kind: 'empty' });
    expect(get).not.toHaveBeenCalled();
  });

  it('does not call the server without a query code or the phone’s last 4 digits', async () => {
    const get = jest.fn<ReturnType<HttpGet>, Parameters<HttpGet>>();
    for (const code of ['', '12', '12345', '1234567', 'abcdef']) {
      expect(await lookupCase(get, 'http://api', 'MS20261126-0001', code)).toEqual({ ok: false, kind: 'bad_code', message: LOOKUP_MESSAGES.bad_code });
    }
    expect(get).not.toHaveBeenCalled();
  });

  it('asks for the normalised number with the code and returns the status', async () => {
    const get = jest.fn<ReturnType<HttpGet>, Parameters<HttpGet>>().mockResolvedValue({ statusCode: 200, data: BODY });
    expect(await lookupCase(get, 'http://localhost:3000/', ' ms202611260001 ', ' 048 213 ')).toEqual({ ok: true, data: BODY });
    expect(get).toHaveBeenCalledWith('http://localhost:3000/api/public/cases/MS20261126-0001?code=048213');
    expect(await lookupCase(get, 'http://localhost:3000/', 'MS20261126-0001', '5678')).toEqual({ ok: true, data: BODY });
    expect(get).toHaveBeenLastCalledWith('http://localhost:3000/api/public/cases/MS20261126-0001?code=5678');
  });

  it('maps 404 to the not-found message', async () => {
    const get: HttpGet = async () => ({ statusCode: 404, data: { code: 'NOT_FOUND' } });
    expect(await lookupCase(get, 'http://api', 'MS20261126-0099', '123456')).toEqual({
      ok: false,
      kind: 'not_found',
      message: LOOKUP_MESSAGES.not_found,
    });
  });

  it('maps a rejected request to the network message and never throws', async () => {
    const get: HttpGet = async () => {
      throw { errMsg: 'request:fail timeout' };
    };
    expect(await lookupCase(get, 'http://api', 'MS20261126-0001', '123456')).toEqual({
      ok: false,
      kind: 'network',
      message: LOOKUP_MESSAGES.network,
    });
  });
});

describe('caseStatusUrl', () => {
  it('joins base, number and code without a double slash', () => {
    expect(caseStatusUrl('https://x.gov.cn/', 'MS20261126-0001', '048213')).toBe('https://x.gov.cn/api/public/cases/MS20261126-0001?code=048213');
  });
});

describe('messages', () => {
  it('are short plain Chinese', () => {
    for (const text of Object.values(LOOKUP_MESSAGES)) {
      expect(text).toMatch(/[\u4e00-\u9fa5]/);
      expect(text.length).toBeLessThanOrEqual(40);
    }
  });
});
