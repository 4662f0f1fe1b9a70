export type { AccessToken, TokenStore } from './token-store';
export { InMemoryTokenStore } from './token-store';
export { WechatApiError } from './errors';
export type { TemplateMessage, WechatApiClientOptions } from './client';
export { WechatApiClient } from './client';
