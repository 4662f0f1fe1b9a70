import { WechatApiClient } from '@msz/wechat';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { PgTokenStore } from './pg-token-store';

/** The WeChat API client, with its token shared through PostgreSQL.  */
export const wechatApiProvider = {
  provide: WechatApiClient,
  inject: [APP_CONFIG, DataSource],
  useFactory: (config: AppConfig, ds: DataSource) =>
    new WechatApiClient({
      appid: config.wechat.appid,
      secret: config.wechat.secret,
      baseUrl: config.wechat.apiBase,
      tokenStore: new PgTokenStore(ds, config.wechat.appid),
      // The mini-program is a second app with its own token (subscription messages, resident sign-in).
      miniprogram: config.wechat.miniprogram && { ...config.wechat.miniprogram, tokenStore: new PgTokenStore(ds, config.wechat.miniprogram.appid) },
    }),
};
