import { Module } from '@nestjs/common';
import { NotificationsService } from './notifications.service';
import { OutboxService } from './outbox.service';

@Module({
  providers: [NotificationsService, OutboxService],
  exports: [NotificationsService, OutboxService],
})
export class NotificationsModule {}
