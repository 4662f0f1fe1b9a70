import { Global, Module } from '@nestjs/common';
import { wechatApiProvider } from './wechat-api.provider';

/** One WeChat API client per process, for every module that sends or downloads. */
@Global()
@Module({ providers: [wechatApiProvider], exports: [wechatApiProvider.provide] })
export class WechatApiModule {}
