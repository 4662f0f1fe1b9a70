import { DynamicModule, Module } from '@nestjs/common';
import { FakeWechat } from '@msz/wechat';
import { SandboxController } from './sandbox.controller';

/** Only in sandbox mode (no WeChat credentials): the simulator page and its helpers. */
@Module({})
export class SandboxModule {
  static forRoot(fake: FakeWechat): DynamicModule {
    return { module: SandboxModule, controllers: [SandboxController], providers: [{ provide: FakeWechat, useValue: fake }] };
  }
}
