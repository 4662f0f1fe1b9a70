import { ApiError, CODE_MESSAGES, ERROR_MESSAGES, errorFromFailure, errorFromResponse, messageOf } from './errors';

describe('errorFromResponse', () => {
  it.each([
    [401, 'unauthorized', '请重新登录。'],
    [403, 'forbidden', ERROR_MESSAGES.forbidden],
    [404, 'not_found', ERROR_MESSAGES.not_found],
    [409, 'conflict', ERROR_MESSAGES.conflict],
    [413, 'too_large', ERROR_MESSAGES.too_large],
    [429, 'rate_limited', ERROR_MESSAGES.rate_limited],
    [500, 'server', ERROR_MESSAGES.server],
    [503, 'server', ERROR_MESSAGES.server],
    [418, 'unknown', ERROR_MESSAGES.unknown],
  ])('%i -> %s', (status, kind, message) => {
    const err = errorFromResponse(status, { code: 'X', message: 'english detail' });
    expect(err).toMatchObject({ kind, status, message, code: 'X', serverMessage: 'english detail' });
  });

  it('422 and 400 show the server message', () => {
    expect(errorFromResponse(422, { code: 'CASE_ILLEGAL_TRANSITION', message: 'a case takes at most 9 photos' }).message).toBe(
      '填写的内容有误：a case takes at most 9 photos',
    );
    expect(errorFromResponse(400, '{"code":"INVALID_REQUEST","message":["text must be shorter","clientKey must be a UUID"]}').message).toBe(
      '填写的内容有误：text must be shorter；clientKey must be a UUID',
    );
    expect(errorFromResponse(422, null).message).toBe(ERROR_MESSAGES.invalid);
  });

  it('marks what is worth retrying', () => {
    expect(errorFromResponse(503, null).retryable).toBe(true);
    expect(errorFromResponse(429, null).retryable).toBe(true);
    expect(errorFromResponse(422, null).retryable).toBe(false);
    expect(errorFromResponse(404, null).retryable).toBe(false);
  });
});

describe('errorFromFailure', () => {
  it('network errors (weapp errMsg, h5 Error, timeout)', () => {
    for (const e of [{ errMsg: 'request:fail' }, new TypeError('Failed to fetch'), 'timeout', undefined]) {
      expect(errorFromFailure(e)).toMatchObject({ kind: 'network', status: 0, message: ERROR_MESSAGES.network });
    }
  });

  it('honours a status attached to a rejection, passes ApiError through', () => {
    expect(errorFromFailure({ statusCode: 502, data: '' }).kind).toBe('server');
    const e = new ApiError('conflict', 409, 'x');
    expect(errorFromFailure(e)).toBe(e);
  });

  it('messageOf', () => {
    expect(messageOf(new ApiError('network', 0, '网络不通'))).toBe('网络不通');
    expect(messageOf(new Error('boom'))).toBe(ERROR_MESSAGES.unknown);
  });
});

describe('CODE_MESSAGES', () => {
  it('a server code with a sentence of its own reads as that sentence, whatever the status', () => {
    expect(errorFromResponse(422, { code: 'EXTENSION_LIMIT_EXCEEDED', message: '延期总共不能超过10个工作日', detail: 'x' })).toMatchObject({
      kind: 'invalid',
      message: CODE_MESSAGES.EXTENSION_LIMIT_EXCEEDED,
      code: 'EXTENSION_LIMIT_EXCEEDED',
    });
    expect(errorFromResponse(409, { code: 'EXTENSION_ALREADY_PENDING' }).message).toBe('已有延期申请在等待审批。');
  });

  it('a page may name what it shows, except where the code says more', () => {
    const gone = errorFromResponse(404, { code: 'NOT_FOUND' });
    expect(messageOf(gone, { not_found: '没找到这个案件。' })).toBe('没找到这个案件。');
    expect(messageOf(gone)).toBe(ERROR_MESSAGES.not_found);
    expect(messageOf(errorFromResponse(409, { code: 'EXTENSION_ALREADY_PENDING' }), { conflict: '案件已被他人处理，请刷新。' })).toBe('已有延期申请在等待审批。');
    expect(messageOf(new Error('boom'), { unknown: '操作没有成功。' })).toBe('操作没有成功。');
  });
});
