export type { FakeWechatOptions, SentMessage, FakeRequest, FakeMedia } from './fake-wechat';
export { FakeWechat, FAKE_TOKEN_EXPIRES_IN, FAKE_MEDIA_TTL_MS, FAKE_CUSTOM_WINDOW_MS } from './fake-wechat';
export type { FakeWechatPayOptions, FakeBill, FakeBillState, FakePayRequest, FakePayCallback, SignedNotification } from './fake-wechatpay';
export { FakeWechatPay } from './fake-wechatpay';
