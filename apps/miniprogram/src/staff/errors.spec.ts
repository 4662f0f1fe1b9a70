import { CONFLICT_MESSAGE, errorMessage } from './errors';

describe('errorMessage', () => {
  it.each([
    [0, undefined, '网络不通，请稍后再试'],
    [409, { code: 'CONFLICT', message: 'version' }, CONFLICT_MESSAGE],
    [409, { code: 'CASE_ILLEGAL_TRANSITION' }, CONFLICT_MESSAGE],
    [409, { code: 'EXTENSION_ALREADY_PENDING' }, '已有延期申请在等待审批'],
    [409, '{"code":"EXTENSION_ALREADY_PENDING"}', '已有延期申请在等待审批'],
    [422, { code: 'EXTENSION_LIMIT_EXCEEDED' }, '延期总共不能超过10个工作日'],
    [422, { code: 'RETURN_WINDOW_PASSED' }, '已过签收时限，不能退回，请联系民声直达办公室'],
    [422, { code: 'SOMETHING_NEW' }, '填写的内容不对，请检查后再试'],
    [400, { code: 'INVALID_REQUEST', message: ['x'] }, '填写的内容不对，请检查后再试'],
    [401, {}, '登录已过期，请重新登录'],
    [403, {}, '没有权限做这件事'],
    [404, {}, '没找到这个案件'],
    [413, 'too large', '文件太大，请换一张小一点的照片'],
    [500, { code: 'INTERNAL' }, '服务器出错了，请稍后再试'],
    [418, null, '操作没有成功（418），请稍后再试'],
  ])('%d %j → %s', (statusCode, data, message) => expect(errorMessage({ statusCode, data })).toBe(message));
});
