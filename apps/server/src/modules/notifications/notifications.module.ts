import { Module } from '@nestjs/common';
import { wechatApiProvider } from '../wechat/wechat-api.provider';
import { NotificationsService } from './notifications.service';
import { OutboxService } from './outbox.service';

@Module({
  providers: [NotificationsService, OutboxService, wechatApiProvider],
  exports: [NotificationsService, OutboxService],
})
export class NotificationsModule {}
