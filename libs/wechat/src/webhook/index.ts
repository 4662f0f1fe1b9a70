// WeChat Official Account webhook: co-wechat 2.4.0 with its gaps closed (see webhook.ts).
export type { WebhookConfig, InboundMessage, PassiveReply, WebhookRequest, WebhookResponse } from './types';
export { WechatWebhook } from './webhook';
export { buildSignedInbound, readPassiveReply, buildUrlVerification } from './simulator';
