export type { FakeWechatOptions, SentMessage, FakeRequest } from './fake-wechat';
export { FakeWechat, FAKE_TOKEN_EXPIRES_IN } from './fake-wechat';
