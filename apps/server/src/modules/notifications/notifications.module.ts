import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactTaskEntity } from './contact-task.entity';
import { OutboxMessageEntity } from './outbox-message.entity';
import { CasesModule } from '../cases/cases.module';
import { CaseNotifications } from './case-notifications';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { OutboxService } from './outbox.service';

@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessageEntity, ContactTaskEntity]), CasesModule, IdentityModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, OutboxService, CaseNotifications],
  exports: [NotificationsService, OutboxService],
})
export class NotificationsModule {}
