import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MediaModule } from '../media/media.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SupervisionEscalationService } from './supervision-escalation.service';
import { SupervisionController } from './supervision.controller';
import { SUPERVISION_ENTITIES } from './supervision.entities';
import { SupervisionService } from './supervision.service';

/** 督办清单: the inspectors' list; reads cases, warnings, flags, units and staff, writes only its own tables. */
@Module({
  imports: [TypeOrmModule.forFeature(SUPERVISION_ENTITIES), MediaModule, NotificationsModule],
  controllers: [SupervisionController],
  providers: [SupervisionService, SupervisionEscalationService],
  exports: [SupervisionEscalationService],
})
export class SupervisionModule {}
