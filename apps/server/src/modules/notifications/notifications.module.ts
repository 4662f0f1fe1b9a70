import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { OutboxService } from './outbox.service';

@Module({
  imports: [IdentityModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, OutboxService],
  exports: [NotificationsService, OutboxService],
})
export class NotificationsModule {}
