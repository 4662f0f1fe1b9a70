export type { AccessToken, RefreshExclusiveOptions, TokenStore } from './token-store';
export { InMemoryTokenStore } from './token-store';
export { MediaTooLargeError, WechatApiError } from './errors';
export type { WechatMedia } from './co-api';
export type { BizSubscribeMessage, DraftArticle, ImageFile, PhoneInfo, PublishStatus, SubscribeMessage, TemplateMessage, UserInfo, WechatApiClientOptions, WechatMiniProgramOptions } from './client';
export { MAX_USER_INFO_BATCH, WechatApiClient } from './client';
